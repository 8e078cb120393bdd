/**
 * `typekiln openapi`: builds the project, loads the module that exports the app (never its
 * server: `listen()` is refused while the module loads) and writes the app's OpenAPI or AsyncAPI
 * document, for client generators in CI.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { App } from "../runtime/index";
import { compile, report } from "./build";
import { CliError, outputOf, type Project } from "./project";

export interface OpenApiOptions {
  /** The source file that exports the app. */
  readonly module: string;
  readonly out?: string;
  readonly asyncapi: boolean;
}

type Runtime = typeof import("../runtime/index");

export function openapi(project: Project, options: OpenApiOptions): number {
  const built = compile(project, true);
  if (report(project, built, "openapi") !== 0) return 1;
  const js = outputOf(project, options.module);
  const app = loadApp(js, options.module);
  const document = options.asyncapi ? app.asyncapi() : app.openapi();
  const text = `${JSON.stringify(document, null, 2)}\n`;
  if (options.out === undefined) {
    process.stdout.write(text);
  } else {
    mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
    writeFileSync(options.out, text);
    console.error(`typekiln openapi: wrote ${options.out}`);
  }
  return 0;
}

/** The app `js` exports (`app`, the default export, or the one App among its exports). */
function loadApp(js: string, source: string): App {
  // The runtime the app itself resolves, so `instanceof` and the patched listen() are its own.
  const runtime = require(require.resolve("typekiln", { paths: [path.dirname(js)] })) as Runtime;
  const listen = runtime.App.prototype.listen;
  runtime.App.prototype.listen = () => {
    throw new CliError(`${source} calls listen() when it is loaded: export the app from a module that does not start it (as the starter's src/app.ts does)`);
  };
  let exports: Record<string, unknown>;
  try {
    exports = require(js) as Record<string, unknown>;
  } finally {
    runtime.App.prototype.listen = listen;
  }
  const apps = [exports.app, exports.default, ...Object.values(exports)].filter((value): value is App => value instanceof runtime.App);
  if (apps.length === 0) throw new CliError(`${source} exports no App: export it (export const app = new App(...))`);
  return apps[0]!;
}
