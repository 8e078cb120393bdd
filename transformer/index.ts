/**
 * The typekiln transformer, run by ts-patch. Add it to tsconfig.json:
 *
 * @example
 * { "compilerOptions": { "plugins": [{ "transform": "typekiln/transformer" }] } }
 */
import ts from "typescript";
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
  const context = createContext({
    program,
    addDiagnostic: extras?.addDiagnostic ?? ((diagnostic) => {
      throw new Error(String(diagnostic.messageText));
    }),
  });
  return (transformation) => transformFile(context, transformation);
}
