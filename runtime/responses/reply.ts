/**
 * Building `WireReply` values (contract/wire.ts): JSON and `{"detail": …}` replies, and the
 * framework's own answers, built and their headers checked once, at load.
 */
import { HTTP_ERRORS, type HttpErrorEntry } from "../errors/errors";
import { statusLine } from "../http/status-line";
import type { WireReply } from "../contract/wire";
import { vouchedHeaders } from "../http/header-rules";

export type { WireReply } from "../contract/wire";

export const JSON_HEADERS: readonly string[] = vouchedHeaders(["content-type", "application/json"]);

/** A JSON reply; `json` is already serialized. */
export const jsonReply = (status: number, json: string, headers: readonly string[] = JSON_HEADERS): WireReply =>
  ({ status: statusLine(status), headers, body: json });

/**
 * `JSON.stringify` that never throws on a bigint (a coerced wire value can be one): written as its
 * decimal string, which is what the client sent.
 */
export function stringifyJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  }
}

/** `{"detail": …}` with the entry's status and message, plus extra headers. */
export const errorReply = (
  entry: HttpErrorEntry,
  detail: unknown = entry.message,
  extra: readonly string[] = [],
  close = false,
): WireReply => ({
  status: statusLine(entry.status),
  headers: extra.length === 0 ? JSON_HEADERS : [...JSON_HEADERS, ...extra],
  body: stringifyJson({ detail }),
  close,
});

/** The framework answers that never vary, built once (their headers checked once, here). */
export const REPLIES = vouchedReplies({
  badPathEncoding: errorReply(HTTP_ERRORS.BAD_PATH_ENCODING),
  prototypePoisoning: errorReply(HTTP_ERRORS.PROTOTYPE_POISONING),
  bodyTooDeep: errorReply(HTTP_ERRORS.BODY_TOO_DEEP),
  notFound: errorReply(HTTP_ERRORS.NOT_FOUND),
  // `close` makes the adapter end the connection; uWS then writes `Connection: close` itself.
  bodyTooLarge: errorReply(HTTP_ERRORS.BODY_TOO_LARGE, undefined, [], true),
  unsupportedMediaType: errorReply(HTTP_ERRORS.UNSUPPORTED_MEDIA_TYPE),
  internal: errorReply(HTTP_ERRORS.INTERNAL),
  timeout: errorReply(HTTP_ERRORS.TIMEOUT),
  shuttingDown: errorReply(HTTP_ERRORS.SHUTTING_DOWN, undefined, [], true),
  untrustedHost: errorReply(HTTP_ERRORS.UNTRUSTED_HOST),
  // Framing a proxy could read differently (request smuggling): nothing after it on the connection is read.
  ambiguousFraming: errorReply(HTTP_ERRORS.AMBIGUOUS_FRAMING, undefined, [], true),
  // What the node transport answers for requests its parser or its header checks refuse.
  malformedRequest: errorReply(HTTP_ERRORS.MALFORMED_REQUEST, undefined, [], true),
  headersTooLarge: errorReply(HTTP_ERRORS.HEADERS_TOO_LARGE, undefined, [], true),
  requestTimeout: errorReply(HTTP_ERRORS.REQUEST_TIMEOUT, undefined, [], true),
} as const);

function vouchedReplies<T extends Record<string, WireReply>>(replies: T): T {
  for (const reply of Object.values(replies)) vouchedHeaders(reply.headers);
  return replies;
}

const notAllowed = new Map<string, WireReply>();

/** 405 for one path, with its `Allow` list: one reply per list, shared by the paths that have it. */
export function methodNotAllowed(allow: string): WireReply {
  let reply = notAllowed.get(allow);
  if (reply === undefined) {
    reply = errorReply(HTTP_ERRORS.METHOD_NOT_ALLOWED, undefined, ["allow", allow]);
    vouchedHeaders(reply.headers);
    notAllowed.set(allow, reply);
  }
  return reply;
}

/** 307 to the other spelling of the path (FastAPI's `redirect_slashes`). */
export const redirectReply = (location: string): WireReply =>
  ({ status: statusLine(307), headers: ["location", location] });
