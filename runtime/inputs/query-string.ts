/**
 * Query strings, read as `node:querystring` reads them (`+` is a space, lenient percent-decoding,
 * repeated keys become arrays, at most 1000 pairs), but only for the keys a route declares: a
 * request's other pairs are skipped without being decoded or stored. Routes with a `Query<T>`
 * object need every key and use `node:querystring` itself.
 */
import { parse, unescape } from "node:querystring";

/** `node:querystring`'s default `maxKeys`. */
const MAX_PAIRS = 1000;

/** A parsed query string or cookie header: null-prototype, so `__proto__` is just a key. */
export type WireMap = Readonly<Record<string, string | string[] | undefined>>;

/** What one wanted key holds: its value, its values when repeated, or nothing. */
export type QueryValue = string | string[] | undefined;

/** Every pair, as `querystring.parse` gives it. */
export const parseAll = (query: string): WireMap => parse(query) as WireMap;

/**
 * A reader of the (decoded) keys in `wanted`: the values, one slot per key in its order. Slots,
 * not a map: a null-prototype object filled key by key is a dictionary, dearer to build and to
 * read. A key is matched where it stands in the text; only one holding `%` or `+` is decoded first.
 */
export function wantedPairs(wanted: readonly string[]): (query: string) => QueryValue[] {
  const keys = wanted.length;
  // A wanted name spelled with `%` or `+` never stands for itself in a query: only decoding finds it.
  const literal = wanted.map((name) => (name.includes("%") || name.includes("+") ? undefined : name));
  const slotOf = (query: string, start: number, end: number): number => {
    const length = end - start;
    for (let i = 0; i < keys; i++) {
      const name = literal[i];
      if (name !== undefined && name.length === length && query.startsWith(name, start)) return i;
    }
    const key = query.slice(start, end);
    return key.includes("%") || key.includes("+") ? wanted.indexOf(decode(key)) : -1;
  };
  return (query) => {
    const out = new Array<QueryValue>(keys).fill(undefined);
    let start = 0;
    for (let pairs = 0; start < query.length && pairs < MAX_PAIRS; pairs++) {
      let end = query.indexOf("&", start);
      if (end === -1) end = query.length;
      if (end > start) {
        const eq = query.indexOf("=", start);
        const split = eq === -1 || eq > end ? end : eq;
        const slot = slotOf(query, start, split);
        if (slot !== -1) {
          const value = split === end ? "" : decode(query.slice(split + 1, end));
          const seen = out[slot];
          out[slot] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
        }
      }
      start = end + 1; // an empty pair (`&&`) stores nothing but counts, as in querystring
    }
    return out;
  };
}

/** A key or value as querystring decodes it; most are plain and returned as they are. */
const decode = (text: string): string => {
  if (!text.includes("%") && !text.includes("+")) return text;
  return unescape(text.replace(/\+/g, " "));
};
