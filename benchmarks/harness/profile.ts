/**
 * Runs `s6-profile.ts` (S6's pieces timed in-process) pinned to core 0, after the rounds, and
 * reads the JSON line it prints. Its figures go into results.json and RESULTS.md's "Where the time
 * goes in S6".
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { ProfilePiece } from "./results";

const run = promisify(execFile);

export const profileS6 = async (distDir: string): Promise<ProfilePiece[]> => {
  const { stdout } = await run("taskset", ["-c", "0", process.execPath, path.join(distDir, "s6-profile.js")], {
    env: { ...process.env, NODE_ENV: "production" },
    timeout: 120_000,
  });
  return JSON.parse(stdout.trim().split("\n").pop()!) as ProfilePiece[];
};
