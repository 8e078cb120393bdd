/**
 * Bundles the runtime into one file, dist/runtime/index.js (run by `npm run build`, after tsc).
 * Every dependency stays a `require` of its package, except typia: the few helpers of typia's that
 * generated code calls (`runtime/validation/typia-helpers.ts`) are carried inside, so they load, and are
 * code-cached, with the runtime (see `runtime/entry.ts`).
 *
 * The file is one expression around the bundle. `entry.js` compiles the text as it stands (a
 * script whose value is the module function, so no wrapped copy of 180 KB is made at each start);
 * loaded as a CommonJS module instead (no cache, source maps, jest), the same text runs itself.
 * The two are told apart by `arguments`: a script's top level has none, while every CommonJS
 * loader (Node's, jest's, a bundler's) runs a module's text inside a function.
 */
import { build } from "esbuild";
import { readFileSync } from "node:fs";

const { dependencies, peerDependencies } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

await build({
  entryPoints: ["runtime/index.ts"],
  outfile: "dist/runtime/index.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  external: [...Object.keys(dependencies), ...Object.keys(peerDependencies)].filter((name) => name !== "typia"),
  sourcemap: true,
  banner: {
    js: "(typeof arguments === \"undefined\" ? (run) => run : (run) => void run.call(exports, exports, require, module, __filename, __dirname))"
      + "(function (exports, require, module, __filename, __dirname) {",
  },
  footer: { js: "});" },
  logLevel: "warning",
});
