/**
 * Query strings, read as `node:querystring` reads them (`+` is a space, lenient percent-decoding,
 * repeated keys become arrays, at most 1000 pairs), but only for the keys a route declares: a
 * request's other pairs are skipped without being decoded or stored. Routes with a `Query<T>`
 * object need every key and use `node:querystring` itself.
 */
import { parse, unescape } from "node:querystring";
import type { WireMap } from "./wire-inputs";

/** `node:querystring`'s default `maxKeys`. */
const MAX_PAIRS = 1000;

/** Every pair, as `querystring.parse` gives it. */
export const parseAll = (query: string): WireMap => parse(query) as WireMap;

/** The pairs whose (decoded) key is in `wanted`. */
export function parseWanted(query: string, wanted: ReadonlySet<string>): WireMap {
  const out: Record<string, string | string[]> = Object.create(null);
  let start = 0;
  for (let pairs = 0; start < query.length && pairs < MAX_PAIRS; pairs++) {
    let end = query.indexOf("&", start);
    if (end === -1) end = query.length;
    if (end > start) {
      const eq = query.indexOf("=", start);
      const split = eq === -1 || eq > end ? end : eq;
      const key = decode(query.slice(start, split));
      if (wanted.has(key)) {
        const value = split === end ? "" : decode(query.slice(split + 1, end));
        const seen = out[key];
        out[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
      }
    }
    start = end + 1; // an empty pair (`&&`) stores nothing but counts, as in querystring

  }
  return out;
}

/** A key or value as querystring decodes it; most are plain and returned as they are. */
const decode = (text: string): string => {
  if (!text.includes("%") && !text.includes("+")) return text;
  return unescape(text.replace(/\+/g, " "));
};
