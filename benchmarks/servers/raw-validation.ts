/**
 * Hand-written validation for the raw uWebSockets.js server: the floor typekiln is measured
 * against. Like typia's `validate`, each check is a fast boolean test first; only a failing input
 * is walked again to explain every error, in FastAPI's `{type, loc, msg, input}` shape.
 */
import type { CancelRequest, ChatMessage, OrderCreate, StatusFilter, UserCreate } from "../contract";

export interface Issue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}
type Loc = (string | number)[];

const UINT32_MAX = 4294967295;
// The same patterns typia and ajv-formats use.
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const POSTAL_CODE = /^[0-9A-Z -]{3,10}$/;
const COUNTRY = /^[A-Z]{2}$/;
const COUPON = /^[A-Z0-9]{4,12}$/;

const isObject = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);
const isUint = (v: unknown, min = 0, max = UINT32_MAX): v is number =>
  typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
const isText = (v: unknown, min: number, max: number): v is string =>
  typeof v === "string" && v.length >= min && v.length <= max;

// ------------------------------------------------------------------ fast checks

const isItem = (v: any): boolean =>
  isObject(v) && isText(v.sku, 1, 32) && isUint(v.quantity, 1, 1000) && isUint(v.unitPriceCents);

const isAddress = (v: any): boolean =>
  isObject(v) &&
  isText(v.line1, 1, 100) &&
  isText(v.city, 1, 60) &&
  typeof v.postalCode === "string" &&
  POSTAL_CODE.test(v.postalCode) &&
  typeof v.country === "string" &&
  COUNTRY.test(v.country);

const isLabels = (v: unknown): boolean => {
  if (!Array.isArray(v) || v.length > 10) return false;
  for (const label of v) if (!isText(label, 1, 20)) return false;
  return true;
};

const isItems = (v: unknown): boolean => {
  if (!Array.isArray(v) || v.length < 1 || v.length > 50) return false;
  for (const item of v) if (!isItem(item)) return false;
  return true;
};

export const isOrderCreate = (v: any): v is OrderCreate =>
  isObject(v) &&
  isUint(v.customerId) &&
  typeof v.email === "string" &&
  EMAIL.test(v.email) &&
  (v.currency === "EUR" || v.currency === "USD" || v.currency === "GBP") &&
  (v.channel === "web" || v.channel === "mobile" || v.channel === "api") &&
  isItems(v.items) &&
  isAddress(v.shipping) &&
  typeof v.giftWrap === "boolean" &&
  (v.note === undefined || isText(v.note, 0, 500)) &&
  (v.couponCode === undefined || (typeof v.couponCode === "string" && COUPON.test(v.couponCode))) &&
  (v.labels === undefined || isLabels(v.labels));

export const isUserCreate = (v: any): v is UserCreate =>
  isObject(v) && isText(v.name, 1, 100) && typeof v.email === "string" && EMAIL.test(v.email);

export const isCancelRequest = (v: any): v is CancelRequest => isObject(v) && isText(v.reason, 1, 200);

export const isChatMessage = (v: any): v is ChatMessage =>
  isObject(v) && v.type === "chat" && isText(v.room, 1, 32) && isUint(v.seq) && isText(v.text, 0, 1000);

export const isStatusFilter = (v: string): v is StatusFilter => v === "open" || v === "closed" || v === "all";

// ------------------------------------------------------------------ explaining a failure

const missing = (issues: Issue[], loc: Loc, input: unknown): void => {
  issues.push({ type: "missing", loc, msg: "Field required", input });
};

/** `input`: what pydantic echoes, the value itself in a body and the text sent in a path or query. */
const uint = (issues: Issue[], loc: Loc, v: unknown, min = 0, max = UINT32_MAX, input: unknown = v): void => {
  if (typeof v !== "number") issues.push({ type: "int_type", loc, msg: "Input should be a valid integer", input });
  else if (!Number.isInteger(v))
    issues.push({ type: "int_from_float", loc, msg: "Input should be a valid integer, got a number with a fractional part", input });
  else if (v < min)
    issues.push({ type: "greater_than_equal", loc, msg: `Input should be greater than or equal to ${min}`, input, ctx: { ge: min } });
  else if (v > max)
    issues.push({ type: "less_than_equal", loc, msg: `Input should be less than or equal to ${max}`, input, ctx: { le: max } });
};

const plural = (n: number, word: string): string => (n === 1 ? `${n} ${word}` : `${n} ${word}s`);

const text = (issues: Issue[], loc: Loc, v: unknown, min: number, max: number, pattern?: RegExp): void => {
  if (typeof v !== "string") issues.push({ type: "string_type", loc, msg: "Input should be a valid string", input: v });
  else if (v.length < min)
    issues.push({ type: "string_too_short", loc, msg: `String should have at least ${plural(min, "character")}`, input: v, ctx: { min_length: min } });
  else if (v.length > max)
    issues.push({ type: "string_too_long", loc, msg: `String should have at most ${plural(max, "character")}`, input: v, ctx: { max_length: max } });
  else if (pattern !== undefined && !pattern.test(v))
    issues.push({ type: "string_pattern_mismatch", loc, msg: `String should match pattern '${pattern.source}'`, input: v, ctx: { pattern: pattern.source } });
};

/** pydantic's list of a literal's values: `'a', 'b' or 'c'`. */
const either = (allowed: readonly string[]): string => {
  const quoted = allowed.map((a) => `'${a}'`);
  return quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
};

const literal = (issues: Issue[], loc: Loc, v: unknown, allowed: readonly string[]): void => {
  if (!allowed.includes(v as string)) {
    const expected = either(allowed);
    issues.push({ type: "literal_error", loc, msg: `Input should be ${expected}`, input: v, ctx: { expected } });
  }
};

