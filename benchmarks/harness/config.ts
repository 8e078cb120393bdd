/**
 * What a run measures and for how long, read once from the environment:
 *
 *   BENCH_DURATION=5s BENCH_ROUNDS=7   length of each wrk/WebSocket run, timed rounds (≥ 7)
 *   BENCH_QUICK=1                      smoke test: 1 s runs, 3 rounds, 3 cold starts
 *   BENCH_SERVERS=raw,typekiln,...     servers to run (raw uWS always runs twice, A and B): raw, raw-node,
 *                                      typekiln, typekiln-node, fastify, express, hono
 *   BENCH_SCENARIOS=S0,S1,...,S6       scenarios to run
 *   BENCH_COLD_STARTS=10               cold starts per server (S0)
 *   BENCH_CONNECTIONS=64               wrk connections; BENCH_WS_CONNECTIONS=100, BENCH_WS_WINDOW=16
 *   BENCH_PORT=9100                    first port; servers take the next ones
 *   BENCH_SKIP_BUILD=1                 reuse dist/ as it is
 */
export const SERVER_IDS = ["raw", "raw-node", "typekiln", "typekiln-node", "fastify", "express", "hono"] as const;
export const SCENARIO_IDS = ["S0", "S1", "S2", "S3", "S4", "S5", "S6"] as const;
export type ServerId = (typeof SERVER_IDS)[number];
export type ScenarioGroup = (typeof SCENARIO_IDS)[number];

export interface BenchConfig {
  readonly quick: boolean;
  readonly durationSeconds: number;
  readonly rounds: number;
  readonly coldStarts: number;
  readonly connections: number;
  readonly wsConnections: number;
  readonly wsWindow: number;
  readonly servers: readonly ServerId[];
  readonly scenarios: readonly ScenarioGroup[];
  readonly port: number;
  readonly skipBuild: boolean;
  /** The `BENCH_*` settings given, for the report's command line. */
  readonly settings: readonly string[];
}

const list = <T extends string>(name: string, allowed: readonly T[]): T[] => {
  const value = process.env[name];
  if (value === undefined || value.trim() === "") return [...allowed];
  const picked = value.split(",").map((s) => s.trim());
  for (const id of picked)
    if (!allowed.includes(id as T)) throw new Error(`${name}: unknown "${id}" (expected some of ${allowed.join(", ")})`);
  return allowed.filter((id) => picked.includes(id));
};

const seconds = (text: string): number => {
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(text.trim());
  if (match === null) throw new Error(`BENCH_DURATION: "${text}" is not a duration like 5s or 500ms`);
  const value = Number(match[1]) / (match[2] === "ms" ? 1000 : 1);
  if (value < 1) throw new Error("BENCH_DURATION: wrk needs at least 1s");
  return value;
};

const integer = (name: string, fallback: number): number => {
  const value = process.env[name];
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: "${value}" is not a positive integer`);
  return n;
};

export const readConfig = (): BenchConfig => {
  const quick = process.env.BENCH_QUICK === "1";
  return {
    quick,
    durationSeconds: seconds(process.env.BENCH_DURATION ?? (quick ? "1s" : "5s")),
    rounds: integer("BENCH_ROUNDS", quick ? 3 : 7),
    coldStarts: integer("BENCH_COLD_STARTS", quick ? 3 : 10),
    connections: integer("BENCH_CONNECTIONS", 64),
    wsConnections: integer("BENCH_WS_CONNECTIONS", 100),
    wsWindow: integer("BENCH_WS_WINDOW", 16),
    servers: list("BENCH_SERVERS", SERVER_IDS),
    scenarios: list("BENCH_SCENARIOS", SCENARIO_IDS),
    port: integer("BENCH_PORT", 9100),
    skipBuild: process.env.BENCH_SKIP_BUILD === "1",
    settings: Object.keys(process.env)
      .filter((key) => key.startsWith("BENCH_"))
      .sort()
      .map((key) => `${key}=${process.env[key]}`),
  };
};
