import { App, type RequestContext } from "typekiln";
import { client, expectAlive, exchange, rawRequest, type Client } from "../../helpers/http";

const app = new App({ logger: false });
app.get("/health", () => ({ ok: true }));
app.get("/context/:id", (id: string, ctx: RequestContext) => ({
  id,
  method: ctx.method,
  path: ctx.path,
  query: ctx.query,
  ip: ctx.ip,
  aborted: ctx.signal.aborted,
}));
app.get("/headers", (ctx: RequestContext) => ({
  agent: ctx.headers["user-agent"] ?? null,
  tags: ctx.headers["x-tag"] ?? null,
  ctor: ctx.headers["constructor"] ?? null,
}));

let http: Client;
let port = 0;
beforeAll(async () => {
  ({ port } = await app.listen(0, "127.0.0.1"));
  http = client(port);
});
afterAll(() => app.close());
// Every case, bad input or not, must leave the server answering an ordinary request.
afterEach(() => expectAlive(port));

describe("RequestContext", () => {
  it("gives the method, the raw path and query, the client address and a live signal", async () => {
    expect((await http.request("/context/a%20b?x=1&y=%20")).json).toEqual({
      id: "a b",
      method: "GET",
      path: "/context/a%20b",
      query: "x=1&y=%20",
      ip: "127.0.0.1",
      aborted: false,
    });
  });

  it("gives an empty query when there is none", async () => {
    expect((await http.request("/context/1")).json.query).toBe("");
  });

  it("gives HEAD as the method of a HEAD request served by a GET route", async () => {
    const { responses } = await exchange(port, Buffer.concat([rawRequest("HEAD", "/context/1"), rawRequest("GET", "/context/1")]), {
      until: 2,
      head: [0],
    });
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    // The HEAD answer has no body; its length is that of `"method":"HEAD"`, one byte more than GET's.
    expect(Number(responses[0]!.headers["content-length"])).toBe(Buffer.byteLength(responses[1]!.body) + 1);
  });

  it("gives every header by lower-case name, repeated lines joined", async () => {
    const request = rawRequest("GET", "/headers", { headers: { "User-Agent": "probe", "X-Tag": "a", "x-tag": "b" } });
    const { responses } = await exchange(port, request, { until: 1 });
    expect(JSON.parse(responses[0]!.body)).toEqual({ agent: "probe", tags: "a, b", ctor: null });
  });

  it("holds no Object.prototype members among the headers", async () => {
    expect((await http.request("/headers")).json.ctor).toBeNull();
    expect((await http.request("/headers", { headers: { constructor: "x" } })).json.ctor).toBe("x");
  });
});
