import { App, trustedHosts } from "typekiln";
import { request } from "../../helpers/node-http";

let port = 0;
const app = new App({ logger: false });
beforeAll(async () => {
  app.use(trustedHosts(["example.com", "*.example.com"]));
  app.get("/", () => ({ ok: true }));
  ({ port } = await app.listen(0, "127.0.0.1"));
});
afterAll(() => app.close());

describe("trustedHosts()", () => {
  it.each(["example.com", "EXAMPLE.com:8080", "api.example.com", "a.b.example.com"])("lets %s through", async (host) => {
    expect((await request(port, { headers: { host } })).status).toBe(200);
  });

  it.each(["evil.com", "example.com.evil.com", "badexample.com", "127.0.0.1"])("answers 400 to %s", async (host) => {
    const res = await request(port, { headers: { host } });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString())).toEqual({ detail: "Invalid host header" });
  });

  it("keeps serving after a refusal", async () => {
    await request(port, { headers: { host: "evil.com" } });
    expect((await request(port, { headers: { host: "example.com" } })).status).toBe(200);
  });
});
