/**
 * The node:http transport: the same route table, middleware and socket plans as the uWS one,
 * served by `node:http` (WebSockets by the `ws` package, in node-socket-adapter.ts), on every
 * runtime that has `node:http`. Its rules:
 * - node's parser (llhttp, strict) frames requests; what it refuses gets 400/431 (or 408 for a
 *   request that never completes) from `clientError` below, with a JSON body and a close.
 * - Node leaves some header checks to us: more than 100 header lines (431), a repeated `Host`
 *   (400), and on body routes the framings a proxy may read otherwise (400 + close, and the
 *   connection answers nothing more: see `poisoned`).
 * - A response not answered inside the request callback is owned by a `NodeExchange` until it
 *   ends or the client leaves; nothing is written after that. A body route that nothing but its
 *   body can end early (no timeout, no abort signal, no streamed body) reads the body without one
 *   (`readBodyThen`) and makes one only if its plan answers late.
 * - Status, then headers, then body; every header passes `header-rules.ts` first (node-write.ts).
 * Handlers never see `req` or `res`; route plans receive a `RequestData` copy and return a `WireReply`.
 */
import type { IncomingMessage, Server as HttpServer, ServerResponse } from "node:http";
import type { Socket as NetSocket } from "node:net";
import type { RequestData, RoutePlan } from "../../contract/request-data";
import type { RouteEntry, RouteTable } from "../../routing/router";
import { REPLIES, redirectReply, type WireReply } from "../../responses/reply";
import { STARTUP_ERRORS, startupError } from "../../errors/errors";
import { otherSpelling } from "../../routing/router";
import type { MiddlewareChain, MiddlewareRun } from "../../middleware/middleware";
import type { ListenProps, Server, Timing, Traffic, Transport, Where } from "../transport";
import { PathTable } from "./path-table";
import { NOTHING_COPIED, bodyLines, copyRequest, linesFault, targetOf, type Target } from "./node-request";
import { NodeExchange, exchangeOf, readBody, readBodyThen, streamBody, type BodyAnswer } from "./node-exchange";
import { flowOf, inFlightDone } from "../exchange";
import { lingerAfter, write } from "./node-write";
import { attachSockets } from "./node-socket-adapter";
import type { SocketServer } from "../../websocket/socket-server";
import { lazyModule } from "../../vendor/lazy-module";
import { keepTickShape } from "./tick-shape";

// Loaded when an app listens on this transport: an app on uWS never pays for node:http at start-up.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeHttp = lazyModule(() => require("node:http") as typeof import("node:http"));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeNet = lazyModule(() => require("node:net") as typeof import("node:net"));

const BUN = (process.versions as { bun?: string }).bun !== undefined;

/** Milliseconds an idle keep-alive connection stays open (uWS's idle timeout is 10 s too). */
const KEEP_ALIVE_MS = 10_000;
/** A request's header block must arrive within this (slow-loris). */
const HEADERS_TIMEOUT_MS = 10_000;
/** A whole request (a slow upload included) must arrive within this: node's default, kept explicit. */
const REQUEST_TIMEOUT_MS = 300_000;
/** node:http's own header-size limit, kept explicit: larger header blocks get 431. */
const MAX_HEADER_BYTES = 16 * 1024;

/** The node:http transport: runs on every current Node, on Bun and on Deno. */
export const nodeTransport: Transport = { name: "node", listen };

/** What answers a request: a route, a fallback (405 or the trailing-slash redirect), or the 404. */
interface Handler {
  /** The route's label, for log lines. */
  readonly where: Where;
  /** The route reads a body: ambiguous framing is refused (uWS checks it on body routes only). */
  readonly body: boolean;
  answer(req: IncomingMessage, res: ServerResponse, target: Target, run: MiddlewareRun | undefined, params: readonly string[]): void;
}

interface Dispatch {
  /** By node's (upper-case) method name. */
  readonly routes: ReadonlyMap<string, PathTable<Handler>>;
  readonly fallbacks: PathTable<Handler>;
  readonly notFound: Handler;
}

const NO_PARAMS: readonly string[] = [];

/**
 * A node:http server that serves `props` on every connection it is handed (`listen` binds it to a
 * port; the in-memory transport hands it in-memory connections), with its sockets and traffic.
 */
