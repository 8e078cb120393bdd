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

export interface UseOptionsRead {
  readonly scope: "request" | "function" | "app";
  readonly scopes: readonly string[];
}

export const readUseOptions = (call: ts.CallExpression): UseOptionsRead => {
  const node = call.arguments[1];
  if (node === undefined) return { scope: "request", scopes: [] };
  const value = literalValue(node);
  const options = value.ok ? (value.value as { scope?: unknown; scopes?: unknown }) : undefined;
  const scope = options?.scope ?? "request";
  const scopes = options?.scopes ?? [];
  if (
    options === undefined ||
    typeof options !== "object" ||
    (scope !== "request" && scope !== "function" && scope !== "app") ||
    !Array.isArray(scopes) ||
    !scopes.every((s) => typeof s === "string")
  )
    throw new TransformError({ code: "TK1107", node });
  return { scope, scopes: scopes as string[] };
};
