import { App } from "typekiln";
import { client, exchange, expectAlive, rawRequest, type Client } from "../../helpers/http";

interface UserCreate {
  name: string;
}

const app = new App({ logger: false });
app.get("/health", () => ({ ok: true }));
app.get("/users", () => [{ id: 1 }]);
app.post("/users", (user: UserCreate) => ({ created: user.name }));
app.get("/users/:id", (id: number) => ({ id }));
app.get("/users/me", () => ({ me: true }));
app.post("/users/:id", (id: string) => ({ posted: id }));
app.delete("/things/:id", (id: number): void => void id);
app.get("/items/", () => ["a"]);

let http: Client;
let port = 0;
beforeAll(async () => {
  ({ port } = await app.listen(0, "127.0.0.1"));
  http = client(port);
});
afterAll(() => app.close());
// Every case, bad input or not, must leave the server answering an ordinary request.
afterEach(() => expectAlive(port));

describe("unknown paths", () => {
  it("answers 404 with a JSON detail for an unknown path", async () => {
    const { status, headers, json } = await http.request("/nope");
    expect([status, headers.get("content-type"), json]).toEqual([404, "application/json", { detail: "Not Found" }]);
  });

  it("answers 404 for the root when no route is registered there", async () => {
    expect((await http.request("/")).status).toBe(404);
  });

  it("answers 404 for any method on an unknown path", async () => {
    const { status, json } = await http.request("/nope", { method: "DELETE" });
    expect([status, json]).toEqual([404, { detail: "Not Found" }]);
  });

  it("answers HEAD on an unknown path with 404 and the length, but no body", async () => {
    const { responses } = await exchange(port, Buffer.concat([rawRequest("HEAD", "/nope"), rawRequest("GET", "/health")]), {
      until: 2,
      head: [0],
    });
    expect(responses.map((r) => [r.status, r.headers["content-length"], r.body])).toEqual([
      [404, "22", ""],
      [200, "11", '{"ok":true}'],
    ]);
  });
});

describe("known path, other method", () => {
  it("answers 405 with Allow for a known path", async () => {
    const { status, headers, json } = await http.request("/users", { method: "PUT" });
    expect([status, headers.get("allow"), json]).toEqual([405, "GET, HEAD, POST", { detail: "Method Not Allowed" }]);
  });

  it("lists only the registered methods in Allow", async () => {
    const { status, headers } = await http.request("/things/1");
    expect([status, headers.get("allow")]).toEqual([405, "DELETE"]);
  });

  it("lets a parametric route of another method take a static path", async () => {
    expect((await http.request("/users/me", { method: "POST" })).json).toEqual({ posted: "me" });
    expect((await http.request("/users/me")).json).toEqual({ me: true });
  });

  it("answers 405 on a static path for a method no route takes", async () => {
    const { status, headers } = await http.request("/users/me", { method: "PUT" });
    expect([status, headers.get("allow")]).toEqual([405, "GET, HEAD"]);
  });
});

describe("HEAD on a GET route", () => {
  it("answers with the GET's status and headers and no body", async () => {
    const get = await http.request("/users/7");
    const head = await http.request("/users/7", { method: "HEAD" });
    expect([head.status, head.headers.get("content-type"), head.headers.get("content-length"), head.text]).toEqual([
      get.status,
      get.headers.get("content-type"),
      get.headers.get("content-length"),
      "",
    ]);
  });

  it("sends no body bytes, so a pipelined request after it is read correctly", async () => {
    const { responses } = await exchange(port, Buffer.concat([rawRequest("HEAD", "/users/7"), rawRequest("GET", "/users/8")]), {
      until: 2,
      head: [0],
    });
    expect(responses.map((r) => [r.status, r.body])).toEqual([
      [200, ""],
      [200, '{"id":8}'],
    ]);
  });

  it("answers a failing HEAD with the GET's error status and no body", async () => {
    const get = await http.request("/users/abc");
    const head = await http.request("/users/abc", { method: "HEAD" });
    expect([head.status, head.headers.get("content-length"), head.text]).toEqual([422, get.headers.get("content-length"), ""]);
  });
});

describe("trailing slashes", () => {
  it("redirects with 307 to the other trailing-slash spelling, keeping the query", async () => {
    const { status, headers, text } = await http.request("/users/?limit=2&q=x");
    expect([status, headers.get("location"), text]).toEqual([307, "/users?limit=2&q=x", ""]);
  });

  it("redirects a parametric path with a trailing slash", async () => {
    const { status, headers } = await http.request("/users/5/");
    expect([status, headers.get("location")]).toEqual([307, "/users/5"]);
  });

  it("redirects the bare spelling of a path registered with a trailing slash", async () => {
    const { status, headers } = await http.request("/items");
    expect([status, headers.get("location")]).toEqual([307, "/items/"]);
    expect((await http.request("/items/")).json).toEqual(["a"]);
  });

  it("keeps the method through a 307, for POST too", async () => {
    const { status, headers } = await http.request("/users/", { method: "POST", body: "{}" });
    expect([status, headers.get("location")]).toEqual([307, "/users"]);
  });

  it("never answers with a protocol-relative Location", async () => {
    const { responses } = await exchange(port, rawRequest("GET", "//evil.example/"), { until: 1 });
    expect(responses).toHaveLength(1);
    expect(responses[0]!.headers.location ?? "").not.toMatch(/^\/\//);
  });
});

describe("registration", () => {
  it("refuses a second route with the same method and path shape at start-up, naming both", () => {
    const local = new App();
    local.get("/orders/:id", (id: number) => ({ id }));
    expect(() => local.get("/orders/:ref", (ref: string) => ({ ref }))).toThrow(
      expect.objectContaining({
        code: "TK_RT_DUPLICATE_ROUTE",
        message: "typekiln: GET /orders/:ref is registered twice (also as GET /orders/:id)",
      }),
    );
  });

  it("takes several methods on one path", () => {
    const local = new App();
    local.get("/orders/:id", (id: number) => ({ id }));
    expect(() => local.put("/orders/:id", (id: number) => ({ id }))).not.toThrow();
  });
});
