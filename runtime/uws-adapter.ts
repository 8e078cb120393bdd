/**
 * The one file that talks to uWebSockets.js. Its rules, each of which crashes the process or
 * corrupts a response when broken:
 * - `req` lives only until the route callback returns: copy everything out of it synchronously.
 * - A response not answered inside the callback needs `onAborted` before the callback returns,
 *   and must never be touched after the abort (or after it is ended).
 * - Body chunks are neutered when `onData` returns: copy them.
 * - Writes made from any later callback (promise, timer) go inside `cork`. `onData` runs corked:
 *   a reply written synchronously from it needs no `cork` (uWS warns on an uncorked write).
 * - Status, then headers, then body; every header passes `header-rules.ts` first.
 * Handlers never see `req` or `res`; route plans receive a `RequestData` copy and return a `Reply`.
 */
import { App as uwsApp, us_listen_socket_close, us_socket_local_port } from "uWebSockets.js";
import type { HttpRequest, HttpResponse, TemplatedApp, us_listen_socket, us_socket } from "uWebSockets.js";
import type { HttpMethod } from "./manifest";
import type { RequestContext } from "./request-context";
import type { BodyConsumer, BodyFlow, RawBody, RequestData, RoutePlan } from "./request-data";
import type { ResponseSink } from "./reply-stream";
import type { RouteTable } from "./router";
import type { Logger } from "./route-plan";
import { otherSpelling } from "./router";
import { REPLIES, redirectReply, type Reply } from "./reply";
import { STARTUP_ERRORS, startupError } from "./errors";
import type { SocketPlan } from "./socket-plan";
import { registerSockets, type SocketServer } from "./uws-socket-adapter";
import type { MiddlewareChain, MiddlewareRun } from "./middleware";
import { headersFault } from "./header-rules";
import { DEFAULT_SEND_TIMEOUT } from "./send-timeout";

/** A listening server. */
export interface Server {
  readonly port: number;
  /** Closes the listening socket and every open connection, in-flight requests included. */
  close(): void;
  /** The app's WebSockets: publishing, and closing them with 1001 on `close`. */
  readonly sockets: SocketServer;
  /**
   * Graceful shutdown, step one: closes the listening socket (new connections are refused) and
   * answers requests arriving on open keep-alive connections with 503 + `Connection: close`.
   * Resolves when no request is in flight any more.
   */
  drain(): Promise<void>;
}

/** Per server: draining or not, and how many requests are answered after their callback returned. */
interface Traffic {
  draining: boolean;
  inFlight: number;
  idle: (() => void) | undefined;
}

/** Optional per-app extras: the compiled middleware chain. */
export interface ListenExtras {
  readonly middleware?: MiddlewareChain;
  /** The app's WebSocket routes. */
  readonly sockets?: readonly SocketPlan[];
  /** Milliseconds a streamed response may wait on a client that takes no bytes, for routes that set none. */
  readonly sendTimeout?: number;
  /** Share the port with other processes (SO_REUSEPORT) instead of holding it alone. */
  readonly reusePort?: boolean;
}

/** Where a reply is written from, for the log line of a reply that cannot be written. */
export interface Where {
  readonly label: string;
  readonly logger: Logger | undefined;
}

/** uSockets' listen options: the default shares the port (SO_REUSEPORT); this one refuses to. */
const LIBUS_LISTEN_DEFAULT = 0;
const LIBUS_LISTEN_EXCLUSIVE_PORT = 1;


type UwsHandler = (res: HttpResponse, req: HttpRequest) => void;
type UwsMethod = "get" | "post" | "put" | "patch" | "del" | "head" | "options";
const UWS_METHOD: Readonly<Record<HttpMethod, UwsMethod>> =
  { get: "get", post: "post", put: "put", patch: "patch", delete: "del", head: "head", options: "options" };

