/**
 * What the node transport copies out of an `IncomingMessage` for a plan (the same `RequestData`
 * the uWS transport copies, with uWS's header semantics: one header is its first line, a list
 * header all its lines joined with `,`), and the checks of a request's header lines that node's
 * parser leaves to us.
 */
import type { IncomingMessage } from "node:http";
import type { RequestContext } from "../../contract/request-context";
import type { RequestData, RequestNeeds } from "../../contract/request-data";
import { ambiguous, isChunkedOnly, type FramingLines } from "../../http/framing";

const NO_STRINGS: readonly string[] = [];

/** The parts of `RequestNeeds` that say what to copy (a socket upgrade has no body or timeout). */
type CopiedNeeds = Pick<RequestNeeds, "params" | "query" | "path" | "headers" | "listHeaders" | "cookie" | "context">;

/** What a route that reads nothing from the request gets: one shared, empty copy. */
export const NOTHING_COPIED: RequestData = Object.freeze({
  params: NO_STRINGS, query: "", path: "", headers: NO_STRINGS, cookie: "", contentType: "", context: undefined,
});

/** The request target split as uWS splits it: the path, and the query without `?`. */
export interface Target {
  readonly path: string;
  readonly query: string;
}

export function targetOf(url: string): Target {
  const q = url.indexOf("?");
  return q === -1 ? { path: url, query: "" } : { path: url.slice(0, q), query: url.slice(q + 1) };
}

/**
 * The copy of `req` that `needs` asks for. `params`: the raw path parameters the path table
 * matched. `contentType`: the request's `Content-Type` for a route that reads a body (found by
 * `linesFault`), `""` for one that reads none. `signal`, given when `needs.context`, is the
 * request's abort signal in its `RequestContext`.
 */
export function copyRequest(
  req: IncomingMessage, target: Target, params: readonly string[], needs: CopiedNeeds,
  contentType: string, signal: AbortSignal | undefined, requestId: string | undefined,
): RequestData {
  const raw = req.rawHeaders;
  const query = needs.query || needs.context ? target.query : "";
  return {
    params: needs.params === 0 ? NO_STRINGS : params,
    query,
    path: needs.path === true ? target.path : "",
    headers: needs.headers.length === 0 ? NO_STRINGS : copyHeaders(raw, needs),
    cookie: needs.cookie ? headerOf(raw, "cookie") : "",
    contentType,
    context: signal === undefined ? undefined : contextOf(req, target, signal, requestId),
  };
}

/** The first line of header `name` (lower-case), or `""`. */
export function headerOf(raw: readonly string[], name: string): string {
  for (let i = 0; i < raw.length; i += 2) if (isName(raw[i], name)) return raw[i + 1];
  return "";
}

/** Whether header name `key`, as sent, is `name` (lower-case), in any letter case, without allocating. */
function isName(key: string, name: string): boolean {
  if (key.length !== name.length) return false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    // ASCII letters fold to lower case with 0x20. No other token character (node's parser lets
    // only tokens through) becomes a letter or `-` that way.
    if (c !== name.charCodeAt(i) && (c | 0x20) !== name.charCodeAt(i)) return false;
  }
  return true;
}

function copyHeaders(raw: readonly string[], needs: Pick<CopiedNeeds, "headers" | "listHeaders">): string[] {
  const names = needs.headers;
  const lists = needs.listHeaders;
  if (lists.length === 0) return names.map((name) => headerOf(raw, name));
  const values = names.map(() => "");
  for (let h = 0; h < raw.length; h += 2) {
    const i = names.indexOf(raw[h].toLowerCase());
    if (i === -1) continue;
    if (values[i] === "") values[i] = raw[h + 1];
    else if (lists[i]) values[i] = `${values[i]},${raw[h + 1]}`;
  }
  return values;
}

function contextOf(
  req: IncomingMessage, target: Target, signal: AbortSignal, requestId: string | undefined,
): RequestContext {
  // Null-prototype: a header named `__proto__` is just a header.
  const headers: Record<string, string> = Object.create(null);
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i].toLowerCase();
    headers[key] = key in headers ? `${headers[key]}, ${raw[i + 1]}` : raw[i + 1];
  }
  return {
    method: req.method!,
    path: target.path,
    query: target.query,
    headers,
    ip: addressOf(req.socket.remoteAddress),
    signal,
    ...(requestId === undefined ? {} : { requestId }),
  };
}

/** `::ffff:127.0.0.1` (an IPv4 client of a dual-stack socket) as `127.0.0.1`. */
export const addressOf = (address: string | undefined): string =>
  address === undefined ? "" : address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;

/** A header line fault node's parser lets through, found in one pass over the lines. */
export type LinesFault = "host" | "too-many" | "framing" | undefined;

/** More header lines than this get 431 (node's parser would drop the rest silently). */
export const MAX_HEADER_LINES = 100;

/** Counted by `linesFault`; module state, so no object per request. */
const framing: FramingLines = { lengths: 0, codings: 0, chunkedOnly: true };

/**
 * What `linesFault` read on its way through the lines of a request to a body route: the first
 * `Content-Length` and `Content-Type` (`""` when absent), so the route reads no line twice. Module
 * state, valid until the next request's `linesFault`: the request callback reads it before it returns.
 */
export const bodyLines = { length: "", type: "" };

/**
 * Checks the header lines: more than `MAX_HEADER_LINES` ("too-many"), a repeated `Host`, or none
 * on HTTP/1.1 ("host"), and, when `body`, framing a proxy in front may read otherwise than node
 * does ("framing", `http/framing.ts`; node's parser refuses differing lengths and
 * `Content-Length` beside `Transfer-Encoding` itself). When `body`, it also fills `bodyLines`.
 */
export function linesFault(raw: readonly string[], body: boolean, http11: boolean): LinesFault {
  if (raw.length > 2 * MAX_HEADER_LINES) return "too-many";
  let hosts = 0;
  framing.lengths = 0;
  framing.codings = 0;
  framing.chunkedOnly = true;
  let length = "";
  let type: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i];
    if (isName(key, "host")) hosts++;
    else if (!body) continue;
    else if (isName(key, "content-type")) type ??= raw[i + 1];
    else if (isName(key, "content-length")) {
      if (framing.lengths++ === 0) length = raw[i + 1];
    } else if (isName(key, "transfer-encoding")) {
      framing.codings++;
      if (!isChunkedOnly(raw[i + 1])) framing.chunkedOnly = false;
    }
  }
  if (body) {
    bodyLines.length = length;
    bodyLines.type = type ?? "";
  }
  if (hosts > 1 || (hosts === 0 && http11)) return "host";
  return body && ambiguous(framing) ? "framing" : undefined;
}
