/**
 * Writes RESULTS.md: how and where the run was made, the gate, the bars, then the tables of
 * medians and ranges the bars come from.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { BarCheck } from "./bars";
import {
  anomalies,
  cheapness,
  coldStartFaultsOf,
  coldStartOf,
  cpuOf,
  efficiency,
  leadOver,
  noiseFloor,
  pairedEfficiency,
  pairedErrorPath,
  RAW_KEYS,
  rateOf,
  rawCpu,
  type RunResults,
} from "./results";
import type { Summary } from "./stats";

const num = (v: number): string => (v >= 1000 ? Math.round(v).toLocaleString("en-US") : v >= 10 ? v.toFixed(1) : v.toFixed(2));
export const cell = (s: Summary | undefined): string => (s === undefined ? "—" : `**${num(s.median)}** (${num(s.min)}–${num(s.max)})`);
const row = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
const table = (head: readonly string[], rows: readonly (readonly string[])[]): string =>
  [row(head), row(head.map(() => "---")), ...rows.map(row)].join("\n");
/** This run's own server and load generator keep about two tasks runnable; well beyond is foreign load. */
const BUSY_LOAD = 3;
/** Hand-written notes on where the time goes, kept in benchmarks/ (this file runs from dist/benchmarks/harness). */
const PROFILE_NOTES = path.resolve(__dirname, "../../../benchmarks/PROFILE.md");
const ICON = { met: "✅ met", missed: "❌ missed", pending: "⏳ pending" } as const;

const machineSection = (r: RunResults): string => {
  const m = r.machine;
  const command = [...r.config.settings, "npm run bench"].join(" ");
  return table(
    ["", ""],
    [
      ["CPU", `${m.cpu}, ${m.cores} cores (${m.kernel})`],
      ...(m.pageTouchUs === undefined
        ? []
        : [["memory page, first touch", `${num(m.pageTouchUs)} µs per 4 KB page (best of 3 over a fresh 16 MB buffer)`]]),
      ["Node.js", m.node],
      ["wrk", m.wrk],
      ["lockfile", `package-lock.json ${m.lockfile}`],
      ["packages", Object.entries(m.packages).map(([name, v]) => `${name} ${v}`).join(", ")],
      ["command", `\`${command}\``],
      ["date", `${r.startedAt} (${r.minutes.toFixed(1)} min)`],
      [
        "method",
        `servers on core 0, load on core 1; wrk -t1 -c${r.config.connections}, no pipelining; ` +
          `1 warm-up + ${r.config.rounds} rounds × ${r.config.durationSeconds} s, order rotated and reversed on odd rounds; ` +
          `WebSocket: ${r.config.wsConnections} connections × ${r.config.wsWindow} messages in flight; S0: median of ${r.config.coldStarts}`,
      ],
      ["load average (1/5/15 min)", `before ${m.loadBefore}; after ${r.loadAfter}`],
      ["load after each round (1 min)", r.roundLoads.map((l) => l.toFixed(2)).join(", ") || "—"],
    ],
  );
};

const httpSections = (r: RunResults): string[] => {
  const http = r.scenarios.filter((s) => s.kind === "http");
  if (http.length === 0) return [];
  const head = ["server", ...http.map((s) => `${s.id} ${s.title}`)];
  const peers = r.servers.filter((s) => !["typekiln", "raw-a", "raw-b"].includes(s.key));
  const tkAgainst = (peer: string, scenario: string): string => {
    const own = cpuOf(r, "typekiln", scenario);
    const theirs = cpuOf(r, peer, scenario);
    return own === undefined || theirs === undefined ? "—" : `${(theirs.median / own.median).toFixed(2)}×`;
  };
  return [
    "## Server CPU per request, µs — median (min–max); the number to trust",
    table(head, r.servers.map((s) => [s.label, ...http.map((c) => cell(cpuOf(r, s.key, c.id)))])),
    "## Requests per second — median (min–max); reported beside CPU, capped by one wrk thread",
    table(head, r.servers.map((s) => [s.label, ...http.map((c) => cell(rateOf(r, s.key, c.id)))])),
    "## Against the floor: raw uWS CPU ÷ server CPU (100 % = as cheap as raw uWS, A and B pooled)",
    table(
      head,
      r.servers.map((s) => [s.label, ...http.map((c) => {
        const e = efficiency(r, s.key, c.id);
        return e === undefined ? "—" : `${(e * 100).toFixed(1)} %`;
      })]),
    ),
    "## typekiln against the peers: peer CPU ÷ typekiln CPU (how many times cheaper typekiln is)",
    table(head, peers.map((p) => [p.label, ...http.map((c) => tkAgainst(p.key, c.id))])),
    "## Noise floor: raw uWS A vs B (same code, two processes), difference of medians",
    table(
      http.map((s) => s.id),
      [http.map((s) => {
        const n = noiseFloor(r, s.id);
        return n === undefined ? "—" : `${n.toFixed(1)} %`;
      })],
    ),
  ];
};

