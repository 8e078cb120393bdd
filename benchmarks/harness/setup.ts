/**
 * Everything a run needs before the first server starts: wrk and a C compiler (installed with
 * apt-get when missing), the runtime and transformer, the typekiln server built by `tspc`, and the
 * native WebSocket client.
 */
import { execFileSync, execSync } from "node:child_process";
import path from "node:path";

const has = (tool: string): boolean => {
  try {
    execSync(`command -v ${tool}`, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

const step = (log: (line: string) => void, what: string, command: string, cwd: string): void => {
  log(`  ${what}: ${command}`);
  execSync(command, { cwd, stdio: ["ignore", "inherit", "inherit"] });
};

let aptUpdated = false;
const aptInstall = (log: (line: string) => void, packages: string): void => {
  if (process.getuid?.() !== 0) throw new Error(`missing ${packages}: install it (apt-get install ${packages}) or run as root`);
  if (!aptUpdated) step(log, "apt index", "apt-get update -qq", "/");
  aptUpdated = true;
  step(log, "install", `DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages}`, "/");
};

export const ensureTools = (log: (line: string) => void): void => {
  if (!has("wrk")) aptInstall(log, "wrk");
  if (!has("cc")) aptInstall(log, "gcc libc6-dev");
  if (!has("taskset")) aptInstall(log, "util-linux");
};

export interface BuildPlan {
  readonly root: string;
  readonly distDir: string;
  readonly typekiln: boolean;
}

export const build = (log: (line: string) => void, plan: BuildPlan): void => {
  const client = path.join(plan.distDir, "ws-bench");
  step(log, "WebSocket client", `cc -O2 -o ${client} benchmarks/ws-client/ws-bench.c`, plan.root);
  if (!plan.typekiln) return;
  step(log, "runtime and transformer", "npm run build --silent", plan.root);
  step(log, "typekiln server", "npx tspc -p benchmarks/tsconfig.json", plan.root);
};

export const toolVersion = (command: string, args: string[]): string => {
  try {
    return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).split("\n")[0]!.trim();
  } catch (error) {
    // wrk prints its version and exits 1
    return String((error as { stdout?: string }).stdout ?? "").split("\n")[0]!.trim() || "unknown";
  }
};
