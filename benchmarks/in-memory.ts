/**
 * S1-S4 on node:http without the kernel: raw node:http (the floor) and typekiln on its node
 * transport, each fed in-memory connections. A server's own `http.Server` gets 64 Duplex streams
 * through `server.emit("connection", stream)` (node documents this for any Duplex); each sends
 * its scenario's request (S4: the invalid bodies in turn) as soon as its previous answer is complete.
 * Everything node:http and the server do per request runs (llhttp, the request and response
 * objects, routing, the query, the body, validation, the 422, the headers); the socket's reads and writes and
 * the kernel's loopback TCP do not. It tells the work the server does from what the loopback and
 * the host add around it, which on this VM is the noisiest part of the node rows.
 *
 * CPU (user + system) of the server's process per answered request, the median of `ROUNDS` runs of
 * `MS` ms after a one-second warm-up; each server runs in its own process pinned to core 0, servers
 * alternating run by run. `BENCH_MEMORY_WARM=mixed` warms up on every scenario's requests in turn
 * (as the harness's servers have served them all) before timing one.
 *
 *   npm run build --silent && npx tspc -p benchmarks/tsconfig.json \
 *     && npx tsc -p benchmarks/tsconfig.harness.json && node dist/benchmarks/in-memory.js
 */
import { execFileSync } from "node:child_process";
import type * as Http from "node:http";
import path from "node:path";
import { Duplex } from "node:stream";
import { INVALID_ORDER_BODIES, ORDER_BODY, S2_PATH, S3_PATH } from "./contract";
import { summarize, type Summary } from "./harness/stats";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const MS = Number(process.env.BENCH_MEMORY_MS ?? 2000);
const CONNECTIONS = 64;

const SERVERS = [
  { label: "raw node:http", entry: "raw-node.js", env: {} },
  { label: "typekiln (node)", entry: "typekiln.js", env: { TYPEKILN_TRANSPORT: "node" } },
] as const;

