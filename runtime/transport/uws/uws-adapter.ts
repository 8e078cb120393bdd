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
 * Handlers never see `req` or `res`; route plans receive a `RequestData` copy and return a `WireReply`.
 * This file registers routes and listens; beside it, uws-request.ts copies out of `req`,
 * uws-exchange.ts owns a response answered later, uws-write.ts writes a reply, and
 * uws-socket-adapter.ts serves WebSockets. Nothing else in the runtime imports uWebSockets.js.
 */
import type { HttpRequest, HttpResponse, TemplatedApp, us_listen_socket, us_socket } from "uWebSockets.js";
import type { HttpMethod } from "../../contract/manifest";
import type { RoutePlan } from "../../contract/request-data";
import type { RouteTable } from "../../routing/router";
import { otherSpelling } from "../../routing/router";
import { REPLIES, redirectReply, type WireReply } from "../../responses/reply";
import { STARTUP_ERRORS, startupError } from "../../errors/errors";
import { registerSockets } from "./uws-socket-adapter";
import { loadUws } from "./uws-loader";
import type { ListenProps, Server, Timing, Traffic, Transport, Where } from "../transport";
import type { MiddlewareChain, MiddlewareRun } from "../../middleware/middleware";
import { NOTHING_COPIED, ambiguousFraming, copyRequest } from "./uws-request";
import { write } from "./uws-write";
import { Exchange, readBody, streamBody } from "./uws-exchange";
import { flowOf, inFlightDone } from "../exchange";

/** uSockets' listen options: the default shares the port (SO_REUSEPORT); this one refuses to. */
const LIBUS_LISTEN_DEFAULT = 0;
const LIBUS_LISTEN_EXCLUSIVE_PORT = 1;


type UwsHandler = (res: HttpResponse, req: HttpRequest) => void;
type UwsMethod = "get" | "post" | "put" | "patch" | "del" | "head" | "options";
const UWS_METHOD: Readonly<Record<HttpMethod, UwsMethod>> =
  { get: "get", post: "post", put: "put", patch: "patch", delete: "del", head: "head", options: "options" };

/** The uWebSockets.js transport: the fast path, and the reason typekiln exists. */
export const uwsTransport: Transport = { name: "uws", listen };

/** Registers the table on a new uWS app and listens; resolves once the socket is bound. */
function listen(props: ListenProps): Promise<Server> {
  const { table, host, port, logger, sendTimeout, middleware: chain } = props;
  const uws = loadUws();
  if ("error" in uws) return Promise.reject(uws.error);
  const { App: uwsApp, us_listen_socket_close, us_socket_local_port } = uws.module;
  const app: TemplatedApp = uwsApp();
  const traffic: Traffic = { draining: false, inFlight: 0, idle: undefined };
  const sockets = registerSockets(app, props.sockets ?? [], uws.module);
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
  const listenOptions = props.reusePort === true ? LIBUS_LISTEN_DEFAULT : LIBUS_LISTEN_EXCLUSIVE_PORT;
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
          // The last answer may have been written inside a uWS callback, corked until it returns:
          // resolve on the next turn, or a close that follows would drop those bytes unsent.
          return inFlightDone(traffic).then(() => new Promise<void>((next) => setImmediate(next)));
        },
      });
    });
  });
}


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


function routeHandler(plan: RoutePlan, head: boolean, where: Where, traffic: Traffic, appSendTimeout: number): RouteHandler {
  const readsNothing = plan.params === 0 && !plan.query && plan.path !== true && !plan.context && plan.headers.length === 0 && !plan.cookie &&
    plan.bodyLimit === undefined && plan.streamBody === undefined;
  const timing: Timing = { timeout: plan.timeout, sendTimeout: plan.sendTimeout ?? appSendTimeout };
  return (res, req, run) => {
    // 1. Copy what the plan needs; `req` is gone once this callback returns.
    const controller = plan.context ? new AbortController() : undefined;
    const data = readsNothing
      ? NOTHING_COPIED
      : copyRequest(req, res, plan, plan.bodyLimit !== undefined, controller?.signal, run?.request.requestId);
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
      else exchange.finishCorked(out);
    });
  };
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

/** 405 for a known path, unless a parametric method route elsewhere takes the request. */
function fallbackHandler(table: RouteTable, reply: WireReply, where: Where): RouteHandler {
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

