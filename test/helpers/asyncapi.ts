import Ajv from "ajv";
import addFormats from "ajv-formats";

// The AsyncAPI 3.0.0 JSON schema as published by the AsyncAPI initiative (@asyncapi/specs). It bundles
// the draft-07 meta-schema itself, so Ajv must not add its own (`meta: false`).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const specs = require("@asyncapi/specs") as { schemas: Record<string, object> };

/** Validates a document against the official AsyncAPI 3.0 schema; `errors` lists every failure. */
export const validateAsyncApi = (document: unknown): { valid: boolean; errors: unknown } => {
  const ajv = new Ajv({ allErrors: true, strict: false, meta: false, validateSchema: false });
  addFormats(ajv);
  const validate = ajv.compile(specs.schemas["3.0.0"]!);
  const valid = validate(document);
  return { valid, errors: validate.errors ?? null };
};
