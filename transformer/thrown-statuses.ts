/**
 * The statuses a handler declares it may answer with besides success: `@throws 404 …` in its
 * JSDoc, and `new HttpError(404, …)` with a literal status written in its body.
 */
import ts from "typescript";
import type { TransformContext } from "./context";
import type { RouteDoc } from "./jsdoc";
import type { RouteCall } from "./route-recogniser";

export const thrownStatuses = (props: {
  context: TransformContext;
  route: RouteCall;
  doc: RouteDoc;
}): Map<number, string> => {
  const statuses = new Map(props.doc.throws);
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && isHttpError(props.context, node.expression)) {
      const [status, detail] = node.arguments ?? [];
      if (status !== undefined && ts.isNumericLiteral(status) && !statuses.has(Number(status.text)))
        statuses.set(Number(status.text), detail !== undefined && ts.isStringLiteralLike(detail) ? detail.text : "");
    }
    ts.forEachChild(node, visit);
  };
  if (props.route.handler.body !== undefined) visit(props.route.handler.body);
  return statuses;
};

const isHttpError = (context: TransformContext, expression: ts.Expression): boolean =>
  context.runtimeFileOf(context.checker.getSymbolAtLocation(expression)) === "http-error";
