/**
 * Server CPU time from `/proc/PID/stat` (utime + stime, every thread of the process), in clock
 * ticks; the harness reads it before and after each run and divides by the requests served.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** Clock ticks per second (`getconf CLK_TCK`, 100 on Linux). */
export const CLOCK_TICKS: number = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

export const cpuTicks = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name, which sits in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]); // fields 14 and 15 of proc(5)
};

/** Microseconds of CPU per unit of work, from a tick count. */
export const microsPer = (ticks: number, units: number): number => (units > 0 ? (ticks * 1e6) / CLOCK_TICKS / units : NaN);
