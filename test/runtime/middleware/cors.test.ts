import { App, HttpError, cors } from "typekiln";
import { request } from "../../helpers/node-http";

const ALLOWED = "https://app.example.com";
let port = 0;
let credentialsPort = 0;
const app = new App({ logger: false });
const withCredentials = new App({ logger: false });

beforeAll(async () => {
  app.use(cors({ origins: [ALLOWED], methods: ["GET", "POST"], headers: ["content-type", "x-token"], maxAge: 300, exposeHeaders: ["x-total"] }));
  app.get("/items", () => [1, 2]);
  app.post("/items", (item: { name: string }) => item);
  app.get("/fail", (): number => {
    throw new Error("boom");
  });
  app.get("/teapot", (): number => {
    throw new HttpError(418, "short and stout");
  });
  ({ port } = await app.listen(0, "127.0.0.1"));
  withCredentials.use(cors({ origins: "*", credentials: true, headers: "*" }));
  withCredentials.get("/me", () => ({ me: true }));
  ({ port: credentialsPort } = await withCredentials.listen(0, "127.0.0.1"));
});
afterAll(async () => {
  await app.close();
  await withCredentials.close();
});

const preflight = (p: number, origin: string, path = "/items", extra: Record<string, string> = {}) =>
  request(p, { method: "OPTIONS", path, headers: { origin, "access-control-request-method": "POST", ...extra } });

describe("cors()", () => {
  it("answers a preflight from an allowed origin with 204 and the allow headers", async () => {
    const res = await preflight(port, ALLOWED, "/items", { "access-control-request-headers": "content-type" });
    expect(res.status).toBe(204);
    expect(res.headers["access-control-allow-origin"]).toBe(ALLOWED);
    expect(res.headers["access-control-allow-methods"]).toBe("GET, POST");
    expect(res.headers["access-control-allow-headers"]).toBe("content-type, x-token");
    expect(res.headers["access-control-max-age"]).toBe("300");
    expect(res.headers.vary).toContain("Origin");
    expect(res.headers["access-control-allow-credentials"]).toBeUndefined();
    expect(res.body.length).toBe(0);
  });

  it("answers a preflight for a path with no OPTIONS route and even an unknown path", async () => {
    expect((await preflight(port, ALLOWED, "/nowhere")).status).toBe(204);
  });

  it("gives a disallowed origin no CORS headers, on a preflight or a request", async () => {
    const pre = await preflight(port, "https://evil.example.com");
    expect(pre.status).toBe(405); // no OPTIONS route: the preflight went on to the router
    expect(pre.headers["access-control-allow-origin"]).toBeUndefined();
    const res = await request(port, { path: "/items", headers: { origin: "https://evil.example.com" } });
    expect(res.status).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
    expect(res.headers.vary).toContain("Origin");
  });

  it("adds the origin and exposed headers to a simple request", async () => {
    const res = await request(port, { path: "/items", headers: { origin: ALLOWED } });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual([1, 2]);
    expect(res.headers["access-control-allow-origin"]).toBe(ALLOWED);
    expect(res.headers["access-control-expose-headers"]).toBe("x-total");
  });

  it.each([
    ["404", "GET", "/missing", 404],
    ["405", "DELETE", "/items", 405],
    ["422", "POST", "/items", 422],
    ["500", "GET", "/fail", 500],
    ["HttpError", "GET", "/teapot", 418],
  ])("adds CORS headers to an error response (%s)", async (_name, method, path, status) => {
    const res = await request(port, {
      method, path, headers: { origin: ALLOWED, "content-type": "application/json" }, body: method === "POST" ? "{}" : undefined,
    });
    expect(res.status).toBe(status);
    expect(res.headers["access-control-allow-origin"]).toBe(ALLOWED);
  });

  it("leaves requests without Origin alone", async () => {
    const res = await request(port, { path: "/items" });
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("echoes the origin, never *, when credentials are allowed, and reflects requested headers", async () => {
    const pre = await preflight(credentialsPort, "https://a.example", "/me", { "access-control-request-headers": "x-custom, authorization" });
    expect(pre.status).toBe(204);
    expect(pre.headers["access-control-allow-origin"]).toBe("https://a.example");
    expect(pre.headers["access-control-allow-credentials"]).toBe("true");
    expect(pre.headers["access-control-allow-headers"]).toBe("x-custom, authorization");
    const res = await request(credentialsPort, { path: "/me", headers: { origin: "https://b.example" } });
    expect(res.headers["access-control-allow-origin"]).toBe("https://b.example");
    expect(res.headers["access-control-allow-credentials"]).toBe("true");
    expect(res.headers.vary).toContain("Origin");
  });
});
