/**
 * How a benchmark server tells the harness it is listening: one line on stdout,
 * `ready <port> <epoch ms>`. The timestamp is the wall clock with sub-millisecond precision, the
 * same clock the harness reads before spawning, so cold start (S0) is `ready - spawned`.
 */
import { performance } from "node:perf_hooks";

export const announceReady = (port: number): void => {
  process.stdout.write(`ready ${port} ${(performance.timeOrigin + performance.now()).toFixed(3)}\n`);
};

/** The port the harness asked for. */
export const requestedPort = (): number => {
  const port = Number(process.env.PORT);
  if (!Number.isInteger(port) || port <= 0) throw new Error("PORT must be set to a port number");
  return port;
};
