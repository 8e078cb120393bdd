/**
 * S0, cold start: from just before the process is spawned to the server's own `ready`
 * timestamp, each server pinned like the others, in rotated order, the median of N.
 */
import type { BenchConfig } from "./config";
import { startServer, stopServer, type ServerSpec } from "./fleet";
import { orderFor } from "./stats";

export const measureColdStarts = async (
  config: BenchConfig,
  specs: readonly ServerSpec[],
  port: number,
  log: (line: string) => void,
): Promise<Map<string, number[]>> => {
  const times = new Map<string, number[]>(specs.map((s) => [s.key, []]));
  for (let round = 0; round < config.coldStarts; round++) {
    for (const spec of orderFor(specs, round)) {
      const server = await startServer(spec, port);
      times.get(spec.key)!.push(server.startMs);
      await stopServer(server);
    }
    log(`  cold start round ${round + 1}/${config.coldStarts}`);
  }
  return times;
};
