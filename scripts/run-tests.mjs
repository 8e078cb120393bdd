/**
 * `npm test` after the build: every suite on the default transport (uWebSockets.js where a
 * native build loads, node:http elsewhere), then the runtime and example suites again on the
 * node:http transport (TYPEKILN_TRANSPORT=node), so every run checks both transports; the
 * package and CLI suites (real npm installs and compiler processes) run last, on their own.
 *
 *   npm test                          the three runs
 *   npm test -- test/runtime/http     both transport runs, only the files matching the pattern
 *   TYPEKILN_TRANSPORT=node npm test  one run, on node:http (likewise `uws`)
 *   TEST_REPORT=dir npm test          also writes each run's jest JSON report into dir
 *
 * It ends with one line per run and a closing `tests: N passed, M failed` line.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const jest = path.join(path.dirname(new URL(import.meta.url).pathname), "..", "node_modules", "jest", "bin", "jest.js");
const args = process.argv.slice(2);
const fixed = process.env.TYPEKILN_TRANSPORT;
// Suites that run npm, the compiler and the CLI as processes: on their own, after the others, so
// their CPU does not starve the suites that time sockets (a whole run, or one without patterns).
const PROCESS_SUITES = ["test/package", "test/cli"];
const apart = args.length === 0;
const runs = fixed !== undefined && fixed !== ""
  ? [{ name: fixed, env: {}, files: [] }]
  : [
      { name: "default transport", env: {}, files: apart ? PROCESS_SUITES.map((dir) => `--testPathIgnorePatterns=/${dir}/`) : [] },
      { name: "node transport", env: { TYPEKILN_TRANSPORT: "node" }, files: apart ? ["test/runtime", "test/examples"] : [] },
      ...(apart ? [{ name: "package and CLI processes", env: {}, files: PROCESS_SUITES }] : []),
    ];
const reports = process.env.TEST_REPORT ?? fs.mkdtempSync(path.join(os.tmpdir(), "typekiln-tests-"));
fs.mkdirSync(reports, { recursive: true });

let failedRuns = 0;
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
for (const [i, run] of runs.entries()) {
  const report = path.join(reports, `jest-${i + 1}.json`);
  console.log(`\n== tests on the ${run.name} (${process.execPath} ${process.version}) ==`);
  const result = spawnSync(process.execPath, [jest, ...run.files, ...args, "--json", `--outputFile=${report}`], {
    stdio: "inherit",
    env: { ...process.env, ...run.env },
  });
  if (result.status !== 0) failedRuns++;
  let summary = `no report (jest exited ${result.status ?? result.signal})`;
  if (fs.existsSync(report)) {
    const r = JSON.parse(fs.readFileSync(report, "utf8"));
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests;
    totals.skipped += r.numPendingTests;
    summary = `${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`;
  }
  lines.push(`${run.name}: ${summary}`);
}
console.log("");
for (const line of lines) console.log(line);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed` + (totals.skipped ? `, ${totals.skipped} skipped` : ""));
process.exit(failedRuns === 0 ? 0 : 1);
