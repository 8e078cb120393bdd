/**
 * What the editor plugin adds to each `semanticDiagnosticsSync` on the examples project, as an
 * editor sees it after a keystroke: two real tsservers (the project's TypeScript), one with
 * `--globalPlugins typekiln/language-service` and one without, each given the same edit (a space
 * typed at the end of the file, then removed) and asked for the file's semantic diagnostics, in
 * turns, ROUNDS times per example file. Then the same for an open file after an edit in another
 * file it does not import (examples/port-setting.ts), which the plugin answers from its cache.
 * Prints the median and p90 per file and mode, and the difference of the medians. Run after
 * `npm run build`:
 *
 *   node scripts/language-service-latency.mjs        (ROUNDS=30 by default)
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const { startTsserver } = require("./tsserver.cjs");
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const TSSERVER = path.join(ROOT, "node_modules/typescript/lib/tsserver.js");
const ROUNDS = Number(process.env.ROUNDS ?? 30);
const files = fs
  .readdirSync(path.join(ROOT, "examples"), { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".ts"))
  .map((file) => path.join(ROOT, "examples", file))
  .sort();

const servers = {
  without: startTsserver({ tsserver: TSSERVER, cwd: ROOT }),
  with: startTsserver({ tsserver: TSSERVER, cwd: ROOT, args: ["--globalPlugins", "typekiln/language-service"] }),
};

const timed = async (server, file) => {
  const started = process.hrtime.bigint();
  const diagnostics = await server.request("semanticDiagnosticsSync", { file });
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, count: diagnostics.length };
};

const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];
const endEdit = (text, typed) => {
  const lines = text.split("\n");
  const end = { line: lines.length, offset: lines.at(-1).length + 1 };
  return typed
    ? { line: end.line, offset: end.offset, endLine: end.line, endOffset: end.offset, insertString: " " }
    : { line: end.line, offset: end.offset, endLine: end.line, endOffset: end.offset + 1, insertString: "" };
};

/** ROUNDS × (an edit of `edited`, then the diagnostics of `asked`) on both servers, in turns. */
const measure = async (edited, asked) => {
  const text = fs.readFileSync(edited, "utf8");
  const times = { without: [], with: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const edit = endEdit(text, round % 2 === 0);
    // Alternate which server goes first, so neither always runs on a warmer machine.
    const order = round % 4 < 2 ? ["without", "with"] : ["with", "without"];
    for (const mode of order) {
      await servers[mode].request("change", { file: edited, ...edit });
      times[mode].push((await timed(servers[mode], asked)).ms);
    }
  }
  return times;
};

const row = (file, times, first) => {
  const median = { without: quantile(times.without, 0.5), with: quantile(times.with, 0.5) };
  return (
    `| ${path.relative(ROOT, file)} | ${median.without.toFixed(1)} / ${quantile(times.without, 0.9).toFixed(1)} | ` +
    `${median.with.toFixed(1)} / ${quantile(times.with, 0.9).toFixed(1)} | ${(median.with - median.without).toFixed(1)} |` +
    (first === undefined ? "" : ` ${first.without.toFixed(0)} / ${first.with.toFixed(0)} |`)
  );
};

const OTHER = path.join(ROOT, "examples/port-setting.ts");
const own = [];
const other = [];
try {
  for (const [mode, server] of Object.entries(servers))
    for (const file of files) await server.request("open", { file, fileContent: fs.readFileSync(file, "utf8") });
  for (const file of files) {
    const first = {};
    for (const [mode, server] of Object.entries(servers)) first[mode] = (await timed(server, file)).ms;
    own.push(row(file, await measure(file, file), first));
  }
  for (const file of files.filter((file) => file !== OTHER)) other.push(row(file, await measure(OTHER, file)));
} finally {
  await Promise.all(Object.values(servers).map((server) => server.close()));
}
console.log(`semanticDiagnosticsSync of a file after an edit of that file, ${ROUNDS} rounds per file, ms (median / p90)`);
console.log("| file | without plugin | with plugin | added (median) | first call without / with |");
console.log("| --- | --- | --- | --- | --- |");
for (const line of own) console.log(line);
console.log(`\nsemanticDiagnosticsSync of a file after an edit of examples/port-setting.ts, ms (median / p90)`);
console.log("| file | without plugin | with plugin | added (median) |");
console.log("| --- | --- | --- | --- |");
for (const line of other) console.log(line);
