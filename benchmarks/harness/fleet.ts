/**
 * The servers under test and their processes: each a Node process pinned to core 0
 * (`taskset -c 0`) with NODE_ENV=production, ready when it prints `ready <port> <ms>`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { ServerId } from "./config";

export interface ServerSpec {
  /** Unique per process: raw uWS runs twice, as `raw-a` and `raw-b` (the A/A noise floor). */
  readonly key: string;
  readonly id: ServerId;
  readonly label: string;
  readonly entry: string;
  /** The status it answers invalid input with, in its own idiom. */
  readonly rejectStatus: number;
  /** Whether it serves the S5 WebSocket routes yet. */
  readonly websocket: boolean;
  /** The HTTP server underneath; the gate checks it from the answers (uWS adds a `uWebSockets` header). */
  readonly transport: "uws" | "node";
  /** Environment the process gets on top of the harness's (`TYPEKILN_TRANSPORT` is otherwise removed). */
  readonly env?: Readonly<Record<string, string>>;
}

const DIST = path.resolve(__dirname, "..");
type Options = Partial<Pick<ServerSpec, "websocket" | "transport" | "env">>;
const server = (key: string, id: ServerId, label: string, file: string, rejectStatus: number, options: Options = {}): ServerSpec => ({
  key,
  id,
  label,
  entry: path.join(DIST, "servers", file),
  rejectStatus,
  websocket: options.websocket ?? false,
  transport: options.transport ?? "node",
  ...(options.env === undefined ? {} : { env: options.env }),
});

const UWS = { websocket: true, transport: "uws" } as const;

export const ALL_SERVERS: readonly ServerSpec[] = [
  server("raw-a", "raw", "raw uWS (A)", "raw-uws.js", 422, UWS),
  server("typekiln", "typekiln", "typekiln", "typekiln.js", 422, UWS),
  server("raw-node", "raw-node", "raw node:http", "raw-node.js", 422),
  server("typekiln-node", "typekiln-node", "typekiln (node)", "typekiln.js", 422, { env: { TYPEKILN_TRANSPORT: "node" } }),
  server("fastify", "fastify", "Fastify 5", "fastify.js", 400),
  server("express", "express", "Express 5", "express.js", 400),
  server("hono", "hono", "Hono (node-server)", "hono.js", 400),
  server("raw-b", "raw", "raw uWS (B)", "raw-uws.js", 422, UWS),
];

export interface RunningServer {
  readonly spec: ServerSpec;
  readonly port: number;
  readonly pid: number;
  /** Milliseconds from just before spawning to the server's own `ready` timestamp. */
  readonly startMs: number;
  /**
   * Minor page faults of the process when `ready` was read (/proc/PID/stat field 10): about the pages
   * it touched to start, a count that does not depend on the machine's price of a first touch.
   * Undefined without /proc.
   */
  readonly startFaults: number | undefined;
  readonly child: ChildProcess;
  /** The last lines the process wrote, for error messages. */
  readonly output: () => string;
}

/**
 * Minor page faults so far of a process and its threads, or undefined if /proc cannot say. The child
 * is `taskset -c 0 node`: taskset execs node in the same process, and the count carries the few
 * dozen faults taskset made before the exec.
 */
const minorFaults = (pid: number | undefined): number | undefined => {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which sits in parentheses and may itself hold ") ".
    const faults = Number(stat.slice(stat.lastIndexOf(") ") + 2).split(" ")[7]);
    return Number.isFinite(faults) ? faults : undefined;
  } catch {
    return undefined;
  }
};

/** A server's environment: the harness's, its port, production mode, and the spec's own settings. */
const environment = (spec: ServerSpec, port: number, extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", PORT: String(port), ...extra };
  delete env.TYPEKILN_TRANSPORT; // a row's transport is its spec's, whatever the shell exported
  return { ...env, ...spec.env };
};

/**
 * Starts one server and resolves once it listens; rejects if it exits or stays silent. `extra` is
 * more environment: cold starts pass `BENCH_ARTICLES=0`.
 */
export const startServer = (
  spec: ServerSpec,
  port: number,
  extra: Readonly<Record<string, string>> = {},
  timeoutMs = 20_000,
): Promise<RunningServer> =>
  new Promise((resolve, reject) => {
    const spawnedAt = performance.timeOrigin + performance.now();
    const child = spawn("taskset", ["-c", "0", process.execPath, spec.entry], {
      env: environment(spec, port, extra),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    let ready = false;
    const output = () => log.slice(-2000);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${spec.label} (${path.basename(spec.entry)}, port ${port}) ${why}\n${output()}`));
    };
    const timer = setTimeout(() => fail(`did not print "ready" within ${timeoutMs} ms`), timeoutMs);
    child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
    child.stdout!.on("data", (chunk: Buffer) => {
      log += chunk.toString();
      const match = /^ready (\d+) ([\d.]+)$/m.exec(log);
      if (ready || match === null) return;
      ready = true;
      const startFaults = minorFaults(child.pid);
      clearTimeout(timer);
      resolve({ spec, port, pid: child.pid!, startMs: Number(match[2]) - spawnedAt, startFaults, child, output });
    });
    child.on("error", (error) => fail(`could not start: ${error.message}`));
    child.on("exit", (code, signal) => {
      if (!ready) fail(`exited before listening (code ${code}, signal ${signal})`);
    });
  });

export const isAlive = (server: RunningServer): boolean => server.child.exitCode === null && server.child.signalCode === null;

/** Stops a server: SIGTERM, then SIGKILL if it lingers. */
export const stopServer = (server: RunningServer): Promise<void> =>
  new Promise((resolve) => {
    if (!isAlive(server)) return resolve();
    const timer = setTimeout(() => server.child.kill("SIGKILL"), 2000);
    server.child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    server.child.kill("SIGTERM");
  });
