/**
 * Tuning of the code typia generates for us. Each rewrite keeps typia's results exactly and
 * drops per-call work: the helpers live in `runtime/validation/generated.ts` (reached as the runtime's
 * `__generated`). A construct that does not match a pattern is left as typia wrote it.
 *
 * - serializers: strings through `jsonString` (a regex fast path instead of typia's character
 *   loop), numbers through `jsonNumber` instead of `String(_jsonStringifyNumber(…))`, arrays
 *   through `jsonJoin` instead of `map(...).join(",")`;
 * - validators: each `RegExp("…")` built once instead of on every check, and the error-collecting
 *   pass (`_vo…`) checks its properties and items without an array per object or list;
 * - validators report through `validateReport`, typia's collector without the per-error
 *   `description` text nothing reads;
 * - validators count a string's `MinLength`/`MaxLength` in characters (code points), as JSON
 *   Schema and pydantic do, where typia compares `length` (UTF-16 units);
 * - validators refuse a `Record<number, T>` key that is no number, which typia lets pass;
 * - validators name a literal union's members in the order they check them (the union's order,
 *   as in the OpenAPI schema), as pydantic's `literal_error` does, where typia sorts them;
 * - typia's helpers (`_isTypeUint32`, `_isFormatEmail`, …) come from there too, inside the
 *   runtime bundle, instead of one `typia/lib/internal/…` module each (cold start, and the helpers
 *   of the typia that wrote the calls). One it does not carry is imported from typia.
 */
import { ImportProgrammer } from "@typia/core";
import ts from "typescript";
import { CARRIED_TYPIA_HELPERS } from "../runtime/contract/generated-helpers";

type Helper = "jsonString" | "jsonNumber" | "jsonJoin" | "checkEach" | "validateReport" | "atLeastCharacters" | "atMostCharacters" | "isNumberKey" | "readingSets" | "writingSets" | "fillingDefaults";

/**
 * Where generated code finds its helpers: the runtime's `__generated`, bound once per file as
 * `const __typekiln_generated = __typekiln_runtime.__generated` after `import * as __typekiln_runtime
 * from "typekiln"` (so they come with the runtime bundle, not as modules of their own).
 */
const RUNTIME = { file: "typekiln", name: "__typekiln_runtime" } as const;
const HELPERS = "__typekiln_generated";

/** typia internal helper → typekiln's replacement. */
const REPLACED: Readonly<Record<string, Helper>> = { _jsonStringifyString: "jsonString", _validateReport: "validateReport" };

/** typia's helpers that typekiln carries (`runtime/validation/typia-helpers.ts`): the names it exports, `_` first. */
const CARRIED: ReadonlySet<string> = new Set(CARRIED_TYPIA_HELPERS);

/** typia's own importer methods for its helpers (declared `@internal` in typia, so not in its types). */
const typiaImporter = ImportProgrammer.prototype as unknown as {
  internal(this: ImportProgrammer, name: string): ts.PropertyAccessExpression;
  getInternalText(this: ImportProgrammer, name: string): string;
};

/**
 * The name in the runtime's `__generated` that stands for typia's helper `name` (which typia writes
 * with or without its leading `_`): typekiln's replacement, or typia's own carried helper;
 * `undefined` for one imported from typia.
 */
function runtimeName(name: string): string | undefined {
  const helper = name.startsWith("_") ? name : `_${name}`;
  return REPLACED[helper] ?? (CARRIED.has(helper) ? helper : undefined);
}

export class TypekilnImporter extends ImportProgrammer {
  #helpers = false;

  constructor() {
    super({ internalPrefix: "typekiln_" });
  }

  /** typia asks for its internal helpers here, as an expression. */
  internal(name: string): ts.PropertyAccessExpression {
    const own = runtimeName(name);
    return own === undefined ? typiaImporter.internal.call(this, name) : ts.factory.createPropertyAccessExpression(this.helpers(), own);
  }

  /** …and here as text, after asking for it by `internal`, to splice into code it writes as a string. */
  getInternalText(name: string): string {
    const own = runtimeName(name);
    return own === undefined ? typiaImporter.getInternalText.call(this, name) : `${this.helpers().text}.${own}`;
  }

  /** `__typekiln_generated.<name>`: one of typekiln's own helpers. */
  helper(name: Helper): ts.PropertyAccessExpression {
    return ts.factory.createPropertyAccessExpression(this.helpers(), name);
  }

