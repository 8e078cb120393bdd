/** What the results were measured on: CPU, cores, Node, tools, package versions, lockfile. */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { toolVersion } from "./setup";

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly kernel: string;
  readonly node: string;
  readonly wrk: string;
  readonly lockfile: string;
  readonly packages: Record<string, string>;
  readonly loadBefore: string;
  /**
   * Microseconds per first touch of a fresh 4 KB page (best of 3 over 16 MB): what each page a
   * server touches while starting costs here. Absent in runs made before it was measured.
   */
  readonly pageTouchUs?: number;
}

const PACKAGES = ["uWebSockets.js", "typia", "fastify", "express", "hono", "@hono/node-server", "ajv", "sql.js"];

const versionOf = (root: string, name: string): string => {
  try {
    return (JSON.parse(readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "missing";
  }
};

const PAGE = 4096;
const TOUCHED = 16 << 20;

/** Best of 3: a fresh, never-touched 16 MB buffer each time, one write per 4 KB page. */
const measurePageTouch = (): number => {
  let best = Infinity;
  for (let attempt = 0; attempt < 3; attempt++) {
    const started = process.hrtime.bigint();
    const buffer = Buffer.allocUnsafeSlow(TOUCHED);
    for (let i = 0; i < buffer.length; i += PAGE) buffer[i] = 1;
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e3 / (TOUCHED / PAGE));
  }
  return best;
};

export const loadAverage = (): string => os.loadavg().map((n) => n.toFixed(2)).join(" / ");

export const describeMachine = (root: string): Machine => {
  const model = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"));
  const lock = readFileSync(path.join(root, "package-lock.json"));
  return {
    cpu: model?.[1]?.trim() ?? os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    wrk: toolVersion("wrk", ["-v"]),
    lockfile: `sha256 ${createHash("sha256").update(lock).digest("hex").slice(0, 16)}`,
    packages: Object.fromEntries(PACKAGES.map((name) => [name, versionOf(root, name)])),
    loadBefore: loadAverage(),
    pageTouchUs: measurePageTouch(),
  };
};
