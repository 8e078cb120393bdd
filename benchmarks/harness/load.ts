/**
 * One timed run: the load generator pinned to core 1 (`taskset -c 1`), the server's CPU read
 * from /proc before and after. wrk for HTTP (one thread, no pipelining), the native batching
 * client for WebSocket.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { BenchConfig } from "./config";
import { isAlive, type RunningServer } from "./fleet";
import { cpuTicks, microsPer } from "./proc-cpu";
import type { HttpScenario, Scenario, WsScenario } from "./scenarios";

const run = promisify(execFile);

export interface Sample {
  /** Requests (or WebSocket messages) per second, as the client counted them. */
  readonly rate: number;
  /** Server CPU microseconds per request (or message). */
  readonly cpuUs: number;
  readonly units: number;
  /** Answers that were not 2xx/3xx (wrk), and socket errors; both should be 0 but for S4. */
  readonly non2xx: number;
  readonly socketErrors: number;
}

/** Parses wrk's summary. */
export const parseWrk = (out: string): { requests: number; seconds: number; non2xx: number; socketErrors: number } => {
  const total = /(\d+) requests in ([\d.]+)(us|ms|s|m)/.exec(out);
  if (total === null) throw new Error(`unexpected wrk output:\n${out}`);
  const unit = { us: 1e-6, ms: 1e-3, s: 1, m: 60 }[total[3] as "us" | "ms" | "s" | "m"];
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    requests: Number(total[1]),
    seconds: Number(total[2]) * unit,
    non2xx: non2xx === null ? 0 : Number(non2xx[1]),
    socketErrors: errors === null ? 0 : errors.slice(1).reduce((sum, n) => sum + Number(n), 0),
  };
};

const http = async (config: BenchConfig, server: RunningServer, scenario: HttpScenario): Promise<Sample> => {
  const args = ["-c", "1", "wrk", "-t1", `-c${config.connections}`, `-d${config.durationSeconds}s`, "--timeout", "5s"];
  if (scenario.script !== undefined) args.push("-s", scenario.script);
  for (const header of scenario.headers ?? []) args.push("-H", header);
  args.push(`http://127.0.0.1:${server.port}${scenario.path}`);
  const before = cpuTicks(server.pid);
  const { stdout, stderr } = await run("taskset", args, { maxBuffer: 1 << 20 });
  const ticks = cpuTicks(server.pid) - before;
  // wrk reports a broken Lua script on stderr and then runs a plain GET: never time that.
  if (stderr.trim() !== "") throw new Error(`wrk complained on ${scenario.id}:\n${stderr}`);
  const result = parseWrk(stdout);
  return {
    rate: result.requests / result.seconds,
    cpuUs: microsPer(ticks, result.requests),
    units: result.requests,
    non2xx: result.non2xx,
    socketErrors: result.socketErrors,
  };
};

const websocket = async (config: BenchConfig, server: RunningServer, scenario: WsScenario, client: string): Promise<Sample> => {
  const args = ["-c", "1", client, String(server.port), scenario.path, String(config.wsConnections), String(config.wsWindow)];
  args.push(String(config.durationSeconds), scenario.mode, scenario.payload);
  const before = cpuTicks(server.pid);
  const { stdout } = await run("taskset", args, { timeout: (config.durationSeconds + 30) * 1000 });
  const ticks = cpuTicks(server.pid) - before;
  const match = /messages=(\d+) seconds=([\d.]+)/.exec(stdout);
  if (match === null) throw new Error(`unexpected ws-bench output:\n${stdout}`);
  const messages = Number(match[1]);
  return { rate: messages / Number(match[2]), cpuUs: microsPer(ticks, messages), units: messages, non2xx: 0, socketErrors: 0 };
};

export const measure = async (config: BenchConfig, server: RunningServer, scenario: Scenario, distDir: string): Promise<Sample> => {
  const sample =
    scenario.kind === "http"
      ? await http(config, server, scenario)
      : await websocket(config, server, scenario, path.join(distDir, "ws-bench"));
  if (!isAlive(server)) throw new Error(`${server.spec.label} died during ${scenario.id}:\n${server.output()}`);
  return sample;
};
