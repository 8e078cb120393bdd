/**
 * The transformer's diagnostics for one source file without emitting anything, for the editor
 * (`language-service.ts`) and any tool that checks without building. It runs the same file visitor
 * `tspc` runs while it emits, through `ts.transform` (the emit pipeline's transform step alone),
 * keeps the diagnostics and drops the transformed file: one analysis, whoever asks.
 */
import ts from "typescript";
import { createContext, type TransformContext } from "./context";
import { transformFile } from "./file-transformer";

/** The context of one program, built on first use: its API table is read once per program. */
const contexts = new WeakMap<ts.Program, { context: TransformContext; sink: ts.Diagnostic[] }>();

/**
 * Whether `file` can hold anything the transformer reports on: a file of the project (no
 * declaration or library file). Which calls register something is the recognisers' business alone,
 * so there is no second list of them here; the visitor walks a file without registrations in about
 * a millisecond (the examples' own), and the editor plugin remembers each file's answer.
 */
const isProjectSource = (program: ts.Program, file: ts.SourceFile): boolean =>
  !file.isDeclarationFile && !program.isSourceFileFromExternalLibrary(file) && !program.isSourceFileDefaultLibrary(file);

/**
 * Every diagnostic the transformer reports while visiting `file` of `program`, by file and position.
 * Most lie in `file`; one about a named handler's parameter lies where the handler is declared.
 */
export const fileDiagnostics = (program: ts.Program, file: ts.SourceFile): ts.Diagnostic[] => {
  if (!isProjectSource(program, file)) return [];
  let entry = contexts.get(program);
  if (entry === undefined) {
    const sink: ts.Diagnostic[] = [];
    entry = { sink, context: createContext({ program, addDiagnostic: (diagnostic) => sink.push(diagnostic) }) };
    contexts.set(program, entry);
  }
  if (!entry.context.api.importsTypekiln()) return [];
  const { context, sink } = entry;
  sink.length = 0;
  const result = ts.transform(file, [(transformation) => transformFile(context, transformation)], program.getCompilerOptions());
  result.dispose();
  const found = sink.splice(0);
  return found.sort((a, b) => (a.file?.fileName ?? "").localeCompare(b.file?.fileName ?? "") || (a.start ?? 0) - (b.start ?? 0));
};
