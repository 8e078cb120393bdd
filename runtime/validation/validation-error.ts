/**
 * typia's validation errors, told in FastAPI's words: each `{path, expected, value}` becomes a
 * pydantic v2 entry `{type, loc, msg, input, ctx?}`, so clients written against FastAPI read our
 * 422s unchanged. typia names the type it expected (`string & MinLength<3>`, `("a" | "b")`,
 * `Array<Item>`); for a value of the right type that fails a tag it names only the failing tag.
 */
import type { IValidation } from "@typia/interface";
import type { InputSource } from "../contract/manifest";
import type { ValidationErrorEntry } from "../errors/request-validation-error";
import { splitTopLevel, stripParens, parsePath, parseLiteral, parseTag, valueAt as walk, isIntTagged } from "./typia-expected";
import { _isUniqueItems } from "./typia-helpers";
import { characterCount } from "./characters";

/** One entry of a 422 `detail` list, as pydantic v2 writes it (what `RequestValidationError` holds). */
export type ValidationIssue = ValidationErrorEntry;

/** Where a validated value came from, to build `loc` and `input`. */
export interface IssueOrigin {
  /** `response` for a handler's result checked against its return type (`response-check.ts`). */
  readonly source: InputSource | "response";
  /** The parameter's wire name, for scalar inputs; absent for bodies and `Query<T>` objects. */
  readonly name?: string;
  /**
   * The value as the client sent it. For wire sources this is the text before coercion, which is
   * what pydantic reports as `input`; for the body it is the parsed JSON.
   */
  readonly raw: unknown;
  /** The value was text before coercion (a form field in the body): pydantic's `*_parsing` types apply. */
  readonly wire?: boolean;
}

/** `Field required` for an input that is absent altogether. */
export const missingIssue = (loc: readonly (string | number)[], input: unknown = null): ValidationIssue =>
  ({ type: "missing", loc, msg: "Field required", input });

/** Appends one pydantic entry per typia error to `out`. */
export function appendIssues(errors: readonly IValidation.IError[], origin: IssueOrigin, out: ValidationIssue[]): void {
  const head = origin.name === undefined ? origin.source : origin.source + "\0" + origin.name;
  const wire = origin.wire ?? origin.source !== "body";
  let arrays: unknown[] | undefined;
  for (const error of errors) {
    const place = placeOf(error.path);
    const segments = place.segments;
    const cut = arrayAsObject(origin.raw, segments);
    if (cut >= 0) {
      // One entry per array, however many of the object's fields typia found missing in it.
      const at = segments.slice(0, cut);
      const array = walk(origin.raw, at);
      arrays ??= [];
      if (!arrays.includes(array)) {
        arrays.push(array);
        out.push({ type: "model_attributes_type", loc: headOf(origin).concat(at), msg: NOT_AN_OBJECT, input: array });
      }
      continue;
    }
    const loc = locAt(place, origin, head);
    if (error.value === undefined && error.expected !== "undefined") {
      // pydantic shows the object the field is missing from, or null at the top level.
      const parent = place.parent === undefined ? null : walk(origin.raw, place.parent);
      out.push(missingIssue(loc, parent ?? null));
      continue;
    }
    // A record's key that is no number (`[…, key, "[key]"]`, generated-code.ts): text, as pydantic parses keys.
    const key = segments[segments.length - 1] === "[key]";
    const input = wire && !key ? walk(origin.raw, segments) : error.value;
    const { type, msg, ctx } = describe(error.expected, error.value, wire || key);
    // pydantic's key order, for clients (and tests) that compare text.
    out.push(ctx === undefined ? { type, loc, msg, input } : { type, loc, msg, input, ctx });
  }
}

type Description = Pick<ValidationIssue, "type" | "msg" | "ctx">;

const NOT_AN_OBJECT = "Input should be a valid dictionary or object to extract fields from";

