/**
 * `npm run bench`: the whole benchmark, following ../shared/BENCHMARKS.md. Installs what is
 * missing, builds, starts every server at once (pinned to core 0), runs the correctness gate,
 * times the scenarios in interleaved rounds (load pinned to core 1), measures cold starts, then
 * writes benchmarks/RESULTS.md, results.json and the chart. See harness/config.ts for settings.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { checkBars } from "./harness/bars";
import { renderChart } from "./harness/chart";
import { measureColdStarts } from "./harness/cold-start";
import { readConfig } from "./harness/config";
import { ALL_SERVERS, startServer, stopServer, type RunningServer } from "./harness/fleet";
import { runGate } from "./harness/gate";
import { describeMachine, loadAverage } from "./harness/machine";
import { profileS6 } from "./harness/profile";
import { renderReport } from "./harness/report";
import type { ProfilePiece, RunResults } from "./harness/results";
import { timeRounds, type Timing } from "./harness/rounds";
import { buildScenarios, scriptDirFor } from "./harness/scenarios";
import { build, ensureTools } from "./harness/setup";

const DIST = __dirname; // dist/benchmarks
const ROOT = path.resolve(DIST, "..", "..");
const OUT = path.join(ROOT, "benchmarks");
const CHART = "results-chart.svg";
const log = (line: string) => console.log(line);

const main = async (): Promise<void> => {
  const began = Date.now();
  const config = readConfig();
  log(`typekiln benchmarks: ${config.rounds} rounds × ${config.durationSeconds} s${config.quick ? " (quick mode)" : ""}`);
  ensureTools(log);
  const typekiln = config.servers.includes("typekiln") || config.servers.includes("typekiln-node");
  if (!config.skipBuild) build(log, { root: ROOT, distDir: DIST, typekiln });
  const machine = describeMachine(ROOT);
  const specs = ALL_SERVERS.filter((s) => config.servers.includes(s.id));
  const scenarios = buildScenarios(scriptDirFor(DIST), config.scenarios);
  const timed = scenarios.length > 0;

  const pending: string[] = [];
  if (!config.servers.includes("typekiln"))
    pending.push("typekiln: left out of this run by BENCH_SERVERS, so every bar involving it is pending.");
  if (!config.servers.includes("typekiln-node") || !config.servers.includes("raw-node"))
    pending.push("typekiln (node) or raw node:http: left out of this run by BENCH_SERVERS, so the node transport's bars are pending.");
  if (config.scenarios.includes("S5") && specs.some((s) => s.id === "typekiln" && !s.websocket))
    pending.push("S5/S5b for typekiln: typekiln has no WebSocket routes yet; only raw uWS (A and B) is measured.");

  const fleet: RunningServer[] = [];
  let timing: Timing = { samples: {}, loads: [] };
  let gate = { checks: 0, failures: [] as string[] } as Awaited<ReturnType<typeof runGate>>;
  try {
    log("starting servers (taskset -c 0, NODE_ENV=production)");
    for (const [i, spec] of specs.entries()) fleet.push(await startServer(spec, config.port + 1 + i));
    log(`  ${fleet.map((s) => `${s.spec.key}:${s.port}`).join("  ")}`);
    log("correctness gate");
    gate = await runGate(fleet);
    if (gate.failures.length > 0) {
      console.error(`\nCORRECTNESS GATE FAILED — no timing was done, RESULTS.md is unchanged:\n`);
      for (const failure of gate.failures) console.error(`  ✗ ${failure}`);
      process.exitCode = 1;
      return;
    }
    log(`  passed: ${gate.checks} checks`);
    if (timed) timing = await timeRounds(config, fleet, scenarios, DIST, log);
  } finally {
    await Promise.all(fleet.map(stopServer));
  }

  let s6Profile: ProfilePiece[] | undefined;
  if (config.scenarios.includes("S6") && config.servers.includes("typekiln")) {
    log("S6 pieces, in-process (s6-profile.js)");
    s6Profile = await profileS6(DIST);
  }

  let coldStarts: Record<string, number[]> = {};
  let coldStartFaults: Record<string, number[]> = {};
  if (config.scenarios.includes("S0")) {
    log("cold starts (S0)");
    const measured = await measureColdStarts(config, specs, config.port + 50, log);
    coldStarts = Object.fromEntries(measured.times);
    coldStartFaults = Object.fromEntries(measured.faults);
  }

  const results: RunResults = {
    config,
    machine,
    startedAt: new Date(began).toISOString(),
    minutes: (Date.now() - began) / 60_000,
    loadAfter: loadAverage(),
    gate,
    servers: specs.map((s) => ({ key: s.key, label: s.label, websocket: s.websocket, transport: s.transport })),
    scenarios: scenarios.map((s) => ({ id: s.id, title: s.title, kind: s.kind })),
    samples: timing.samples,
    roundLoads: timing.loads,
    coldStarts,
    coldStartFaults,
    pending,
    ...(s6Profile === undefined ? {} : { s6Profile }),
  };
  const bars = checkBars(results);
  writeFileSync(path.join(OUT, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(OUT, CHART), renderChart(results));
  writeFileSync(path.join(OUT, "RESULTS.md"), renderReport(results, bars, CHART));
  log("\nbars:");
  for (const bar of bars) log(`  ${bar.status.padEnd(7)} ${bar.bar}: ${bar.measured}${bar.note ? ` (${bar.note})` : ""}`);
  log(`\nwrote benchmarks/RESULTS.md, benchmarks/${CHART}, benchmarks/results.json`);
};

main().catch((error: unknown) => {
  console.error(`\nbenchmark failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  if (String(error).includes("typekiln"))
    console.error("(to measure the other servers meanwhile: BENCH_SERVERS=raw,fastify,express,hono npm run bench)");
  process.exit(1);
});