/** Registers the table on a new uWS app and listens; resolves once the socket is bound. */
export function listen(
  table: RouteTable, host: string, port: number, logger: Logger | undefined, extras: ListenExtras = {},
): Promise<Server> {
  const app: TemplatedApp = uwsApp();
  const traffic: Traffic = { draining: false, inFlight: 0, idle: undefined };
  const chain = extras.middleware;
  const sockets = registerSockets(app, extras.sockets ?? []);
  const sendTimeout = extras.sendTimeout ?? DEFAULT_SEND_TIMEOUT;
  for (const route of table.routes) {
    const where: Where = { label: route.plan.label, logger };
    app[UWS_METHOD[route.method]](route.path, guarded(routeHandler(route.plan, route.head, where, traffic, sendTimeout), where, traffic, chain));
  }
  let catchAll = false;
  for (const fallback of table.fallbacks) {
    catchAll ||= fallback.path === "/*";
    const where: Where = { label: `ANY ${fallback.path}`, logger };
    const handler = fallback.reply ? fallbackHandler(table, fallback.reply, where) : redirectHandler(table, where);
    app.any(fallback.path, guarded(handler, where, traffic, chain));
  }
  // Without a catch-all, uWS closes the connection of an unmatched request without a word.
  const anywhere: Where = { label: "ANY /*", logger };
  const notFound: RouteHandler = (res, req, run) => write(res, REPLIES.notFound, req.getMethod() === "head", anywhere, run);
  if (!catchAll) app.any("/*", guarded(notFound, anywhere, traffic, chain));
  const listenOptions = extras.reusePort === true ? LIBUS_LISTEN_DEFAULT : LIBUS_LISTEN_EXCLUSIVE_PORT;
  return new Promise((resolve, reject) => {
    // This build takes options with a host too, though its types only declare `listen(port, options, cb)`.
    const listenOn = app.listen as unknown as (host: string, port: number, options: number, cb: (socket: us_listen_socket | false) => void) => void;
    listenOn.call(app, host, port, listenOptions, (socket: us_listen_socket | false) => {
      if (socket === false) {
        reject(startupError(STARTUP_ERRORS.LISTEN_FAILED, { host, port }));
        return;
      }
      let listening = true;
      const stopListening = () => {
        if (listening) us_listen_socket_close(socket);
        listening = false;
      };
      resolve({
        port: us_socket_local_port(socket as unknown as us_socket),
        sockets,
        close: () => {
          stopListening();
          traffic.draining = true;
          sockets.closeAll();
          // Untyped in this build: closes open keep-alive connections too, so the process can exit.
          (app as unknown as { close?: () => void }).close?.();
          traffic.idle?.();
        },
        drain: () => {
          stopListening();
          traffic.draining = true;
          sockets.closeAll(); // 1001 Going Away: a socket never finishes by itself
          if (traffic.inFlight === 0) return Promise.resolve();
          return new Promise<void>((done) => {
            traffic.idle = () => {
              traffic.idle = undefined;
              done();
            };
          });
        },
      });
    });
  });
}

const NO_STRINGS: readonly string[] = [];
const NO_BODY: RawBody = new Uint8Array(0);

/** A uWS handler that also receives the request's middleware run, when the app has middleware. */
type RouteHandler = (res: HttpResponse, req: HttpRequest, run: MiddlewareRun | undefined) => void;

/**
 * Every uWS registration goes through here. It answers 503 + `Connection: close` once the server
 * drains, runs the middleware's `onRequest` hooks (copying the headers they read), and is the last
 * line of defence against a bug in this file: an exception escaping a uWS callback, or a callback
 * returning with the request neither answered nor watched, takes the process down. Closing the
 * connection is the one safe move left.
 */
