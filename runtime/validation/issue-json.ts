/**
 * A 422's `detail` list written as JSON by hand. `JSON.stringify` of Node 20 walks each entry's
 * properties generically, which cost more than the echoed `input` itself in an invalid-body
 * answer (BENCHMARKS.md S4); the entries have one shape, so the keys and brackets are constants
 * here and only the values are written: the same text `JSON.stringify` gives, in pydantic's key
 * order (`type`, `loc`, `msg`, `input`, `ctx`), a key left out when its value is `undefined`.
 */
import { jsonNumber, jsonString } from "./generated";
import { HTTP_ERRORS } from "../errors/errors";
import { JSON_HEADERS, stringifyJson, type WireReply } from "../responses/reply";
import { statusLine } from "../http/status-line";
import type { ValidationIssue } from "./validation-error";

const UNPROCESSABLE = statusLine(HTTP_ERRORS.VALIDATION_FAILED.status);

/** 422 with pydantic-shaped entries (see validation-error.ts): `{"detail": [...]}`. */
export const validationReply = (issues: readonly ValidationIssue[]): WireReply =>
  ({ status: UNPROCESSABLE, headers: JSON_HEADERS, body: '{"detail":' + issuesJson(issues) + "}" });

/** `JSON.stringify(issues)`, for entries built as `ValidationIssue`s. */
export function issuesJson(issues: readonly ValidationIssue[]): string {
  let out = "[";
  for (let i = 0; i < issues.length; i++) {
    const issue = issues[i]!;
    out += (i === 0 ? '{"type":' : ',{"type":') + jsonString(issue.type) + ',"loc":' + locJson(issue.loc) + ',"msg":' + jsonString(issue.msg);
    const input = valueJson(issue.input);
    if (input !== undefined) out += ',"input":' + input;
    if (issue.ctx !== undefined) out += ',"ctx":' + ctxJson(issue.ctx);
    out += "}";
  }
  return out + "]";
}

/**
 * The JSON of what validation-error.ts keeps frozen (a place's `loc`, a tag's `ctx`), written once
 * for each: S4 of BENCHMARKS.md sends the same few failures again and again.
 */
const WRITTEN = new WeakMap<object, string>();

function writtenOnce<T extends object>(value: T, write: (value: T) => string): string {
  if (!Object.isFrozen(value)) return write(value);
  let json = WRITTEN.get(value);
  if (json === undefined) WRITTEN.set(value, (json = write(value)));
  return json;
}

const locJson = (loc: readonly (string | number)[]): string => writtenOnce(loc, writeLoc);
const ctxJson = (ctx: Readonly<Record<string, unknown>>): string => writtenOnce(ctx, stringifyJson);

function writeLoc(loc: readonly (string | number)[]): string {
  let out = "[";
  for (let i = 0; i < loc.length; i++) {
    const segment = loc[i]!;
    if (i > 0) out += ",";
    out += typeof segment === "number" ? jsonNumber(segment) : jsonString(segment);
  }
  return out + "]";
}

/** The echoed input: scalars here, the rest by `JSON.stringify` (`undefined` for `undefined` or a function, which it leaves out). */
function valueJson(value: unknown): string | undefined {
  switch (typeof value) {
    case "string": return jsonString(value);
    case "number": return jsonNumber(value);
    case "boolean": return value ? "true" : "false";
    default: return value === null ? "null" : stringifyJson(value);
  }
}
