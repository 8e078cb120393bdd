/**
 * Bundles the transformer, dist/transformer/index.js, and the editor plugin that runs its analysis,
 * dist/transformer/language-service.js, each into one file (run by `npm run build`, after tsc), with
 * typia's code generators (`@typia/core`, `@typia/utils`, `@typia/interface`) inside.
 * The package then carries the exact typia its generated code was written against: installing
 * typekiln installs no typia, and a typia the app installs itself (another major, say) is never
 * loaded by the plugin. `typescript` stays a `require`: the plugin must use the compiler ts-patch
 * runs, the app's own.
 */
import { build } from "esbuild";

await build({
  entryPoints: ["transformer/index.ts", "transformer/language-service.ts"],
  outdir: "dist/transformer",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  external: ["typescript"],
  sourcemap: true,
  legalComments: "inline",
  logLevel: "warning",
});
