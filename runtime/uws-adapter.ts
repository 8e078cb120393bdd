/**
 * The one file that talks to uWebSockets.js. Its rules, each of which crashes the process or
 * corrupts a response when broken:
 * - `req` lives only until the route callback returns: copy everything out of it synchronously.
 * - A response not answered inside the callback needs `onAborted` before the callback returns,
 *   and must never be touched after the abort (or after it is ended).
 * - Body chunks are neutered when `onData` returns: copy them.
 * - Writes made from any later callback (promise, timer, `onData`) go inside `cork`.
 * - Status, then headers, then body.
 * Handlers never see `req` or `res`; route plans receive a `RequestData` copy and return a `Reply`.
 */
import * as uWS from "uWebSockets.js";
import type { HttpRequest, HttpResponse, TemplatedApp, us_listen_socket, us_socket } from "uWebSockets.js";
import type { HttpMethod } from "./manifest";
import type { RequestContext } from "./request-context";
import type { RawBody, RequestData, RoutePlan } from "./request-data";
import type { RouteTable } from "./router";
import type { Logger } from "./route-plan";
import { otherSpelling } from "./router";
import { REPLIES, redirectReply, type Reply } from "./reply";
import { STARTUP_ERRORS, startupError } from "./errors";
import type { SocketPlan } from "./socket-plan";
import { registerSockets, type SocketServer } from "./uws-socket-adapter";

/** A listening server. */
export interface Server {
  readonly port: number;
  close(): void;
  /** The app's WebSockets: publishing, and closing them with 1001 on `close`. */
  readonly sockets: SocketServer;
}

type UwsHandler = (res: HttpResponse, req: HttpRequest) => void;
type UwsMethod = "get" | "post" | "put" | "patch" | "del" | "head" | "options";
const UWS_METHOD: Readonly<Record<HttpMethod, UwsMethod>> =
  { get: "get", post: "post", put: "put", patch: "patch", delete: "del", head: "head", options: "options" };

/** Registers the table on a new uWS app and listens; resolves once the socket is bound. */
export function listen(
  table: RouteTable, host: string, port: number, logger: Logger | undefined, socketPlans: readonly SocketPlan[] = [],
): Promise<Server> {
  const app: TemplatedApp = uWS.App();
  const sockets = registerSockets(app, socketPlans);
  for (const route of table.routes) {
    app[UWS_METHOD[route.method]](route.path, guarded(routeHandler(route.plan, route.head, logger), route.plan.label, logger));
  }
  let catchAll = false;
  for (const fallback of table.fallbacks) {
    catchAll ||= fallback.path === "/*";
    app.any(fallback.path, fallback.reply ? fallbackHandler(table, fallback.reply) : redirectHandler(table));
  }
  // Without a catch-all, uWS closes the connection of an unmatched request without a word.
  if (!catchAll) app.any("/*", (res, req) => write(res, REPLIES.notFound, req.getMethod() === "head"));
  return new Promise((resolve, reject) => {
    app.listen(host, port, (socket: us_listen_socket | false) => {
      if (socket === false) {
        reject(startupError(STARTUP_ERRORS.LISTEN_FAILED, { host, port }));
        return;
      }
      resolve({
        port: uWS.us_socket_local_port(socket as unknown as us_socket),
        sockets,
        close: () => {
          uWS.us_listen_socket_close(socket);
          sockets.closeAll();
          // Untyped in this build: closes open keep-alive connections too, so the process can exit.
          (app as unknown as { close?: () => void }).close?.();
        },
      });
    });
  });
}

const NO_STRINGS: readonly string[] = [];
const NO_BODY: RawBody = new Uint8Array(0);

/**
 * Last line of defence against a bug in this file: an exception escaping a uWS callback, or a
 * callback returning with the request neither answered nor watched, takes the process down.
 * Closing the connection is the one safe move left.
 */
function guarded(handler: UwsHandler, label: string, logger: Logger | undefined): UwsHandler {
  return (res, req) => {
    try {
      handler(res, req);
    } catch (err) {
      logger?.error(`typekiln: ${label}: internal error in the HTTP adapter`, err);
      try {
        res.close();
      } catch {
        // already answered or aborted: nothing left to do
      }
    }
  };
}

function routeHandler(plan: RoutePlan, head: boolean, logger: Logger | undefined): UwsHandler {
  return (res, req) => {
    // 1. Copy what the plan needs; `req` is gone once this callback returns.
    const query = plan.query || plan.context ? (req.getQuery() ?? "") : "";
    let controller: AbortController | undefined;
    let context: RequestContext | undefined;
    if (plan.context) {
      controller = new AbortController();
      context = contextOf(req, res, query, controller.signal);
    }
    const data: RequestData = {
      params: plan.params === 0 ? NO_STRINGS : copyParams(req, plan.params),
      query,
      headers: plan.headers.length === 0 ? NO_STRINGS : copyHeaders(req, plan),
      cookie: plan.cookie ? req.getHeader("cookie") : "",
      contentType: plan.bodyLimit === undefined ? "" : req.getHeader("content-type"),
      context,
    };
    const limit = plan.bodyLimit;
    if (limit === undefined) {
      const out = plan.run(data, undefined);
      // A sync answer is written here, inside uWS's own (already corked) callback.
      if (!(out instanceof Promise)) return write(res, out, head);
      const exchange = new Exchange(res, head, controller, plan.timeout, logger);
      out.then((reply) => exchange.finish(reply));
      return;
    }
    // 2. A body: refuse a declared oversize before reading a byte.
    const declared = req.getHeader("content-length");
    if (declared !== "" && Number(declared) > limit) return write(res, REPLIES.bodyTooLarge, head);
    const exchange = new Exchange(res, head, controller, plan.timeout, logger);
    readBody(res, limit, exchange, (body) => {
      const out = plan.run(data, body);
      if (out instanceof Promise) out.then((reply) => exchange.finish(reply));
      else exchange.finish(out);
    });
  };
}

