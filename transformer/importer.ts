/**
 * typia's import bookkeeping, with two of its serializer helpers swapped for typekiln's
 * (`runtime/json-text.ts`): string literals take a regex fast path instead of a character loop,
 * and arrays are joined in one loop instead of `map(...).join(",")`. Both write the same text.
 */
import { ImportProgrammer } from "@typia/core";
import ts from "typescript";

/** The module generated code imports them from, and the name it is bound to. */
const JSON_MODULE = { file: "typekiln/json", name: "__typekiln_json" } as const;

/** typia internal helper → typekiln's replacement. */
const REPLACED: Readonly<Record<string, "jsonString">> = { _jsonStringifyString: "jsonString" };

export class TypekilnImporter extends ImportProgrammer {
  constructor() {
    super({ internalPrefix: "typekiln_" });
  }

  /** typia asks for its internal helpers here (declared `@internal` in typia, so not in its types). */
  internal(name: string): ts.PropertyAccessExpression {
    const own = REPLACED[name.startsWith("_") ? name : `_${name}`];
    if (own !== undefined) return this.json(own);
    return (ImportProgrammer.prototype as unknown as { internal(name: string): ts.PropertyAccessExpression })
      .internal.call(this, name);
  }

  /** `__typekiln_json.<name>`, importing `typekiln/json` once per file. */
  json(name: "jsonString" | "jsonJoin"): ts.PropertyAccessExpression {
    return ts.factory.createPropertyAccessExpression(this.namespace(JSON_MODULE), name);
  }
}

/**
 * Rewrites typia's array writer `items.map(write).join(",")` in a generated serializer into
 * `jsonJoin(items, write)`. Anything else is left as typia wrote it.
 */
export const joinArrays = (importer: TypekilnImporter, node: ts.Expression, transformer: ts.TransformationContext): ts.Expression => {
  const visit = (child: ts.Node): ts.Node => {
    const visited = ts.visitEachChild(child, visit, transformer);
    const mapped = mapJoin(visited);
    return mapped === undefined
      ? visited
      : ts.factory.createCallExpression(importer.json("jsonJoin"), undefined, [mapped.items, mapped.write]);
  };
  return visit(node) as ts.Expression;
};

/** `X.map(f).join(",")` → `{ items: X, write: f }`. */
const mapJoin = (node: ts.Node): { items: ts.Expression; write: ts.Expression } | undefined => {
  if (!ts.isCallExpression(node) || node.arguments.length !== 1) return undefined;
  const [separator] = node.arguments;
  if (!ts.isStringLiteral(separator!) || separator.text !== ",") return undefined;
  const join = node.expression;
  if (!ts.isPropertyAccessExpression(join) || join.name.text !== "join" || !ts.isCallExpression(join.expression)) return undefined;
  const map = join.expression;
  if (map.arguments.length !== 1 || !ts.isPropertyAccessExpression(map.expression) || map.expression.name.text !== "map") return undefined;
  const write = map.arguments[0]!;
  if (!ts.isArrowFunction(write) || write.parameters.length !== 1) return undefined;
  return { items: map.expression.expression, write };
};

/**
 * Builds each `RegExp("…")` of a generated validator once instead of on every call: typia writes
 * `RegExp("^[A-Z]{2}$").test(x)` inline, which allocates a regex object per check. The patterns
 * become constants of a closure around the validator. Flag-less and `i`/`u`/`s`/`m` patterns only
 * (no `g` or `y`), so the shared objects keep no `lastIndex` state between calls.
 */
export const hoistPatterns = (node: ts.Expression, transformer: ts.TransformationContext): ts.Expression => {
  const f = ts.factory;
  const constants = new Map<string, ts.Identifier>();
  const patterns: ts.Expression[][] = [];
  const visit = (child: ts.Node): ts.Node => {
    const args = patternArguments(child);
    if (args === undefined) return ts.visitEachChild(child, visit, transformer);
    const key = args.map((a) => a.text).join("/");
    let name = constants.get(key);
    if (name === undefined) {
      name = f.createUniqueName(`__typekiln_pattern${constants.size}`);
      constants.set(key, name);
      patterns.push(args.map((a) => f.createStringLiteral(a.text)));
    }
    return name;
  };
  const body = visit(node) as ts.Expression;
  if (constants.size === 0) return node;
  const declarations = [...constants.values()].map((name, i) =>
    f.createVariableDeclaration(name, undefined, undefined, f.createCallExpression(f.createIdentifier("RegExp"), undefined, patterns[i])));
  return f.createCallExpression(
    f.createParenthesizedExpression(f.createArrowFunction(undefined, undefined, [], undefined, undefined, f.createBlock([
      f.createVariableStatement(undefined, f.createVariableDeclarationList(declarations, ts.NodeFlags.Const)),
      f.createReturnStatement(body),
    ], true))),
    undefined,
    [],
  );
};

/** The literal arguments of `RegExp("src")`, `new RegExp("src", "i")`; undefined for anything else. */
const patternArguments = (node: ts.Node): ts.StringLiteral[] | undefined => {
  if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) return undefined;
  if (!ts.isIdentifier(node.expression) || node.expression.text !== "RegExp") return undefined;
  const args = node.arguments ?? [];
  if (args.length < 1 || args.length > 2 || !args.every((a) => ts.isStringLiteral(a))) return undefined;
  const flags = args[1] as ts.StringLiteral | undefined;
  if (flags !== undefined && /[gy]/.test(flags.text)) return undefined;
  return args as ts.StringLiteral[];
};
