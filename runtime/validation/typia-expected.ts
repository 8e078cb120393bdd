/**
 * Readers for the two strings typia puts in a validation error: the `path`
 * (`$input.items[0]["odd-key"]`) and the `expected` type text (`(string & MinLength<1>)`,
 * `("a" | "b")`). Only error paths call these, so clarity wins over speed.
 */

/** `$input.items[0]["odd-key"]` → `["items", 0, "odd-key"]`. */
export function parsePath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  let i = path.startsWith("$input") ? 6 : 0;
  while (i < path.length) {
    const c = path[i];
    if (c === ".") {
      let j = i + 1;
      while (j < path.length && path[j] !== "." && path[j] !== "[") j++;
      segments.push(path.slice(i + 1, j));
      i = j;
    } else if (c === "[" && path[i + 1] === '"') {
      const end = closingQuote(path, i + 1);
      segments.push(parseJsonString(path.slice(i + 1, end + 1)));
      i = end + 2; // past `"]`
    } else if (c === "[") {
      const end = path.indexOf("]", i);
      const text = path.slice(i + 1, end === -1 ? path.length : end);
      segments.push(/^\d+$/.test(text) ? Number(text) : text);
      i = end === -1 ? path.length : end + 1;
    } else {
      segments.push(path.slice(i));
      break;
    }
  }
  return segments;
}

/** The value at `segments` inside `root`; `undefined` where the path leaves objects and arrays. */
export function valueAt(root: unknown, segments: readonly (string | number)[]): unknown {
  let value = root;
  for (const segment of segments) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

const INT_TYPES = new Set(["int32", "uint32", "int64", "uint64"]);

/** Whether a member's tag texts (`Type<"uint32">`, …) make a `number` an integer. */
export const isIntTagged = (tags: readonly string[]): boolean =>
  tags.some((tag) => { const t = parseTag(tag); return t?.name === "Type" && INT_TYPES.has(String(t.arg)); });

function closingQuote(text: string, open: number): number {
  let i = open + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
  return Math.min(i, text.length - 1);
}

function parseJsonString(quoted: string): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return quoted.slice(1, -1);
  }
}

/** `(A | B)` → `A | B`, only when the outer parentheses enclose the whole text. */
export function stripParens(text: string): string {
  let t = text.trim();
  while (t.startsWith("(") && t.endsWith(")") && closingIndex(t, 0) === t.length - 1) t = t.slice(1, -1).trim();
  return t;
}

const OPEN = "(<[{";
const CLOSE = ")>]}";

function closingIndex(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') i = closingQuote(text, i);
    else if (OPEN.includes(c)) depth++;
    else if (CLOSE.includes(c) && --depth === 0) return i;
  }
  return -1;
}

/** Splits `A | B<C | D> | "x|y"` on top-level `|` (or `&`), trimming each part. */
/**
 * `splitTopLevel`, remembered: typia's `expected` texts come from generated code, so a route sees
 * the same few again and again, and a stream of invalid requests (BENCHMARKS.md S4) should not
 * re-read them each time. Bounded, in case a recursive type keeps producing new ones.
 */
const SPLITS = new Map<string, readonly string[]>();
export function splitTopLevel(text: string, separator: "|" | "&"): readonly string[] {
  const key = separator + text;
  let parts = SPLITS.get(key);
  if (parts === undefined) {
    if (SPLITS.size >= 4096) SPLITS.clear();
    parts = Object.freeze(splitText(text, separator));
    SPLITS.set(key, parts);
  }
  return parts;
}

function splitText(text: string, separator: "|" | "&"): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') i = closingQuote(text, i);
    else if (OPEN.includes(c)) depth++;
    else if (CLOSE.includes(c) && !(c === ">" && text[i - 1] === "=")) depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

const NUMBER_LITERAL = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** A literal type member (`"a"`, `3`, `true`) as its value; `undefined` for anything else. */
export function parseLiteral(member: string): { value: unknown } | undefined {
  if (member.startsWith('"') && member.endsWith('"')) return { value: parseJsonString(member) };
  if (NUMBER_LITERAL.test(member)) return { value: Number(member) };
  if (member === "true" || member === "false") return { value: member === "true" };
  return undefined;
}

/** `MinLength<3>` → `{ name: "MinLength", arg: 3 }`; `Format<"email">` → `{ …, arg: "email" }`. */
export function parseTag(tag: string): { name: string; arg: unknown } | undefined {
  const match = /^(\w+)<(.*)>$/s.exec(tag);
  if (!match) return undefined;
  const text = match[2].trim();
  if (text.startsWith('"')) return { name: match[1], arg: parseJsonString(text) };
  const n = Number(text);
  return { name: match[1], arg: text !== "" && !Number.isNaN(n) ? n : text };
}
