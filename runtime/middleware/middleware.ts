/**
 * Middleware: small named pieces that see every request before its route and every reply before
 * it is written (404, 405 and 500 included). Both hooks are synchronous, so they run inside uWS's
 * own callback (or the cork of a late answer) and never break its rules; an app without
 * middleware compiles no chain and pays nothing per request.
 *
 * Order, like an onion: `onRequest` runs in `app.use` order, `onResponse` in reverse. A
 * middleware whose `onRequest` returns a reply answers at once; the routes and the middleware
 * after it are skipped, and the `onResponse` of it and of those before it still run.
 */
import type { WireReply } from "../responses/reply";
import type { Logger } from "../contract/logger";
import { REPLIES } from "../responses/reply";

/** What a middleware sees of a request: copied out of uWS synchronously, before anything else. */
export interface MiddlewareRequest {
  /** Lower-case method, e.g. `get`. */
  readonly method: string;
  /** The path, without the query string. */
  readonly path: string;
  /** The headers named by the app's middleware (`Middleware.headers`); `""` when absent. */
  readonly headers: Readonly<Record<string, string>>;
  /** Set by `requestId()`; handlers read it as `RequestContext.requestId`. */
  requestId?: string;
}

/**
 * One middleware. `headers` lists the (lower-case) request headers it reads: only those are
 * copied from the request.
 *
 * @example
 * const poweredBy: Middleware = {
 *   name: "poweredBy",
 *   onResponse: (_request, reply) => withHeaders(reply, ["x-powered-by", "typekiln"]),
 * };
 * app.use(poweredBy);
 */
export interface Middleware {
  readonly name: string;
  readonly headers?: readonly string[];
  /** Return a reply to answer now; `undefined` to go on. */
  onRequest?(request: MiddlewareRequest): WireReply | undefined;
  /** The reply to write instead of `reply` (return `reply` itself to keep it). */
  onResponse?(request: MiddlewareRequest, reply: WireReply): WireReply;
}

/** One request's passage through the chain: its request and how deep `onRequest` got. */
export interface MiddlewareRun {
  readonly chain: MiddlewareChain;
  readonly request: MiddlewareRequest;
  /** How many middleware ran `onRequest` (so run `onResponse`). */
  readonly depth: number;
  /** The reply a middleware answered with, if one did. */
  readonly early?: WireReply;
}

/** The app's middleware compiled once, at `listen()`. */
export interface MiddlewareChain {
  /** Union of every middleware's `headers`, lower-case. */
  readonly headers: readonly string[];
  begin(method: string, path: string, headers: Record<string, string>): MiddlewareRun;
  end(run: MiddlewareRun, reply: WireReply): WireReply;
}

/**
 * A reply with headers appended (flat `[name, value, …]`).
 *
 * @example
 * onResponse: (_request, reply) => withHeaders(reply, ["x-frame-options", "DENY"]),
 */
export const withHeaders = (reply: WireReply, extra: readonly string[]): WireReply =>
  extra.length === 0 ? reply : { ...reply, headers: [...reply.headers, ...extra] };

/**
 * The status code of a reply (its status line starts with it).
 *
 * @example
 * onResponse: (request, reply) => { if (statusOf(reply) >= 500) alert(request.path); return reply; },
 */
export const statusOf = (reply: WireReply): number => Number(reply.status.slice(0, 3));

/**
 * The value of a reply header (give the name lower-case), or undefined.
 *
 * @example
 * const type = headerOf(reply, "content-type");
 */
export function headerOf(reply: WireReply, name: string): string | undefined {
  const headers = reply.headers;
  for (let i = 0; i < headers.length; i += 2) if (headers[i].toLowerCase() === name) return headers[i + 1];
  return undefined;
}

/** Undefined when there is no middleware: the adapter then takes its plain path. */
export function compileMiddleware(list: readonly Middleware[], logger: Logger | undefined): MiddlewareChain | undefined {
  if (list.length === 0) return undefined;
  const all = [...list];
  const headers = [...new Set(all.flatMap((m) => m.headers ?? []).map((h) => h.toLowerCase()))];
  const chain: MiddlewareChain = {
    headers,
    begin(method, path, values) {
      const request: MiddlewareRequest = { method, path, headers: values };
      for (let i = 0; i < all.length; i++) {
        const hook = all[i].onRequest;
        if (hook === undefined) continue;
        let early: WireReply | undefined;
        try {
          early = hook.call(all[i], request);
        } catch (err) {
          logger?.error(`typekiln: middleware ${all[i].name} failed`, err);
          early = REPLIES.internal;
        }
        if (early !== undefined) return { chain, request, depth: i + 1, early };
      }
      return { chain, request, depth: all.length };
    },
    end(run, reply) {
      for (let i = run.depth - 1; i >= 0; i--) {
        const hook = all[i].onResponse;
        if (hook === undefined) continue;
        try {
          reply = hook.call(all[i], run.request, reply);
        } catch (err) {
          logger?.error(`typekiln: middleware ${all[i].name} failed`, err);
        }
      }
      return reply;
    },
  };
  return chain;
}
