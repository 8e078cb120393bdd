/**
 * A trailing `*name` takes the rest of the path, `/` included, as FastAPI's `{file_path:path}`
 * (tests/test_tutorial/test_path_params/test_tutorial004.py), and is documented as a path parameter.
 */
import { App, Router, type tags } from "typekiln";
import { client, exchange, rawRequest, type Client } from "../../helpers/http";

const app = new App({ logger: false });
app.get("/health", () => ({ ok: true }));
// FastAPI's tutorial: @app.get("/files/{file_path:path}")
app.get("/files/*file_path", (file_path: string) => ({ file_path }));
app.get("/users/:id/docs/*rest", (id: number, rest: string & tags.Pattern<"^[a-z/.]*$">) => ({ id, rest }));
const api = new Router({ prefix: "/api/v1" });
api.get("/blobs/*key", (key: string) => ({ key }));
app.include(api);

let http: Client;
beforeAll(async () => {
  http = client((await app.listen(0, "127.0.0.1")).port);
});
afterAll(() => app.close());

describe("a trailing *name", () => {
  it.each([
    ["/files/home/johndoe/myfile.txt", "home/johndoe/myfile.txt"],
    ["/files//home/johndoe/myfile.txt", "/home/johndoe/myfile.txt"],
    ["/files/", ""],
    ["/files/a%20b%2Fc.txt", "a b/c.txt"],
  ])("%s gives the rest of the path, decoded", async (path, file_path) => {
    const { status, json } = await http.request(path);
    expect([status, json]).toEqual([200, { file_path }]);
  });

  it("answers 400 for a bad escape in the rest of the path", async () => {
    const { status, json } = await http.request("/files/a%zz");
    expect([status, json]).toEqual([400, { detail: "Invalid percent-encoding in path" }]);
  });

  it("follows the :name parameters before it", async () => {
    const { status, json } = await http.request("/users/7/docs/guide/intro.md");
    expect([status, json]).toEqual([200, { id: 7, rest: "guide/intro.md" }]);
  });

  it("is validated as a path parameter", async () => {
    const { status, json } = await http.request("/users/7/docs/Guide");
    expect([status, json]).toEqual([422, {
      detail: [{ type: "string_pattern_mismatch", loc: ["path", "rest"], msg: "String should match pattern '^[a-z/.]*$'", input: "Guide", ctx: { pattern: "^[a-z/.]*$" } }],
    }]);
  });

  it("starts after a router's prefix", async () => {
    expect((await http.request("/api/v1/blobs/x/y")).json).toEqual({ key: "x/y" });
  });

  it("answers HEAD and 405 for its path like any route", async () => {
    const { responses } = await exchange(http.port, rawRequest("DELETE", "/files/a/b"), { until: 1 });
    expect(responses.map((r) => [r.status, r.headers.allow])).toEqual([[405, "GET, HEAD"]]);
    expect((await http.request("/files/a/b", { method: "HEAD" })).status).toBe(200);
  });

  it("is documented as a path parameter named after it", async () => {
    const doc = (await http.request("/openapi.json")).json as { paths: Record<string, { get: { operationId: string; parameters: unknown[] } }> };
    expect(Object.keys(doc.paths)).toEqual(["/health", "/files/{file_path}", "/users/{id}/docs/{rest}", "/api/v1/blobs/{key}"]);
    expect(doc.paths["/files/{file_path}"]!.get.parameters).toEqual([
      { name: "file_path", in: "path", required: true, schema: { type: "string" } },
    ]);
    expect(doc.paths["/users/{id}/docs/{rest}"]!.get.parameters).toEqual([
      { name: "id", in: "path", required: true, schema: { type: "number" } },
      { name: "rest", in: "path", required: true, schema: { type: "string", pattern: "^[a-z/.]*$" } },
    ]);
  });
});
