import { App, type Body } from "typekiln";
import { request } from "../../helpers/node-http";
import { connect, parseHead, sleep, until } from "../../helpers/raw-http";

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
    let started = false;
    app.get("/slow", async () => {
      started = true;
      await new Promise((r) => setTimeout(r, 300));
      return { done: true };
    });
    const { port } = await app.listen(0, "127.0.0.1");
    const inFlight = request(port, { path: "/slow" });
    // In flight means the handler runs (on a busy machine 50 ms may not get the request there).
    await until(() => started, 5000, "the handler to start");
    const result = await app.shutdown({ timeout: 5000 });
    expect(result).toEqual({ forced: false });
    const res = await inFlight;
    expect([res.status, JSON.parse(res.body.toString())]).toEqual([200, { done: true }]);
    await expect(request(port, { path: "/slow" })).rejects.toThrow(/ECONNREFUSED/);
  });

  it("waits for a request whose body is still arriving, then answers it", async () => {
    const app = new App({ logger: false });
    app.post("/echo", (text: Body<string>) => ({ text }));
    const { port } = await app.listen(0, "127.0.0.1");
    const socket = await connect(port);
    let answer = "";
    socket.on("data", (chunk: Buffer) => void (answer += chunk.toString("latin1")));
    socket.write('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 6\r\n\r\n"ab');
    await sleep(50);
    let stopped = false;
    const shutdown = app.shutdown({ timeout: 5000 }).then((result) => ((stopped = true), result));
    await sleep(100);
    expect(stopped).toBe(false);
    socket.write('cd"');
    await expect(shutdown).resolves.toEqual({ forced: false });
    await until(() => parseHead(answer)?.rest.length === 15, 2000, "the answer");
    const head = parseHead(answer);
    expect([head?.status, head?.rest]).toEqual([200, '{"text":"abcd"}']);
    socket.destroy();
  });

  it("does not wait for a client that left in the middle of its body", async () => {
    const app = new App({ logger: false });
    let calls = 0;
    app.post("/echo", (text: Body<string>) => ((calls += 1), { text }));
    const { port } = await app.listen(0, "127.0.0.1");
    const socket = await connect(port);
    socket.write('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n"ab');
    await sleep(50);
    socket.destroy();
    await sleep(50);
    const started = Date.now();
    await expect(app.shutdown({ timeout: 5000 })).resolves.toEqual({ forced: false });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(calls).toBe(0);
  });
});