  /** The statements a file's generated code needs first: its imports, then the helpers' binding. */
  statements(): ts.Statement[] {
    if (!this.#helpers) return this.toStatements();
    const runtime = this.namespace(RUNTIME);
    const binding = ts.factory.createVariableStatement(
      undefined,
      ts.factory.createVariableDeclarationList(
        [ts.factory.createVariableDeclaration(HELPERS, undefined, undefined, ts.factory.createPropertyAccessExpression(runtime, "__generated"))],
        ts.NodeFlags.Const,
      ),
    );
    return [...this.toStatements(), binding];
  }

  private helpers(): ts.Identifier {
    this.#helpers = true;
    return ts.factory.createIdentifier(HELPERS);
  }
}

/** One rewrite: the replacement for a node, or undefined to leave it (its children are rewritten first). */
type Rewrite = (node: ts.Node) => ts.Expression | undefined;

const rewriteAll = (node: ts.Expression, transformer: ts.TransformationContext, rewrite: Rewrite): ts.Expression => {
  const visit = (child: ts.Node): ts.Node => {
    const visited = ts.visitEachChild(child, visit, transformer);
    return rewrite(visited) ?? visited;
  };
  return visit(node) as ts.Expression;
};

/**
 * A serializer: `items.map(write).join(",")` → `jsonJoin(items, write)`, and
 * `String(_jsonStringifyNumber(value))` → `jsonNumber(value)`.
 */
export const tuneSerializer = (importer: TypekilnImporter, node: ts.Expression, transformer: ts.TransformationContext): ts.Expression =>
  hoistPatterns(
    rewriteAll(node, transformer, (child) => {
      const number = stringOfNumber(child);
      if (number !== undefined) return ts.factory.createCallExpression(importer.helper("jsonNumber"), undefined, [number]);
      const joined = callOn(child, "join", (separator) => ts.isStringLiteral(separator) && separator.text === ",");
      const mapped = joined && callOn(joined.target, "map", isArrow);
      return mapped && ts.factory.createCallExpression(importer.helper("jsonJoin"), undefined, [mapped.target, mapped.argument]);
    }),
    transformer,
  );

/** The `value` of `String(<helpers>._jsonStringifyNumber(value))`; undefined for anything else. */
const stringOfNumber = (node: ts.Node): ts.Expression | undefined => {
  if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== "String") return undefined;
  if (node.arguments.length !== 1) return undefined;
  return callOn(node.arguments[0]!, "_jsonStringifyNumber", () => true)?.argument;
};

/**
 * A validator. typia's error-collecting pass evaluates every check of an object into an array,
 * `[c1, c2, …].every(flag => flag)`, and every item of a list into another,
 * `items.map(check).every(flag => flag)`; both keep asking after a failure, so that every error
 * is reported. They become `((c1 ? 1 : 0) & (c2 ? 1 : 0) & …) === 1` (`&` does not short-circuit)
 * and `checkEach(items, check)`.
 */
export const tuneValidator = (importer: TypekilnImporter, node: ts.Expression, transformer: ts.TransformationContext): ts.Expression => {
  const strings = stringOperands(node);
  return hoistPatterns(
    rewriteAll(node, transformer, (child) => {
      const counted = countCharacters(importer, child, strings) ?? numberKey(importer, child) ?? refuseOtherKeys(importer, child) ??
        literalsInCheckOrder(child);
      if (counted !== undefined) return counted;
      const every = callOn(child, "every", isIdentityArrow);
      if (every === undefined) return undefined;
      if (ts.isArrayLiteralExpression(every.target)) return allOf(every.target.elements);
      const mapped = callOn(every.target, "map", isArrow);
      return mapped && ts.factory.createCallExpression(importer.helper("checkEach"), undefined, [mapped.target, mapped.argument]);
    }),
    transformer,
  );
};

/**
 * typia checks a literal union's members in the union's order, `"open" === v || "closed" === v ||
 * _report(…, { expected: "(\"closed\" | \"open\")" })`, but names them sorted in `expected`.
 * pydantic's `literal_error` lists them as declared ("Input should be 'open' or 'closed'"), so
 * `expected` takes the order of the checks before it: TypeScript's order of the union, the one
 * the OpenAPI schema lists too. Members that are no literal (`null`, `undefined`) follow.
 */
