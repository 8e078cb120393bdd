/**
 * The app's project as the CLI sees it: the compiler it builds with (the app's own TypeScript,
 * patched in memory by the app's ts-patch, as `tspc` does, so every plugin in tsconfig.json runs),
 * its parsed tsconfig.json, where a source file's JavaScript goes, and diagnostics printed one
 * per line.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type ts from "typescript";
import { toolchainProblems } from "../transformer/toolchain";

/** A failure the CLI reports as one line and exit code 1 (no stack: it is the user's setup). */
export class CliError extends Error {}

export interface Project {
  readonly ts: typeof ts;
  /** The project's directory (where tsconfig.json is). */
  readonly dir: string;
  readonly configPath: string;
  readonly config: ts.ParsedCommandLine;
}

/**
 * ts-patch's in-memory compiler from the app's own node_modules: its TypeScript, not one the CLI
 * brings, so the program, the plugin and the app's types agree. A missing or wrong install (no
 * ts-patch, TypeScript 7) is refused with what to pin, as the editor plugin does.
 */
export function loadCompiler(dir: string): typeof ts {
  const problems = toolchainProblems(dir);
  if (problems.length > 0) throw new CliError(problems.join("\n"));
  return require(require.resolve("ts-patch/compiler", { paths: [dir] })) as typeof ts;
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
 * One diagnostic as tsc prints it without --pretty, `src/app.ts(3,9): error TS901001: TK1001: Path
 * parameter …` (typekiln's TKnnnn is reported as TS90nnnn), the line VS Code's `$tsc` problem
 * matcher reads.
 */
export function formatDiagnostic(compiler: typeof ts, diagnostic: ts.Diagnostic, cwd = process.cwd()): string {
  return compiler.formatDiagnostic(diagnostic, {
    getCurrentDirectory: () => cwd,
    getCanonicalFileName: (fileName) => fileName,
    getNewLine: () => "\n",
  }).trimEnd();
}

export const isError = (compiler: typeof ts, diagnostic: ts.Diagnostic): boolean =>
  diagnostic.category === compiler.DiagnosticCategory.Error;
