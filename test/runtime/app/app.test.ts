import { App, type Body } from "typekiln";
import { client, exchange, rawRequest } from "../../helpers/http";

describe("listen and close", () => {
  it("listens on a free port for port 0 and serves", async () => {
    const app = new App({ logger: false });
    app.get("/health", () => ({ ok: true }));
    const { port } = await app.listen(0, "127.0.0.1");
    try {
      expect(port).toBeGreaterThan(0);
      expect((await client(port).request("/health")).json).toEqual({ ok: true });
    } finally {
      await app.close();
    }
  });

  it("refuses connections once closed", async () => {
    const app = new App({ logger: false });
    const { port } = await app.listen(0, "127.0.0.1");
    await app.close();
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });

  it("closes open keep-alive connections on close", async () => {
    const app = new App({ logger: false });
    app.get("/health", () => ({ ok: true }));
    const { port } = await app.listen(0, "127.0.0.1");
    const open = exchange(port, rawRequest("GET", "/health"), { timeout: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 100)); // pacing only: let the request arrive
    await app.close();
    const { responses, closed } = await open;
    expect(closed).toBe(true);
    expect(responses.every((r) => r.status === 200)).toBe(true);
  });

  it("listens again after close", async () => {
    const app = new App({ logger: false });
    app.get("/health", () => ({ ok: true }));
    await app.listen(0, "127.0.0.1");
    await app.close();
    const { port } = await app.listen(0, "127.0.0.1");
    try {
      expect((await client(port).request("/health")).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it("rejects a second listen while listening", async () => {
    const app = new App({ logger: false });
    await app.listen(0, "127.0.0.1");
    try {
      await expect(app.listen(0, "127.0.0.1")).rejects.toMatchObject({ code: "TK_RT_ALREADY_LISTENING" });
    } finally {
      await app.close();
    }
  });

  it("rejects a listen on a port another app holds", async () => {
    const first = new App({ logger: false });
    const { port } = await first.listen(0, "127.0.0.1");
    try {
      await expect(new App({ logger: false }).listen(port, "127.0.0.1")).rejects.toMatchObject({ code: "TK_RT_LISTEN_FAILED" });
    } finally {
      await first.close();
    }
  });

  it("refuses a route registered after listen", async () => {
    const app = new App({ logger: false });
    await app.listen(0, "127.0.0.1");
    try {
      expect(() => app.get("/late", () => 1)).toThrow(expect.objectContaining({ code: "TK_RT_LATE_ROUTE" }));
    } finally {
      await app.close();
    }
  });
});

describe("options", () => {
  it("takes bodyLimit as the limit of routes that set none", async () => {
    const app = new App({ logger: false, bodyLimit: 8 });
    app.get("/health", () => ({ ok: true }));
    app.post("/text", (text: Body<string>) => ({ text }));
    const { port } = await app.listen(0, "127.0.0.1");
    try {
      const http = client(port);
      expect((await http.send("/text", '"123456"')).status).toBe(200);
      expect((await http.send("/text", '"1234567"')).status).toBe(413);
    } finally {
      await app.close();
    }
  });

  it("logs handler failures with console.error by default", async () => {
    const spy = jest.spyOn(console, "error").mockImplementation(() => undefined);
    const app = new App();
    app.get("/boom", () => {
      throw new Error("boom");
    });
    const { port } = await app.listen(0, "127.0.0.1");
    try {
      expect((await client(port).request("/boom")).status).toBe(500);
      expect(spy).toHaveBeenCalledWith("typekiln: GET /boom failed", expect.objectContaining({ message: "boom" }));
    } finally {
      spy.mockRestore();
      await app.close();
    }
  });

  it("logs nothing with logger: false", async () => {
    const spy = jest.spyOn(console, "error").mockImplementation(() => undefined);
    const app = new App({ logger: false });
    app.get("/boom", () => {
      throw new Error("boom");
    });
    const { port } = await app.listen(0, "127.0.0.1");
    try {
      expect((await client(port).request("/boom")).status).toBe(500);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
      await app.close();
    }
  });
});
