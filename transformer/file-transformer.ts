/**
 * Visits one source file: every recognised route registration gets its manifest appended as a
 * final argument, written as code by `manifestLiteral` and built by a function of its own
 * (`builtOnCall`). The one place where a TransformError becomes a diagnostic (and the
 * registration gets a `BuildFailure` in place of its manifest); any other error is a bug and is
 * rethrown.
 */
import type { ITypiaContext } from "@typia/core";
import path from "node:path";
import ts from "typescript";
import type { TransformContext } from "./context";
import { builtOnCall, manifestLiteral } from "./manifest-literal";
import { TransformError, toDiagnostic } from "./diagnostics";
import { TypekilnImporter } from "./generated-code";
import { writeRouteManifest } from "./route-programmer";
import { recogniseRoute } from "./route-recogniser";
import { writeSocketManifest } from "./socket-programmer";
import { recogniseSocket } from "./socket-recogniser";
import { isStandaloneUse, writeUseManifest } from "./use-programmer";
import { recogniseErrorHandler, writeErrorHandlerManifest } from "./error-handler-programmer";

export const transformFile =
  (context: TransformContext, transformation: ts.TransformationContext) =>
  (file: ts.SourceFile): ts.SourceFile => {
    if (file.isDeclarationFile) return file;
    const importer = new TypekilnImporter();
    const typia: ITypiaContext = {
      program: context.program,
      compilerOptions: context.program.getCompilerOptions(),
      checker: context.checker,
      printer: ts.createPrinter(),
      options: {},
      transformer: transformation,
      importer,
      extras: { addDiagnostic: context.addDiagnostic },
    };
    let routes = 0;

    const visit = (node: ts.Node): ts.Node => {
      const manifest = tryManifest(node);
      const dependency = manifest === undefined ? tryUseManifest(node) : undefined;
      const visited = ts.visitEachChild(node, visit, transformation);
      if (dependency !== undefined && ts.isCallExpression(visited)) {
        routes += 1;
        const [fn, options] = visited.arguments;
        return ts.factory.updateCallExpression(visited, visited.expression, visited.typeArguments, [
          fn!,
          options ?? ts.factory.createIdentifier("undefined"),
          dependency,
        ]);
      }
      if (manifest === undefined || !ts.isCallExpression(visited)) return visited;
      routes += 1;
      return ts.factory.updateCallExpression(visited, visited.expression, visited.typeArguments, [
        ...visited.arguments,
        builtOnCall(manifest),
      ]);
    };
    const tryManifest = (node: ts.Node): ts.Expression | undefined => {
      try {
        const socket = recogniseSocket(context, node);
        if (socket !== undefined) {
          const scope = { context: typia, modulo: socket.call.expression as ts.LeftHandSideExpression };
          return manifestLiteral(writeSocketManifest({ context, scope, socket }));
        }
        const errorHandler = recogniseErrorHandler(context, node);
        if (errorHandler !== undefined) {
          const scope = { context: typia, modulo: errorHandler.expression as ts.LeftHandSideExpression };
          return manifestLiteral(writeErrorHandlerManifest({ context, scope, call: errorHandler }));
        }
        const route = recogniseRoute(context, node);
        if (route === undefined) return undefined;
        const modulo = route.call.expression as ts.LeftHandSideExpression;
        return manifestLiteral(writeRouteManifest({ context, scope: { context: typia, modulo }, route }));
      } catch (error) {
        if (!(error instanceof TransformError)) throw error;
        context.addDiagnostic(toDiagnostic(error));
        return buildFailure(context, error);
      }
    };

    // feature/di: `use(fn)` outside a parameter list gets `fn`'s graph as a third argument.
    const tryUseManifest = (node: ts.Node): ts.Expression | undefined => {
      try {
        if (!isStandaloneUse(context, node)) return undefined;
        const scope = { context: typia, modulo: node.expression as ts.LeftHandSideExpression };
        return manifestLiteral(writeUseManifest({ context, scope, call: node }));
      } catch (error) {
        if (!(error instanceof TransformError)) throw error;
        context.addDiagnostic(toDiagnostic(error));
        return buildFailure(context, error);
      }
    };

    const transformed = ts.visitEachChild(file, visit, transformation);
    if (routes === 0) return transformed;
    return ts.factory.updateSourceFile(transformed, [
      ...importer.statements(),
      ...transformed.statements,
    ]);
  };

/**
 * What a registration with a compile error gets in place of its manifest (`BuildFailure`): the
 * diagnostic, which the runtime reports if the emitted file is run anyway (tsc emits despite
 * errors, as in watch mode).
 */
function buildFailure(context: TransformContext, error: TransformError): ts.Expression {
  const file = error.node.getSourceFile();
  const { line, character } = file.getLineAndCharacterOfPosition(error.node.getStart(file));
  const where = path.relative(context.program.getCurrentDirectory(), file.fileName);
  const text = `${error.code} at ${where}:${line + 1}:${character + 1}: ${error.message}`;
  return ts.factory.createObjectLiteralExpression([ts.factory.createPropertyAssignment("buildFailure", ts.factory.createStringLiteral(text))]);
}
