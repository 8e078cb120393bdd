/**
 * Recognises `use(fn, options?)` calls (declared in runtime/dependencies/dependencies.ts) and reads what they
 * say at build time: the dependency function's declaration and the literal options.
 */
import ts from "typescript";
import type { TransformContext } from "./context";
import { TransformError } from "./diagnostics";
import { literalValue } from "./literal-value";
import { RUNTIME_API } from "./runtime-api";

export const isUseCall = (context: TransformContext, node: ts.Node | undefined): node is ts.CallExpression =>
  node !== undefined &&
  ts.isCallExpression(node) &&
  context.api.nameOf(context.checker.getSymbolAtLocation(node.expression)) === RUNTIME_API.use;

export type Scope = "request" | "function" | "app";

export interface UseOptionsRead {
  /** The scope the `use()` names; absent: the one `dependency()` declared, else `request`. */
  readonly scope?: Scope;
  readonly scopes: readonly string[];
}

export const readUseOptions = (call: ts.CallExpression): UseOptionsRead => {
  const node = call.arguments[1];
  if (node === undefined) return { scopes: [] };
  const value = literalValue(node);
  const options = value.ok ? (value.value as { scope?: unknown; scopes?: unknown }) : undefined;
  const scope = options?.scope;
  const scopes = options?.scopes ?? [];
  if (
    options === undefined ||
    typeof options !== "object" ||
    (scope !== undefined && scope !== "request" && scope !== "function" && scope !== "app") ||
    !Array.isArray(scopes) ||
    !scopes.every((s) => typeof s === "string")
  )
    throw new TransformError({ code: "TK1107", node });
  return { ...(scope === undefined ? {} : { scope: scope as Scope }), scopes: scopes as string[] };
};

/**
 * `dependency(fn, { scope })` (declared in runtime/dependencies/dependencies.ts): the function it
 * marks and the literal scope, or undefined for any other expression.
 */
export const readDependencyCall = (context: TransformContext, node: ts.Expression): { fn: ts.Expression; scope: Scope } | undefined => {
  if (!ts.isCallExpression(node) || context.api.nameOf(context.checker.getSymbolAtLocation(node.expression)) !== RUNTIME_API.dependency)
    return undefined;
  const [fn, options] = node.arguments;
  const value = options === undefined ? undefined : literalValue(options);
  const scope = value?.ok ? (value.value as { scope?: unknown } | null)?.scope : undefined;
  if (fn === undefined || (scope !== "request" && scope !== "function" && scope !== "app"))
    throw new TransformError({ code: "TK1107", node: options ?? node });
  return { fn, scope };
};