const LEAD_SCENARIOS = ["S1", "S2", "S3", "S4", "S6"];
const PEERS = ["fastify", "hono", "express"];

/** Raw uWS's and typekiln's leads over each peer, round by round (BENCHMARKS.md's peer bar). */
const leadSections = (r: RunResults): string[] => {
  const scenarios = r.scenarios.filter((c) => LEAD_SCENARIOS.includes(c.id));
  const peers = r.servers.filter((s) => PEERS.includes(s.key));
  if (scenarios.length === 0 || peers.length === 0 || !r.servers.some((s) => s.key === "typekiln")) return [];
  const times = (s: Summary | undefined): string => (s === undefined ? "—" : `**${s.median.toFixed(2)}×** (${s.min.toFixed(2)}–${s.max.toFixed(2)})`);
  const rows = peers.flatMap((p) => [
    [`raw uWS over ${p.label}`, ...scenarios.map((c) => times(leadOver(r, "raw", p.key, c.id)))],
    [`typekiln over ${p.label}`, ...scenarios.map((c) => times(leadOver(r, "typekiln", p.key, c.id)))],
  ]);
  return [
    "## Leads over the peers: peer CPU ÷ server CPU in the same round — median (min–max) over rounds",
    "The bar: typekiln keeps ≥ 95 % of raw uWS's lead over each peer. Taken round by round, (peer ÷ typekiln) ÷ (peer ÷ raw uWS) is raw uWS ÷ typekiln in that round whatever the peer, so the share kept is the typekiln row of the round-by-round table below; these are the leads themselves.",
    table(["", ...scenarios.map((c) => c.id)], rows),
  ];
};

/** The servers on node:http against their floor: raw node:http CPU ÷ server CPU. */
const nodeSection = (r: RunResults): string[] => {
  const http = r.scenarios.filter((s) => s.kind === "http");
  if (http.length === 0 || !r.servers.some((s) => s.key === "raw-node")) return [];
  const rows = r.servers
    .filter((s) => s.transport === "node" && s.key !== "raw-node")
    .map((s) => [s.label, ...http.map((c) => {
      const e = cheapness(r, s.key, "raw-node", c.id);
      return e === undefined ? "—" : `${(e * 100).toFixed(1)} %`;
    })]);
  return [
    "## Against the node:http floor: raw node:http CPU ÷ server CPU, for the servers on node:http (typekiln (node)'s bar: ≥ 90 % on S1–S4)",
    table(["server", ...http.map((s) => s.id)], rows),
  ];
};

/** S6's pieces timed in-process (s6-profile.ts) against typekiln's S6 CPU per request in the run. */
const s6ProfileSection = (r: RunResults): string[] => {
  const pieces = r.s6Profile;
  if (pieces === undefined || pieces.length === 0) return [];
  const request = cpuOf(r, "typekiln", "S6")?.median;
  const share = (us: number): string => (request === undefined ? "—" : `${((us / request) * 100).toFixed(0)} %`);
  const own = pieces.filter((p) => p.part).reduce((sum, p) => sum + p.us, 0);
  const rows = pieces.map((p) => [p.part ? p.piece : `(${p.piece})`, p.what, p.us.toFixed(2), p.part ? share(p.us) : ""]);
  if (request !== undefined) {
    rows.push(["the rest", "dispatch, the dependency runner, HTTP parsing and writing, the kernel", (request - own).toFixed(2), share(request - own)]);
    rows.push(["typekiln S6", "server CPU per request in this run (median)", request.toFixed(2), "100 %"]);
  }
  const raw = rawCpu(r, "S6")?.median;
  return [
    "## Where the time goes in S6 (typekiln), timed in-process by `s6-profile.ts` on core 0",
    table(["piece", "what", "µs per call", "of typekiln's S6 request"], rows),
    ...(raw === undefined ? [] : [`Raw uWS's S6 request costs ${raw.toFixed(2)} µs in this run. Pieces in parentheses are for scale and not part of typekiln's request.`]),
  ];
};

