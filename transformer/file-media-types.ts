/**
 * The media types a route answering with a `FileResponse` can send, read from its body at build
 * time: each `new FileResponse(path, { contentType })` with a literal `contentType`, or a literal
 * path whose extension names one (the runtime's own lookup, `mime-types`). A file whose type is
 * not known until it is sent makes the list end in `*\/*`.
 */
import ts from "typescript";
import { lookup } from "mime-types";
import type { TransformContext } from "./context";
import { RUNTIME_API } from "./runtime-api";
import { literalValue } from "./literal-value";

/** The media types, in the order written; `"*\/*"` last when one is not literal. */
export const fileMediaTypes = (context: TransformContext, body: ts.Node | undefined): string[] => {
  const known = new Set<string>();
  let unknown = false;
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && context.api.nameOf(context.checker.getSymbolAtLocation(node.expression)) === RUNTIME_API.fileResponse) {
      const type = mediaTypeOf(node.arguments ?? []);
      if (type === undefined) unknown = true;
      else known.add(type);
    }
    ts.forEachChild(node, visit);
  };
  if (body !== undefined) visit(body);
  // No `new FileResponse` in the body (the handler returns one made elsewhere): not known either.
  if (unknown || known.size === 0) known.add("*/*");
  return [...known];
};

function mediaTypeOf(args: readonly ts.Expression[]): string | undefined {
  const [path, options] = args;
  if (options !== undefined) {
    const read = literalValue(options);
    const type = read.ok ? (read.value as { contentType?: unknown } | null)?.contentType : undefined;
    if (typeof type === "string") return type.split(";")[0]!.trim();
    if (!read.ok) return undefined; // options built at run time may hold a contentType
  }
  // As the runtime does: the extension's type, `application/octet-stream` for one it does not know.
  if (path !== undefined && ts.isStringLiteralLike(path)) return lookup(path.text) || "application/octet-stream";
  return undefined;
}
