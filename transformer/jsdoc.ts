/**
 * Reads a route's documentation from the JSDoc above its registration (or above a named handler):
 * summary, description, tags, deprecation, parameter descriptions and declared error statuses.
 */
import ts from "typescript";

export interface RouteDoc {
  readonly summary?: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly deprecated: boolean;
  readonly operationId?: string;
  readonly parameters: ReadonlyMap<string, string>;
  readonly returns?: string;
  /** `@throws 404 User not found` → status and description. */
  readonly throws: ReadonlyMap<number, string>;
}

export const readRouteDoc = (nodes: readonly (ts.Node | undefined)[]): RouteDoc => {
  const docs = nodes.flatMap((node) => (node === undefined ? [] : jsDocsOf(node)));
  const text = docs.map((doc) => commentText(doc.comment)).filter((t) => t.length > 0).join("\n\n");
  const [first, ...rest] = text.split(/\n\s*\n/);
  const tags = docs.flatMap((doc) => doc.tags ?? []);
  const tagText = (tag: ts.JSDocTag): string => commentText(tag.comment).trim();

  const parameters = new Map<string, string>();
  const throws = new Map<number, string>();
  const openApiTags: string[] = [];
  let summary = first?.trim() || undefined;
  let description = rest.join("\n\n").trim() || undefined;
  let deprecated = false;
  let operationId: string | undefined;
  let returns: string | undefined;
  for (const tag of tags) {
    const name = tag.tagName.text;
    if (ts.isJSDocParameterTag(tag)) parameters.set(tag.name.getText(), tagText(tag).replace(/^-\s*/, ""));
    else if (name === "tag" || name === "tags") openApiTags.push(...tagText(tag).split(/[\s,]+/).filter(Boolean));
    else if (name === "deprecated") deprecated = true;
    else if (name === "summary") summary = tagText(tag);
    else if (name === "description") description = tagText(tag);
    else if (name === "operationId") operationId = tagText(tag);
    else if (name === "returns" || name === "return") returns = tagText(tag);
    else if (name === "throws" || name === "throw") {
      const match = /^\{?(\d{3})\}?\s*(.*)$/s.exec(tagText(tag));
      if (match) throws.set(Number(match[1]), match[2]!.trim());
    }
  }
  return { summary, description, tags: openApiTags, deprecated, operationId, parameters, returns, throws };
};

const jsDocsOf = (node: ts.Node): ts.JSDoc[] =>
  ((node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? []).filter((doc) => ts.isJSDoc(doc));

const commentText = (comment: string | ts.NodeArray<ts.JSDocComment> | undefined): string =>
  typeof comment === "string" ? comment : (comment?.map((part) => part.text).join("") ?? "");