/**
 * One request answered after the route callback returned. `finish` writes at most once, and
 * never after the client left; whichever of handler, timeout and abort comes first wins.
 */
class Exchange {
  #settled = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly res: HttpResponse,
    private readonly head: boolean,
    private readonly controller: AbortController | undefined,
    timeout: number,
    private readonly logger: Logger | undefined,
  ) {
    res.onAborted(() => {
      this.#settle();
      controller?.abort();
    });
    if (timeout > 0) {
      this.#timer = setTimeout(() => {
        this.finish(REPLIES.timeout);
        this.controller?.abort(new DOMException("Request timed out", "TimeoutError"));
      }, timeout);
      this.#timer.unref?.();
    }
  }

  get settled(): boolean {
    return this.#settled;
  }

  finish(reply: Reply): void {
    if (this.#settled) return; // aborted, timed out, or already answered: drop it
    this.#settle();
    try {
      this.res.cork(() => write(this.res, reply, this.head));
    } catch (err) {
      // Thrown from a promise callback this would be an unhandled rejection: report it instead.
      this.logger?.error("typekiln: writing a response failed", err);
    }
  }

  #settle(): void {
    this.#settled = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
  }
}

/** Reads the body into one buffer, enforcing `limit` on the bytes actually received. */
function readBody(res: HttpResponse, limit: number, exchange: Exchange, done: (body: RawBody) => void): void {
  let chunks: Buffer[] | undefined;
  let size = 0;
  res.onData((chunk, isLast) => {
    if (exchange.settled) return; // answered (413, timeout): ignore whatever still arrives
    size += chunk.byteLength;
    if (size > limit) {
      chunks = undefined;
      exchange.finish(REPLIES.bodyTooLarge);
      return;
    }
    // `Buffer.from(Uint8Array)` copies; uWS reuses the chunk's memory once we return.
    if (chunk.byteLength > 0) (chunks ??= []).push(Buffer.from(new Uint8Array(chunk)));
    if (!isLast) return;
    const body = chunks === undefined ? NO_BODY : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
    chunks = undefined;
    done(body);
  });
}

export function copyParams(req: HttpRequest, count: number): string[] {
  const params = new Array<string>(count);
  for (let i = 0; i < count; i++) params[i] = req.getParameter(i);
  return params;
}

export function copyHeaders(req: HttpRequest, plan: Pick<RoutePlan, "headers" | "listHeaders">): string[] {
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

export function contextOf(req: HttpRequest, res: HttpResponse, query: string, signal: AbortSignal): RequestContext {
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
  };
}

/** 405 for a known path, unless a parametric method route elsewhere takes the request. */
function fallbackHandler(table: RouteTable, reply: Reply): UwsHandler {
  return (res, req) => {
    const method = req.getMethod();
    if (table.claims(method, req.getUrl())) {
      req.setYield(true);
      return;
    }
    write(res, reply, method === "head");
  };
}

/** 307 to the other trailing-slash spelling, query kept (FastAPI's `redirect_slashes`). */
function redirectHandler(table: RouteTable): UwsHandler {
  return (res, req) => {
    const method = req.getMethod();
    const url = req.getUrl();
    if (table.claims(method, url)) {
      req.setYield(true);
      return;
    }
    // Collapse leading slashes: `//evil.example/` must not become a protocol-relative Location.
    const target = (otherSpelling(url) ?? "/").replace(/^\/{2,}/, "/");
    const query = req.getQuery();
    write(res, redirectReply(query ? `${target}?${query}` : target), method === "head");
  };
}

/** Status, headers, body, in that order; HEAD gets the headers and the length, not the bytes. */
export function write(res: HttpResponse, reply: Reply, head: boolean): void {
  res.writeStatus(reply.status);
  const headers = reply.headers;
  for (let i = 0; i < headers.length; i += 2) res.writeHeader(headers[i], headers[i + 1]);
  const body = reply.body;
  if (isBodyless(reply.status)) {
    res.endWithoutBody();
  } else if (head) {
    // `endWithoutBody(n)` with n > 0 leaves this uWS build waiting for n bytes: write the length.
    const length = body === undefined ? 0 : typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
    res.writeHeader("content-length", String(length));
    res.endWithoutBody();
  } else {
    res.end(body ?? "", reply.close === true);
  }
}

/** 1xx, 204 and 304 carry no body and no `Content-Length` (RFC 9110 §8.6). */
const isBodyless = (statusLine: string): boolean =>
  statusLine.charCodeAt(0) === 49 /* 1 */ || statusLine.startsWith("204") || statusLine.startsWith("304");