/**
 * A place typia names by its path text (`$input.items[1].sku`), read once: its segments, the
 * segments of the object holding it (for `missing`), and its `loc` under the heads it was asked
 * for (`body`, or `query` and a name). Paths come from generated code, so a route sees the same
 * few again and again; the `loc` arrays are frozen, so one that fails again builds nothing and its
 * JSON is written once (issue-json.ts). Bounded, in case a recursive type keeps naming new places.
 */
interface Place {
  readonly segments: readonly (string | number)[];
  /** The holder's segments; `undefined` at the top level. */
  readonly parent: readonly (string | number)[] | undefined;
  /** The `loc` under each head asked for. */
  readonly locs: Map<string, readonly (string | number)[]>;
}

const PLACES = new Map<string, Place>();

export function placeOf(path: string): Place {
  let place = PLACES.get(path);
  if (place === undefined) {
    if (PLACES.size >= 4096) PLACES.clear();
    const segments = Object.freeze(parsePath(path));
    const parent = segments.length === 0 ? undefined : Object.freeze(segments.slice(0, -1));
    place = { segments, parent, locs: new Map() };
    PLACES.set(path, place);
  }
  return place;
}

function locAt(place: Place, origin: IssueOrigin, head: string): readonly (string | number)[] {
  let loc = place.locs.get(head);
  if (loc === undefined) {
    if (place.locs.size >= 64) place.locs.clear();
    loc = Object.freeze(headOf(origin).concat(place.segments));
    place.locs.set(head, loc);
  }
  return loc;
}

const headOf = (origin: IssueOrigin): (string | number)[] =>
  origin.name === undefined ? [origin.source] : [origin.source, origin.name];

/**
 * Where an array stood in for an object, as a count of leading segments, or -1. typia checks an
 * object type (one with a required field) by `typeof value === "object"`, which an array passes,
 * and then reports each required field missing; pydantic reports the array once, where the object
 * belongs. A name (not an index) read from an array marks the place.
 */
function arrayAsObject(root: unknown, segments: readonly (string | number)[]): number {
  let value = root;
  for (let i = 0; i < segments.length; i++) {
    if (value === null || typeof value !== "object") return -1;
    if (typeof segments[i] === "string" && Array.isArray(value)) return i;
    value = (value as Record<string | number, unknown>)[segments[i]!];
  }
  return -1;
}

/** The pydantic type, message and context for one failure. */
export function describe(expected: string, value: unknown, wire: boolean): Description {
  return describerOf(expected)(value, wire);
}

type Describer = (value: unknown, wire: boolean) => Description;

/**
 * typia's `expected` texts come from generated code, so a route sees the same few again and
 * again: each is read once into a describer (BENCHMARKS.md S4 sends nothing but invalid bodies).
 * Bounded, in case a recursive type keeps producing new texts.
 */
const DESCRIBERS = new Map<string, Describer>();

function describerOf(expected: string): Describer {
  let describer = DESCRIBERS.get(expected);
  if (describer === undefined) {
    if (DESCRIBERS.size >= 4096) DESCRIBERS.clear();
    describer = compileDescriber(expected);
    DESCRIBERS.set(expected, describer);
  }
  return describer;
}

/** A description that never changes, frozen with its `ctx`, whose JSON is then written once (issue-json.ts). */
function frozenDescription(description: Description): Description {
  if (description.ctx !== undefined) Object.freeze(description.ctx);
  return Object.freeze(description);
}

const constant = (description: Description): Describer => {
  const frozen = frozenDescription(description);
  return () => frozen;
};

function compileDescriber(expected: string): Describer {
  if (expected === "undefined") return constant({ type: "extra_forbidden", msg: "Extra inputs are not permitted" });
  // `T | null` and `T | undefined` fail as T would: null and undefined never reach here for them.
  const members = splitTopLevel(stripParens(expected), "|").filter((m) => m !== "undefined" && m !== "null");
  const literals = members.map(parseLiteral);
  if (literals.length > 0 && literals.every((l) => l !== undefined)) return constant(literalError(literals.map((l) => l!.value)));
  if (members.length === 1) return memberDescriber(members[0]);
  // `undefined` is typia's mark of an optional property, not a value a client can send.
  return constant(fallback(splitTopLevel(stripParens(expected), "|").filter((m) => m !== "undefined").join(" | ")));
}

