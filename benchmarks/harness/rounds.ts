/**
 * The timed rounds: one discarded warm-up run of every server on every scenario, then
 * `config.rounds` rounds, the server order rotated each round and reversed on odd ones.
 */
import os from "node:os";
import type { BenchConfig } from "./config";
import type { RunningServer } from "./fleet";
import { measure, type Sample } from "./load";
import type { Scenario } from "./scenarios";
import { orderFor } from "./stats";

export type Samples = Record<string, Record<string, Sample[]>>;

export interface Timing {
  readonly samples: Samples;
  /** The 1-minute load average after each round: about 2 is this run alone, more is someone else. */
  readonly loads: readonly number[];
}

export const timeRounds = async (
  config: BenchConfig,
  fleet: readonly RunningServer[],
  scenarios: readonly Scenario[],
  distDir: string,
  log: (line: string) => void,
): Promise<Timing> => {
  const samples: Samples = Object.fromEntries(fleet.map((s) => [s.spec.key, {}]));
  const loads: number[] = [];
  for (let round = 0; round <= config.rounds; round++) {
    const started = Date.now();
    const order = orderFor(fleet, round);
    for (const scenario of scenarios)
      for (const server of order) {
        if (scenario.kind === "ws" && !server.spec.websocket) continue;
        const sample = await measure(config, server, scenario, distDir);
        if (round > 0) (samples[server.spec.key]![scenario.id] ??= []).push(sample);
      }
    const what = round === 0 ? "warm-up (discarded)" : `round ${round}/${config.rounds}`;
    const load = os.loadavg()[0]!;
    if (round > 0) loads.push(load);
    log(`  ${what}: ${order.map((s) => s.spec.key).join(" → ")} (${((Date.now() - started) / 1000).toFixed(0)} s, load ${load.toFixed(2)})`);
  }
  return { samples, loads };
};
