import { App, HttpError } from "typekiln";
import { client, exchange, expectAlive, rawRequest, type Client } from "../../helpers/http";

const logged: unknown[] = [];
const app = new App({ logger: { error: (_, err) => logged.push(err) } });
app.get("/health", () => ({ ok: true }));
app.get("/users/:id", (id: number) => {
  if (id === 0) throw new HttpError(404, "User not found");
  return { id };
});
app.get("/teapot", () => {
  throw new HttpError(418, { why: "tea", cups: [1, 2] }, { "x-tea": "earl grey", "Retry-After": "120" });
});
app.get("/forbidden", () => {
  throw new HttpError(403);
});
app.get("/unnamed", () => {
  throw new HttpError(599);
});
app.get("/async", async () => {
  await new Promise((resolve) => setImmediate(resolve));
  throw new HttpError(409, "Conflict with async state");
});
app.get("/plain", () => {
  throw new HttpError(406, "not acceptable", { "content-type": "text/plain" });
});
app.get("/circular", () => {
  const detail: Record<string, unknown> = {};
  detail.self = detail;
  throw new HttpError(400, detail);
});
app.get("/bigint", () => {
  throw new HttpError(400, { id: 12345678901234567890n });
});

let http: Client;
let port = 0;
beforeAll(async () => {
  ({ port } = await app.listen(0, "127.0.0.1"));
  http = client(port);
});
afterAll(() => app.close());
// Every case, bad input or not, must leave the server answering an ordinary request.
afterEach(() => expectAlive(port));

describe("HttpError", () => {
  it("answers with its status and {detail}", async () => {
    const { status, headers, json } = await http.request("/users/0");
    expect([status, headers.get("content-type"), json]).toEqual([404, "application/json", { detail: "User not found" }]);
    expect((await http.request("/users/3")).json).toEqual({ id: 3 });
  });

  it("sends a structured detail as JSON and adds its headers", async () => {
    const { status, headers, json } = await http.request("/teapot");
    expect([status, json, headers.get("x-tea"), headers.get("retry-after")]).toEqual([
      418, { detail: { why: "tea", cups: [1, 2] } }, "earl grey", "120",
    ]);
  });

  it("writes the status line with its reason phrase", async () => {
    const { responses } = await exchange(port, rawRequest("GET", "/teapot"), { until: 1 });
    expect(responses[0]!.head.split("\r\n")[0]).toBe("HTTP/1.1 418 I'm a Teapot");
  });

  it("uses the reason phrase as the detail when none is given", async () => {
    const { status, json } = await http.request("/forbidden");
    expect([status, json]).toEqual([403, { detail: "Forbidden" }]);
  });

  it("answers a status without a reason phrase with `HTTP <status>`", async () => {
    const { status, json } = await http.request("/unnamed");
    expect([status, json]).toEqual([599, { detail: "HTTP 599" }]);
  });

  it("answers an HttpError rejected by an async handler the same way", async () => {
    const { status, json } = await http.request("/async");
    expect([status, json]).toEqual([409, { detail: "Conflict with async state" }]);
  });

  it("lets its headers replace the JSON content type", async () => {
    const { status, headers, text } = await http.request("/plain");
    expect([status, headers.get("content-type"), text]).toEqual([406, "text/plain", '{"detail":"not acceptable"}']);
  });

  it("writes a bigint in the detail as its decimal text", async () => {
    expect((await http.request("/bigint")).json).toEqual({ detail: { id: "12345678901234567890" } });
  });

  it("answers 500 and logs when the detail cannot be written as JSON", async () => {
    const { status, json } = await http.request("/circular");
    expect([status, json]).toEqual([500, { detail: "Internal Server Error" }]);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toBeInstanceOf(TypeError);
  });

  it("is not logged as a failure", async () => {
    logged.length = 0;
    await http.request("/users/0");
    await http.request("/teapot");
    expect(logged).toEqual([]);
  });
});
