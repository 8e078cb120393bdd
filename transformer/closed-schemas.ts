/**
 * A route's `extra: "forbid"` in its document: the JSON request body's object schemas say
 * `additionalProperties: false`, at every depth, as typia's `validateEquals` checks them. A named
 * component is closed as a copy, `<Name>.Closed`, since other routes (and the responses, which
 * write only declared properties anyway) share the open one.
 */
import ts from "typescript";
import { TransformError } from "./diagnostics";
import { literalValue } from "./literal-value";

/** The route's `extra` option, read at build time: `"forbid"`, or undefined for `"ignore"` and none. */
export const readExtraOption = (options: ts.ObjectLiteralExpression | undefined): "forbid" | undefined => {
  const property = options?.properties.find((p) => p.name !== undefined && p.name.getText() === "extra");
  if (property === undefined) return undefined;
  const value = ts.isPropertyAssignment(property) ? literalValue(property.initializer) : { ok: false as const };
  if (!value.ok || (value.value !== "forbid" && value.value !== "ignore")) throw new TransformError({ code: "TK1019", node: property });
  return value.value === "forbid" ? "forbid" : undefined;
};

type Schema = Record<string, unknown>;

const REF = "#/components/schemas/";

/** Closes the schema of the JSON request body of `operation`, adding closed copies of the components it uses to `components`. */
export function closeRequestBody(operation: Schema, components: Record<string, unknown>): void {
  const content = (operation.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)?.content;
  const json = content?.["application/json"];
  if (json?.schema === undefined) return;
  const closed = new Map<string, string>();
  const close = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(close);
    if (typeof value !== "object" || value === null) return value;
    const schema = value as Schema;
    if (typeof schema.$ref === "string" && schema.$ref.startsWith(REF)) {
      const name = schema.$ref.slice(REF.length);
      let copy = closed.get(name);
      if (copy === undefined && components[name] !== undefined) {
        copy = `${name}.Closed`;
        closed.set(name, copy);
        components[copy] = close(components[name]);
      }
      return copy === undefined ? schema : { ...schema, $ref: REF + copy };
    }
    const out: Schema = {};
    for (const [key, child] of Object.entries(schema)) {
      // `properties` maps names to schemas; `examples` and `default` hold data, not schemas.
      out[key] = key === "properties" ? mapValues(child as Schema, close) : key === "examples" || key === "default" || key === "example" ? child : close(child);
    }
    if (out.type === "object" && out.additionalProperties === undefined && out.patternProperties === undefined) out.additionalProperties = false;
    return out;
  };
  json.schema = close(json.schema);
}

const mapValues = (record: Schema, map: (value: unknown) => unknown): Schema =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