export interface NodeServing {
  readonly server: HttpServer;
  readonly sockets: SocketServer;
  readonly traffic: Traffic;
}

export function nodeServing(props: ListenProps): NodeServing {
  const { table, logger, sendTimeout, middleware: chain } = props;
  keepTickShape(); // node:http's per-request `nextTick`s stay fast through idle spells (tick-shape.ts)
  const traffic: Traffic = { draining: false, inFlight: 0, idle: undefined };
  const dispatch = dispatchOf(table, logger, traffic, sendTimeout);
  /** Connections that sent ambiguous framing: nothing more they send is answered. */
  const poisoned = new WeakSet<NetSocket>();
  let anyPoisoned = false;
  const server = nodeHttp().createServer({
    keepAliveTimeout: KEEP_ALIVE_MS,
    headersTimeout: HEADERS_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    maxHeaderSize: MAX_HEADER_BYTES,
    // Checked in `linesFault`, so a missing `Host` gets the same JSON answer as a repeated one.
    requireHostHeader: false,
  }, (req, res) => guarded(req, res));
  /** The last line of defence against a bug here: log it and drop the connection. */
  const guarded = (req: IncomingMessage, res: ServerResponse): void => {
    try {
      serve(req, res);
    } catch (err) {
      logger?.error("typekiln: internal error in the HTTP adapter", err);
      res.destroy();
    }
  };
  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    if (anyPoisoned && poisoned.has(req.socket)) return void req.socket.destroy();
    const method = req.method!;
    const head = method === "HEAD";
    const target = targetOf(req.url!);
    const match = dispatch.routes.get(method)?.match(target.path);
    const handler = match?.value ?? dispatch.fallbacks.match(target.path)?.value ?? dispatch.notFound;
    const where = handler.where;
    if (traffic.draining) return void write(res, REPLIES.shuttingDown, head, where);
    const fault = linesFault(req.rawHeaders, handler.body, req.httpVersionMinor === 1);
    if (fault === "too-many") return void write(res, REPLIES.headersTooLarge, head, where);
    if (fault === "host") return void write(res, REPLIES.malformedRequest, head, where);
    let run: MiddlewareRun | undefined;
    if (chain !== undefined) {
      run = beginMiddleware(chain, req, target.path);
      if (run.early !== undefined) return void write(res, run.early, head, where, run);
    }
    if (fault === "framing") {
      poisoned.add(req.socket);
      anyPoisoned = true;
      return void write(res, REPLIES.ambiguousFraming, head, where, run);
    }
    handler.answer(req, res, target, run, match?.params ?? NO_PARAMS);
  };
  server.on("clientError", (err: NodeJS.ErrnoException, socket: NetSocket) => refuse(err, socket));
  const sockets = attachSockets(server, props.sockets ?? [], { serveHttp: guarded, draining: () => traffic.draining });
  return { server, sockets, traffic };
}

function listen(props: ListenProps): Promise<Server> {
  const { host, port, logger } = props;
  const { server, sockets, traffic } = nodeServing(props);
  return new Promise((resolve, reject) => {
    server.once("error", () => reject(startupError(STARTUP_ERRORS.LISTEN_FAILED, { host, port })));
    const options: { port: number; host: string; exclusive: boolean; reusePort?: boolean } = { port, host, exclusive: true };
    if (props.reusePort === true) options.reusePort = true;
    if (props.reusePort === true && !reusePortSupported()) {
      reject(startupError(STARTUP_ERRORS.REUSE_PORT_UNSUPPORTED, { runtime: `Node ${process.versions.node}` }));
      return;
    }
    server.listen(options, () => {
      server.removeAllListeners("error");
      server.on("error", (err) => logger?.error("typekiln: the HTTP server failed", err));
      const address = server.address();
      resolve({
        port: typeof address === "object" && address !== null ? address.port : port,
        sockets,
        close: () => {
          traffic.draining = true;
          server.close();
          sockets.closeAll();
          server.closeAllConnections();
          traffic.idle?.();
        },
        drain: () => {
          traffic.draining = true;
          // Stop listening only: node:http's own close() also drops idle keep-alive connections,
          // racing a request the client may be sending on one; those get 503 + close instead.
          // Bun's node:http is no net.Server underneath: there, its own close().
          if (BUN) server.close();
          else nodeNet().Server.prototype.close.call(server);
          sockets.closeAll(); // 1001 Going Away: a socket never finishes by itself
          return inFlightDone(traffic);
        },
      });
    });
  });
}