function guarded(handler: RouteHandler, where: Where, traffic: Traffic, chain: MiddlewareChain | undefined): UwsHandler {
  return (res, req) => {
    try {
      if (traffic.draining) return void write(res, REPLIES.shuttingDown, req.getMethod() === "head", where);
      if (chain === undefined) return handler(res, req, undefined);
      const method = req.getMethod();
      const headers: Record<string, string> = Object.create(null);
      for (const name of chain.headers) headers[name] = req.getHeader(name);
      const run = chain.begin(method, req.getUrl(), headers);
      if (run.early !== undefined) return void write(res, run.early, method === "head", where, run);
      handler(res, req, run);
    } catch (err) {
      where.logger?.error(`typekiln: ${where.label}: internal error in the HTTP adapter`, err);
      try {
        res.close();
      } catch {
        // already answered or aborted: nothing left to do
      }
    }
  };
}

/** What a route that reads nothing from the request gets: one shared, empty copy. */
const NOTHING_COPIED: RequestData = Object.freeze({
  params: NO_STRINGS, query: "", headers: NO_STRINGS, cookie: "", contentType: "", context: undefined,
});

function routeHandler(plan: RoutePlan, head: boolean, where: Where, traffic: Traffic, appSendTimeout: number): RouteHandler {
  const readsNothing = plan.params === 0 && !plan.query && !plan.context && plan.headers.length === 0 && !plan.cookie &&
    plan.bodyLimit === undefined && plan.streamBody === undefined;
  const timing: Timing = { timeout: plan.timeout, sendTimeout: plan.sendTimeout ?? appSendTimeout };
  return (res, req, run) => {
    let controller: AbortController | undefined;
    let data = NOTHING_COPIED;
    if (!readsNothing) {
      // 1. Copy what the plan needs; `req` is gone once this callback returns.
      const query = plan.query || plan.context ? (req.getQuery() ?? "") : "";
      let context: RequestContext | undefined;
      if (plan.context) {
        controller = new AbortController();
        context = contextOf(req, res, query, controller.signal, run?.request.requestId);
      }
      data = {
        params: plan.params === 0 ? NO_STRINGS : copyParams(req, plan.params),
        query,
        headers: plan.headers.length === 0 ? NO_STRINGS : copyHeaders(req, plan),
        cookie: plan.cookie ? req.getHeader("cookie") : "",
        contentType: plan.bodyLimit === undefined ? "" : req.getHeader("content-type"),
        context,
      };
    }
    const limit = plan.bodyLimit;
    if (limit === undefined) {
      const out = plan.run(data, undefined);
      // A sync answer is written here, inside uWS's own (already corked) callback.
      if (!(out instanceof Promise) && plan.streams !== true) return void write(res, out, head, where, run);
      const exchange = new Exchange(res, head, controller, timing, where, traffic, run);
      if (out instanceof Promise) out.then((reply) => exchange.finish(reply));
      else exchange.finish(out);
      return;
    }
    // 2. A body: refuse framing a proxy in front could read differently, and a declared
    // oversize, before reading a byte.
    if (ambiguousFraming(req)) return refuseFraming(res, head, where, run);
    const declared = req.getHeader("content-length");
    if (declared !== "" && Number(declared) > limit) return void write(res, REPLIES.bodyTooLarge, head, where, run);
    const exchange = new Exchange(res, head, controller, timing, where, traffic, run);
    if (plan.streamBody !== undefined) return streamBody(res, plan.streamBody(data, flowOf(res, exchange)), exchange);
    readBody(res, limit, exchange, (body) => {
      const out = plan.run(data, body);
      if (out instanceof Promise) out.then((reply) => exchange.finish(reply));
      else exchange.finish(out, true);
    });
  };
}

// Counted by `ambiguousFraming` through `req.forEach`; module state, so no closure per request.
let lengthHeaders = 0;
let codingHeaders = 0;
let chunkedOnly = true;
const countFraming = (name: string, value: string): void => {
  if (name === "content-length") lengthHeaders++;
  else if (name === "transfer-encoding") {
    codingHeaders++;
    if (value.trim().toLowerCase() !== "chunked") chunkedOnly = false;
  }
};

