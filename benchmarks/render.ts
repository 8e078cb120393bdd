/**
 * Writes benchmarks/RESULTS.md and the chart again from benchmarks/results.json, without timing
 * anything: for a report whose notes (benchmarks/PROFILE.md) changed after the run.
 * `npm run bench:report`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { checkBars } from "./harness/bars";
import { renderChart } from "./harness/chart";
import { renderReport } from "./harness/report";
import type { RunResults } from "./harness/results";

const OUT = path.resolve(__dirname, "../../benchmarks");
const CHART = "results-chart.svg";
const results = JSON.parse(readFileSync(path.join(OUT, "results.json"), "utf8")) as RunResults;
writeFileSync(path.join(OUT, CHART), renderChart(results));
writeFileSync(path.join(OUT, "RESULTS.md"), renderReport(results, checkBars(results), CHART));
console.log("wrote benchmarks/RESULTS.md and benchmarks/results-chart.svg from benchmarks/results.json");
