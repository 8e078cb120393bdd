/**
 * A project of the user's kind in a temporary directory, for tests that run the `typekiln` CLI as
 * a real process: a tsconfig.json with the plugin, source files, and the repository's
 * node_modules (which hold typekiln itself, TypeScript and ts-patch) linked in.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./compile";

export const CLI = path.join(ROOT, "dist/cli/index.js");

export const TSCONFIG = {
  compilerOptions: {
    target: "ES2022", module: "Node16", moduleResolution: "Node16", lib: ["ES2022"], types: ["node"],
    strict: true, skipLibCheck: true, rootDir: "src", outDir: "dist",
    plugins: [{ transform: "typekiln/transformer" }],
  },
  include: ["src"],
};

export interface TempProject {
  readonly dir: string;
  write(file: string, text: string): void;
  /** Runs `typekiln …` to the end. */
  run(...args: string[]): SpawnSyncReturns<string>;
  /** Starts `typekiln …` and leaves it running. */
  start(args: readonly string[], env?: NodeJS.ProcessEnv): ChildProcess;
  remove(): void;
}

export function tempProject(files: Record<string, string>): TempProject {
  const dir = mkdtempSync(path.join(os.tmpdir(), "typekiln-cli-"));
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  write("tsconfig.json", JSON.stringify(TSCONFIG, null, 2));
  for (const [file, text] of Object.entries(files)) write(file, text);
  return {
    dir,
    write,
    run: (...args) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: "utf8", timeout: 120_000 }),
    start: (args, env = {}) => spawn(process.execPath, [CLI, ...args], { cwd: dir, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Whether a process with this pid exists (signal 0 checks without sending anything). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
