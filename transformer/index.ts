/**
 * The typekiln transformer, run by ts-patch. Add it to tsconfig.json:
 *
 * @example
 * { "compilerOptions": { "plugins": [{ "transform": "typekiln/transformer" }] } }
 */
import ts from "typescript";
import { compilerOptionsDiagnostic } from "./compiler-options";
import { createContext } from "./context";
import { transformFile } from "./file-transformer";
import { typescriptInstallOf, typescriptProblem } from "./toolchain";

export { DIAGNOSTICS, type DiagnosticCode } from "./diagnostics";

/** Options from the plugin entry in tsconfig.json; none yet. */
export type TypekilnTransformerConfig = Record<string, never>;

interface Extras {
  readonly addDiagnostic: (diagnostic: ts.Diagnostic) => number;
}

/** ts-patch "program" entry point. */
export default function typekilnTransformer(
  program: ts.Program,
  _config?: TypekilnTransformerConfig,
  extras?: Extras,
): ts.TransformerFactory<ts.SourceFile> {
  const problem = typescriptProblem(typescriptInstallOf(ts));
  if (problem !== undefined) throw new Error(`typekiln/transformer cannot run: ${problem}`);
  const addDiagnostic = extras?.addDiagnostic ?? ((diagnostic: ts.Diagnostic) => {
    throw new Error(String(diagnostic.messageText));
  });
  const refused = compilerOptionsDiagnostic(program.getCompilerOptions());
  if (refused !== undefined) {
    // Nothing is generated from types read without strictNullChecks: each route then fails at
    // start-up for want of a manifest instead of serving with validators that accept null.
    addDiagnostic(refused);
    return () => (file) => file;
  }
  const context = createContext({ program, addDiagnostic });
  return (transformation) => transformFile(context, transformation);
}
