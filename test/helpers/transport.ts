/**
 * Which transport this run of the suite serves on. `npm test` runs the suite on the default
 * transport, then the runtime and example suites with `TYPEKILN_TRANSPORT=node`, which overrides
 * every app's transport (runtime/app/transport-choice.ts). Tests of one transport's own behaviour
 * run only on it.
 */
import fs from "node:fs";
import path from "node:path";

/** What "auto" picks here: uWS where the installed build has a binary for this Node (runtime/transport/uws/uws-loader.ts). */
export const AUTO_TRANSPORT: "uws" | "node" = (() => {
  const dir = path.dirname(require.resolve("uWebSockets.js/package.json"));
  const file = `uws_${process.platform}_${process.arch}_${process.versions.modules}.node`;
  return [dir, path.join(dir, "binaries")].some((folder) => fs.existsSync(path.join(folder, file))) ? "uws" : "node";
})();

/** The transport this run serves on: `TYPEKILN_TRANSPORT`, or what "auto" picks. */
export const TRANSPORT: "uws" | "node" =
  process.env.TYPEKILN_TRANSPORT === "node" || process.env.TYPEKILN_TRANSPORT === "uws" ? process.env.TYPEKILN_TRANSPORT : AUTO_TRANSPORT;

/** node:http takes `listen({ reusePort })` from Node 22.12 and 23.1. */
export const NODE_REUSES_PORTS = (() => {
  const [major, minor] = process.versions.node.split(".").map(Number);
  return major > 23 || (major === 23 && minor >= 1) || (major === 22 && minor >= 12);
})();