const object = (issues: Issue[], loc: Loc, v: unknown, check: (v: Record<string, any>) => void): void => {
  if (isObject(v)) check(v);
  else issues.push({ type: "model_attributes_type", loc, msg: "Input should be a valid dictionary or object to extract fields from", input: v });
};

const field = (issues: Issue[], parent: Record<string, any>, loc: Loc, key: string, check: (loc: Loc, v: unknown) => void): void => {
  const v = parent[key];
  if (v === undefined) missing(issues, [...loc, key], parent);
  else check([...loc, key], v);
};

const optional = (parent: Record<string, any>, loc: Loc, key: string, check: (loc: Loc, v: unknown) => void): void => {
  if (parent[key] !== undefined) check([...loc, key], parent[key]);
};

const list = (issues: Issue[], loc: Loc, v: unknown, min: number, max: number, each: (loc: Loc, v: unknown) => void): void => {
  if (!Array.isArray(v)) return void issues.push({ type: "list_type", loc, msg: "Input should be a valid list", input: v });
  if (v.length < min) {
    const ctx = { field_type: "List", min_length: min, actual_length: v.length };
    issues.push({ type: "too_short", loc, msg: `List should have at least ${plural(min, "item")} after validation, not ${v.length}`, input: v, ctx });
  }
  if (v.length > max) {
    const ctx = { field_type: "List", max_length: max, actual_length: v.length };
    issues.push({ type: "too_long", loc, msg: `List should have at most ${plural(max, "item")} after validation, not ${v.length}`, input: v, ctx });
  }
  v.forEach((item, i) => each([...loc, i], item));
};

/** A required body that is JSON `null` is no body at all, as FastAPI reads it. */
const NO_BODY: Issue[] = [{ type: "missing", loc: ["body"], msg: "Field required", input: null }];

export const orderIssues = (body: unknown): Issue[] => {
  if (body === null) return NO_BODY;
  const issues: Issue[] = [];
  object(issues, ["body"], body, (o) => {
    const at: Loc = ["body"];
    field(issues, o, at, "customerId", (l, v) => uint(issues, l, v));
    field(issues, o, at, "email", (l, v) => {
      text(issues, l, v, 0, Infinity);
      if (typeof v === "string" && !EMAIL.test(v)) {
        const ctx = { reason: "The email address is not valid." };
        issues.push({ type: "value_error", loc: l, msg: "value is not a valid email address", input: v, ctx });
      }
    });
    // The values in the order the unions declare them, as FastAPI's literal_error names them.
    field(issues, o, at, "currency", (l, v) => literal(issues, l, v, ["EUR", "USD", "GBP"]));
    field(issues, o, at, "channel", (l, v) => literal(issues, l, v, ["web", "mobile", "api"]));
    field(issues, o, at, "items", (l, v) =>
      list(issues, l, v, 1, 50, (il, item) =>
        object(issues, il, item, (i) => {
          field(issues, i, il, "sku", (fl, fv) => text(issues, fl, fv, 1, 32));
          field(issues, i, il, "quantity", (fl, fv) => uint(issues, fl, fv, 1, 1000));
          field(issues, i, il, "unitPriceCents", (fl, fv) => uint(issues, fl, fv));
        }),
      ),
    );
    field(issues, o, at, "shipping", (l, v) =>
      object(issues, l, v, (a) => {
        field(issues, a, l, "line1", (fl, fv) => text(issues, fl, fv, 1, 100));
        field(issues, a, l, "city", (fl, fv) => text(issues, fl, fv, 1, 60));
        field(issues, a, l, "postalCode", (fl, fv) => text(issues, fl, fv, 0, Infinity, POSTAL_CODE));
        field(issues, a, l, "country", (fl, fv) => text(issues, fl, fv, 0, Infinity, COUNTRY));
      }),
    );
    field(issues, o, at, "giftWrap", (l, v) => {
      if (typeof v !== "boolean") issues.push({ type: "bool_type", loc: l, msg: "Input should be a valid boolean", input: v });
    });
    optional(o, at, "note", (l, v) => text(issues, l, v, 0, 500));
    optional(o, at, "couponCode", (l, v) => text(issues, l, v, 0, Infinity, COUPON));
    optional(o, at, "labels", (l, v) => list(issues, l, v, 0, 10, (il, label) => text(issues, il, label, 1, 20)));
  });
  return issues;
};

export const userCreateIssues = (body: unknown): Issue[] => {
  if (body === null) return NO_BODY;
  const issues: Issue[] = [];
  object(issues, ["body"], body, (o) => {
    field(issues, o, ["body"], "name", (l, v) => text(issues, l, v, 1, 100));
    field(issues, o, ["body"], "email", (l, v) => text(issues, l, v, 0, Infinity, EMAIL));
  });
  return issues;
};

export const cancelIssues = (body: unknown): Issue[] => {
  if (body === null) return NO_BODY;
  const issues: Issue[] = [];
  object(issues, ["body"], body, (o) => field(issues, o, ["body"], "reason", (l, v) => text(issues, l, v, 1, 200)));
  return issues;
};

/** A path or query value read as an unsigned integer in `[min, max]`, or an issue. */
export const uintParam = (issues: Issue[], loc: Loc, raw: string, min = 0, max = UINT32_MAX): number => {
  const v = raw === "" ? NaN : Number(raw);
  if (!isUint(v, min, max)) {
    if (Number.isNaN(v)) issues.push({ type: "int_parsing", loc, msg: "Input should be a valid integer, unable to parse string as an integer", input: raw });
    else uint(issues, loc, v, min, max, raw);
  }
  return v;
};

export const literalParam = (issues: Issue[], loc: Loc, raw: string, allowed: readonly string[]): void =>
  literal(issues, loc, raw, allowed);
