/**
 * SIGTERM against a real app in a child process (RELIABILITY.md, "Shutdown and load"): in-flight
 * requests finish, new connections are refused, a request on a kept-alive connection gets 503 +
 * `Connection: close`, shutdown hooks and background tasks run, and the process exits 0 within
 * its deadline — also when a handler never finishes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { compileFiles, ROOT } from "../../helpers/compile";
import { request } from "../../helpers/node-http";

const SOURCE = "test/fixtures/apps/shutdown.ts";
const OUT = path.join(ROOT, "dist-fixtures", "shutdown.js");

beforeAll(() => {
  const { outputs, diagnostics } = compileFiles([SOURCE]);
  expect(diagnostics).toEqual([]);
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, outputs.get(SOURCE)!);
});

interface Running {
  readonly child: ChildProcess;
  readonly port: number;
  readonly output: () => string;
  readonly exited: Promise<{ code: number | null; signal: string | null; at: number }>;
}

async function start(env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, [OUT], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null; at: number }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, at: Date.now() })));
  for (let i = 0; i < 300 && !/listening \d+/.test(output); i++) await sleep(20);
  const port = Number(/listening (\d+)/.exec(output)?.[1]);
  if (!port) throw new Error(`fixture did not start: ${output}`);
  return { child, port, output: () => output, exited };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A raw keep-alive connection: send a request, read one whole response (head + Content-Length body). */
class KeepAlive {
  readonly socket: net.Socket;
  #buffer = "";
  #closed = false;
  constructor(port: number) {
    this.socket = net.connect(port, "127.0.0.1");
    this.socket.setEncoding("latin1");
    this.socket.on("data", (chunk: string) => (this.#buffer += chunk));
    this.socket.on("close", () => (this.#closed = true));
    this.socket.on("error", () => undefined);
  }
  get closed(): boolean { return this.#closed; }
  async get(path: string): Promise<string> {
    this.#buffer = "";
    this.socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n`);
    for (let i = 0; i < 500; i++) {
      const end = this.#buffer.indexOf("\r\n\r\n");
      if (end !== -1) {
        const length = Number(/content-length: (\d+)/i.exec(this.#buffer.slice(0, end))?.[1] ?? 0);
        if (this.#buffer.length >= end + 4 + length) return this.#buffer;
      }
      await sleep(10);
    }
    throw new Error(`no whole response: ${JSON.stringify(this.#buffer)}`);
  }
}

const refused = (port: number) =>
  new Promise<string>((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.on("connect", () => { socket.destroy(); resolve("connected"); });
    socket.on("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? "error"));
  });

describe("graceful shutdown on SIGTERM (child process)", () => {
  it("finishes in-flight requests, refuses new work, runs hooks and tasks, exits 0", async () => {
    const app = await start({ SHUTDOWN_TIMEOUT: "8000" });
    const kept = new KeepAlive(app.port);
    expect(await kept.get("/health")).toMatch(/^HTTP\/1\.1 200/);

    const inFlight = Array.from({ length: 20 }, () => request(app.port, { path: "/slow?ms=1500" }));
    expect((await request(app.port, { method: "POST", path: "/task" })).status).toBe(200);
    await sleep(400);
    const signalled = Date.now();
    app.child.kill("SIGTERM");
    await sleep(100);
    app.child.kill("SIGINT"); // a second signal joins the shutdown: nothing is cut short
    await sleep(50);

    const late = await kept.get("/health");
    expect(late).toMatch(/^HTTP\/1\.1 503/);
    expect(late).toMatch(/\r\nconnection: close\r\n/i);
    expect(late).toContain('{"detail":"Server is shutting down"}');
    for (let i = 0; i < 100 && !kept.closed; i++) await sleep(10);
    expect(kept.closed).toBe(true);
    expect(await refused(app.port)).toBe("ECONNREFUSED");

    const answers = await Promise.all(inFlight);
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(answers.map((a) => JSON.parse(a.body.toString()))).toEqual(Array(20).fill({ slept: 1500 }));

    const exit = await app.exited;
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
    expect(exit.at - signalled).toBeLessThan(8000);
    expect(app.output()).toContain("background task finished");
    expect(app.output()).toContain("shutdown hook ran");
    expect(app.output().indexOf("background task finished")).toBeLessThan(app.output().indexOf("shutdown hook ran"));
  });

  it("closes by force at the deadline when a handler never finishes, and still exits 0", async () => {
    const app = await start({ SHUTDOWN_TIMEOUT: "700" });
    const hanging = request(app.port, { path: "/hang" }).then(() => "answered", (err: Error) => err.message);
    await sleep(200);
    const signalled = Date.now();
    app.child.kill("SIGTERM");
    const exit = await app.exited;
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
    expect(exit.at - signalled).toBeGreaterThanOrEqual(650);
    expect(exit.at - signalled).toBeLessThan(3000);
    expect(await hanging).toMatch(/socket hang up|ECONNRESET/);
    expect(app.output()).toContain("shutdown deadline of 700 ms passed");
    expect(app.output()).toContain("shutdown hook ran");
  });
});