const literalsInCheckOrder = (node: ts.Node): ts.Expression | undefined => {
  if (!ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.BarBarToken) return undefined;
  const report = node.right;
  if (!ts.isCallExpression(report) || !ts.isIdentifier(report.expression) || report.expression.text !== "_report") return undefined;
  const fields = report.arguments[1];
  if (fields === undefined || !ts.isObjectLiteralExpression(fields)) return undefined;
  const expected = fields.properties.find((p): p is ts.PropertyAssignment =>
    ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === "expected" && ts.isStringLiteral(p.initializer));
  if (expected === undefined) return undefined;
  const checked = checkedLiterals(node.left);
  if (checked === undefined || checked.length < 2) return undefined;
  const members = unionMembers((expected.initializer as ts.StringLiteral).text);
  if (members === undefined) return undefined;
  const absent = members.filter((m) => m === "null" || m === "undefined");
  const named = members.filter((m) => m !== "null" && m !== "undefined");
  if (named.length !== checked.length || !named.every((m) => checked.includes(m))) return undefined;
  const text = `(${[...checked, ...absent].join(" | ")})`;
  const f = ts.factory;
  const properties = fields.properties.map((p) => (p === expected ? f.updatePropertyAssignment(p, p.name, f.createStringLiteral(text)) : p));
  return f.updateBinaryExpression(node, node.left, node.operatorToken,
    f.updateCallExpression(report, report.expression, report.typeArguments, [report.arguments[0]!, f.updateObjectLiteralExpression(fields, properties), ...report.arguments.slice(2)]));
};

/** The members of typia's `("a" | 1 | null)`, or undefined for a text that is no flat union of words and JSON strings. */
const unionMembers = (text: string): string[] | undefined => {
  const inner = text.startsWith("(") && text.endsWith(")") ? text.slice(1, -1) : text;
  const members = inner.match(/"(?:[^"\\]|\\.)*"|[^\s|()]+/g) ?? [];
  return members.join(" | ") === inner ? members : undefined;
};

/**
 * The literals of `"a" === v || 1 === v || …` as typia writes them in `expected` (`"a"`, `1`), in
 * order, past `null` and `undefined`; undefined when the chain holds any other check, or compares
 * more than one value.
 */
const checkedLiterals = (node: ts.Expression): string[] | undefined => {
  const found: string[] = [];
  let subject: string | undefined;
  const walk = (part: ts.Expression): boolean => {
    if (ts.isParenthesizedExpression(part)) return walk(part.expression);
    if (!ts.isBinaryExpression(part)) return false;
    if (part.operatorToken.kind === ts.SyntaxKind.BarBarToken) return walk(part.left) && walk(part.right);
    if (part.operatorToken.kind !== ts.SyntaxKind.EqualsEqualsEqualsToken) return false;
    const text = literalText(part.left);
    if (text === undefined) return false;
    // `null === v || undefined === v || …`: a nullable or optional union, named after its literals in `expected`.
    if (text === "null" || text === "undefined") return true;
    const compared = ts.isIdentifier(part.right) || ts.isPropertyAccessExpression(part.right) || ts.isElementAccessExpression(part.right)
      ? printed(part.right) : undefined;
    if (compared === undefined || (subject !== undefined && compared !== subject)) return false;
    subject = compared;
    found.push(text);
    return true;
  };
  return walk(node) ? found : undefined;
};

/** A literal as typia names it in `expected`: a string JSON-quoted, a number, a boolean, `null` and `undefined` as written. */
const literalText = (node: ts.Expression): string | undefined => {
  if (ts.isStringLiteral(node)) return JSON.stringify(node.text);
  if (ts.isNumericLiteral(node)) return String(Number(node.text));
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand))
    return String(-Number(node.operand.text));
  if (node.kind === ts.SyntaxKind.TrueKeyword) return "true";
  if (node.kind === ts.SyntaxKind.FalseKeyword) return "false";
  if (node.kind === ts.SyntaxKind.NullKeyword) return "null";
  if (ts.isIdentifier(node) && node.text === "undefined") return "undefined";
  return undefined;
};

const printer = ts.createPrinter();
const NO_SOURCE = ts.createSourceFile("", "", ts.ScriptTarget.Latest);
/** An access path (`input.status`, `input["x-y"]`) as text: typia's synthesized nodes have no source text. */
const printed = (node: ts.Node): string => printer.printNode(ts.EmitHint.Expression, node, NO_SOURCE);

/** typia's `"number" === typeof Number(key)` (true of any key) → `isNumberKey(key)`. */
const numberKey = (importer: TypekilnImporter, node: ts.Node): ts.Expression | undefined => {
  if (!ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.EqualsEqualsEqualsToken) return undefined;
  if (!ts.isStringLiteral(node.left) || node.left.text !== "number" || !ts.isTypeOfExpression(node.right)) return undefined;
  const call = node.right.expression;
  if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || call.expression.text !== "Number" || call.arguments.length !== 1) return undefined;
  return ts.factory.createCallExpression(importer.helper("isNumberKey"), undefined, [call.arguments[0]!]);
};

