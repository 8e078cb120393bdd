/**
 * Bundles the transformer into one file, dist/transformer/index.js (run by `npm run build`, after
 * tsc), with typia's code generators (`@typia/core`, `@typia/utils`, `@typia/interface`) inside it.
 * The package then carries the exact typia its generated code was written against: installing
 * typekiln installs no typia, and a typia the app installs itself (another major, say) is never
 * loaded by the plugin. `typescript` stays a `require`: the plugin must use the compiler ts-patch
 * runs, the app's own.
 */
import { build } from "esbuild";

await build({
  entryPoints: ["transformer/index.ts"],
  outfile: "dist/transformer/index.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  external: ["typescript"],
  sourcemap: true,
  legalComments: "inline",
  logLevel: "warning",
});