/** The middleware's `onRequest` hooks, with the headers they read (their first lines) and the method lower-case, as uWS gives it. */
function beginMiddleware(chain: MiddlewareChain, req: IncomingMessage, path: string): MiddlewareRun {
  const headers: Record<string, string> = Object.create(null);
  const raw = req.rawHeaders;
  for (const name of chain.headers) headers[name] = "";
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i].toLowerCase();
    if (key in headers && headers[key] === "") headers[key] = raw[i + 1];
  }
  return chain.begin(req.method!.toLowerCase(), path, headers);
}

function dispatchOf(table: RouteTable, logger: ListenProps["logger"], traffic: Traffic, appSendTimeout: number): Dispatch {
  const routes = new Map<string, PathTable<Handler>>();
  for (const route of table.routes) {
    const method = route.method.toUpperCase();
    let paths = routes.get(method);
    if (paths === undefined) routes.set(method, (paths = new PathTable()));
    paths.add(route.path, routeHandler(route, { label: route.plan.label, logger }, traffic, appSendTimeout));
  }
  const fallbacks = new PathTable<Handler>();
  for (const fallback of table.fallbacks) {
    const where: Where = { label: `ANY ${fallback.path}`, logger };
    const reply = fallback.reply;
    fallbacks.add(fallback.path, {
      where,
      body: false,
      answer: reply !== undefined
        ? (req, res, _target, run) => void write(res, reply, req.method === "HEAD", where, run)
        : (req, res, target, run) => {
          // Collapse leading slashes: `//evil.example/` must not become a protocol-relative Location.
          const to = (otherSpelling(target.path) ?? "/").replace(/^\/{2,}/, "/");
          write(res, redirectReply(target.query ? `${to}?${target.query}` : to), req.method === "HEAD", where, run);
        },
    });
  }
  const anywhere: Where = { label: "ANY /*", logger };
  const notFound: Handler = {
    where: anywhere,
    body: false,
    answer: (req, res, _target, run) => void write(res, REPLIES.notFound, req.method === "HEAD", anywhere, run),
  };
  return { routes, fallbacks, notFound };
}

function routeHandler(route: RouteEntry, where: Where, traffic: Traffic, appSendTimeout: number): Handler {
  const { plan, head } = route;
  const readsNothing = plan.params === 0 && !plan.query && plan.path !== true && !plan.context && plan.headers.length === 0 && !plan.cookie &&
    plan.bodyLimit === undefined && plan.streamBody === undefined;
  const timing: Timing = { timeout: plan.timeout, sendTimeout: plan.sendTimeout ?? appSendTimeout };
  // Nothing but its body can end such a request before its plan runs: no exchange while it is read.
  const light = plan.streamBody === undefined && !(plan.timeout > 0) && !plan.context;
  // A light request has no abort signal (`plan.context` is false), so no controller.
  const answerBody: BodyAnswer = (data, body, res, run) =>
    answerWith(plan, plan.run(data, body), res, head, where, run, timing, undefined, traffic);
  const answer = (req: IncomingMessage, res: ServerResponse, target: Target, run: MiddlewareRun | undefined, params: readonly string[]): void => {
    const controller = plan.context ? new AbortController() : undefined;
    const limit = plan.bodyLimit;
    const data = readsNothing
      ? NOTHING_COPIED
      : copyRequest(req, target, params, plan, limit === undefined ? "" : bodyLines.type, controller?.signal, run?.request.requestId);
    if (limit === undefined) return answerWith(plan, plan.run(data, undefined), res, head, where, run, timing, controller, traffic);
    // `serve` ran `linesFault` over this request's lines with `body` set (a body route) just before.
    const declared = bodyLines.length;
    if (declared !== "" && Number(declared) > limit) {
      lingerAfter(res);
      return void write(res, REPLIES.bodyTooLarge, head, where, run);
    }
    if (light) return readBodyThen(req, res, limit, head, where, run, traffic, data, answerBody);
    const exchange = new NodeExchange(res, head, controller, timing, where, traffic, run);
    if (plan.streamBody !== undefined) return streamBody(req, plan.streamBody(data, flowOf(req, exchange)), exchange);
    readThenFinish(req, limit, exchange, plan, data);
  };
  return { where, body: plan.bodyLimit !== undefined, answer };
}

