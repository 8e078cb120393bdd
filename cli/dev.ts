/**
 * `typekiln dev`: the project's build in watch mode (TypeScript's watch API on the ts-patch
 * compiler, so each change recompiles what it affects with the plugin) and the server it serves.
 * A build without errors restarts the server; a build with errors prints them (TK codes and all)
 * and leaves the last good server running. SIGINT or SIGTERM stops the watch and the server,
 * and exits once the server has exited.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type ts from "typescript";
import { formatDiagnostic, isError, outputOf, type Project } from "./project";

export interface DevOptions {
  /** The source file that starts the server. */
  readonly entry: string;
  /** Arguments for the server. */
  readonly args: readonly string[];
}

/** How long a server has to exit after SIGTERM before it is killed. */
const STOP_TIMEOUT_MS = 5000;

/** TypeScript's watch status messages that open a compile: "Starting compilation…", "File change detected…". */
const STARTING = new Set([6031, 6032]);
/** "Found 0 errors. Watching for file changes." and its plurals. */
const FINISHED = new Set([6193, 6194]);

const log = (text: string) => console.error(`[typekiln dev] ${text}`);

export function dev(project: Project, options: DevOptions): Promise<number> {
  const { ts: compiler } = project;
  const js = outputOf(project, options.entry);
  const server = new ServerProcess(js, options.args);
  let errors = 0;
  let startedAt = 0;

  const reportDiagnostic = (diagnostic: ts.Diagnostic) => {
    if (isError(compiler, diagnostic)) errors++;
    console.error(formatDiagnostic(compiler, diagnostic));
  };
  const reportStatus = (diagnostic: ts.Diagnostic, _newLine: string, _options: ts.CompilerOptions, errorCount?: number) => {
    if (STARTING.has(diagnostic.code)) {
      errors = 0;
      startedAt = Date.now();
      log(diagnostic.code === 6031 ? "building…" : "change detected, rebuilding…");
      return;
    }
    if (!FINISHED.has(diagnostic.code)) return;
    const count = errorCount ?? errors;
    const took = `${Date.now() - startedAt} ms`;
    if (count === 0) {
      log(`built in ${took}; ${server.running ? "restarting" : "starting"} ${path.relative(process.cwd(), js)}`);
      server.restart();
    } else {
      log(`${count} error${count === 1 ? "" : "s"} (${took}); ${server.running ? "the server keeps running the last good build" : "no server until the build succeeds"}. Watching for changes.`);
    }
  };

  const host = compiler.createWatchCompilerHost(
    project.configPath, {}, compiler.sys, compiler.createEmitAndSemanticDiagnosticsBuilderProgram, reportDiagnostic, reportStatus,
  );
  const watch = compiler.createWatchProgram(host);

  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      log(`${signal}: stopping`);
      watch.close();
      void server.stop().then(() => resolve(0));
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

/** The server: one child process at a time, each stopped (and gone) before the next starts. */
class ServerProcess {
  #child: ChildProcess | undefined;
  /** Restarts and stops run one after another. */
  #queue: Promise<void> = Promise.resolve();

  constructor(private readonly js: string, private readonly args: readonly string[]) {}

  get running(): boolean {
    return this.#child !== undefined;
  }

  restart(): void {
    this.#queue = this.#queue.then(async () => {
      await this.#stop();
      this.#start();
    });
  }

  stop(): Promise<void> {
    this.#queue = this.#queue.then(() => this.#stop());
    return this.#queue;
  }

  #start(): void {
    const preload = path.join(__dirname, "dev-preload.js");
    const child = spawn(process.execPath, ["--require", preload, this.js, ...this.args], {
      stdio: ["inherit", "inherit", "inherit", "ipc"],
      env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? "development" },
    });
    this.#child = child;
    child.on("exit", (code, signal) => {
      if (this.#child !== child) return;
      this.#child = undefined;
      log(`the server exited (${signal ?? `code ${code}`}); waiting for a change`);
    });
  }

  async #stop(): Promise<void> {
    const child = this.#child;
    if (child === undefined) return;
    this.#child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
}