function memberDescriber(member: string): Describer {
  const [base, ...tagTexts] = splitTopLevel(stripParens(member), "&");
  const typeError = baseCheck(base!, isIntTagged(tagTexts));
  const tags = tagTexts.map(parseTag).filter((t) => t !== undefined).map(tagDescriber);
  const otherwise = frozenDescription(fallback(member));
  return (value, wire) => {
    const wrongType = typeError(value, wire);
    if (wrongType !== null) return wrongType;
    // typia names only the failing tag for a value of the right type; still, prefer a tag we can
    // see failing over one we merely cannot check.
    let unsure: TagDescriber | undefined;
    for (const tag of tags) {
      const met = holds(tag.tag, value);
      if (met === false) return tag.describe(value) ?? otherwise;
      if (met === undefined) unsure ??= tag;
    }
    return unsure?.describe(value) ?? otherwise;
  };
}

interface TagDescriber { readonly tag: Tag; readonly describe: (value: unknown) => Description | undefined }

/** A tag with its words, written once where they do not depend on the value. */
function tagDescriber(tag: Tag): TagDescriber {
  const byValue = valueWords(tag);
  if (byValue !== undefined) return { tag, describe: byValue };
  const words = fixedWords(tag);
  const fixed = words && frozenDescription(words);
  return { tag, describe: () => fixed };
}

/** The error when a value is not even of the base type; `null` when it is. */
type BaseCheck = (value: unknown, wire: boolean) => Description | null;

const constantDescription = (type: string, msg: string): Description => frozenDescription({ type, msg });
const STRING_TYPE = constantDescription("string_type", "Input should be a valid string");
const FINITE_NUMBER = constantDescription("finite_number", "Input should be a finite number");
const FLOAT_PARSING = constantDescription("float_parsing", "Input should be a valid number, unable to parse string as a number");
const FLOAT_TYPE = constantDescription("float_type", "Input should be a valid number");
const INT_PARSING = constantDescription("int_parsing", "Input should be a valid integer, unable to parse string as an integer");
const INT_TYPE = constantDescription("int_type", "Input should be a valid integer");
const BOOL_PARSING = constantDescription("bool_parsing", "Input should be a valid boolean, unable to interpret input");
const BOOL_TYPE = constantDescription("bool_type", "Input should be a valid boolean");
const NONE_REQUIRED = constantDescription("none_required", "Input should be None");
const DATETIME_PARSING = constantDescription("datetime_parsing", "Input should be a valid datetime");
const DATETIME_TYPE = constantDescription("datetime_type", "Input should be a valid datetime");
const LIST_TYPE = constantDescription("list_type", "Input should be a valid list");
const DICT_TYPE = constantDescription("dict_type", "Input should be a valid dictionary");
const MODEL_TYPE = constantDescription("model_attributes_type", NOT_AN_OBJECT);

/** Text where a number or boolean belongs (a path, query or form value) fails as pydantic's `*_parsing`. */
const isText = (value: unknown, wire: boolean): boolean => wire && typeof value === "string";
const intError = (text: boolean): Description => (text ? INT_PARSING : INT_TYPE);

