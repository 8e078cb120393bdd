/**
 * Checks the compiler options the generated code depends on, once per program: typia reads exact
 * types, and without strictNullChecks every type admits null and undefined (TK1014).
 */
import ts from "typescript";
import { DIAGNOSTICS, numericCode } from "./diagnostics";

/** The TK1014 diagnostic when strictNullChecks is off, else undefined. */
export function compilerOptionsDiagnostic(options: ts.CompilerOptions): ts.Diagnostic | undefined {
  if (options.strictNullChecks ?? options.strict ?? false) return undefined;
  const file = options.configFile as ts.TsConfigSourceFile | undefined;
  const at = file === undefined ? undefined : offendingOption(file);
  return {
    category: ts.DiagnosticCategory.Error,
    code: numericCode("TK1014"),
    file: at === undefined ? undefined : file,
    start: at?.getStart(file),
    length: at?.getWidth(file),
    messageText: `TK1014: ${DIAGNOSTICS.TK1014}`,
    source: "typekiln",
  };
}

// The `"strict"` or `"strictNullChecks"` entry of the tsconfig's own compilerOptions, if it has one
// (an inherited or absent one has no place in this file to point at).
function offendingOption(file: ts.TsConfigSourceFile): ts.Node | undefined {
  const root = file.statements[0]?.expression;
  if (root === undefined || !ts.isObjectLiteralExpression(root)) return undefined;
  const compilerOptions = propertyOf(root, "compilerOptions");
  if (compilerOptions === undefined || !ts.isObjectLiteralExpression(compilerOptions.initializer)) return undefined;
  return propertyOf(compilerOptions.initializer, "strictNullChecks") ?? propertyOf(compilerOptions.initializer, "strict");
}

const propertyOf = (object: ts.ObjectLiteralExpression, name: string): ts.PropertyAssignment | undefined =>
  object.properties.find(
    (property): property is ts.PropertyAssignment =>
      ts.isPropertyAssignment(property) && ts.isStringLiteral(property.name) && property.name.text === name,
  );