/**
 * Reads the body and lets the exchange write what the plan makes of it. Apart from `answer`, whose
 * locals then need no context of their own on every request.
 */
function readThenFinish(req: IncomingMessage, limit: number, exchange: NodeExchange, plan: RoutePlan, data: RequestData): void {
  readBody(req, limit, exchange, (body) => {
    const out = plan.run(data, body);
    if (out instanceof Promise) out.then((reply) => exchange.finish(reply));
    else exchange.finish(out);
  });
}

/** Writes a plan's answer: a sync one at once, a late (or streamed) one through an exchange that owns the response. */
function answerWith(
  plan: RoutePlan, out: WireReply | Promise<WireReply>, res: ServerResponse, head: boolean, where: Where,
  run: MiddlewareRun | undefined, timing: Timing, controller: AbortController | undefined, traffic: Traffic,
): void {
  if (!(out instanceof Promise) && plan.streams !== true) {
    if (out.close === true) lingerAfter(res);
    return void write(res, out, head, where, run);
  }
  const exchange = new NodeExchange(res, head, controller, timing, where, traffic, run);
  if (out instanceof Promise) out.then((reply) => exchange.finish(reply));
  else exchange.finish(out);
}

/** What node's parser errors answer; any other is `malformedRequest`. */
const PARSER_REPLIES: Readonly<Record<string, WireReply>> = {
  HPE_HEADER_OVERFLOW: REPLIES.headersTooLarge,
  ERR_HTTP_REQUEST_TIMEOUT: REPLIES.requestTimeout,
  // Repeated or differing `Content-Length`, or one beside `Transfer-Encoding`.
  HPE_UNEXPECTED_CONTENT_LENGTH: REPLIES.ambiguousFraming,
  // A `Transfer-Encoding` that does not end in `chunked`.
  HPE_INVALID_TRANSFER_ENCODING: REPLIES.ambiguousFraming,
};

/** node's parser refused the request: answer 400/431 (408 for one that never completed) and close. */
function refuse(err: NodeJS.ErrnoException, socket: NetSocket): void {
  if (err.code === "ECONNRESET" || !socket.writable) return void socket.destroy();
  const pending = (socket as unknown as { _httpMessage?: ServerResponse | null })._httpMessage;
  if (pending !== undefined && pending !== null) {
    if (pending.headersSent) return void socket.destroy();
    if (!pending.req.complete) {
      // The body broke off: the client left mid-body (the handler's abort path runs), or its
      // framing turned invalid (400, and the body's reader is stopped).
      if (err.code === "HPE_INVALID_EOF_STATE") return void socket.destroy();
      pending.shouldKeepAlive = false;
      return void exchangeOf(pending)?.refuse(PARSER_REPLIES[err.code ?? ""] ?? REPLIES.malformedRequest);
    }
    // Bad bytes after a whole request still being answered: that answer goes out, with
    // `Connection: close`, and the bad bytes get none of their own.
    pending.shouldKeepAlive = false;
    return;
  }
  const reply = PARSER_REPLIES[err.code ?? ""] ?? REPLIES.malformedRequest;
  const body = typeof reply.body === "string" ? reply.body : "";
  // RFC 9110 §6.6.1: an origin server with a clock sends `Date` on 4xx answers, as node:http does on its own.
  const lines = [`HTTP/1.1 ${reply.status}`, "x-content-type-options: nosniff", `date: ${new Date().toUTCString()}`];
  for (let i = 0; i < reply.headers.length; i += 2) lines.push(`${reply.headers[i]}: ${reply.headers[i + 1]}`);
  lines.push("connection: close", `content-length: ${Buffer.byteLength(body)}`);
  socket.end(`${lines.join("\r\n")}\r\n\r\n${body}`);
}

/** `server.listen({ reusePort })` came in Node 22.12 and 23.1. */
function reusePortSupported(): boolean {
  const [major, minor] = process.versions.node.split(".").map(Number);
  return major > 23 || (major === 23 && minor >= 1) || (major === 22 && minor >= 12);
}
