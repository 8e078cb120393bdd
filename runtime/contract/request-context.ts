/**
 * What a handler may ask the framework for by declaring a parameter of this type: the request's
 * method, path, raw query, every header, the client address and an abort signal that fires when
 * the client goes away. Headers are copied only for routes that declare it.
 *
 * @example
 * app.get("/slow", async (ctx: RequestContext) => {
 *   await work({ signal: ctx.signal });
 *   return { ok: true };
 * });
 */
export interface RequestContext {
  /** Upper-case method, e.g. `GET`. */
  readonly method: string;
  /** The request path, without the query string, still percent-encoded. */
  readonly path: string;
  /** The raw query string without `?`, or an empty string. */
  readonly query: string;
  /** Every request header, names lower-cased; a header the client did not send is `undefined`. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The client address as text. */
  readonly ip: string;
  /** Aborts when the client disconnects before the response is written. */
  readonly signal: AbortSignal;
  /** The request id, when the app uses `requestId()`. */
  readonly requestId?: string;
}
