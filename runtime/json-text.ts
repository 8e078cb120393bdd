/**
 * What generated serializers call instead of two of typia's helpers (the transformer redirects
 * them, see `transformer/importer.ts`). Same JSON text, written faster for the common case; this
 * module is imported by compiled user code as `typekiln/json`, so it stays small and plain.
 */

/** Characters a JSON string cannot hold as they are; lone surrogates are left to `JSON.stringify`. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Past this length one native `JSON.stringify` beats a regex test followed by a copy. */
const SHORT = 4096;

/** A JSON string literal: the text quoted as it is unless a character needs escaping. */
export const jsonString = (text: string): string =>
  text.length < SHORT && !NEEDS_ESCAPE.test(text) ? `"${text}"` : JSON.stringify(text);

/** The items of a JSON array, each written by `write`, comma-separated: `map(write).join(",")` without the arrays. */
export function jsonJoin<T>(items: readonly T[], write: (item: T) => string): string {
  const length = items.length;
  if (length === 0) return "";
  let out = write(items[0]!);
  for (let i = 1; i < length; i++) out += "," + write(items[i]!);
  return out;
}
