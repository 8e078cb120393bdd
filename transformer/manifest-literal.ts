/**
 * How a manifest becomes code. The programmers build each manifest as a value of the contract's
 * own type (`Emitted<RouteManifest>`, `Emitted<SocketManifest>`, `Emitted<DependencyManifest>`),
 * so a field added, renamed or mistyped on either side is a compile error in the transformer's
 * build; `manifestLiteral` then turns that value into the object literal the registration
 * receives, and `builtOnCall` wraps it.
 */
import ts from "typescript";

const f = ts.factory;

/** Code the transformer generated (a validator, a serializer, a reference to a dependency): what a function-valued manifest field holds. */
export class Code {
  constructor(readonly expression: ts.Expression) {}
}

/**
 * A contract type as the transformer builds it: every function-valued field holds the {@link Code}
 * that will compute it; everything else is the literal data itself.
 *
 * @example
 * const input: Emitted<BodyInput> = { source: "body", index: 0, required: true, validate: new Code(validator) };
 */
export type Emitted<T> = T extends (...args: never[]) => unknown
  ? Code
  : T extends readonly (infer E)[]
    ? readonly Emitted<E>[]
    : T extends object
      ? { readonly [K in keyof T]: Emitted<T[K]> }
      : T;

/** What `manifestLiteral` accepts: any `Emitted<T>` of a manifest type. */
export type EmittedValue =
  | Code
  | string
  | number
  | boolean
  | undefined
  | readonly EmittedValue[]
  | { readonly [key: string]: EmittedValue };

/**
 * The expression that evaluates to `value` (with each {@link Code} in its place). A property whose
 * value is `undefined` is left out, as an optional field the manifest does not set. An array whose
 * elements carry generated code (long, as validators are) is written one element per line.
 */
export const manifestLiteral = (value: EmittedValue): ts.Expression => {
  if (value instanceof Code) return value.expression;
  switch (typeof value) {
    case "string":
      return f.createStringLiteral(value);
    case "number":
      return value < 0 || Object.is(value, -0)
        ? f.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, f.createNumericLiteral(-value))
        : f.createNumericLiteral(value);
    case "boolean":
      return value ? f.createTrue() : f.createFalse();
    case "undefined":
      return f.createIdentifier("undefined");
  }
  if (isList(value))
    return f.createArrayLiteralExpression(value.map(manifestLiteral), value.some(holdsCode));
  return f.createObjectLiteralExpression(
    Object.entries(value)
      .filter(([, property]) => property !== undefined)
      .map(([key, property]) => f.createPropertyAssignment(propertyName(key), manifestLiteral(property))),
    false,
  );
};

const isList = (value: EmittedValue): value is readonly EmittedValue[] => Array.isArray(value);

const holdsCode = (value: EmittedValue): boolean =>
  value instanceof Code || (typeof value === "object" && Object.values(value).some(holdsCode));

const propertyName = (key: string): string | ts.StringLiteral =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? key : f.createStringLiteral(key);

/**
 * `(0, function () { return value; })()`: the same value, built by a function of its own. V8
 * compiles a module's top level in one piece, and a manifest per route there (validators,
 * serializers, OpenAPI text) made that one parse dear: 808 fresh memory pages and 16 ms for a
 * 90-route module of 345 KB. Inside a function that is called when the route registers, the top
 * level only skims past it and each manifest is compiled on its own: 121 pages. At 100 routes
 * (`npm run bench:routes`) the server touched 621 fewer pages by listening and was ready 8 ms
 * sooner. Not `(function`, which V8 compiles with the top level anyway, and not an arrow, which
 * measured no better than the plain literal.
 */
export const builtOnCall = (value: ts.Expression): ts.Expression =>
  f.createCallExpression(
    f.createParenthesizedExpression(
      f.createCommaListExpression([
        f.createNumericLiteral(0),
        f.createFunctionExpression(undefined, undefined, undefined, undefined, [], undefined, f.createBlock([f.createReturnStatement(value)], false)),
      ]),
    ),
    undefined,
    [],
  );
