/**
 * The statuses a handler declares it may answer with besides success: `@throws 404 …` in its
 * JSDoc, and `new HttpError(404, …)` with a literal status written in its body.
 */
import ts from "typescript";
import type { TransformContext } from "./context";
import { RUNTIME_API } from "./runtime-api";

/** `declared`: the JSDoc `@throws` statuses, which win over what the body shows. */
export const thrownStatuses = (props: {
  context: TransformContext;
  body: ts.Node | undefined;
  declared?: ReadonlyMap<number, string>;
}): Map<number, string> => {
  const statuses = new Map(props.declared);
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && isHttpError(props.context, node.expression)) {
      const [status, detail] = node.arguments ?? [];
      if (status !== undefined && ts.isNumericLiteral(status) && !statuses.has(Number(status.text)))
        statuses.set(Number(status.text), detail !== undefined && ts.isStringLiteralLike(detail) ? detail.text : "");
    }
    ts.forEachChild(node, visit);
  };
  if (props.body !== undefined) visit(props.body);
  return statuses;
};

const isHttpError = (context: TransformContext, expression: ts.Expression): boolean =>
  context.api.nameOf(context.checker.getSymbolAtLocation(expression)) === RUNTIME_API.httpError;
