/**
 * The editor plugin's memory of each file's diagnostics. tsserver builds a new program after every
 * keystroke and asks again for the semantic diagnostics of every open file; the transformer's
 * analysis of a file with routes takes a few hundred milliseconds (typia reading its types), so a
 * file's answer is reused while the file and every project file it imports, directly or not, are
 * the same source files as when it was computed (the language service keeps an unchanged file's
 * SourceFile object from program to program), as are the project's global scripts and the options.
 */
import type ts from "typescript";

interface Entry {
  readonly options: ts.CompilerOptions;
  readonly inputs: readonly ts.SourceFile[];
  readonly diagnostics: readonly ts.Diagnostic[];
}

export class DiagnosticsCache {
  readonly #ts: typeof ts;
  readonly #entries = new Map<string, Entry>();

  /** `typescript` is the module whose syntax trees the programs hold (the editor's). */
  constructor(typescript: typeof ts) {
    this.#ts = typescript;
  }

  /** The diagnostics of `file`: remembered while its inputs are unchanged, else `compute`d. */
  get(program: ts.Program, file: ts.SourceFile, compute: () => readonly ts.Diagnostic[]): readonly ts.Diagnostic[] {
    const options = program.getCompilerOptions();
    const inputs = this.#inputsOf(program, file);
    const entry = this.#entries.get(file.fileName);
    if (entry !== undefined && entry.options === options && sameFiles(entry.inputs, inputs)) return entry.diagnostics;
    const diagnostics = compute();
    this.#entries.set(file.fileName, { options, inputs, diagnostics });
    return diagnostics;
  }

  /**
   * The other files analysed so far whose last analysis read `file` (in any version) and either
   * reported on it or pass `keep` (the editor keeps the open ones: they are analysed again anyway).
   */
  importersOf(file: ts.SourceFile, keep: (fileName: string) => boolean): string[] {
    const name = file.fileName;
    return [...this.#entries]
      .filter(([other, entry]) => other !== name && entry.inputs.some((input) => input.fileName === name))
      .filter(([other, entry]) => keep(other) || entry.diagnostics.some((diagnostic) => diagnostic.file?.fileName === name))
      .map(([other]) => other);
  }

  /** `file`, the project files it imports (followed to the end), and the project's global scripts. */
  #inputsOf(program: ts.Program, file: ts.SourceFile): ts.SourceFile[] {
    const ts = this.#ts;
    const checker = program.getTypeChecker();
    const own = (source: ts.SourceFile) => !program.isSourceFileFromExternalLibrary(source) && !program.isSourceFileDefaultLibrary(source);
    const found = new Set<ts.SourceFile>([file]);
    const queue = [file];
    for (let current = queue.pop(); current !== undefined; current = queue.pop()) {
      for (const specifier of moduleSpecifiers(ts, current)) {
        const target = checker.getSymbolAtLocation(specifier)?.valueDeclaration;
        if (target === undefined || !ts.isSourceFile(target) || found.has(target) || !own(target)) continue;
        found.add(target);
        queue.push(target);
      }
    }
    const scripts = program.getSourceFiles().filter((source) => own(source) && !ts.isExternalModule(source));
    return [...found, ...scripts.filter((script) => !found.has(script))];
  }
}

const moduleSpecifiers = (ts: typeof import("typescript"), file: ts.SourceFile): ts.Expression[] =>
  file.statements.flatMap((statement) => {
    if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier !== undefined)
      return [statement.moduleSpecifier];
    if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference))
      return [statement.moduleReference.expression];
    return [];
  });

const sameFiles = (a: readonly ts.SourceFile[], b: readonly ts.SourceFile[]): boolean =>
  a.length === b.length && a.every((file, i) => file === b[i]);
