import { App, requestId, type RequestContext } from "typekiln";
import { request } from "../../helpers/node-http";

let port = 0;
const app = new App({ logger: false });
beforeAll(async () => {
  app.use(requestId());
  app.get("/id", (ctx: RequestContext) => ({ id: ctx.requestId ?? null }));
  ({ port } = await app.listen(0, "127.0.0.1"));
});
afterAll(() => app.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("requestId()", () => {
  it("echoes a valid X-Request-ID and gives it to the handler", async () => {
    const res = await request(port, { path: "/id", headers: { "x-request-id": "abc-123" } });
    expect(res.headers["x-request-id"]).toBe("abc-123");
    expect(JSON.parse(res.body.toString())).toEqual({ id: "abc-123" });
  });

  it("generates a UUID when there is none, or it is not a sane token", async () => {
    const cases: Record<string, string>[] = [{}, { "x-request-id": "has spaces and \t tabs" }, { "x-request-id": "x".repeat(300) }];
    for (const headers of cases) {
      const res = await request(port, { path: "/id", headers });
      const id = res.headers["x-request-id"] as string;
      expect(id).toMatch(UUID);
      expect(JSON.parse(res.body.toString())).toEqual({ id });
    }
  });

  it("puts an id on responses the framework writes (404)", async () => {
    const res = await request(port, { path: "/nope" });
    expect(res.status).toBe(404);
    expect(res.headers["x-request-id"]).toMatch(UUID);
  });
});
