/**
 * The Ajv validators Express and Hono use: compiled once at start-up from the shared JSON
 * Schemas. Path and query values arrive as strings, so their validators coerce (and fill
 * defaults); bodies are JSON already, so theirs do not coerce, matching typia.
 */
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import * as schema from "./json-schemas";

const instance = (coerceTypes: boolean) => {
  const ajv = new Ajv({ coerceTypes, useDefaults: true, allErrors: false });
  addFormats(ajv);
  return ajv;
};
const strings = instance(true);
const json = instance(false);

export const validators = {
  idParams: strings.compile(schema.userIdParams),
  pageQuery: strings.compile(schema.pageQuery),
  productQuery: strings.compile(schema.productQuery),
  articlesQuery: strings.compile(schema.articlesQuery),
  orderCreate: json.compile(schema.orderCreate),
  userCreate: json.compile(schema.userCreate),
  cancelRequest: json.compile(schema.cancelRequest),
} satisfies Record<string, ValidateFunction>;

/** The error body both answer with: Ajv's own error list. */
export const validationError = (where: string, validate: ValidateFunction) => ({
  error: "Bad Request",
  message: `invalid ${where}`,
  details: validate.errors,
});
