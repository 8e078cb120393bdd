/**
 * The app's project as the CLI sees it: the compiler it builds with (the app's own TypeScript,
 * patched in memory by the app's ts-patch, as `tspc` does, so every plugin in tsconfig.json runs),
 * its parsed tsconfig.json, where a source file's JavaScript goes, and diagnostics printed one
 * per line.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type ts from "typescript";

/** A failure the CLI reports as one line and exit code 1 (no stack: it is the user's setup). */
export class CliError extends Error {}

export interface Project {
  readonly ts: typeof ts;
  /** The project's directory (where tsconfig.json is). */
  readonly dir: string;
  readonly configPath: string;
  readonly config: ts.ParsedCommandLine;
}

const INSTALL = "npm install -D typescript@5.9 ts-patch@3.3";

/**
 * ts-patch's in-memory compiler from the app's own node_modules: its TypeScript, not one the CLI
 * brings, so the program, the plugin and the app's types agree.
 */
export function loadCompiler(dir: string): typeof ts {
  let resolved: string;
  try {
    resolved = require.resolve("ts-patch/compiler", { paths: [dir] });
    require.resolve("typescript", { paths: [dir] });
  } catch {
    throw new CliError(`typekiln builds with the project's TypeScript 5.9 and ts-patch 3.3, and found none from ${dir}: ${INSTALL}`);
  }
  const compiler = require(resolved) as typeof ts;
  if (!/^5\./.test(compiler.version)) {
    throw new CliError(`typekiln needs TypeScript 5.x (the compiler plugins run in; 7 has no plugin API), found ${compiler.version}: ${INSTALL}`);
  }
  return compiler;
}

/** The project of `tsconfig.json` in `dir` (or the file `project` names). */
export function loadProject(dir: string, project = "tsconfig.json"): Project {
  const configPath = path.resolve(dir, project);
  if (!existsSync(configPath)) throw new CliError(`no ${path.relative(process.cwd(), configPath) || configPath} here: run typekiln in the project's directory, or pass --project`);
  const compiler = loadCompiler(path.dirname(configPath));
  const config = compiler.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...compiler.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new CliError(compiler.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    },
  });
  if (config === undefined) throw new CliError(`cannot read ${configPath}`);
  const plugins = (config.options.plugins ?? []) as readonly { transform?: string }[];
  if (!plugins.some((plugin) => plugin.transform === "typekiln/transformer")) {
    throw new CliError(`${path.relative(process.cwd(), configPath)} does not run typekiln's plugin: add { "transform": "typekiln/transformer" } to compilerOptions.plugins`);
  }
  return { ts: compiler, dir: path.dirname(configPath), configPath, config };
}

/** The JavaScript file the build writes for `file` (a source file, or already a `.js` path). */
export function outputOf(project: Project, file: string): string {
  const absolute = path.resolve(file);
  if (/\.[cm]?js$/.test(absolute)) return absolute;
  if (!existsSync(absolute)) throw new CliError(`${file} does not exist`);
  const outputs = project.ts.getOutputFileNames(project.config, absolute, !project.ts.sys.useCaseSensitiveFileNames);
  const js = outputs.find((output) => /\.[cm]?js$/.test(output));
  if (js === undefined) throw new CliError(`${file} is not part of ${project.configPath} (or the project emits no JavaScript)`);
  return js;
}

/**
 * One line per diagnostic, `src/app.ts:3:9 - error TK1001: Path parameter …` (tsc's pretty=false
 * layout with the code as it is: `TS2322` for TypeScript's own, `TK1001` for typekiln's).
 */
export function formatDiagnostic(compiler: typeof ts, diagnostic: ts.Diagnostic, cwd = process.cwd()): string {
  const code = typeof diagnostic.code === "number" ? `TS${diagnostic.code}` : String(diagnostic.code).replace(/[()]/g, "");
  const category = compiler.DiagnosticCategory[diagnostic.category].toLowerCase();
  const message = compiler.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
  if (diagnostic.file === undefined || diagnostic.start === undefined) return `${category} ${code}: ${message}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${path.relative(cwd, diagnostic.file.fileName)}:${line + 1}:${character + 1} - ${category} ${code}: ${message}`;
}

export const isError = (compiler: typeof ts, diagnostic: ts.Diagnostic): boolean =>
  diagnostic.category === compiler.DiagnosticCategory.Error;
