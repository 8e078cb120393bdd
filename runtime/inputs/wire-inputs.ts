/**
 * Readers for inputs that arrive as text: path parameters, query values, headers, cookies and
 * `Query<T>` objects. Each is compiled once per route into a closure that finds its text, applies
 * the manifest's coercion, validates, and records pydantic-shaped issues instead of throwing, so
 * every failing input of a request is reported together.
 */
import type { QueryObjectInput, ScalarInput, Validator } from "../contract/manifest";
import { COERCERS, type Coercer } from "./coerce";
import { appendIssues, missingIssue, type IssueOrigin, type ValidationIssue } from "../validation/validation-error";
import type { QueryValue, WireMap } from "./query-string";

export type { WireMap } from "./query-string";

/** What the readers of one request share; built once per request by the input plan. */
export interface WireSources {
  /** Path parameters, percent-decoded. */
  readonly params: readonly string[];
  /** Every query pair, for routes with a `Query<T>` object; empty otherwise. */
  readonly query: WireMap;
  /** The named query parameters' values, one slot each (`wantedPairs`), for routes without one. */
  readonly querySlots: readonly QueryValue[];
  readonly cookies: WireMap;
  /** Declared header values, in the order the plan asked for them; `""` when absent. */
  readonly headers: readonly string[];
}

export type Reader<S = WireSources> = (sources: S, issues: ValidationIssue[]) => unknown;

type RawText = string | string[] | undefined;

/** Repeated keys arrive as arrays: a list parameter takes them all, a scalar the last, as FastAPI does. */
function pick(value: string | string[] | undefined, array: boolean): RawText {
  if (value === undefined) return undefined;
  if (array) return Array.isArray(value) ? value : [value];
  return Array.isArray(value) ? value[value.length - 1] : value;
}

function splitHeader(value: string, array: boolean): RawText {
  if (value === "") return undefined; // uWS reports an absent header as ""
  return array ? value.split(",").map((part) => part.trim()) : value;
}

/**
 * Finds the raw text of a scalar input. `slot` is its index in `WireSources.headers` (a header)
 * or `WireSources.querySlots` (a query parameter); a query parameter with slot -1 is read from
 * `WireSources.query` by name.
 */
function locate(input: ScalarInput, slot: number): (sources: WireSources) => RawText {
  const { name, array } = input;
  switch (input.source) {
    case "path": {
      const segment = input.segment ?? 0;
      return (s) => s.params[segment];
    }
    case "query": return slot === -1 ? (s) => pick(s.query[name], array) : (s) => pick(s.querySlots[slot], array);
    case "header": return (s) => splitHeader(s.headers[slot], array);
    case "cookie": return (s) => pick(s.cookies[name], false);
  }
}

function coerceAll(raw: string | string[], coerce: Coercer): unknown {
  return typeof raw === "string" ? coerce(raw) : raw.map(coerce);
}

/**
 * Runs a validator, appending its issues; returns the validated value (undefined on failure). The
 * issues' origin (`source`, `name`, `raw`) becomes an object only for a failure: a valid value costs none.
 */
function check(
  validate: Validator | undefined, value: unknown, issues: ValidationIssue[],
  source: IssueOrigin["source"], raw: IssueOrigin["raw"], name?: string,
): unknown {
  if (validate === undefined) return value;
  const result = validate(value);
  if (result.success) return result.data;
  appendIssues(result.errors, { source, name, raw }, issues);
  return undefined;
}

/** A path, query, header or cookie parameter; `slot` as `locate` takes it. */
export function scalarReader(input: ScalarInput, slot: number): Reader {
  const find = locate(input, slot);
  const coerce = COERCERS[input.coerce];
  const { source, name, required, validate } = input;
  const loc = [source, name] as const;
  return (sources, issues) => {
    const raw = find(sources);
    if (raw === undefined) {
      if (required) issues.push(missingIssue(loc));
      return undefined; // absent and optional: the handler's own default applies
    }
    return check(validate, coerceAll(raw, coerce), issues, source, raw, name);
  };
}

/** A `Query<T>` parameter: its fields gathered into one object and validated together. */
export function queryObjectReader(input: QueryObjectInput, declared: ReadonlySet<string>): Reader {
  const fields = input.fields.map((f) => ({ name: f.name, array: f.array, coerce: COERCERS[f.coerce] }));
  const { validate } = input;
  const forbid = input.extra === "forbid";
  return (sources, issues) => {
    if (forbid) forbidExtra(sources.query, declared, issues);
    // Null-prototype: field names come from the manifest, but keep the object inert regardless.
    const raw: Record<string, string | string[]> = Object.create(null);
    const value: Record<string, unknown> = {};
    for (const field of fields) {
      const text = pick(sources.query[field.name], field.array);
      if (text === undefined) continue; // absent fields stay absent: typia reports required ones
      raw[field.name] = text;
      value[field.name] = coerceAll(text, field.coerce);
    }
    return check(validate, value, issues, "query", raw);
  };
}

const EXTRA_FORBIDDEN = "Extra inputs are not permitted";

/** pydantic's `extra="forbid"` for a query model: one entry per query parameter no input of the route declares. */
function forbidExtra(query: WireMap, declared: ReadonlySet<string>, issues: ValidationIssue[]): void {
  for (const name in query) {
    if (!declared.has(name)) issues.push({ type: "extra_forbidden", loc: ["query", name], msg: EXTRA_FORBIDDEN, input: pick(query[name], false) });
  }
}
