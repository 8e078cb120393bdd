/**
 * pydantic's lax mode for JSON bodies, its default and so FastAPI's: a string where a number or a
 * boolean belongs is read as one (`"50.5"` for a float, `"5"` for an int, `"true"` for a bool), and
 * one that does not read is `float_parsing`, `int_parsing` or `bool_parsing` instead of `*_type`.
 *
 * It runs only once the generated validator has refused a body: a valid body costs nothing more,
 * and a route with `strict: true` never gets here. The strings typia names in its errors are
 * converted in a copy of the body, which is validated again.
 */
import type { IValidation } from "@typia/interface";
import { isIntTagged, splitTopLevel, stripParens, valueAt } from "../validation/typia-expected";
import { placeOf } from "../validation/validation-error";
import { COERCERS } from "./coerce";

type Validator = (input: unknown) => IValidation<unknown>;

export interface LaxVerdict {
  readonly result: IValidation<unknown>;
  /** The body as the client sent it, for the `input` of each entry (pydantic echoes the text). */
  readonly raw: unknown;
}

/** Validates `body` again after reading the strings typia refused as the numbers or booleans they spell. */
export function laxRevalidate(body: unknown, failed: IValidation.IFailure, validate: Validator): LaxVerdict {
  let value: unknown;
  let converted = false;
  for (const error of failed.errors) {
    if (typeof error.value !== "string") continue;
    const read = readerOf(error.expected);
    if (read === undefined) continue;
    const number = read(error.value);
    if (typeof number === "string") continue; // stays text: described as *_parsing
    // A copy takes the numbers: the body as received stays for the 422's inputs and RequestValidationError.body.
    if (!converted) value = structuredClone(body);
    converted = true;
    const { segments, parent } = placeOf(error.path);
    if (parent === undefined) value = number;
    else (valueAt(value, parent) as Record<string | number, unknown>)[segments[segments.length - 1]!] = number;
  }
  return { result: converted ? validate(value) : failed, raw: body };
}

type Read = (text: string) => unknown;

/** pydantic reads an int from text without a fraction (trailing zeros after the point allowed). */
const INTEGER_TEXT = /^\s*[+-]?\d+(?:\.0*)?\s*$/;
const readInteger: Read = (text) => (INTEGER_TEXT.test(text) ? Number(text) : text);

/**
 * How to read text for the type typia expected there: a number, an integer, a boolean, or
 * `undefined` for anything else (a union of several types, a string, an object). Read once per
 * expected text, as the describers of validation-error.ts are.
 */
const READERS = new Map<string, Read | undefined>();

function readerOf(expected: string): Read | undefined {
  if (READERS.has(expected)) return READERS.get(expected);
  if (READERS.size >= 4096) READERS.clear();
  const members = splitTopLevel(stripParens(expected), "|").filter((m) => m !== "undefined" && m !== "null");
  let read: Read | undefined;
  if (members.length === 1) {
    const [base, ...tags] = splitTopLevel(stripParens(members[0]!), "&");
    const integer = isIntTagged(tags);
    if (base === "number") read = integer ? readInteger : COERCERS.number;
    else if (base === "boolean") read = COERCERS.boolean;
  }
  READERS.set(expected, read);
  return read;
}
