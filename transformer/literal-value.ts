/**
 * The JSON value of a literal initializer (`= 10`, `= "asc"`, `= []`), for an OpenAPI default.
 * Anything that is not a literal has no documented default.
 */
import ts from "typescript";

export type Literal = { readonly ok: true; readonly value: unknown } | { readonly ok: false };

const NONE: Literal = { ok: false };

export const literalValue = (node: ts.Expression | undefined): Literal => {
  if (node === undefined) return NONE;
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node))
    return literalValue(node.expression);
  if (ts.isStringLiteralLike(node)) return { ok: true, value: node.text };
  if (ts.isNumericLiteral(node)) return { ok: true, value: Number(node.text) };
  if (node.kind === ts.SyntaxKind.TrueKeyword) return { ok: true, value: true };
  if (node.kind === ts.SyntaxKind.FalseKeyword) return { ok: true, value: false };
  if (node.kind === ts.SyntaxKind.NullKeyword) return { ok: true, value: null };
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand))
    return { ok: true, value: -Number(node.operand.text) };
  if (ts.isArrayLiteralExpression(node)) {
    const items = node.elements.map(literalValue);
    return items.every((item) => item.ok) ? { ok: true, value: items.map((item) => (item as { value: unknown }).value) } : NONE;
  }
  if (ts.isObjectLiteralExpression(node)) {
    const value: Record<string, unknown> = {};
    for (const property of node.properties) {
      if (!ts.isPropertyAssignment(property) || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)))
        return NONE;
      const item = literalValue(property.initializer);
      if (!item.ok) return NONE;
      value[property.name.text] = item.value;
    }
    return { ok: true, value };
  }
  return NONE;
};
