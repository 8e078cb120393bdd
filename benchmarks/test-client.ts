/**
 * What one request through the in-process test client costs, against the same request over
 * loopback: examples/users' `GET /users/1` (a small JSON answer), sent `BENCH_CLIENT_REQUESTS`
 * times (10 000) one after another with `testClient(app).get`, with `fetch` to the app listening
 * on node:http and on uWS, and with node's `http.get` on a keep-alive agent. `BENCH_CLIENT_ROUNDS`
 * rounds (5), each running every client in turn, so a busy machine weighs on all of them alike;
 * it prints the median µs per request of each.
 *
 *   npm run build --silent && npm run build:examples --silent \
 *     && npx tsc -p benchmarks/tsconfig.harness.json && node dist/benchmarks/test-client.js
 */
import http from "node:http";
import path from "node:path";
import type { App } from "typekiln";

const ROOT = path.resolve(__dirname, "../..");
const REQUESTS = Number(process.env.BENCH_CLIENT_REQUESTS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_CLIENT_ROUNDS ?? 5);
const PATH = "/users/1";

// Built by `npm run build` and `npm run build:examples` (the transformer compiles the example).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { testClient } = require(path.join(ROOT, "dist/runtime/entry.js")) as typeof import("typekiln");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { app } = require(path.join(ROOT, "dist/examples/users/app.js")) as { app: App };

/** µs per request of `send`, run `REQUESTS` times in a row. */
async function timed(send: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < REQUESTS; i++) await send();
  return Number(process.hrtime.bigint() - start) / 1000 / REQUESTS;
}

async function overLoopback(transport: "uws" | "node"): Promise<{ fetch: number; httpGet: number }> {
  process.env.TYPEKILN_TRANSPORT = transport;
  const { port } = await app.listen(0, "127.0.0.1");
  const url = `http://127.0.0.1:${port}${PATH}`;
  const agent = new http.Agent({ keepAlive: true });
  const get = (): Promise<void> => new Promise((resolve, reject) => {
    http.get(url, { agent }, (res) => res.resume().on("end", resolve)).on("error", reject);
  });
  try {
    return { fetch: await timed(async () => (await fetch(url)).text()), httpGet: await timed(get) };
  } finally {
    agent.destroy();
    await app.close();
  }
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const client = testClient(app);
  const created = await client.post("/users/", { json: { name: "Ada", email: "ada@example.com" } });
  if (created.status !== 201) throw new Error(`setting up: POST /users/ answered ${created.status}`);
  const rows: Record<string, number[]> = {
    "testClient(app).get": [], "app.request": [], "fetch, node:http on loopback": [], "http.get (keep-alive), node:http on loopback": [],
    "fetch, uWS on loopback": [], "http.get (keep-alive), uWS on loopback": [],
  };
  for (let round = 0; round < ROUNDS; round++) {
    rows["testClient(app).get"]!.push(await timed(async () => (await client.get(PATH)).text()));
    rows["app.request"]!.push(await timed(async () => (await app.request(PATH)).text()));
    const node = await overLoopback("node");
    rows["fetch, node:http on loopback"]!.push(node.fetch);
    rows["http.get (keep-alive), node:http on loopback"]!.push(node.httpGet);
    const uws = await overLoopback("uws");
    rows["fetch, uWS on loopback"]!.push(uws.fetch);
    rows["http.get (keep-alive), uWS on loopback"]!.push(uws.httpGet);
  }
  await client.close();
  console.log(`| client (GET ${PATH}, ${REQUESTS} requests in a row, median of ${ROUNDS} rounds) | µs per request |`);
  console.log("| --- | --- |");
  for (const [name, values] of Object.entries(rows)) console.log(`| ${name} | ${median(values).toFixed(1)} |`);
}

void main();
