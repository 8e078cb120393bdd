/**
 * Everything one run produced, and the few questions the report and the bar checks ask of it.
 * Also written as results.json beside RESULTS.md, so a reader can recompute anything.
 */
import type { BenchConfig } from "./config";
import type { GateReport } from "./gate";
import type { Sample } from "./load";
import type { Machine } from "./machine";
import { summarize, type Summary } from "./stats";

export interface RunResults {
  readonly config: BenchConfig;
  readonly machine: Machine;
  readonly startedAt: string;
  readonly minutes: number;
  readonly loadAfter: string;
  readonly gate: GateReport;
  /** `transport`: the HTTP server underneath (absent in runs made before it was recorded). */
  readonly servers: readonly { readonly key: string; readonly label: string; readonly websocket: boolean; readonly transport?: "uws" | "node" }[];
  readonly scenarios: readonly { readonly id: string; readonly title: string; readonly kind: "http" | "ws" }[];
  /** samples[serverKey][scenarioId]: one per timed round. */
  readonly samples: Record<string, Record<string, Sample[]>>;
  /** 1-minute load average after each timed round. */
  readonly roundLoads: readonly number[];
  /** Cold-start milliseconds per server key. */
  readonly coldStarts: Record<string, number[]>;
  /** Minor page faults by `ready` per server key, beside coldStarts (absent in runs made before it was recorded). */
  readonly coldStartFaults?: Record<string, number[]>;
  /** Servers or rows not measured, and why. */
  readonly pending: readonly string[];
  /** S6's pieces timed in-process (s6-profile.ts); absent when S6 or typekiln was not run, and in older runs. */
  readonly s6Profile?: readonly ProfilePiece[];
}

/** One piece of S6's work, timed in-process by s6-profile.ts. */
export interface ProfilePiece {
  readonly piece: string;
  readonly what: string;
  /** Microseconds per call, the median of the batches. */
  readonly us: number;
  /** A piece of typekiln's own S6 request (the rest are for scale). */
  readonly part: boolean;
}

export const RAW_KEYS = ["raw-a", "raw-b"] as const;

const values = (r: RunResults, key: string, scenario: string, pick: (s: Sample) => number): number[] =>
  (r.samples[key]?.[scenario] ?? []).map(pick);

export const cpuOf = (r: RunResults, key: string, scenario: string): Summary | undefined =>
  summarize(values(r, key, scenario, (s) => s.cpuUs));

export const rateOf = (r: RunResults, key: string, scenario: string): Summary | undefined =>
  summarize(values(r, key, scenario, (s) => s.rate));

/** The floor: raw uWS A and B pooled. */
export const rawCpu = (r: RunResults, scenario: string): Summary | undefined =>
  summarize(RAW_KEYS.flatMap((key) => values(r, key, scenario, (s) => s.cpuUs)));

/** A/A spread: how far apart two identical raw uWS servers land, in % of their mean. */
export const noiseFloor = (r: RunResults, scenario: string): number | undefined => {
  const a = cpuOf(r, "raw-a", scenario);
  const b = cpuOf(r, "raw-b", scenario);
  if (a === undefined || b === undefined) return undefined;
  return (Math.abs(a.median - b.median) / ((a.median + b.median) / 2)) * 100;
};

/** Share of the floor's efficiency a server keeps: raw CPU ÷ its CPU (1 = as cheap as raw). */
export const efficiency = (r: RunResults, key: string, scenario: string): number | undefined => {
  const raw = rawCpu(r, scenario);
  const own = cpuOf(r, key, scenario);
  return raw === undefined || own === undefined ? undefined : raw.median / own.median;
};

/** `floor` CPU ÷ `key` CPU, medians: how cheap a server is against another (the node floor, a peer). */
export const cheapness = (r: RunResults, key: string, floor: string, scenario: string): number | undefined => {
  const base = cpuOf(r, floor, scenario);
  const own = cpuOf(r, key, scenario);
  return base === undefined || own === undefined ? undefined : base.median / own.median;
};

/**
 * A server's lead over a peer in the same rounds: the peer's CPU ÷ its own, summarized over the
 * rounds. `key` "raw" is raw uWS, A and B averaged.
 */
export const leadOver = (r: RunResults, key: string, peer: string, scenario: string): Summary | undefined => {
  const own = key === "raw" ? rawRounds(r, scenario) : values(r, key, scenario, (s) => s.cpuUs);
  const theirs = values(r, peer, scenario, (s) => s.cpuUs);
  return summarize(own.slice(0, theirs.length).map((cpu, round) => theirs[round]! / cpu));
};

/** Raw uWS's CPU per round, A and B averaged. */
const rawRounds = (r: RunResults, scenario: string): number[] => {
  const [a, b] = RAW_KEYS.map((raw) => values(r, raw, scenario, (s) => s.cpuUs));
  return a!.map((cpu, round) => (cpu + b![round]!) / 2);
};

/**
 * The same share taken round by round: raw uWS's CPU in a round (A and B averaged) ÷ the server's
 * CPU in that round, summarized over the rounds. The host's speed drifts between rounds; within
 * one round every server meets about the same host, so this ratio moves less than the ratio of
 * medians the bars use.
 */
export const pairedEfficiency = (r: RunResults, key: string, scenario: string): Summary | undefined => {
  const raw = rawRounds(r, scenario);
  const own = values(r, key, scenario, (s) => s.cpuUs);
  return summarize(own.slice(0, raw.length).map((cpu, round) => raw[round]! / cpu));
};

/** A server's S4 ÷ its S3 in the same round: how much dearer its error path is, round by round. */
export const pairedErrorPath = (r: RunResults, key: string): Summary | undefined => {
  const valid = values(r, key, "S3", (s) => s.cpuUs);
  return summarize(values(r, key, "S4", (s) => s.cpuUs).map((cpu, round) => cpu / valid[round]!));
};

export const coldStartOf = (r: RunResults, key: string): Summary | undefined => summarize(r.coldStarts[key] ?? []);

/** Pages a server had touched by `ready` (minor faults), over its cold starts; undefined for older runs. */
export const coldStartFaultsOf = (r: RunResults, key: string): Summary | undefined => summarize(r.coldStartFaults?.[key] ?? []);

/** Runs whose answers were not what the scenario expects (errors where none were due, or the reverse). */
export const anomalies = (r: RunResults): string[] => {
  const found: string[] = [];
  for (const server of r.servers)
    for (const scenario of r.scenarios)
      (r.samples[server.key]?.[scenario.id] ?? []).forEach((s, round) => {
        const expectedErrors = scenario.id === "S4" ? s.units : 0;
        if (s.non2xx !== expectedErrors)
          found.push(`${server.label} ${scenario.id} round ${round + 1}: ${s.non2xx} non-2xx of ${s.units}`);
        if (s.socketErrors > 0) found.push(`${server.label} ${scenario.id} round ${round + 1}: ${s.socketErrors} socket errors`);
      });
  return found;
};
