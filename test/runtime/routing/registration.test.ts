import { App } from "typekiln";
import type { RouteManifest } from "typekiln/manifest";

/** The start-up error `register` throws, for its code and message. */
function thrown(register: () => unknown): { name: string; code: string; message: string } {
  try {
    register();
  } catch (err) {
    return err as { name: string; code: string; message: string };
  }
  throw new Error("expected the registration to throw");
}

// A real manifest, written by the transformer for this route; the tests below hand it to the wrong routes.
const source = new App();
source.get("/source/:id", (id: number) => ({ id }));
const manifest: RouteManifest = source.manifests()[0]!;

describe("a route without a manifest", () => {
  it("throws at start-up, naming the plugin and tspc, when the transformer cannot see the call", () => {
    const app = new App();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const error = thrown(() => (app.get as any)("/x", () => 1));
    expect(error).toMatchObject({ name: "TypekilnError", code: "TK_RT_NO_MANIFEST" });
    expect(error.message).toBe(
      'typekiln: GET /x has no route manifest: add { "transform": "typekiln/transformer" } to compilerOptions.plugins in tsconfig.json and build with tspc (ts-patch 3.3 on TypeScript 5.9: TypeScript 7 cannot run compiler plugins)',
    );
  });

  // `.call` types against the last overload only, so the options argument is needed to compile.
  it("throws at start-up for a call through App.prototype", () => {
    const app = new App();
    const error = thrown(() => App.prototype.get.call(app, "/x", {}, () => 1));
    expect(error.code).toBe("TK_RT_NO_MANIFEST");
    expect(error.message).toMatch(/typekiln\/transformer.*tspc/);
  });

  it("throws at start-up for a route with options and no manifest", () => {
    const app = new App();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(thrown(() => (app.post as any)("/y", { status: 201 }, () => 1))).toMatchObject({
      code: "TK_RT_NO_MANIFEST",
      message: expect.stringContaining("POST /y has no route manifest"),
    });
  });
});

describe("a manifest that does not fit", () => {
  it("refuses the manifest of another route", () => {
    const app = new App();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const error = thrown(() => (app.get as any)("/other/:id", (id: number) => id, manifest));
    expect(error).toMatchObject({ code: "TK_RT_MANIFEST_MISMATCH" });
    expect(error.message).toContain("GET /other/:id carries the manifest of GET /source/:id");
  });

  it("refuses the manifest of another method on the same path", () => {
    const app = new App();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(thrown(() => (app.post as any)("/source/:id", (id: number) => id, manifest)).code).toBe("TK_RT_MANIFEST_MISMATCH");
  });

  it("refuses a manifest of another version, naming both", () => {
    const app = new App();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const error = thrown(() => (app.get as any)("/source/:id", (id: number) => id, { ...manifest, version: 2 }));
    expect(error.code).toBe("TK_RT_MANIFEST_VERSION");
    expect(error.message).toContain("version 2, this runtime reads version 1");
  });
});

describe("route options and handlers", () => {
  it.each([
    ["a negative timeout", "timeout", () => new App().get("/t", { timeout: -1 }, () => 1)],
    ["a zero timeout", "timeout", () => new App().get("/t", { timeout: 0 }, () => 1)],
    ["a fractional bodyLimit", "bodyLimit", () => new App().post("/t", { bodyLimit: 1.5 }, (body: { a: string }) => body)],
    ["a status under 200", "status", () => new App().get("/t", { status: 101 }, () => 1)],
  ])("refuses %s", (_, option, register) => {
    const error = thrown(register);
    expect(error.code).toBe("TK_RT_BAD_ROUTE_OPTION");
    expect(error.message).toContain(`route option ${option} must be`);
  });

  it("refuses a path that does not start with a slash", () => {
    const error = thrown(() => new App().get("users", () => []));
    expect([error.code, error.message]).toEqual([
      "TK_RT_BAD_ROUTE_OPTION",
      "typekiln: GET users: route option path must be a string starting with /",
    ]);
  });

  it("refuses a handler that is not a function", () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(thrown(() => (new App().get as any)("/h", {}, 42)).code).toBe("TK_RT_BAD_HANDLER");
  });

  it("keeps the manifests of the routes it took, in registration order", () => {
    const app = new App();
    app.get("/a", () => 1);
    app.post("/b", (body: { n: number }) => body.n);
    expect(app.manifests().map((m) => `${m.method} ${m.path}`)).toEqual(["get /a", "post /b"]);
  });
});
