/**
 * Bundles the runtime into one file, dist/runtime/index.js (run by `npm run build`, after tsc).
 * Every dependency stays a `require` of its package, except typia: the few helpers of typia's that
 * generated code calls (`runtime/typia-helpers.ts`) are carried inside, so they load, and are
 * code-cached, with the runtime (see `runtime/entry.ts`).
 */
import { build } from "esbuild";
import { readFileSync } from "node:fs";

const { dependencies } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

await build({
  entryPoints: ["runtime/index.ts"],
  outfile: "dist/runtime/index.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  external: Object.keys(dependencies).filter((name) => name !== "typia"),
  sourcemap: true,
  logLevel: "warning",
});
