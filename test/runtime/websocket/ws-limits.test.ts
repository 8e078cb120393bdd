import WebSocket from "ws";
import { App, type SendResult, type Socket } from "typekiln";
import { rawConnect, frame, OPCODE, until, upgradeRequest } from "../../helpers/raw-ws";
import net from "node:net";

const logged: unknown[] = [];
const app = new App({ title: "ws limits", logger: { error: (_message, err) => void logged.push(err) } });

const PAD = "x".repeat(16 * 1024);
const flood = { results: new Map<SendResult, number>(), maxBuffered: 0, drained: 0, done: false };

app.ws("/flood", {
  message: (ws: Socket<{ seq: number; pad: string }>, command: { count: number }) => {
    for (let seq = 0; seq < command.count; seq++) {
      const result = ws.send({ seq, pad: PAD });
      flood.results.set(result, (flood.results.get(result) ?? 0) + 1);
      flood.maxBuffered = Math.max(flood.maxBuffered, ws.bufferedAmount);
    }
    flood.done = true;
  },
  drain: () => void flood.drained++,
}, { maxBackpressure: 64 * 1024 });

let floodClosed = 0;
app.ws("/flood-close", {
  message: (ws: Socket<{ pad: string }>, command: { count: number }) => {
    for (let i = 0; i < command.count && !ws.closed; i++) ws.send({ pad: PAD });
  },
  close: () => void floodClosed++,
}, { maxBackpressure: 64 * 1024, closeOnBackpressureLimit: true });

export const fan = app.ws("/fan", {
  open: (ws: Socket<{ n: number }>) => void ws.subscribe("all"),
});

app.ws("/small", { message: (ws: Socket<{ ok: boolean }>, msg: { text: string }) => void ws.send({ ok: msg.text.length > 0 }) }, {
  maxPayloadLength: 1024,
});

app.ws("/idle", { open: (ws: Socket<never>) => void ws }, { idleTimeout: 8 });

let upgrades = 0;
let slowOpened = 0;
let releaseGate: () => void = () => undefined;
const gate = new Promise<void>((resolve) => (releaseGate = resolve));
app.ws("/slow", {
  upgrade: async (tag: string) => {
    upgrades++;
    await gate;
    return { tag };
  },
  open: (ws: Socket<{ tag: string }, { tag: string }>) => {
    slowOpened++;
    ws.send({ tag: ws.data.tag });
  },
});

app.ws("/faulty", {
  message: (_ws: Socket<never>, msg: { fail: "sync" | "async" }) => {
    if (msg.fail === "sync") throw new Error("boom");
    return Promise.reject(new Error("later boom"));
  },
});

interface Tree {
  children: Tree[];
}
app.ws("/tree", { message: (ws: Socket<{ ok: boolean }>, tree: Tree) => void ws.send({ ok: tree.children.length >= 0 }) }, {
  maxPayloadLength: 4 * 1024 * 1024,
});

app.ws("/echo", { message: (ws: Socket<{ said: string }>, msg: { say: string }) => void ws.send({ said: msg.say }) });

let port = 0;
beforeAll(async () => {
  ({ port } = await app.listen(0, "127.0.0.1"));
});
afterAll(() => app.close());

