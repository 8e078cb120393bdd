/**
 * Cold start against the number of routes (`npm run bench:routes`): apps of 10, 50 and 100 routes,
 * generated here in three shapes (a GET with a path parameter and a validated query, a POST with a
 * validated JSON body, a GET of a list), once as typekiln (built by `tspc` with the transformer)
 * and once as raw uWebSockets.js doing the same checks by hand. Each is started
 * `BENCH_COLD_STARTS` times (10) in rotated order, pinned to core 0 like S0, and measured from
 * spawn to `ready`, with the pages it had touched by then (minor faults).
 *
 * S0 of `npm run bench` is the contract's 10-route app; this shows what each further route costs.
 * It prints a Markdown table; benchmarks/PROFILE.md records its results.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { measureColdStarts } from "./harness/cold-start";
import { startServer, stopServer, type ServerSpec } from "./harness/fleet";
import { cell } from "./harness/report";
import { summarize } from "./harness/stats";

const ROOT = path.resolve(__dirname, "../..");
const DIR = path.join(ROOT, "dist/benchmarks/route-scaling");
const COUNTS = [10, 50, 100];
const STARTS = Number(process.env.BENCH_COLD_STARTS ?? 10);
const PORT = 9700;
/** The benchmark servers' own `ready` line and `PORT` reading (servers/announce.ts), compiled beside this file. */
const ANNOUNCE = path.join(__dirname, "servers", "announce.js");

/** Route `i` of a typekiln app: one of three shapes. */
const typekilnRoute = (i: number): string => {
  switch (i % 3) {
    case 0:
      return `app.get("/r${i}/:id", (id: Uint32, limit: Uint32 & tags.Maximum<100> = 20): Item => ({ id, name: "r${i}", tags: [], price: limit, active: true }));`;
    case 1:
      return `app.post("/r${i}", { status: 201 }, (item: ItemCreate): Item => ({ id: ${i}, name: item.name, tags: item.tags, price: item.price, active: item.active ?? true }));`;
    default:
      return `app.get("/r${i}", (): Item[] => []);`;
  }
};

const typekilnApp = (count: number): string => `import { App, type tags } from "typekiln";

const { announceReady, requestedPort } = require(${JSON.stringify(ANNOUNCE)}) as {
  announceReady(port: number): void;
  requestedPort(): number;
};

type Uint32 = number & tags.Type<"uint32">;
interface Item { id: number; name: string; tags: string[]; price: number; active: boolean }
interface ItemCreate { name: string & tags.MinLength<1>; price: number & tags.Minimum<0>; tags: string[]; active?: boolean }

const app = new App({ title: "${count} routes", version: "1.0.0" });
${Array.from({ length: count }, (_, i) => typekilnRoute(i)).join("\n")}

app.listen(requestedPort(), "127.0.0.1").then(({ port }) => announceReady(port));
`;

/** The same routes in raw uWS: parameters, query and body checked by hand, 422 on failure. */
const rawApp = (count: number): string => `"use strict";
const uWS = require("uWebSockets.js");
const { announceReady, requestedPort } = require(${JSON.stringify(ANNOUNCE)});

const uint32 = (text) => /^\\d+$/.test(text) && Number(text) <= 4294967295;
const send = (res, status, body) => res.cork(() => res.writeStatus(status).writeHeader("content-type", "application/json").end(JSON.stringify(body)));
const invalid = (res) => send(res, "422 Unprocessable Content", { detail: [{ type: "invalid", loc: [], msg: "invalid" }] });
const isItemCreate = (v) => v !== null && typeof v === "object" && typeof v.name === "string" && v.name.length >= 1 &&
  typeof v.price === "number" && v.price >= 0 && Array.isArray(v.tags) && v.tags.every((t) => typeof t === "string") &&
  (v.active === undefined || typeof v.active === "boolean");
const readJson = (res, done) => {
  let body = Buffer.alloc(0);
  res.onAborted(() => {});
  res.onData((chunk, last) => {
    body = Buffer.concat([body, Buffer.from(chunk)]);
    if (!last) return;
    try { done(JSON.parse(body.toString("utf8"))); } catch { invalid(res); }
  });
};

const app = uWS.App();
for (let i = 0; i < ${count}; i++) {
  if (i % 3 === 0) {
    app.get(\`/r\${i}/:id\`, (res, req) => {
      const id = req.getParameter(0);
      const limit = new URLSearchParams(req.getQuery() ?? "").get("limit") ?? "20";
      if (!uint32(id) || !uint32(limit) || Number(limit) > 100) return invalid(res);
      send(res, "200 OK", { id: Number(id), name: \`r\${i}\`, tags: [], price: Number(limit), active: true });
    });
  } else if (i % 3 === 1) {
    app.post(\`/r\${i}\`, (res) => readJson(res, (item) => {
      if (!isItemCreate(item)) return invalid(res);
      send(res, "201 Created", { id: i, name: item.name, tags: item.tags, price: item.price, active: item.active ?? true });
    }));
  } else {
    app.get(\`/r\${i}\`, (res) => send(res, "200 OK", []));
  }
}
app.any("/*", (res) => send(res, "404 Not Found", { detail: "Not Found" }));
const port = requestedPort();
app.listen("127.0.0.1", port, (socket) => {
  if (!socket) process.exit(1);
  announceReady(port);
});
`;