/**
 * A record's key check, `{ const value = input[key]; …; if (isNumberKey(key)) return <check>; return true; }`,
 * ends by accepting a key that matches no pattern. With a number-keyed record's only pattern,
 * such a key is refused instead: `false` in typia's `is` pass, and in its reporting pass (the one
 * whose check calls `_report`) an error at `<path>.<key>["[key]"]`, pydantic's place for a bad key.
 */
const refuseOtherKeys = (importer: TypekilnImporter, node: ts.Node): ts.Expression | undefined => {
  if (!ts.isBlock(node)) return undefined;
  const statements = node.statements;
  const last = statements[statements.length - 1];
  const test = statements[statements.length - 2];
  if (last === undefined || !ts.isReturnStatement(last) || last.expression?.kind !== ts.SyntaxKind.TrueKeyword) return undefined;
  if (test === undefined || !ts.isIfStatement(test) || !isNumberKeyCall(test.expression) || !ts.isReturnStatement(test.thenStatement)) return undefined;
  const patterns = statements.filter((statement) => ts.isIfStatement(statement) && !isUndefinedCheck(statement.expression));
  if (patterns.length !== 1) return undefined;
  const key = (test.expression as ts.CallExpression).arguments[0]!;
  const f = ts.factory;
  const refusal = mentions(test.thenStatement, "_report")
    ? f.createCallExpression(f.createIdentifier("_report"), undefined, [
      f.createIdentifier("_exceptionable"),
      f.createObjectLiteralExpression([
        f.createPropertyAssignment("path", f.createAdd(f.createAdd(f.createIdentifier("_path"),
          f.createCallExpression(importer.internal("_accessExpressionAsString"), undefined, [key])), f.createStringLiteral('["[key]"]'))),
        f.createPropertyAssignment("expected", f.createStringLiteral("number")),
        f.createPropertyAssignment("value", key),
      ], true),
    ])
    : f.createFalse();
  return f.updateBlock(node, [...statements.slice(0, -1), f.createReturnStatement(refusal)]) as unknown as ts.Expression;
};

const isNumberKeyCall = (node: ts.Expression): boolean =>
  ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "isNumberKey";

const isUndefinedCheck = (node: ts.Expression): boolean =>
  ts.isBinaryExpression(node) && node.left.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isBinaryExpression(node) && ts.isIdentifier(node.left) && node.left.text === "undefined");

const mentions = (node: ts.Node, name: string): boolean =>
  (ts.isIdentifier(node) && node.text === name) || (ts.forEachChild(node, (child) => mentions(child, name) || undefined) ?? false);

/**
 * The operands typia checks as strings, `"string" === typeof x`. typia writes the same node as
 * the operand of that check and of the string's tags (`MinLength<8>` is `8 <= x.length`), which
 * tells a string's length check from an array's (`MinItems<8>` is written the same way).
 */
const stringOperands = (root: ts.Node): ReadonlySet<ts.Node> => {
  const found = new Set<ts.Node>();
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken &&
      ts.isStringLiteral(node.left) && node.left.text === "string" && ts.isTypeOfExpression(node.right)) found.add(node.right.expression);
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
};

/**
 * `N <= x.length` (`MinLength<N>`) and `x.length <= N` (`MaxLength<N>`) of a string, in characters:
 * `(2N <= x.length || atLeastCharacters(x, N))` and `(x.length <= N || atMostCharacters(x, N))`.
 * A string has between `length / 2` and `length` characters, so the comparison typia wrote still
 * decides alone for most strings; the helper counts only where it cannot (characters.ts).
 */
const countCharacters = (importer: TypekilnImporter, node: ts.Node, strings: ReadonlySet<ts.Node>): ts.Expression | undefined => {
  if (!ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.LessThanEqualsToken) return undefined;
  const f = ts.factory;
  const lengthOf = (side: ts.Expression): ts.Expression | undefined =>
    ts.isPropertyAccessExpression(side) && side.name.text === "length" && strings.has(side.expression) ? side.expression : undefined;
  const min = ts.isNumericLiteral(node.left) ? Number(node.left.text) : NaN;
  const max = ts.isNumericLiteral(node.right) ? Number(node.right.text) : NaN;
  const atLeast = lengthOf(node.right);
  if (atLeast !== undefined && min > 0) {
    return f.createParenthesizedExpression(f.createLogicalOr(
      f.createLessThanEquals(f.createNumericLiteral(2 * min), node.right),
      f.createCallExpression(importer.helper("atLeastCharacters"), undefined, [atLeast, node.left])));
  }
  const atMost = lengthOf(node.left);
  if (atMost !== undefined && max >= 0) {
    return f.createParenthesizedExpression(f.createLogicalOr(
      node,
      f.createCallExpression(importer.helper("atMostCharacters"), undefined, [atMost, node.right])));
  }
  return undefined;
};