const get = (path: string): string => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
const post = (body: string): string =>
  `POST ${S3_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

const SCENARIOS = {
  S1: { status: 200, requests: [get("/hello")] },
  S2: { status: 200, requests: [get(S2_PATH)] },
  S3: { status: 201, requests: [post(JSON.stringify(ORDER_BODY))] },
  S4: { status: 422, requests: INVALID_ORDER_BODIES.map((b) => post(b.body)) },
} as const;
type Scenario = keyof typeof SCENARIOS;

interface ChildResult {
  readonly us: number;
  readonly answered: number;
  readonly wrong: number;
}

/** One connection: sends the next request once the previous answer has fully arrived. */
class Connection extends Duplex {
  readonly remoteAddress = "127.0.0.1";
  readonly remotePort = 1;
  private pending = "";
  stopped = false;

  constructor(private readonly next: () => Buffer, private readonly answered: (status: number) => void) {
    super();
  }

  send(): void {
    if (this.stopped) return;
    const request = this.next();
    // Later, as a socket's next read would be: the answer's write must return first.
    setImmediate(() => this.push(request));
  }

  override _read(): void {}

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.receive(chunk);
    callback();
  }

  override _writev(chunks: { chunk: Buffer | string }[], callback: () => void): void {
    for (const { chunk } of chunks) this.receive(chunk);
    callback();
  }

  // What node:http asks of a socket beyond a Duplex.
  setTimeout(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }

  /** Answers are `Content-Length` framed (every answer of these routes is). */
  private receive(chunk: Buffer | string): void {
    this.pending += typeof chunk === "string" ? chunk : chunk.toString("latin1");
    for (;;) {
      const head = this.pending.indexOf("\r\n\r\n");
      if (head === -1) return;
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(this.pending.slice(0, head))?.[1] ?? 0);
      if (this.pending.length < head + 4 + length) return;
      this.answered(Number(this.pending.slice(9, 12)));
      this.pending = this.pending.slice(head + 4 + length);
      this.send();
    }
  }
}

/** In the child: start the server, feed it, print one `ChildResult` line. */
async function child(entry: string, scenario: Scenario): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const http = require("node:http") as typeof Http;
  let server: Http.Server | undefined;
  const createServer = http.createServer;
  (http as { createServer: unknown }).createServer = (...args: Parameters<typeof createServer>) => (server = createServer(...args));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(path.join(__dirname, "servers", entry)) as { app?: { listen(port: number, host: string): Promise<unknown> } };
  // The raw floor listens when loaded; the typekiln app when it is the main module, so here by hand.
  await module.app?.listen(Number(process.env.PORT), "127.0.0.1");
  while (server?.listening !== true) await new Promise((resolve) => setTimeout(resolve, 10));

  const { status, requests: texts } = SCENARIOS[scenario];
  const requests = texts.map((request) => Buffer.from(request));
  // With BENCH_MEMORY_WARM=mixed the warm-up second sends every scenario's requests in turn, as a
  // server in the harness's fleet has served them all before any one is timed.
  const mixed = process.env.BENCH_MEMORY_WARM === "mixed";
  let sending = mixed ? Object.values(SCENARIOS).flatMap((s) => s.requests.map((request) => Buffer.from(request))) : requests;
  let sent = 0;
  let answered = 0;
  let wrong = 0;
  const next = (): Buffer => sending[sent++ % sending.length]!;
  const count = (got: number): void => {
    answered++;
    if (got !== status) wrong++;
  };
  const connections = Array.from({ length: CONNECTIONS }, () => new Connection(next, count));
  for (const connection of connections) {
    server.emit("connection", connection);
    connection.send();
  }
  await new Promise((resolve) => setTimeout(resolve, 1000)); // warm-up
  if (mixed) {
    // Other scenarios' answers are still arriving, each with its own status: let them land, and
    // check statuses from the timed scenario's requests on. A plain warm-up's answers still count.
    sending = requests;
    await new Promise((resolve) => setTimeout(resolve, 50));
    wrong = 0;
  }
  const from = answered;
  const cpu = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, MS));
  const used = process.cpuUsage(cpu);
  const result: ChildResult = { us: (used.user + used.system) / (answered - from), answered: answered - from, wrong };
  for (const connection of connections) connection.stopped = true;
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

function parent(): void {
  const runs = new Map<string, number[]>();
  let port = 9800;
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? SERVERS : [...SERVERS].reverse();
    for (const scenario of Object.keys(SCENARIOS) as Scenario[]) {
      for (const server of order) {
        const output = execFileSync("taskset", ["-c", "0", process.execPath, __filename, "child", server.entry, scenario], {
          env: { ...process.env, ...server.env, NODE_ENV: "production", BENCH_ARTICLES: "0", PORT: String(port++) },
          encoding: "utf8",
        });
        const line = output.trim().split("\n").find((l) => l.startsWith("{"));
        if (line === undefined) throw new Error(`${server.label} ${scenario}: no result in ${output}`);
        const result = JSON.parse(line) as ChildResult;
        if (result.wrong > 0) throw new Error(`${server.label} ${scenario}: ${result.wrong} answers not ${SCENARIOS[scenario].status}`);
        const key = `${scenario} ${server.label}`;
        runs.set(key, [...(runs.get(key) ?? []), result.us]);
      }
    }
  }
  console.log(`In-memory connections, ${ROUNDS} runs of ${MS} ms, CPU µs per request (median, min–max):\n`);
  console.log("| scenario | raw node:http | typekiln (node) | typekiln's share of raw |");
  console.log("| --- | --- | --- | --- |");
  for (const scenario of Object.keys(SCENARIOS)) {
    const [raw, typekiln] = SERVERS.map((s) => summarize(runs.get(`${scenario} ${s.label}`)!)!);
    const cell = (s: Summary): string => `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
    console.log(`| ${scenario} | ${cell(raw!)} | ${cell(typekiln!)} | ${((100 * raw!.median) / typekiln!.median).toFixed(1)} % |`);
  }
}

if (process.argv[2] === "child") {
  child(process.argv[3]!, process.argv[4] as Scenario).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  parent();
}