const spec = (key: string, id: "raw" | "typekiln", file: string): ServerSpec =>
  ({ key, id, label: key, entry: path.join(DIR, "out", file), rejectStatus: 422, websocket: false, transport: "uws" });

const build = (): ServerSpec[] => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(path.join(DIR, "src"), { recursive: true });
  mkdirSync(path.join(DIR, "out"), { recursive: true });
  const specs: ServerSpec[] = [];
  for (const count of COUNTS) {
    writeFileSync(path.join(DIR, "src", `typekiln-${count}.ts`), typekilnApp(count));
    writeFileSync(path.join(DIR, "out", `raw-${count}.js`), rawApp(count));
    specs.push(spec(`raw ${count}`, "raw", `raw-${count}.js`), spec(`typekiln ${count}`, "typekiln", `typekiln-${count}.js`));
  }
  const tsconfig = {
    extends: path.join(ROOT, "tsconfig.base.json"),
    compilerOptions: { rootDir: "src", outDir: "out", declaration: false, sourceMap: false, plugins: [{ transform: "typekiln/transformer" }] },
    include: ["src/*.ts"],
  };
  writeFileSync(path.join(DIR, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  execFileSync("npx", ["tspc", "-p", path.join(DIR, "tsconfig.json")], { cwd: ROOT, stdio: "inherit" });
  return specs;
};

const main = async (): Promise<void> => {
  const specs = build();
  // The runtime's code cache is written a second after a start without one: start once and wait.
  const first = await startServer(specs.find((s) => s.id === "typekiln")!, PORT);
  await sleep(1500);
  await stopServer(first);
  const { times, faults: pages } = await measureColdStarts({ coldStarts: STARTS }, specs, PORT, (line) => process.stderr.write(`${line}\n`));
  const median = (key: string, from: Map<string, number[]>) => summarize(from.get(key)!)?.median ?? NaN;
  const lines = [
    `Spawn → ready, ms, and pages touched by ready (minor faults): median (min–max) of ${STARTS} starts, Node ${process.version}.`,
    "",
    "| routes | raw uWS ms | typekiln ms | typekiln − raw, ms | raw uWS pages | typekiln pages |",
    "| --- | --- | --- | --- | --- | --- |",
    ...COUNTS.map((count) => {
      const [raw, own] = [`raw ${count}`, `typekiln ${count}`];
      return `| ${count} | ${cell(summarize(times.get(raw)!))} | ${cell(summarize(times.get(own)!))} | ` +
        `${(median(own, times) - median(raw, times)).toFixed(1)} | ${cell(summarize(pages.get(raw)!))} | ${cell(summarize(pages.get(own)!))} |`;
    }),
    "",
  ];
  const [low, high] = [COUNTS[0]!, COUNTS[COUNTS.length - 1]!];
  const slope = (key: (n: number) => string, from: Map<string, number[]>) => (median(key(high), from) - median(key(low), from)) / (high - low);
  lines.push(
    `Each route from ${low} to ${high}: typekiln ${(slope((n) => `typekiln ${n}`, times) * 1000).toFixed(0)} µs and ` +
      `${slope((n) => `typekiln ${n}`, pages).toFixed(1)} pages, raw uWS ${(slope((n) => `raw ${n}`, times) * 1000).toFixed(0)} µs and ` +
      `${slope((n) => `raw ${n}`, pages).toFixed(1)} pages.`,
  );
  process.stdout.write(lines.join("\n") + "\n");
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
