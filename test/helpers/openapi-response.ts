/**
 * Checks a real response against the response schema an OpenAPI 3.1 document declares for it
 * (JSON Schema 2020-12, `$ref`s into the document's components resolved by Ajv itself).
 */
import Ajv2020 from "ajv/dist/2020";

/** The errors of validating `body` against `document`'s schema for `method path` answering `status`; empty when it conforms. */
export function responseErrors(document: Record<string, any>, path: string, method: string, status: number, body: unknown): unknown[] {
  const response = document.paths?.[path]?.[method]?.responses?.[String(status)];
  if (response === undefined) return [`${method.toUpperCase()} ${path} documents no ${status} response`];
  const schema = response.content?.["application/json"]?.schema;
  if (schema === undefined) return [`${method.toUpperCase()} ${path} documents no JSON body for ${status}`];
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
  ajv.addSchema({ $id: "doc", components: document.components });
  const validate = ajv.compile(rewrite(schema));
  return validate(body) ? [] : (validate.errors ?? []);
}

// `#/components/…` refs point into the document added as "doc".
function rewrite(schema: unknown): any {
  if (Array.isArray(schema)) return schema.map(rewrite);
  if (schema === null || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) out[key] = key === "$ref" && typeof value === "string" && value.startsWith("#/") ? `doc${value}` : rewrite(value);
  return out;
}