/**
 * Framing that a proxy in front may read otherwise than uWS does (RFC 9112 §6.3, request
 * smuggling): a repeated `Content-Length` (uWS takes the first), `Transfer-Encoding` beside
 * `Content-Length`, or any `Transfer-Encoding` but one `chunked` (uWS reads `chunked` then
 * `identity`, or `gzip, chunked`, as chunked).
 */
function ambiguousFraming(req: HttpRequest): boolean {
  lengthHeaders = 0;
  codingHeaders = 0;
  chunkedOnly = true;
  req.forEach(countFraming);
  if (codingHeaders === 0) return lengthHeaders > 1;
  return lengthHeaders > 0 || codingHeaders > 1 || !chunkedOnly;
}

/**
 * 400 + `Connection: close` for ambiguous framing, written on the next turn of the event loop
 * rather than now: uWS honours a close only once it has parsed the whole read, so a request
 * smuggled behind this one in the same read would be answered first. While this answer is
 * pending, uWS closes the connection instead when another request follows on it: either way
 * nothing after this request is answered.
 */
function refuseFraming(res: HttpResponse, head: boolean, where: Where, run: MiddlewareRun | undefined): void {
  let aborted = false;
  res.onAborted(() => (aborted = true));
  setImmediate(() => {
    if (!aborted) res.cork(() => write(res, REPLIES.ambiguousFraming, head, where, run));
  });
}

/** A route's clocks: `timeout` until the handler answers, `sendTimeout` while the client takes nothing. */
interface Timing {
  readonly timeout: number;
  readonly sendTimeout: number;
}

/**
 * One request answered after the route callback returned. `finish` writes at most once, and
 * never after the client left; whichever of handler, timeout and abort comes first wins.
 */
class Exchange {
  #settled = false;
  #timer: NodeJS.Timeout | undefined;
  /** The response is over (ended, or the client left): `res` must not be touched again. */
  #closed = false;
  #aborted = false;
  #onAbort: (() => void)[] | undefined;