/** The check of a member's base type, read once from typia's text for it. */
function baseCheck(base: string, intTagged: boolean): BaseCheck {
  switch (base) {
    case "string":
      return (value) => (typeof value === "string" ? null : STRING_TYPE);
    case "number":
      return (value, wire) => {
        if (typeof value === "number") return Number.isFinite(value) ? null : FINITE_NUMBER;
        const text = isText(value, wire);
        return intTagged ? intError(text) : text ? FLOAT_PARSING : FLOAT_TYPE;
      };
    case "bigint":
      return (value, wire) => (typeof value === "bigint" ? null : intError(isText(value, wire)));
    case "boolean":
      return (value, wire) => (typeof value === "boolean" ? null : isText(value, wire) ? BOOL_PARSING : BOOL_TYPE);
    case "null":
      return (value) => (value === null ? null : NONE_REQUIRED);
    case "Date":
      // Text that reads as ISO 8601 became a Date before validation: what is left did not.
      return (value) => (value instanceof Date ? null : typeof value === "string" ? DATETIME_PARSING : DATETIME_TYPE);
    default:
      break;
  }
  if (base.startsWith("Array<") || base.endsWith("[]") || base.startsWith("[")) {
    return (value) => (Array.isArray(value) ? null : LIST_TYPE);
  }
  if (base.startsWith("Record<") || base.startsWith("Map<")) {
    return (value) => (isPlainObject(value) ? null : DICT_TYPE);
  }
  if (/^[A-Za-z_$][\w$.]*(<.*>)?$/.test(base)) {
    // A named object type (`UserCreate`, `__type`, `Resolve<…>`): a model in pydantic's terms.
    return (value) => (isPlainObject(value) ? null : MODEL_TYPE);
  }
  return constant(fallback(base));
}

const isPlainObject = (value: unknown): boolean =>
  value !== null && typeof value === "object" && !Array.isArray(value);

const plural = (n: unknown, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

const INT_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER],
};

// A bigint parsed from text (a path or query value) is checked against the tag's full range.
const BIGINT_RANGES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

interface Tag { readonly name: string; readonly arg: unknown }

/** Lengths as the generated check measures them: characters of a string (`characters.ts`), items of an array. */
const sizeOf = (value: unknown): number =>
  typeof value === "string" ? characterCount(value) : Array.isArray(value) ? value.length : 0;

/** Whether `value` meets the tag; `undefined` when we cannot tell (formats, custom tags). */
function holds({ name, arg }: Tag, value: unknown): boolean | undefined {
  const n = value as number;
  const a = arg as number;
  switch (name) {
    case "MinLength": case "MinItems": return sizeOf(value) >= a;
    case "MaxLength": case "MaxItems": return sizeOf(value) <= a;
    case "Minimum": return n >= a;
    case "Maximum": return n <= a;
    case "ExclusiveMinimum": return n > a;
    case "ExclusiveMaximum": return n < a;
    case "Type": {
      const range = typeof value === "bigint" ? BIGINT_RANGES[String(arg)] : INT_RANGES[String(arg)];
      return range ? (typeof value === "bigint" || Number.isInteger(n)) && n >= range[0] && n <= range[1] : undefined;
    }
    case "UniqueItems": return arg === "false" || !Array.isArray(value) || _isUniqueItems(value);
    default: return undefined;
  }
}

/** pydantic's words for a failed tag that names the value (its length, its integer range); `undefined` for the other tags. */
function valueWords({ name, arg }: Tag): ((value: unknown) => Description | undefined) | undefined {
  switch (name) {
    case "MinItems":
    case "MaxItems": {
      const [type, bound, key] = name === "MinItems" ? ["too_short", "least", "min_length"] : ["too_long", "most", "max_length"];
      return (value) => {
        const length = sizeOf(value);
        return {
          type, msg: `List should have at ${bound} ${plural(arg, "item")} after validation, not ${length}`,
          ctx: { field_type: "List", [key]: arg, actual_length: length },
        };
      };
    }
    case "Type":
      return (value) => describeIntRange(String(arg), value);
    default:
      return undefined;
  }
}

/** pydantic's words for any other failed tag; `undefined` for a tag it has no words for. */
function fixedWords({ name, arg }: Tag): Description | undefined {
  switch (name) {
    case "MinLength":
      return { type: "string_too_short", msg: `String should have at least ${plural(arg, "character")}`, ctx: { min_length: arg } };
    case "MaxLength":
      return { type: "string_too_long", msg: `String should have at most ${plural(arg, "character")}`, ctx: { max_length: arg } };
    case "Minimum":
      return { type: "greater_than_equal", msg: `Input should be greater than or equal to ${arg}`, ctx: { ge: arg } };
    case "Maximum":
      return { type: "less_than_equal", msg: `Input should be less than or equal to ${arg}`, ctx: { le: arg } };
    case "ExclusiveMinimum":
      return { type: "greater_than", msg: `Input should be greater than ${arg}`, ctx: { gt: arg } };
    case "ExclusiveMaximum":
      return { type: "less_than", msg: `Input should be less than ${arg}`, ctx: { lt: arg } };
    case "MultipleOf":
      return { type: "multiple_of", msg: `Input should be a multiple of ${arg}`, ctx: { multiple_of: arg } };
    case "Pattern":
      return { type: "string_pattern_mismatch", msg: `String should match pattern '${arg}'`, ctx: { pattern: arg } };
    case "Format":
      return describeFormat(String(arg));
    case "UniqueItems":
      return UNIQUE_ITEMS;
    default:
      return undefined;
  }
}

