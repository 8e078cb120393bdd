/**
 * `typekiln build` and `typekiln check`: one full compile with the project's plugins. `check`
 * emits too, into a writer that discards everything: typekiln's diagnostics come from its
 * transformer, which runs only while emitting (`tsc --noEmit` and `tspc --noEmit` never see them).
 */
import type ts from "typescript";
import { formatDiagnostic, isError, type Project } from "./project";

export interface BuildResult {
  readonly diagnostics: readonly ts.Diagnostic[];
  readonly errors: number;
}

/** Compiles `project`; writes its output unless `write` is false. */
export function compile(project: Project, write: boolean): BuildResult {
  const { ts: compiler, config } = project;
  const program = compiler.createProgram({
    rootNames: config.fileNames,
    options: write ? config.options : { ...config.options, noEmit: false, noEmitOnError: false },
    projectReferences: config.projectReferences,
    configFileParsingDiagnostics: compiler.getConfigFileParsingDiagnostics(config),
  });
  const discard: ts.WriteFileCallback = () => undefined;
  const emitted = program.emit(undefined, write ? undefined : discard);
  const diagnostics = compiler.sortAndDeduplicateDiagnostics([
    ...compiler.getPreEmitDiagnostics(program),
    ...emitted.diagnostics,
  ]);
  return { diagnostics, errors: diagnostics.filter((diagnostic) => isError(compiler, diagnostic)).length };
}

/** Prints each diagnostic and a closing count; the exit code the command should give. */
export function report(project: Project, result: BuildResult, what: string): number {
  for (const diagnostic of result.diagnostics) console.error(formatDiagnostic(project.ts, diagnostic));
  if (result.errors > 0) {
    console.error(`typekiln ${what}: ${result.errors} error${result.errors === 1 ? "" : "s"}`);
    return 1;
  }
  return 0;
}