  constructor(
    private readonly res: HttpResponse,
    private readonly head: boolean,
    private readonly controller: AbortController | undefined,
    readonly timing: Timing,
    private readonly where: Where,
    private readonly traffic: Traffic,
    private readonly run: MiddlewareRun | undefined,
  ) {
    traffic.inFlight++;
    res.onAborted(() => {
      this.#settle();
      this.#closed = true;
      this.#aborted = true;
      controller?.abort();
      this.#runAbortHooks();
    });
    const timeout = timing.timeout;
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

  get closed(): boolean {
    return this.#closed;
  }

  /** The client left (uWS's `onAborted` ran). */
  get aborted(): boolean {
    return this.#aborted;
  }

  /** Runs `hook` if the client leaves before the response is over. */
  onAbort(hook: () => void): void {
    if (this.#closed) return;
    (this.#onAbort ??= []).push(hook);
  }

  /** The response ended: nothing may touch `res` any more. */
  markClosed(): void {
    this.#closed = true;
    this.#onAbort = undefined;
  }

  /**
   * The client took no bytes for `sendTimeout`: stop the producer (its `finally` runs) and cut
   * the connection, as if the client had left.
   */
  stalled(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.controller?.abort(new DOMException("The client stopped reading the response", "TimeoutError"));
    this.#runAbortHooks();
    this.res.close();
  }

  #runAbortHooks(): void {
    const hooks = this.#onAbort;
    this.#onAbort = undefined;
    if (hooks !== undefined) for (const hook of hooks) hook();
  }

  /**
   * Writes the reply unless the exchange is over. `corked`: called from inside a uWS callback that
   * already has the socket corked (`onData` delivering the body), so no `cork` is needed.
   */
  finish(reply: Reply, corked = false): void {
    if (this.#settled) {
      reply.stream?.cancel(); // aborted, timed out, or already answered: drop it
      return;
    }
    this.#settle();
    try {
      let written = reply;
      if (corked) written = write(this.res, reply, this.head, this.where, this.run);
      else this.res.cork(() => (written = write(this.res, reply, this.head, this.where, this.run)));
      // Middleware or the header rules may have put another reply in its place.
      if (written.stream !== reply.stream) reply.stream?.cancel();
      const stream = written.stream;
      if (stream === undefined || this.head) {
        stream?.cancel();
        this.markClosed();
        return;
      }
      this.onAbort(() => stream.cancel());
      stream.start(responseSink(this.res, stream.length, this));
    } catch (err) {
      // Thrown from a promise callback this would be an unhandled rejection: report it instead.
      this.where.logger?.error(`typekiln: ${this.where.label}: writing a response failed`, err);
    }
  }

  #settle(): void {
    if (this.#settled) return;
    this.#settled = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (--this.traffic.inFlight === 0) this.traffic.idle?.();
  }
}

/** Pause and resume reading the body; a no-op once the response is over. */
function flowOf(res: HttpResponse, exchange: Exchange): BodyFlow {
  return {
    pause: () => { if (!exchange.closed) res.pause(); },
    resume: () => { if (!exchange.closed) res.resume(); },
  };
}

/** Hands the body to the plan's consumer chunk by chunk, copied, as it arrives. */
function streamBody(res: HttpResponse, consumer: BodyConsumer, exchange: Exchange): void {
  exchange.onAbort(() => consumer.abort());
  consumer.reply.then((reply) => exchange.finish(reply));
  res.onData((chunk, isLast) => {
    if (exchange.settled) return; // answered early (413, 415): the connection is closing
    // `Buffer.from(Uint8Array)` copies; uWS reuses the chunk's memory once we return.
    consumer.push(Buffer.from(new Uint8Array(chunk)), isLast);
  });
}

/**
 * A streamed body over `res`. Without a known length each chunk is written chunked with
 * `write`, which buffers inside uWS when the socket is full (false): the producer then waits for
 * `onWritable`. With a known length (files) `tryEnd` writes `Content-Length` and, when the socket
 * is full, the unsent rest of the chunk is retried from `onWritable`'s offset. While the socket is
 * full a clock runs: a client that takes no bytes for `sendTimeout` is cut off (`stalled`).
 */
function responseSink(res: HttpResponse, length: number | undefined, exchange: Exchange): ResponseSink {
  let drain: (() => void) | undefined;
  let pending: { chunk: Uint8Array; base: number } | undefined;
  let stall: NodeJS.Timeout | undefined;
  const sendTimeout = exchange.timing.sendTimeout;
  const blocked = (): void => {
    if (stall !== undefined || !(sendTimeout > 0)) return;
    stall = setTimeout(() => exchange.stalled(), sendTimeout);
    stall.unref?.();
  };
  const moving = (): void => {
    if (stall === undefined) return;
    clearTimeout(stall);
    stall = undefined;
  };
  exchange.onAbort(moving);
  const release = (): void => {
    const callback = drain;
    drain = undefined;
    callback?.();
  };
  res.onWritable((offset) => {
    moving(); // the client took bytes
    if (exchange.closed) return true;
    if (pending !== undefined) {
      const { chunk, base } = pending;
      const [ok, done] = res.tryEnd(chunk.subarray(offset - base), length!);
      if (done) {
        exchange.markClosed();
        return true;
      }
      if (!ok) {
        blocked();
        return false;
      }
      pending = undefined;
    }
    release();
    return true;
  });
  return {
    write(chunk) {
      if (exchange.closed) return true;
      let ok = true;
      res.cork(() => {
        if (length === undefined) {
          ok = res.write(chunk);
          return;
        }
        const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
        const base = res.getWriteOffset();
        const [written, done] = res.tryEnd(bytes, length);
        if (done) exchange.markClosed();
        if (!written && !done) pending = { chunk: bytes, base };
        ok = written || done;
      });
      if (!ok) blocked();
      return ok;
    },
    onDrain(callback) {
      if (exchange.closed) return callback();
      drain = callback;
    },
    end() {
      moving();
      if (exchange.closed) return;
      exchange.markClosed();
      // With a known length the last `tryEnd` ended it; fewer bytes than promised: cut it.
      res.cork(() => (length === undefined ? res.end() : res.close()));
    },
    close() {
      moving();
      if (exchange.closed) return;
      exchange.markClosed();
      // uWS's close is abrupt (what is still unread by the client may be lost with it): give
      // the client a moment to take what was already sent, then cut the unterminated body.
      setTimeout(() => {
        if (!exchange.aborted) res.close();
      }, 200).unref?.();
    },
  };
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
    if (isLast && chunks === undefined) {
      // The whole body in one chunk: lend it. `done` runs the plan, which decodes it before
      // returning (see `RawBody`); uWS takes the memory back after that.
      done(chunk.byteLength === 0 ? NO_BODY : new Uint8Array(chunk));
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

export function contextOf(
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

/** 405 for a known path, unless a parametric method route elsewhere takes the request. */
function fallbackHandler(table: RouteTable, reply: Reply, where: Where): RouteHandler {
  return (res, req, run) => {
    const method = req.getMethod();
    if (table.claims(method, req.getUrl())) {
      req.setYield(true);
      return;
    }
    write(res, reply, method === "head", where, run);
  };
}

/** 307 to the other trailing-slash spelling, query kept (FastAPI's `redirect_slashes`). */
function redirectHandler(table: RouteTable, where: Where): RouteHandler {
  return (res, req, run) => {
    const method = req.getMethod();
    const url = req.getUrl();
    if (table.claims(method, url)) {
      req.setYield(true);
      return;
    }
    // Collapse leading slashes: `//evil.example/` must not become a protocol-relative Location.
    const target = (otherSpelling(url) ?? "/").replace(/^\/{2,}/, "/");
    const query = req.getQuery();
    write(res, redirectReply(query ? `${target}?${query}` : target), method === "head", where, run);
  };
}

/**
 * Status, headers, body, in that order; HEAD gets the headers and the length, not the bytes.
 * With middleware, their `onResponse` hooks rewrite the reply first. A reply with a header the
 * header rules refuse is never written: the generic 500 goes out instead, and the fault is logged
 * with the route. Returns the reply written.
 */
export function write(res: HttpResponse, reply: Reply, head: boolean, where: Where, run?: MiddlewareRun): Reply {
  if (run !== undefined) reply = run.chain.end(run, reply);
  const fault = headersFault(reply.headers);
  if (fault !== undefined) {
    where.logger?.error(`typekiln: ${where.label}: refused to write the response: ${fault}`);
    reply = REPLIES.internal;
  }
  res.writeStatus(reply.status);
  res.writeHeader("x-content-type-options", "nosniff");
  const headers = reply.headers;
  for (let i = 0; i < headers.length; i += 2) res.writeHeader(headers[i], headers[i + 1]);
  const body = reply.body;
  if (isBodyless(reply.status)) {
    res.endWithoutBody();
  } else if (reply.stream !== undefined) {
    // The body follows through a sink; HEAD gets the length when it is known.
    if (head) {
      if (reply.stream.length !== undefined) res.writeHeader("content-length", String(reply.stream.length));
      res.endWithoutBody();
    }
  } else if (head) {
    // `endWithoutBody(n)` with n > 0 leaves this uWS build waiting for n bytes: write the length.
    const length = body === undefined ? 0 : typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
    res.writeHeader("content-length", String(length));
    res.endWithoutBody();
  } else {
    res.end(body ?? "", reply.close === true);
  }
  return reply;
}

/** 1xx, 204 and 304 carry no body and no `Content-Length` (RFC 9110 §8.6). */
const isBodyless = (statusLine: string): boolean =>
  statusLine.charCodeAt(0) === 49 /* 1 */ || statusLine.startsWith("204") || statusLine.startsWith("304");