const percent = (s: Summary | undefined): string =>
  s === undefined ? "—" : `**${(s.median * 100).toFixed(1)} %** (${(s.min * 100).toFixed(0)}–${(s.max * 100).toFixed(0)})`;

/** Ratios taken within each round, beside the ratios of medians above (the bars use those). */
const roundByRoundSection = (r: RunResults): string[] => {
  const measured = r.scenarios.filter((c) => r.servers.some((s) => (r.samples[s.key]?.[c.id]?.length ?? 0) > 0));
  const raw: readonly string[] = RAW_KEYS;
  if (raw.some((key) => r.samples[key] === undefined) || measured.length === 0) return [];
  const servers = r.servers.filter((s) => !raw.includes(s.key));
  const rows = servers.map((s) => [s.label, ...measured.map((c) => percent(pairedEfficiency(r, s.key, c.id)))]);
  const errorPath = [...raw, ...servers.map((s) => s.key)]
    .map((key) => [r.servers.find((s) => s.key === key)?.label ?? key, pairedErrorPath(r, key)] as const)
    .filter(([, ratio]) => ratio !== undefined);
  return [
    "## Round by round: raw uWS CPU ÷ server CPU in the same round (A and B averaged) — median (min–max) over rounds",
    "The host's speed drifts between rounds; within a round every server meets about the same host. These ratios therefore move less than the ratios of medians above. The bars keep to the medians, as BENCHMARKS.md says.",
    table(["server", ...measured.map((c) => c.id)], rows),
    ...(errorPath.length > 0
      ? [
          "S4 ÷ S3, each server against itself in the same round (above 100 %: the error path is dearer):",
          table(["server", "S4 ÷ S3"], errorPath.map(([label, ratio]) => [label, percent(ratio)])),
        ]
      : []),
  ];
};

const webSocketSection = (r: RunResults): string[] => {
  const ws = r.scenarios.filter((s) => s.kind === "ws");
  if (ws.length === 0) return [];
  const rows = r.servers
    .filter((s) => s.websocket || s.key === "typekiln")
    .map((s) =>
      s.websocket
        ? [s.label, ...ws.flatMap((c) => [cell(cpuOf(r, s.key, c.id)), cell(rateOf(r, s.key, c.id))])]
        : [s.label, ...ws.flatMap(() => ["⏳ pending (no typekiln WebSocket yet)", "—"])],
    );
  return [
    "## WebSocket (S5), native batching client — CPU µs/message and messages/s, median (min–max)",
    table(["server", ...ws.flatMap((c) => [`${c.id} µs/msg`, `${c.id} msg/s`])], rows),
  ];
};

/** What typekiln's extra pages cost at this machine's price of a first touch, from the medians. */
const pageCostNote = (r: RunResults): string[] => {
  const touch = r.machine.pageTouchUs;
  const own = coldStartFaultsOf(r, "typekiln");
  const raw = coldStartFaultsOf(r, "raw-a");
  if (touch === undefined || own === undefined || raw === undefined) return [];
  const extra = own.median - raw.median;
  const rawLabel = r.servers.find((s) => s.key === "raw-a")?.label ?? "raw uWS (A)";
  return [
    `A first touch of a memory page costs ${num(touch)} µs on this machine; typekiln touched ` +
      `${Math.round(Math.abs(extra)).toLocaleString("en-US")} ${extra >= 0 ? "more" : "fewer"} pages than ${rawLabel} by ready, about ${((Math.abs(extra) * touch) / 1000).toFixed(1)} ms.`,
  ];
};

const coldStartSection = (r: RunResults): string[] => {
  if (Object.keys(r.coldStarts).length === 0) return [];
  const faults = r.servers.some((s) => coldStartFaultsOf(r, s.key) !== undefined);
  return [
    "## Cold start (S0), 10 routes: spawn → listening, ms — median (min–max)",
    faults
      ? table(
          ["server", "ms", "pages touched by ready (minor faults)"],
          r.servers.map((s) => [s.label, cell(coldStartOf(r, s.key)), cell(coldStartFaultsOf(r, s.key))]),
        )
      : table(["server", "ms"], r.servers.map((s) => [s.label, cell(coldStartOf(r, s.key))])),
    ...pageCostNote(r),
  ];
};

