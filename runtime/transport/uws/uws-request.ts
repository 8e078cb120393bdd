/**
 * What the uWS adapter copies out of a request (`req` lives only until the route callback
 * returns, so each of these runs synchronously inside it), and the one check of its framing.
 */
import type { HttpRequest, HttpResponse } from "uWebSockets.js";
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

/**
 * The copy of `req` that `needs` asks for. `withBody`: the `Content-Type` too. `signal`, given
 * when `needs.context`, is the request's abort signal in its `RequestContext`.
 */
export function copyRequest(
  req: HttpRequest, res: HttpResponse, needs: CopiedNeeds, withBody: boolean,
  signal: AbortSignal | undefined, requestId: string | undefined,
): RequestData {
  const query = needs.query || needs.context ? (req.getQuery() ?? "") : "";
  return {
    params: needs.params === 0 ? NO_STRINGS : copyParams(req, needs.params),
    query,
    path: needs.path === true ? req.getUrl() : "",
    headers: needs.headers.length === 0 ? NO_STRINGS : copyHeaders(req, needs),
    cookie: needs.cookie ? req.getHeader("cookie") : "",
    contentType: withBody ? req.getHeader("content-type") : "",
    context: signal === undefined ? undefined : contextOf(req, res, query, signal, requestId),
  };
}

function copyParams(req: HttpRequest, count: number): string[] {
  const params = new Array<string>(count);
  for (let i = 0; i < count; i++) params[i] = req.getParameter(i);
  return params;
}

function copyHeaders(req: HttpRequest, plan: Pick<CopiedNeeds, "headers" | "listHeaders">): string[] {
  const names = plan.headers;
  // `getHeader` returns only the first of repeated lines; list headers need them all.
  const lists = plan.listHeaders;
  if (lists.length === 0) return names.map((name) => req.getHeader(name));
  const values = names.map(() => "");
  req.forEach((key, value) => {
    const i = names.indexOf(key);
    if (i === -1) return;
    if (values[i] === "") values[i] = value;
    else if (lists[i]) values[i] = `${values[i]},${value}`;
  });
  return values;
}

function contextOf(
  req: HttpRequest, res: HttpResponse, query: string, signal: AbortSignal, requestId: string | undefined,
): RequestContext {
  // Null-prototype: a header named `__proto__` is just a header.
  const headers: Record<string, string> = Object.create(null);
  req.forEach((key, value) => {
    headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
  });
  return {
    method: req.getMethod().toUpperCase(),
    path: req.getUrl(),
    query,
    headers,
    // Read now: `res` must not be touched once the request is over, and a getter might be.
    ip: Buffer.from(res.getRemoteAddressAsText()).toString(),
    signal,
    ...(requestId === undefined ? {} : { requestId }),
  };
}

// Counted by `ambiguousFraming` through `req.forEach`; module state, so no closure per request.
const counted: FramingLines = { lengths: 0, codings: 0, chunkedOnly: true };
const countFraming = (name: string, value: string): void => {
  if (name === "content-length") counted.lengths++;
  else if (name === "transfer-encoding") {
    counted.codings++;
    if (!isChunkedOnly(value)) counted.chunkedOnly = false;
  }
};

/**
 * Framing a proxy in front may read otherwise than uWS does (`http/framing.ts`): uWS takes the
 * first of repeated `Content-Length` lines, and reads `chunked` then `identity`, or
 * `gzip, chunked`, as chunked.
 */
export function ambiguousFraming(req: HttpRequest): boolean {
  counted.lengths = 0;
  counted.codings = 0;
  counted.chunkedOnly = true;
  req.forEach(countFraming);
  return ambiguous(counted);
}
