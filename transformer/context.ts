/**
 * The read-only context of one compilation, shared by every file the transformer visits: the
 * program, its checker, where diagnostics go, and typekiln's API as the entry exports it.
 */
import ts from "typescript";
import { runtimeApiOf, type RuntimeApi } from "./runtime-api";

export interface TransformContext {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  readonly addDiagnostic: (diagnostic: ts.Diagnostic) => number;
  /** Which of typekiln's exports a symbol is (see runtime-api.ts). */
  readonly api: RuntimeApi;
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
    api: runtimeApiOf(props.program, checker),
  };
};