export const renderReport = (r: RunResults, bars: readonly BarCheck[], chartFile: string): string => {
  const problems = anomalies(r);
  const busiest = Math.max(Number(r.machine.loadBefore.split(" / ")[0]) + 2, ...r.roundLoads);
  const notes = [
    r.config.quick &&
      "**Quick mode** (smoke test): short runs and fewer rounds than the method asks; these numbers prove the harness works, nothing more.",
    busiest > BUSY_LOAD &&
      `**The machine was busy**: the 1-minute load average reached ${busiest.toFixed(1)} (this run alone makes about 2). Other work shared the cores, so these numbers are mostly noise; rerun on a quiet machine.`,
    "Machines here are shared and noisy: absolute numbers mean little; ratios measured side by side in the same rounds are what to read, " +
      "against the A/A noise floor below. The method is shared/BENCHMARKS.md; how to run this is in benchmarks/README.md.",
  ].filter((note): note is string => typeof note === "string");
  return [
    "# typekiln benchmark results",
    "<!-- Generated by `npm run bench` (benchmarks/run.ts). Do not edit by hand: rerun it. -->",
    notes.map((note) => `> ${note}`).join("\n>\n"),
    "## Machine and run",
    machineSection(r),
    "## Correctness gate",
    r.gate.failures.length === 0
      ? `Passed: ${r.gate.checks} checks — every server answered every happy request with an equal body and rejected every invalid body and query of the corpus (benchmarks/contract.ts), and the servers answering in FastAPI's shape (typekiln and the raw floors) gave each invalid request the same 422 body.`
      : `FAILED:\n\n${r.gate.failures.map((f) => `- ${f}`).join("\n")}`,
    ...(r.pending.length > 0 ? ["## Pending", r.pending.map((p) => `- ${p}`).join("\n")] : []),
    "## Bars (BENCHMARKS.md)",
    table(
      ["bar", "measured (medians)", "status"],
      bars.map((b) => [b.bar, b.measured, `${ICON[b.status]}${b.note === undefined ? "" : ` — ${b.note}`}`]),
    ),
    `![Server CPU per request, per server and scenario](${chartFile})`,
    // The profiling notes on missed bars are written by hand and kept beside this report.
    ...(existsSync(PROFILE_NOTES) ? [readFileSync(PROFILE_NOTES, "utf8").trim()] : []),
    ...httpSections(r),
    ...nodeSection(r),
    ...leadSections(r),
    ...s6ProfileSection(r),
    ...webSocketSection(r),
    ...roundByRoundSection(r),
    ...coldStartSection(r),
    "## Anomalies",
    problems.length === 0 ? "None: no unexpected non-2xx answers, no socket errors." : problems.map((p) => `- ${p}`).join("\n"),
    "## Limits of this harness",
    [
      "- Requests/s depends on whether one wrk thread or the server's core is the limit, and that shifts with the host's load (this shared VM's speed varies from run to run); CPU µs/request is the figure to read. It too moves a little with load: raw uWS on S1 measured 13.2 µs/request at 4 connections and 11.4 µs at 256 here, as a busier server shares each wakeup (epoll, syscalls) among more requests.",
      "- `/proc/PID/stat` counts CPU in clock ticks (10 ms); a run must burn a few hundred ticks for the per-request figure to be exact to 1 %, which short quick-mode runs barely do.",
      "- WebSocket load comes from `benchmarks/ws-client/ws-bench.c` (C, epoll, one thread, frames masked once and written in batches), not from `ws` in Node, which tops out far below uWS.",
      "- Error answers differ by idiom: 422 FastAPI-style `detail` lists for typekiln and the raw servers, 400 with Ajv's first error for Fastify, Express and Hono (they stop at the first error; typia and the raw servers report all).",
      "- S6 reads SQLite through sql.js (WebAssembly), the same prepared statement in every server; a native SQLite binding would make the query cheaper and every framework's share of the request larger. Cold starts (S0) leave S6's route and database out (`BENCH_ARTICLES=0`), so they time the ten routes.",
    ].join("\n"),
    "",
  ].join("\n\n");
};