function describeIntRange(type: string, value: unknown): Description | undefined {
  if (typeof value === "bigint") {
    const range = BIGINT_RANGES[type];
    if (!range) return undefined;
    // ctx holds the bound as a string past 2^53, where a JSON number would round it.
    const bound = (limit: bigint): number | string => (limit >= -(2n ** 53n) && limit <= 2n ** 53n ? Number(limit) : String(limit));
    if (value < range[0]) return { type: "greater_than_equal", msg: `Input should be greater than or equal to ${range[0]}`, ctx: { ge: bound(range[0]) } };
    if (value > range[1]) return { type: "less_than_equal", msg: `Input should be less than or equal to ${range[1]}`, ctx: { le: bound(range[1]) } };
    return undefined;
  }
  const range = INT_RANGES[type];
  if (!range || typeof value !== "number") return undefined;
  if (!Number.isInteger(value)) {
    return { type: "int_from_float", msg: "Input should be a valid integer, got a number with a fractional part" };
  }
  if (value < range[0]) return { type: "greater_than_equal", msg: `Input should be greater than or equal to ${range[0]}`, ctx: { ge: range[0] } };
  if (value > range[1]) return { type: "less_than_equal", msg: `Input should be less than or equal to ${range[1]}`, ctx: { le: range[1] } };
  return undefined;
}

/**
 * pydantic v2 has no unique-items constraint (its `set[T]` merges duplicates instead: see `Set<T>`),
 * so a list that must refuse them is a list with an `AfterValidator` raising `ValueError` in
 * FastAPI, answered as pydantic answers every such validator: `value_error`, "Value error, " and
 * the message, and the `ValueError` itself as `ctx.error`, which FastAPI's JSON writes as `{}`.
 */
const UNIQUE_ITEMS: Description = { type: "value_error", msg: "Value error, List should have unique items", ctx: { error: {} } };

const FORMATS: Readonly<Record<string, Description>> = {
  email: { type: "value_error", msg: "value is not a valid email address", ctx: { reason: "The email address is not valid." } },
  uuid: { type: "uuid_parsing", msg: "Input should be a valid UUID" },
  "date-time": { type: "datetime_parsing", msg: "Input should be a valid datetime" },
  date: { type: "date_parsing", msg: "Input should be a valid date" },
  time: { type: "time_parsing", msg: "Input should be in a valid time format" },
  uri: { type: "url_parsing", msg: "Input should be a valid URL" },
  url: { type: "url_parsing", msg: "Input should be a valid URL" },
  ipv4: { type: "ip_v4_address", msg: "Input is not a valid IPv4 address" },
  ipv6: { type: "ip_v6_address", msg: "Input is not a valid IPv6 address" },
};

const describeFormat = (format: string): Description =>
  FORMATS[format] ?? { type: "value_error", msg: `Value error, value is not a valid ${format}`, ctx: { format } };

const quote = (v: unknown): string => (typeof v === "string" ? `'${v}'` : String(v));

/** pydantic's `Input should be 'a', 'b' or 'c'`. */
function literalError(values: readonly unknown[]): Description {
  const quoted = values.map(quote);
  const expected = quoted.length <= 1 ? quoted.join("") : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
  return { type: "literal_error", msg: `Input should be ${expected}`, ctx: { expected } };
}

const fallback = (expected: string): Description =>
  ({ type: "type_error", msg: `Input should be ${stripParens(expected)}` });
