/**
 * `process.nextTick` before and after a process goes idle through V8's memory reducer, with and
 * without the node transport's remedy (`runtime/transport/node/tick-shape.ts`): the slowdown that
 * made node:http servers in the benchmark fleet 30-40 % dearer at random, on Node 20 and 22.
 *
 *   npm run build && npx tsc -p benchmarks/tsconfig.harness.json && node dist/benchmarks/idle-tick.js
 *   IDLE_TICK_NODES=/path/to/node22,/path/to/node24 node dist/benchmarks/idle-tick.js
 *
 * Each Node binary runs two child processes side by side, one plain and one that called
 * `keepTickShape()` first. Each times bursts of 2,000,000 chained `nextTick`s (CPU ns per tick),
 * makes some garbage so that a full collection has run, idles `IDLE_TICK_MS` (12 s: the reducer
 * starts 8 s after the last busy spell), and times the bursts again. Prints one line per child.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { summarize } from "./harness/stats";

const run = promisify(execFile);

const TICKS = 2_000_000;
const BURSTS = 4;
const IDLE_MS = Number(process.env.IDLE_TICK_MS ?? 12_000);
const TICK_SHAPE = path.join(__dirname, "..", "runtime", "transport", "node", "tick-shape.js");

/** The child: times bursts, idles, times them again; prints `{ before, after }` (ns per tick, per burst). */
const CHILD = `
const [ticks, bursts, idleMs, keep, shape] = process.argv.slice(1);
if (keep === "1") require(shape).keepTickShape();
const burst = () => new Promise((resolve) => {
  let left = Number(ticks);
  const start = process.cpuUsage();
  const step = () => {
    if (--left > 0) return void process.nextTick(step);
    const used = process.cpuUsage(start);
    resolve(((used.user + used.system) * 1000) / Number(ticks));
  };
  process.nextTick(step);
});
const times = async () => { const out = []; for (let i = 0; i < Number(bursts); i++) out.push(await burst()); return out; };
(async () => {
  const before = await times();
  let garbage = [];
  for (let i = 0; i < 300000; i++) garbage.push({ i, s: "x" + i });
  garbage = null;
  await new Promise((resolve) => setTimeout(resolve, Number(idleMs)));
  const after = await times();
  console.log(JSON.stringify({ before, after }));
})();
`;

interface Timed {
  readonly before: number[];
  readonly after: number[];
}

const child = async (node: string, keep: boolean): Promise<Timed> => {
  const { stdout } = await run(node, ["-e", CHILD, String(TICKS), String(BURSTS), String(IDLE_MS), keep ? "1" : "0", TICK_SHAPE]);
  return JSON.parse(stdout) as Timed;
};

const version = async (node: string): Promise<string> => (await run(node, ["-p", "process.versions.node"])).stdout.trim();

const median = (values: readonly number[]): number => summarize(values)!.median;

const line = (label: string, timed: Timed): string =>
  `${label.padEnd(30)} before idle ${median(timed.before).toFixed(0).padStart(4)} ns/tick  after ${IDLE_MS / 1000} s idle ` +
  `${median(timed.after).toFixed(0).padStart(4)} ns/tick  (bursts: ${timed.before.map((n) => n.toFixed(0)).join(" ")} | ` +
  `${timed.after.map((n) => n.toFixed(0)).join(" ")})`;

async function main(): Promise<void> {
  const nodes = (process.env.IDLE_TICK_NODES ?? process.execPath).split(",").filter((n) => n !== "");
  for (const node of nodes) {
    const [plain, kept, v] = await Promise.all([child(node, false), child(node, true), version(node)]);
    console.log(line(`Node ${v}, plain`, plain));
    console.log(line(`Node ${v}, keepTickShape()`, kept));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
