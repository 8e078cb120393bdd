import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { App } from "typekiln";
import { client, exchange, expectAlive, rawRequest, type Client } from "../../helpers/http";

const app = new App({ title: "Docs <script>alert(1)</script>", logger: false });
app.get("/health", () => ({ ok: true }));

let http: Client;
let port = 0;
beforeAll(async () => {
  ({ port } = await app.listen(0, "127.0.0.1"));
  http = client(port);
});
afterAll(() => app.close());
// Every case, bad input or not, must leave the server answering an ordinary request.
afterEach(() => expectAlive(port));

const swaggerDir = dirname(require.resolve("swagger-ui-dist/package.json"));

describe("Swagger UI at /docs", () => {
  it("serves a page that loads the document and its assets from this server", async () => {
    const { status, headers, text } = await http.request("/docs");
    expect([status, headers.get("content-type")]).toEqual([200, "text/html; charset=utf-8"]);
    expect(text).toContain('url: "/openapi.json"');
    expect(text).toContain('src="/docs/swagger-ui-bundle.js"');
    expect(text).toContain('href="/docs/swagger-ui.css"');
    expect(text).not.toMatch(/https?:\/\//);
  });

  it("escapes the app title in the page", async () => {
    const { text } = await http.request("/docs");
    expect(text).toContain("<title>Docs &#60;script&#62;alert(1)&#60;/script&#62; - Swagger UI</title>");
    expect(text).not.toContain("<script>alert(1)");
  });

  it.each([
    ["/docs/swagger-ui.css", "text/css; charset=utf-8", join(swaggerDir, "swagger-ui.css")],
    ["/docs/swagger-ui-bundle.js", "text/javascript; charset=utf-8", join(swaggerDir, "swagger-ui-bundle.js")],
    ["/docs/favicon-32x32.png", "image/png", join(swaggerDir, "favicon-32x32.png")],
    ["/redoc/redoc.standalone.js", "text/javascript; charset=utf-8", require.resolve("redoc/bundles/redoc.standalone.js")],
  ])("serves %s from the installed package", async (path, type, file) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`);
    expect([response.status, response.headers.get("content-type")]).toEqual([200, type]);
    expect(Buffer.from(await response.arrayBuffer()).equals(readFileSync(file))).toBe(true);
  });

  it("answers HEAD on a docs page without the body", async () => {
    const { responses } = await exchange(port, Buffer.concat([rawRequest("HEAD", "/docs"), rawRequest("GET", "/health")]), {
      until: 2,
      head: [0],
    });
    expect(responses.map((r) => [r.status, r.body === ""])).toEqual([[200, true], [200, false]]);
    expect(Number(responses[0]!.headers["content-length"])).toBeGreaterThan(0);
  });
});

describe("ReDoc at /redoc", () => {
  it("serves a page that loads the document and ReDoc from this server", async () => {
    const { status, text } = await http.request("/redoc");
    expect(status).toBe(200);
    expect(text).toContain('<redoc spec-url="/openapi.json"></redoc>');
    expect(text).toContain('src="/redoc/redoc.standalone.js"');
    expect(text).not.toMatch(/https?:\/\//);
  });
});

describe("docs paths", () => {
  it("serves the document and pages at the paths given, and turns ReDoc off", async () => {
    const custom = new App({ logger: false, docs: { openapi: "/spec.json", swagger: "/api-docs/", redoc: false } });
    const { port: customPort } = await custom.listen(0, "127.0.0.1");
    try {
      const c = client(customPort);
      expect((await c.request("/spec.json")).json.openapi).toBe("3.1.0");
      expect((await c.request("/openapi.json")).status).toBe(404);
      const page = await c.request("/api-docs/");
      expect(page.text).toContain('url: "/spec.json"');
      expect(page.text).toContain('src="/api-docs/swagger-ui-bundle.js"');
      expect((await c.request("/api-docs/swagger-ui-bundle.js")).status).toBe(200);
      expect((await c.request("/redoc")).status).toBe(404);
    } finally {
      await custom.close();
    }
  });

  it("turns every page off with the document", async () => {
    const off = new App({ logger: false, docs: { openapi: false } });
    const { port: offPort } = await off.listen(0, "127.0.0.1");
    try {
      const c = client(offPort);
      expect([(await c.request("/openapi.json")).status, (await c.request("/docs")).status, (await c.request("/redoc")).status]).toEqual([404, 404, 404]);
    } finally {
      await off.close();
    }
  });

  it("refuses a route on a docs path at registration, and allows it with the docs off", () => {
    expect(() => new App().get("/docs", () => "mine")).toThrow(expect.objectContaining({ code: "TK_RT_DUPLICATE_ROUTE" }));
    expect(() => new App({ docs: { swagger: false } }).get("/docs", () => "mine")).not.toThrow();
  });
});
