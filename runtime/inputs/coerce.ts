/**
 * Wire strings (path segments, query values, headers, cookies) into the values the generated
 * validators expect. A string that does not read as the wanted type is passed through unchanged,
 * so the validator reports it with the client's own text (FastAPI's `int_parsing` and friends).
 */
import type { Coercion } from "../contract/manifest";
import { parseDateTime } from "./date-time";

// Decimal notation only: `Number()` alone would also take "0x1f", "0b1", "Infinity" and " ",
// none of which pydantic accepts as a number.
const DECIMAL = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const INTEGER = /^\s*[+-]?\d+\s*$/;

// Pydantic v2's lax bool parsing, which FastAPI applies to query, path, header and cookie values.
const TRUE = new Set(["true", "1", "yes", "on", "t", "y"]);
const FALSE = new Set(["false", "0", "no", "off", "f", "n"]);

/** Up to 15 ASCII digits (exact as a double): the usual query number, read without the regular expression. */
function plainDigits(text: string): boolean {
  const length = text.length;
  if (length === 0 || length > 15) return false;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const isDecimal = (text: string): boolean => plainDigits(text) || DECIMAL.test(text);

const toNumber = (text: string): unknown => (isDecimal(text) ? Number(text) : text);

function toBoolean(text: string): unknown {
  const lower = text.toLowerCase();
  if (TRUE.has(lower)) return true;
  if (FALSE.has(lower)) return false;
  return text;
}

// `BigInt(" -12 ")` accepts the same text INTEGER does, so it cannot throw here.
const toBigint = (text: string): unknown => (INTEGER.test(text) ? BigInt(text.trim()) : text);

// A mixed union (`number | "all"`): only the unambiguous spellings become non-strings, so a
// union with a string member still receives "yes" or "on" as text.
function toAuto(text: string): unknown {
  if (isDecimal(text)) return Number(text);
  if (text === "true") return true;
  if (text === "false") return false;
  return text;
}

export type Coercer = (text: string) => unknown;

export const COERCERS: Readonly<Record<Coercion, Coercer>> = {
  string: (text) => text,
  number: toNumber,
  boolean: toBoolean,
  bigint: toBigint,
  date: (text) => parseDateTime(text) ?? text,
  auto: toAuto,
};
