import { App, withHeaders, type Middleware } from "typekiln";
import { request } from "../../helpers/node-http";

const trace: string[] = [];
const tracer = (name: string, answer = false): Middleware => ({
  name,
  headers: ["x-stop"],
  onRequest(req) {
    trace.push(`${name}.onRequest`);
    return answer && req.headers["x-stop"] === name ? { status: "403 Forbidden", headers: [] } : undefined;
  },
  onResponse(_req, reply) {
    trace.push(`${name}.onResponse`);
    return withHeaders(reply, ["x-seen", name]);
  },
});

let port = 0;
const app = new App({ logger: false });
beforeAll(async () => {
  app.use(tracer("outer")).use(tracer("middle", true)).use(tracer("inner"));
  app.use({ name: "broken", onResponse: () => { throw new Error("bug"); } });
  app.use({ name: "explodes", headers: ["x-explode"], onRequest: (req) => { if (req.headers["x-explode"]) throw new Error("bug"); return undefined; } });
  app.get("/", () => {
    trace.push("handler");
    return { ok: true };
  });
  ({ port } = await app.listen(0, "127.0.0.1"));
});
afterAll(() => app.close());
beforeEach(() => { trace.length = 0; });

describe("middleware", () => {
  it("runs onRequest in use() order and onResponse in reverse, around the handler", async () => {
    const res = await request(port);
    expect(res.status).toBe(200);
    expect(trace).toEqual([
      "outer.onRequest", "middle.onRequest", "inner.onRequest", "handler",
      "inner.onResponse", "middle.onResponse", "outer.onResponse",
    ]);
    expect(res.headers["x-seen"]).toBe("inner, middle, outer");
  });

  it("answers early from onRequest: later middleware and the route are skipped", async () => {
    const res = await request(port, { headers: { "x-stop": "middle" } });
    expect(res.status).toBe(403);
    expect(trace).toEqual(["outer.onRequest", "middle.onRequest", "middle.onResponse", "outer.onResponse"]);
  });

  it("answers 500 when an onRequest hook throws, logs nothing to the client, keeps serving", async () => {
    const res = await request(port, { headers: { "x-explode": "1" } });
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body.toString())).toEqual({ detail: "Internal Server Error" });
    expect(res.headers["x-seen"]).toBe("inner, middle, outer");
    expect((await request(port)).status).toBe(200);
  });

  it("refuses something that is not a middleware", () => {
    expect(() => new App().use({} as never)).toThrow(expect.objectContaining({ code: "TK_RT_BAD_MIDDLEWARE_OPTION" }));
  });

  it("refuses use() after listen()", () => {
    expect(() => app.use(tracer("late"))).toThrow(expect.objectContaining({ code: "TK_RT_LATE_MIDDLEWARE" }));
  });
});