/** `(e1 ? 1 : 0) & … & (en ? 1 : 0)) === 1`: every element evaluated, in order, as an array literal's are. */
const allOf = (elements: ts.NodeArray<ts.Expression>): ts.Expression | undefined => {
  const f = ts.factory;
  if (elements.length === 0 || elements.some((e) => ts.isSpreadElement(e) || ts.isOmittedExpression(e))) return undefined;
  const bits = elements.map((e) =>
    f.createParenthesizedExpression(f.createConditionalExpression(e, undefined, f.createNumericLiteral(1), undefined, f.createNumericLiteral(0))));
  const all = bits.reduce<ts.Expression>((left, right) => f.createBinaryExpression(left, ts.SyntaxKind.AmpersandToken, right), bits.shift()!);
  return f.createParenthesizedExpression(f.createStrictEquality(f.createParenthesizedExpression(all), f.createNumericLiteral(1)));
};

/** `target.method(argument)` with one argument that `accepts`. */
const callOn = (
  node: ts.Node, method: string, accepts: (argument: ts.Expression) => boolean,
): { target: ts.Expression; argument: ts.Expression } | undefined => {
  if (!ts.isCallExpression(node) || node.arguments.length !== 1 || !accepts(node.arguments[0]!)) return undefined;
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== method) return undefined;
  return { target: callee.expression, argument: node.arguments[0]! };
};

const isArrow = (node: ts.Expression): boolean => ts.isArrowFunction(node);

/** `flag => flag`. */
const isIdentityArrow = (node: ts.Expression): boolean =>
  ts.isArrowFunction(node) && node.parameters.length === 1 && ts.isIdentifier(node.parameters[0]!.name) &&
  ts.isIdentifier(node.body) && node.body.text === node.parameters[0]!.name.text;

/**
 * Builds each `RegExp("…")` once instead of on every call: typia writes `RegExp("^[A-Z]{2}$").test(x)`
 * inline, which allocates a regex object per check. The patterns become constants of a closure
 * around the generated function. Flag-less and `i`/`u`/`s`/`m` patterns only (no `g` or `y`), so
 * the shared objects keep no `lastIndex` state between calls.
 */
export const hoistPatterns = (node: ts.Expression, transformer: ts.TransformationContext): ts.Expression => {
  const f = ts.factory;
  const constants = new Map<string, { name: ts.Identifier; args: readonly ts.StringLiteral[] }>();
  const body = rewriteAll(node, transformer, (child) => {
    const args = patternArguments(child);
    if (args === undefined) return undefined;
    const key = args.map((a) => a.text).join("/");
    let constant = constants.get(key);
    if (constant === undefined) {
      constant = { name: f.createUniqueName(`__typekiln_pattern${constants.size}`), args };
      constants.set(key, constant);
    }
    return constant.name;
  });
  if (constants.size === 0) return node;
  const declarations = [...constants.values()].map(({ name, args }) =>
    f.createVariableDeclaration(name, undefined, undefined,
      f.createCallExpression(f.createIdentifier("RegExp"), undefined, args.map((a) => f.createStringLiteral(a.text)))));
  return f.createCallExpression(
    f.createParenthesizedExpression(f.createArrowFunction(undefined, undefined, [], undefined, undefined, f.createBlock([
      f.createVariableStatement(undefined, f.createVariableDeclarationList(declarations, ts.NodeFlags.Const)),
      f.createReturnStatement(body),
    ], true))),
    undefined,
    [],
  );
};

/** The literal arguments of `RegExp("src")` or `new RegExp("src", "i")`; undefined for anything else. */
const patternArguments = (node: ts.Node): readonly ts.StringLiteral[] | undefined => {
  if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) return undefined;
  if (!ts.isIdentifier(node.expression) || node.expression.text !== "RegExp") return undefined;
  const args = node.arguments ?? [];
  if (args.length < 1 || args.length > 2 || !args.every((a) => ts.isStringLiteral(a))) return undefined;
  const flags = args[1] as ts.StringLiteral | undefined;
  if (flags !== undefined && /[gy]/.test(flags.text)) return undefined;
  return args as readonly ts.StringLiteral[];
};
