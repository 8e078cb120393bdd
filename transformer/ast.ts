/** Small expression builders shared by the programmers that emit manifests. */
import ts from "typescript";

const f = ts.factory;

/** An object literal of already built expressions. */
export const object = (properties: Record<string, ts.Expression>): ts.ObjectLiteralExpression =>
  f.createObjectLiteralExpression(
    Object.entries(properties).map(([key, value]) => f.createPropertyAssignment(key, value)),
    false,
  );

export const bool = (value: boolean): ts.Expression => (value ? f.createTrue() : f.createFalse());
