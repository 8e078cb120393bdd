import { App } from "typekiln";
import { request } from "../../helpers/node-http";

interface State { db?: { name: string }; cache?: string }

describe("lifespan hooks", () => {
  it("runs start-up hooks in order before serving, shutdown hooks in reverse after, with typed state", async () => {
    const order: string[] = [];
    const app = new App<State>({ logger: false });
    app.onStartup(async (state) => {
      await new Promise((r) => setTimeout(r, 10));
      state.db = { name: "main" };
      order.push("startup db");
    });
    app.onStartup((state) => {
      state.cache = `cache for ${state.db?.name}`;
      order.push("startup cache");
    });
    app.onShutdown(() => void order.push("shutdown db"));
    app.onShutdown(() => void order.push("shutdown cache"));
    app.get("/state", () => ({ db: app.state.db?.name ?? "", cache: app.state.cache ?? "" }));
    const { port } = await app.listen(0, "127.0.0.1");
    order.push("listening");
    const res = await request(port, { path: "/state" });
    expect(JSON.parse(res.body.toString())).toEqual({ db: "main", cache: "cache for main" });
    await app.shutdown();
    expect(order).toEqual(["startup db", "startup cache", "listening", "shutdown cache", "shutdown db"]);
  });

  it("rejects listen() when a start-up hook fails, without binding", async () => {
    const app = new App({ logger: false });
    app.onStartup(() => {
      throw new Error("no database");
    });
    await expect(app.listen(0, "127.0.0.1")).rejects.toThrow("no database");
  });

  it("logs a failing shutdown hook and still runs the others", async () => {
    const errors: string[] = [];
    const ran: string[] = [];
    const app = new App({ logger: { error: (message) => void errors.push(message) } });
    app.onShutdown(() => void ran.push("first"));
    app.onShutdown(() => {
      throw new Error("close failed");
    });
    await app.listen(0, "127.0.0.1");
    await app.close();
    expect(ran).toEqual(["first"]);
    expect(errors).toEqual(["typekiln: a shutdown hook failed"]);
  });

  it("answers in-flight requests before shutdown() resolves", async () => {
    const app = new App({ logger: false });
    app.get("/slow", async () => {
      await new Promise((r) => setTimeout(r, 300));
      return { done: true };
    });
    const { port } = await app.listen(0, "127.0.0.1");
    const inFlight = request(port, { path: "/slow" });
    await new Promise((r) => setTimeout(r, 50));
    const result = await app.shutdown({ timeout: 5000 });
    expect(result).toEqual({ forced: false });
    const res = await inFlight;
    expect([res.status, JSON.parse(res.body.toString())]).toEqual([200, { done: true }]);
    await expect(request(port, { path: "/slow" })).rejects.toThrow(/ECONNREFUSED/);
  });
});