const connect = (path: string): Promise<WebSocket> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`);
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
const closed = (ws: WebSocket): Promise<number> => new Promise((resolve) => ws.once("close", (code) => resolve(code)));
const next = (ws: WebSocket): Promise<unknown> =>
  new Promise((resolve) => ws.once("message", (data) => resolve(JSON.parse(String(data)))));

describe("WebSocket limits and faults", () => {
  it("keeps a paused client's queue bounded by maxBackpressure and drops the rest", async () => {
    const raw = await rawConnect(port, "/flood", { paused: true });
    const rssBefore = process.memoryUsage().rss;
    // 4,000 messages of 16 KiB: 64 MiB if nothing were dropped.
    raw.socket.write(frame(OPCODE.TEXT, JSON.stringify({ count: 4000 })));
    await until(() => flood.done, 20000);
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    expect(flood.results.get("buffered") ?? 0).toBeGreaterThan(0);
    expect(flood.results.get("dropped") ?? 0).toBeGreaterThan(3000);
    // At most the limit plus the one message that crossed it (and its frame header).
    expect(flood.maxBuffered).toBeLessThanOrEqual(64 * 1024 + PAD.length + 64);
    expect(rssGrowth).toBeLessThan(32 * 1024 * 1024);
    raw.socket.resume();
    await until(() => flood.drained > 0, 10000);
    raw.socket.destroy();
  });

  it("closes a paused client past maxBackpressure when closeOnBackpressureLimit is set", async () => {
    const raw = await rawConnect(port, "/flood-close", { paused: true });
    raw.socket.write(frame(OPCODE.TEXT, JSON.stringify({ count: 4000 })));
    // The paused client cannot see the close; the server's close handler can.
    await until(() => floodClosed === 1, 20000);
    raw.socket.destroy();
  });

  it("publishes to 50 subscribers from outside any socket", async () => {
    const clients = await Promise.all(Array.from({ length: 50 }, () => connect("/fan")));
    await until(() => fan.subscribers("all") === 50);
    const received = clients.map(next);
    expect(fan.publish("all", { n: 7 })).toBe(true);
    expect(await Promise.all(received)).toEqual(Array.from({ length: 50 }, () => ({ n: 7 })));
    expect(fan.subscribers("other")).toBe(0);
    await Promise.all(clients.map((ws) => { const done = closed(ws); ws.close(); return done; }));
    expect(fan.subscribers("all")).toBe(0);
  });

  it("closes a socket that sends a message over maxPayloadLength, and serves the next one", async () => {
    const ws = await connect("/small");
    const done = closed(ws);
    ws.send(JSON.stringify({ text: "y".repeat(2000) }));
    expect([1006, 1009]).toContain(await done);
    const again = await connect("/small");
    const reply = next(again);
    again.send(JSON.stringify({ text: "fits" }));
    expect(await reply).toEqual({ ok: true });
    again.close();
  });

  it("closes a client that answers no pings after idleTimeout, and keeps one that does", async () => {
    const silent = await rawConnect(port, "/idle");
    const polite = await connect("/idle");
    const start = Date.now();
    await silent.ended;
    expect(Date.now() - start).toBeGreaterThanOrEqual(4000);
    expect(silent.frames.some((f) => f.opcode === OPCODE.PING)).toBe(true);
    expect(polite.readyState).toBe(WebSocket.OPEN);
    polite.close();
  }, 45000);

  it("abandons an async upgrade whose client left, and upgrades the next one", async () => {
    const socket = net.connect(port, "127.0.0.1");
    socket.on("error", () => undefined);
    socket.once("connect", () => socket.write(upgradeRequest(port, "/slow?tag=gone")));
    await until(() => upgrades === 1);
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    releaseGate();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const ws = new WebSocket(`ws://127.0.0.1:${port}/slow?tag=here`);
    expect(await next(ws)).toEqual({ tag: "here" });
    expect(slowOpened).toBe(1);
    ws.close();
  });

  it("closes with 1011 when a message handler throws or rejects, and logs it", async () => {
    for (const fail of ["sync", "async"]) {
      const ws = await connect("/faulty");
      const done = closed(ws);
      ws.send(JSON.stringify({ fail }));
      expect(await done).toBe(1011);
    }
    expect(logged.map((err) => (err as Error).message)).toEqual(["boom", "later boom"]);
  });

  it.each([
    ["__proto__ at the top", '{"say":"x","__proto__":{"polluted":true}}'],
    ["__proto__ deep inside arrays", '{"say":"x","a":[1,{"c":{"__proto__":{"polluted":true}}}]}'],
    ["__proto__ spelled with \\u005f", '{"say":"x","\\u005f_proto__":{"polluted":true}}'],
    ["constructor.prototype", '{"say":"x","constructor":{"prototype":{"polluted":true}}}'],
    ["constructor.prototype spelled with escapes", '{"say":"x","\\u0063onstructor":{"prototyp\\u0065":{"polluted":true}}}'],
  ])("refuses a message with %s in an error frame, and keeps serving the socket", async (_, text) => {
    const ws = await connect("/echo");
    const reply = next(ws);
    ws.send(text);
    expect(await reply).toEqual({
      type: "error",
      detail: [{ type: "value_error", loc: ["message"], msg: "Value error, message contains a forbidden prototype property", input: null }],
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, "polluted")).toBe(false);
    const again = next(ws);
    ws.send('{"say":"after"}');
    expect(await again).toEqual({ said: "after" });
    ws.close();
  });

  it("takes a constructor key that holds no prototype, and a message after a byte order mark", async () => {
    const ws = await connect("/echo");
    const first = next(ws);
    ws.send('{"say":"kept","constructor":{"name":"x"}}');
    expect(await first).toEqual({ said: "kept" });
    const second = next(ws);
    ws.send('\ufeff{"say":"bom"}');
    expect(await second).toEqual({ said: "bom" });
    ws.close();
  });

  it("answers a 100,000-deep message with an error frame, and keeps serving the socket", async () => {
    const ws = await connect("/tree");
    const reply = next(ws);
    const depth = 100000;
    ws.send(`${'{"children":['.repeat(depth)}${"]}".repeat(depth)}`);
    expect(await reply).toEqual({
      type: "error",
      detail: [{ type: "value_error", loc: ["message"], msg: "Value error, message is nested too deeply", input: null }],
    });
    const again = next(ws);
    ws.send(JSON.stringify({ children: [{ children: [] }] }));
    expect(await again).toEqual({ ok: true });
    ws.close();
  });

  it("speaks the protocol to hand-made frames: text, ping, close", async () => {
    const raw = await rawConnect(port, "/echo");
    raw.socket.write(frame(OPCODE.TEXT, JSON.stringify({ say: "raw" })));
    await until(() => raw.frames.length > 0);
    expect(raw.frames[0]!.opcode).toBe(OPCODE.TEXT);
    expect(JSON.parse(String(raw.frames[0]!.payload))).toEqual({ said: "raw" });
    raw.socket.write(frame(OPCODE.PING, "hi"));
    await until(() => raw.frames.length > 1);
    expect(raw.frames[1]).toEqual({ opcode: OPCODE.PONG, payload: Buffer.from("hi") });
    const code = Buffer.alloc(2);
    code.writeUInt16BE(1000);
    raw.socket.write(frame(OPCODE.CLOSE, code));
    await raw.ended;
    expect(raw.frames[2]!.opcode).toBe(OPCODE.CLOSE);
  });

  it("closes open sockets with 1001 when the app closes", async () => {
    const other = new App({ logger: false });
    other.ws("/live", { open: (ws: Socket<never>) => void ws });
    const { port: otherPort } = await other.listen(0, "127.0.0.1");
    const ws = await new Promise<WebSocket>((resolve) => {
      const client = new WebSocket(`ws://127.0.0.1:${otherPort}/live`);
      client.once("open", () => resolve(client));
    });
    const done = closed(ws);
    await other.close();
    expect(await done).toBe(1001);
  });
});
