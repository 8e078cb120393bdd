/**
 * What a handler sets through its `ResponseControl` that the document can know at build time:
 * `response.status = 201` with a literal (or a conditional whose branches are literals), and the
 * names of the headers it sets (`header("location", …)`, `cookie(…)`, `deleteCookie(…)`). A
 * status that is not a literal cannot be documented: that is a warning (TK1204), not a failure.
 */
import ts from "typescript";
import type { TransformContext } from "./context";
import { warn } from "./diagnostics";

const CONTROL = "ResponseControl";

export interface ControlEffects {
  /** Literal statuses the handler may set. */
  readonly statuses: readonly number[];
  /** A status is set by a statement of the handler's own block: the route's status is never sent. */
  readonly replacesStatus: boolean;
  /** Header names set through the control, lower-case, in order of appearance. */
  readonly headers: readonly string[];
}

export const readControlEffects = (context: TransformContext, handler: ts.SignatureDeclaration): ControlEffects => {
  const statuses: number[] = [];
  const headers: string[] = [];
  let replacesStatus = false;
  const body = "body" in handler ? handler.body : undefined;
  const isControlMember = (node: ts.Node): node is ts.PropertyAccessExpression =>
    ts.isPropertyAccessExpression(node) && context.api.ownerOf(context.checker.getSymbolAtLocation(node.name)) === CONTROL;
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      isControlMember(node.left) && node.left.name.text === "status") {
      const literals = literalStatuses(node.right);
      if (literals === undefined) {
        warn(context, { code: "TK1204", node: node.right, args: { expression: node.right.getText() } });
      } else {
        for (const status of literals) if (!statuses.includes(status)) statuses.push(status);
        if (ts.isExpressionStatement(node.parent) && node.parent.parent === body) replacesStatus = true;
      }
    }
    if (ts.isCallExpression(node) && isControlMember(node.expression)) {
      const method = node.expression.name.text;
      const [name] = node.arguments;
      const header = method === "cookie" || method === "deleteCookie" ? "set-cookie"
        : method === "header" && name !== undefined && ts.isStringLiteralLike(name) ? name.text.toLowerCase() : undefined;
      if (header !== undefined && !headers.includes(header)) headers.push(header);
    }
    ts.forEachChild(node, visit);
  };
  if (body !== undefined) visit(body);
  return { statuses, replacesStatus: replacesStatus && statuses.length === 1, headers };
};

/** `201`, or `created ? 201 : 200`; undefined when any branch is not a number literal. */
const literalStatuses = (node: ts.Expression): number[] | undefined => {
  if (ts.isParenthesizedExpression(node)) return literalStatuses(node.expression);
  if (ts.isNumericLiteral(node)) return [Number(node.text)];
  if (ts.isConditionalExpression(node)) {
    const whenTrue = literalStatuses(node.whenTrue);
    const whenFalse = literalStatuses(node.whenFalse);
    return whenTrue === undefined || whenFalse === undefined ? undefined : [...whenTrue, ...whenFalse];
  }
  return undefined;
};

/** `location` → `Location`, `set-cookie` → `Set-Cookie`: how the document spells a header. */
const headerSpelling = (name: string): string => name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());

/**
 * Adds the statuses the control sets (with the success response's body) and the headers it sets
 * to the operation's success responses; the route's own status goes when a top-level statement
 * always replaces it.
 */
export const documentControlEffects = (props: {
  responses: Record<string, Record<string, unknown>>;
  status: number;
  effects: ControlEffects;
}): void => {
  const { responses, status, effects } = props;
  const success = responses[status];
  if (success === undefined) return;
  const documented = new Set([status, ...effects.statuses]);
  for (const code of effects.statuses) responses[code] ??= { ...success, description: success.description };
  if (effects.replacesStatus && !effects.statuses.includes(status)) {
    delete responses[status];
    documented.delete(status);
  }
  if (effects.headers.length === 0) return;
  const headers = Object.fromEntries(effects.headers.map((name) => [headerSpelling(name), { schema: { type: "string" } }]));
  for (const code of documented) {
    const response = responses[code];
    if (response !== undefined) responses[code] = { ...response, headers: { ...(response.headers as object | undefined), ...headers } };
  }
};
