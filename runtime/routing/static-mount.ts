/**
 * Registers a static mount on the router: the prefix checked, the directory resolved to its real
 * path once (so symlink checks compare real paths), one wildcard GET route.
 */
import { realpathSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { RouteRegistry } from "./router";
import type { Logger } from "../contract/logger";
import { STARTUP_ERRORS, startupError } from "../errors/errors";
import { staticFilesPlan, type StaticOptions } from "./static-files";

export type { StaticOptions };

export function mountStatic(router: RouteRegistry, prefix: string, dir: string, options: StaticOptions, logger: Logger | undefined): void {
  const label = `GET ${prefix} (static)`;
  const bad = (option: string, expected: string) => startupError(STARTUP_ERRORS.BAD_ROUTE_OPTION, { route: label, option, expected });
  if (typeof prefix !== "string" || !prefix.startsWith("/") || prefix.includes(":") || prefix.includes("*")) throw bad("prefix", "a path starting with / without parameters");
  let root: string;
  try {
    root = realpathSync(resolve(dir));
    if (!statSync(root).isDirectory()) throw new Error("not a directory");
  } catch {
    throw bad("dir", "an existing directory");
  }
  const trimmed = prefix.replace(/\/+$/, "");
  router.add("get", `${trimmed}/*`, staticFilesPlan({ prefix: trimmed, root, options, label, logger }));
}
