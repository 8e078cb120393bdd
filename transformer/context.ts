/**
 * The read-only context of one compilation, shared by every file the transformer visits, and the
 * one place that decides whether a declaration belongs to typekiln's runtime.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

export interface TransformContext {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  readonly addDiagnostic: (diagnostic: ts.Diagnostic) => number;
  /** The runtime file (`app`, `markers`, …) that declares `symbol`, or undefined if not ours. */
  readonly runtimeFileOf: (symbol: ts.Symbol | undefined) => string | undefined;
}

export const createContext = (props: {
  program: ts.Program;
  addDiagnostic: (diagnostic: ts.Diagnostic) => number;
}): TransformContext => {
  const checker = props.program.getTypeChecker();
  return {
    program: props.program,
    checker,
    addDiagnostic: props.addDiagnostic,
    runtimeFileOf: (symbol) => {
      if (symbol === undefined) return undefined;
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const declaration = target.declarations?.[0];
      return declaration === undefined ? undefined : runtimeFileName(declaration.getSourceFile().fileName);
    },
  };
};

// Our API is recognised by where it is declared: a file under `runtime/` (source) or
// `dist/runtime/` (the published declarations) of the package named "typekiln".
const RUNTIME_FILE = /\/runtime\/([\w-]+)(?:\.d)?\.ts$/;
const packageNames = new Map<string, string | undefined>();

const runtimeFileName = (fileName: string): string | undefined => {
  const match = RUNTIME_FILE.exec(fileName.replace(/\\/g, "/"));
  if (match === null) return undefined;
  return packageNameOf(path.dirname(fileName)) === "typekiln" ? match[1] : undefined;
};

const packageNameOf = (directory: string): string | undefined => {
  if (packageNames.has(directory)) return packageNames.get(directory);
  const manifest = path.join(directory, "package.json");
  let name: string | undefined;
  if (fs.existsSync(manifest)) name = (JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string }).name;
  else if (path.dirname(directory) !== directory) name = packageNameOf(path.dirname(directory));
  packageNames.set(directory, name);
  return name;
};
