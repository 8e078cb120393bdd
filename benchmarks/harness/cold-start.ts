/**
 * S0, cold start: from just before the process is spawned to the server's own `ready`
 * timestamp, each server pinned like the others, in rotated order, the median of N. Beside the
 * time, the minor page faults the process had made by `ready`: the pages it touched, a count that
 * does not depend on how dear a first touch is on the machine.
 */
import type { BenchConfig } from "./config";
import { startServer, stopServer, type ServerSpec } from "./fleet";
import { orderFor } from "./stats";

/** S0 times the ten routes of contract.ts: the servers leave out S6's route and its SQLite database. */
const TEN_ROUTES = { BENCH_ARTICLES: "0" } as const;

export interface ColdStarts {
  /** Milliseconds, spawn to `ready`, per server key. */
  readonly times: Map<string, number[]>;
  /** Minor page faults by `ready`, per server key (empty where /proc could not be read). */
  readonly faults: Map<string, number[]>;
}

export const measureColdStarts = async (
  config: Pick<BenchConfig, "coldStarts">,
  specs: readonly ServerSpec[],
  port: number,
  log: (line: string) => void,
): Promise<ColdStarts> => {
  const times = new Map<string, number[]>(specs.map((s) => [s.key, []]));
  const faults = new Map<string, number[]>(specs.map((s) => [s.key, []]));
  for (let round = 0; round < config.coldStarts; round++) {
    for (const spec of orderFor(specs, round)) {
      const server = await startServer(spec, port, TEN_ROUTES);
      times.get(spec.key)!.push(server.startMs);
      if (server.startFaults !== undefined) faults.get(spec.key)!.push(server.startFaults);
      await stopServer(server);
    }
    log(`  cold start round ${round + 1}/${config.coldStarts}`);
  }
  return { times, faults };
};
