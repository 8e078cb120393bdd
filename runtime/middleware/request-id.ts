/**
 * `requestId()`: every request gets an id, the client's `X-Request-ID` when it is a sane token,
 * else a fresh UUID. It is echoed on the response and given to handlers as `RequestContext.requestId`,
 * so one id follows a request through logs on both sides.
 */
import type { Middleware } from "./middleware";
import { withHeaders } from "./middleware";

/** Options of {@link requestId}. */
export interface RequestIdOptions {
  /** The header read and echoed; `x-request-id` by default. */
  readonly header?: string;
  /** Makes a new id; `crypto.randomUUID` by default. */
  readonly generate?: () => string;
}

// Letters, digits and a few separators, at most 200: a client id must not smuggle spaces,
// control characters or a novel into logs and response headers.
const VALID = /^[A-Za-z0-9._:@+=/-]{1,200}$/;

/**
 * Request id middleware.
 *
 * @example
 * app.use(requestId());
 * app.get("/whoami", (ctx: RequestContext) => ({ id: ctx.requestId }));
 */
export function requestId(options: RequestIdOptions = {}): Middleware {
  const header = (options.header ?? "x-request-id").toLowerCase();
  const generate = options.generate ?? (() => globalThis.crypto.randomUUID());
  return {
    name: "requestId",
    headers: [header],
    onRequest(request) {
      const incoming = request.headers[header];
      request.requestId = VALID.test(incoming) ? incoming : generate();
      return undefined;
    },
    onResponse: (request, reply) => withHeaders(reply, [header, request.requestId ?? ""]),
  };
}
