import { App, type Cookie, type Header, type tags } from "typekiln";
import { client, expectAlive, type Client } from "../../helpers/http";

interface Patch {
  name: string;
}

const app = new App({ logger: false });
app.get("/health", () => ({ ok: true }));
app.get("/numbers/:id", (id: number) => ({ id }));
app.get("/files/:name", (name: string) => ({ name }));
app.get("/search", (q?: string) => ({ q: q ?? null }));
// Parameters in an order unlike FastAPI's error order, to show the order of the 422 list.
app.post(
  "/items/:id",
  (
    patch: Patch,
    session: Cookie<string>,
    xTenant: Header<number>,
    limit: number & tags.Maximum<10>,
    id: number & tags.Type<"uint32">,
  ) => ({ id, limit, xTenant, session, name: patch.name }),
);

let http: Client;
let port = 0;
beforeAll(async () => {
  ({ port } = await app.listen(0, "127.0.0.1"));
  http = client(port);
});
afterAll(() => app.close());
// Every case, bad input or not, must leave the server answering an ordinary request.
afterEach(() => expectAlive(port));

describe("path parameter decoding", () => {
  it("percent-decodes a path parameter before parsing it", async () => {
    expect((await http.request("/numbers/%34%32")).json).toEqual({ id: 42 });
  });

  it.each([
    ["a non-hex escape", "/files/%zz"],
    ["a truncated escape", "/files/abc%4"],
    ["an escape that is not UTF-8", "/files/%E9"],
    ["a bad escape in a parameter that would fail validation anyway", "/numbers/%zz"],
  ])("answers 400 for %s", async (_, path) => {
    const { status, json } = await http.request(path);
    expect([status, json]).toEqual([400, { detail: "Invalid percent-encoding in path" }]);
  });

  // RELIABILITY.md asks for 400 for bad percent-encoding anywhere in the path; the runtime decodes
  // only path parameters, so an escape in a path no route matches is a plain 404.
  it("answers 404 for a bad escape in a path no route matches", async () => {
    expect((await http.request("/health%zz")).status).toBe(404);
  });

  it("keeps a bad escape in the query as text", async () => {
    expect((await http.request("/search?q=%zz")).json).toEqual({ q: "%zz" });
  });
});

describe("every input of a request", () => {
  const valid = { method: "POST", headers: { "content-type": "application/json", "x-tenant": "3", cookie: "session=s" } };

  it("hands each parameter its own value whatever the parameter order", async () => {
    const { json } = await http.request("/items/7?limit=5", { ...valid, body: '{"name":"n"}' });
    expect(json).toEqual({ id: 7, limit: 5, xTenant: 3, session: "s", name: "n" });
  });

  it("reports path, query, header, cookie and body failures together, in FastAPI's order", async () => {
    const { status, json } = await http.request("/items/-1?limit=11", {
      method: "POST",
      headers: { "content-type": "application/json", "x-tenant": "many" },
      body: "{}",
    });
    expect(status).toBe(422);
    expect(json.detail.map((issue: { loc: unknown[]; type: string }) => [issue.loc, issue.type])).toEqual([
      [["path", "id"], "greater_than_equal"],
      [["query", "limit"], "less_than_equal"],
      [["header", "x-tenant"], "float_parsing"],
      [["cookie", "session"], "missing"],
      [["body", "name"], "missing"],
    ]);
  });

  it("answers 400 for a bad path escape before validating anything else", async () => {
    expect((await http.request("/items/%zz?limit=11", { ...valid, body: "{}" })).status).toBe(400);
  });

  it("reports a body of another content type with the other inputs' failures, as FastAPI", async () => {
    const { status, json } = await http.request("/items/-1?limit=11", {
      method: "POST",
      headers: { "content-type": "text/plain", "x-tenant": "3", cookie: "session=s" },
      body: "{}",
    });
    expect(status).toBe(422);
    expect(json.detail.map((issue: { loc: unknown[]; type: string; input: unknown }) => [issue.loc, issue.type, issue.input])).toEqual([
      [["path", "id"], "greater_than_equal", "-1"],
      [["query", "limit"], "less_than_equal", "11"],
      [["body"], "model_attributes_type", "{}"],
    ]);
  });
});
