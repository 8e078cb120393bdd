/**
 * The WebSocket half of the node transport, on the `ws` package: the same socket plans, `Socket`
 * API, topics and limits as `uws/uws-socket-adapter.ts`. What uWS does inside its C++ this file
 * does by hand: topics (a map of subscribers; `publish` from a socket skips that socket), the
 * backpressure verdicts of `send` ("buffered" past the socket's buffer, "dropped" past
 * `maxBackpressure`), `drain`, `idleTimeout` with automatic pings, and `maxLifetime`.
 * As on uWS, `close()` and `terminate()` run the close handler at once, so a socket is `closed` as
 * soon as either returns.
 * An upgrade request that is not for a socket route (another path, or `Upgrade: h2c`), and an
 * upgrade the plan refuses, are answered as plain HTTP by the adapter's request path.
 */
import type { IncomingMessage, Server as HttpServer, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { Socket as NetSocket } from "node:net";
import type { WebSocket as WsSocket, WebSocketServer } from "ws";
import type { SendResult, Socket } from "../../websocket/socket";
import { Accepted, CLOSE, type PlanConnection, type SocketPlan } from "../../websocket/socket-plan";
import { topicPrefix, type SocketServer } from "../../websocket/socket-server";
import type { WireReply } from "../../responses/reply";
import { lazyModule } from "../../vendor/lazy-module";
import { PathTable } from "./path-table";
import { addressOf, copyRequest, targetOf } from "./node-request";
import { write } from "./node-write";

const wsModule = lazyModule(() => require("ws") as typeof import("ws"));

/** Close code a peer sees for a connection dropped without a close frame (RFC 6455 §7.1.5). */
const ABNORMAL = 1006;

/** What the adapter lends the socket half. */
export interface SocketHost {
  /** Answers `req` as a plain HTTP request on `res` (the adapter's request path). */
  serveHttp(req: IncomingMessage, res: ServerResponse): void;
  /** The server drains: upgrades are answered 503 by `serveHttp`. */
  readonly draining: () => boolean;
}

/** Who is subscribed to what, across every socket route of one server. */
class Topics {
  readonly #subscribers = new Map<string, Set<NodeConnection>>();

  subscribe(topic: string, connection: NodeConnection): boolean {
    let set = this.#subscribers.get(topic);
    if (set === undefined) this.#subscribers.set(topic, (set = new Set()));
    set.add(connection);
    return true;
  }

  unsubscribe(topic: string, connection: NodeConnection): boolean {
    const set = this.#subscribers.get(topic);
    if (set === undefined || !set.delete(connection)) return false;
    if (set.size === 0) this.#subscribers.delete(topic);
    return true;
  }

  count(topic: string): number {
    return this.#subscribers.get(topic)?.size ?? 0;
  }

  /** Sends to every subscriber but `from`; false when nobody was subscribed. */
  publish(topic: string, data: string | Uint8Array | ArrayBuffer, binary: boolean, compress: boolean, from?: NodeConnection): boolean {
    const set = this.#subscribers.get(topic);
    if (set === undefined) return false;
    let any = false;
    for (const connection of set) {
      if (connection === from) continue;
      connection.sendFrame(data, binary, compress);
      any = true;
    }
    return any;
  }
}

/** One open socket: the typed `Socket` handlers see, over a `ws` WebSocket. */
class NodeConnection implements Socket<unknown, unknown>, PlanConnection {
  #ws: WsSocket | undefined;
  readonly #topics = new Set<string>();
  /** `send` reported "buffered": tell the `drain` handler once the socket has written it out. */
  #waiting = false;
  #idle: NodeJS.Timeout | undefined;
  #lifetime: NodeJS.Timeout | undefined;
  /** Frames seen from the client since the idle clock last looked. */
  #heard = true;
  #pinged = false;

  constructor(
    readonly data: unknown,
    readonly ip: string,
    private readonly plan: SocketPlan,
    private readonly prefix: string,
    private readonly topicsOf: Topics,
    private readonly transportSocket: NetSocket,
    private readonly onClosed: (connection: NodeConnection) => void,
  ) {}

  attach(ws: WsSocket): void {
    this.#ws = ws;
    const { idleTimeout, sendPingsAutomatically, maxLifetime } = this.plan.options;
    if (idleTimeout > 0) {
      // Half the timeout per look: silence for one look sends a ping (when allowed), for two closes.
      this.#idle = setInterval(() => this.#lookIdle(sendPingsAutomatically), (idleTimeout * 1000) / 2);
      this.#idle.unref?.();
    }
    if (maxLifetime > 0) {
      this.#lifetime = setTimeout(() => this.terminate(), maxLifetime * 60_000);
      this.#lifetime.unref?.();
    }
  }

  /** The client sent a frame (message, ping or pong). */
  heard(): void {
    this.#heard = true;
    this.#pinged = false;
  }

  #lookIdle(ping: boolean): void {
    if (this.#heard) {
      this.#heard = false;
      return;
    }
    if (ping && !this.#pinged) {
      this.#pinged = true;
      this.#ws?.ping();
      return;
    }
    this.terminate();
  }

  /**
   * Called by `ws` as each frame is written out: once a "buffered" send's queue has emptied,
   * the route's `drain` handler runs (uWS's `drain`). One function per connection, no closure per send.
   */
  readonly #flushed = (): void => {
    if (!this.#waiting || this.#ws === undefined || this.bufferedAmount > 0) return;
    this.#waiting = false;
    const drain = this.plan.handlers.drain;
    if (drain !== undefined) call(this.plan, this, () => drain(this));
  };

  get closed(): boolean {
    return this.#ws === undefined;
  }

  /** Sends an encoded frame with uWS's verdicts. */
  sendFrame(data: string | Uint8Array | ArrayBuffer, binary: boolean, compress: boolean): SendResult {
    const ws = this.#ws;
    if (ws === undefined) return "closed";
    const { maxBackpressure, closeOnBackpressureLimit } = this.plan.options;
    if (maxBackpressure > 0 && this.bufferedAmount > maxBackpressure) {
      if (closeOnBackpressureLimit) this.terminate();
      return "dropped";
    }
    ws.send(data, { binary, compress }, this.#flushed);
    if (this.transportSocket.writableNeedDrain || this.bufferedAmount > 0) {
      this.#waiting = true;
      return "buffered";
    }
    return "sent";
  }

  send(message: unknown): SendResult {
    if (this.#ws === undefined) return "closed";
    return this.sendFrame(this.plan.encode(message), this.plan.binary, this.plan.options.compression !== false);
  }

  sendText(text: string): void {
    this.sendFrame(text, false, this.plan.options.compression !== false);
  }

  publish(topic: string, message: unknown): boolean {
    if (this.#ws === undefined) return false;
    return this.topicsOf.publish(this.prefix + topic, this.plan.encode(message), this.plan.binary, this.plan.options.compression !== false, this);
  }

  subscribe(topic: string): boolean {
    if (this.#ws === undefined) return false;
    this.#topics.add(topic);
    return this.topicsOf.subscribe(this.prefix + topic, this);
  }

  unsubscribe(topic: string): boolean {
    if (this.#ws === undefined || !this.#topics.delete(topic)) return false;
    return this.topicsOf.unsubscribe(this.prefix + topic, this);
  }

  isSubscribed(topic: string): boolean {
    return this.#ws !== undefined && this.#topics.has(topic);
  }

  topics(): string[] {
    return this.#ws === undefined ? [] : [...this.#topics];
  }

  get bufferedAmount(): number {
    const ws = this.#ws;
    // ws counts both its own queue (compression) and what the socket still holds.
    return ws === undefined ? 0 : ws.bufferedAmount;
  }

  close(code: number = CLOSE.NORMAL, reason = ""): void {
    const ws = this.#ws;
    if (ws === undefined) return;
    this.ended(code, reason);
    try {
      ws.close(code, reason);
    } catch {
      ws.terminate(); // a code a close frame may not carry (1005, 1006, …)
    }
  }

  terminate(): void {
    const ws = this.#ws;
    if (ws === undefined) return;
    this.ended(ABNORMAL, "");
    ws.terminate();
  }

  /** Runs once, from whichever comes first: `close`, `terminate`, or the peer closing. */
  ended(code: number, reason: string): void {
    if (this.#ws === undefined) return;
    this.#ws = undefined;
    if (this.#idle !== undefined) clearInterval(this.#idle);
    if (this.#lifetime !== undefined) clearTimeout(this.#lifetime);
    for (const topic of this.#topics) this.topicsOf.unsubscribe(this.prefix + topic, this);
    this.#topics.clear();
    this.onClosed(this);
    const handler = this.plan.handlers.close;
    if (handler === undefined) return;
    try {
      const out = handler(this, code, reason);
      if (out instanceof Promise) out.catch((err: unknown) => this.plan.logger?.error(`typekiln: ${this.plan.label} failed`, err));
    } catch (err) {
      this.plan.logger?.error(`typekiln: ${this.plan.label} failed`, err);
    }
  }
}

/** Serves every socket plan on `server`'s upgrades; the returned server publishes and shuts them down. */
export function attachSockets(server: HttpServer, plans: readonly SocketPlan[], host: SocketHost): SocketServer {
  const topics = new Topics();
  const open = new Set<NodeConnection>();
  const table = new PathTable<{ plan: SocketPlan; wss: () => WebSocketServer }>();
  for (const plan of plans) {
    const wss = lazyModule(() => serverOf(plan));
    table.add(plan.path, { plan, wss });
  }
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const target = targetOf(req.url ?? "/");
    const match = isWebSocket(req) && !host.draining() ? table.match(target.path) : undefined;
    if (match === undefined) return answerAsHttp(req, socket, host, undefined);
    const { plan, wss } = match.value;
    try {
      upgrade(plan, req, socket as NetSocket, head, match.params, host, (data, ws) => {
        const connection = new NodeConnection(
          data, addressOf(req.socket.remoteAddress), plan, topicPrefix(plan.path), topics, socket as NetSocket,
          (closed) => open.delete(closed),
        );
        connection.attach(ws);
        open.add(connection);
        wire(plan, connection, ws);
      }, wss);
    } catch (err) {
      plan.logger?.error(`typekiln: ${plan.label}: internal error in the WebSocket adapter`, err);
      socket.destroy();
    }
  });
  return {
    publish: (topic, message, isBinary, compress) => topics.publish(topic, message, isBinary, compress),
    subscribers: (topic) => topics.count(topic),
    closeAll: () => {
      for (const connection of [...open]) connection.close(CLOSE.GOING_AWAY, "Server shutting down");
    },
  };
}

function serverOf(plan: SocketPlan): WebSocketServer {
  const { options } = plan;
  const { WebSocketServer } = wsModule();
  return new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayloadLength,
    perMessageDeflate: options.compression === false ? false : { serverNoContextTakeover: options.compression !== "dedicated" },
    clientTracking: false,
  });
}

const isWebSocket = (req: IncomingMessage): boolean =>
  req.method === "GET" && (req.headers.upgrade ?? "").toLowerCase() === "websocket";

/** Answers an upgrade request as plain HTTP (`reply`, or whatever the routes answer), then closes. */
function answerAsHttp(req: IncomingMessage, socket: Duplex, host: SocketHost, reply: { plan: SocketPlan; reply: WireReply } | undefined): void {
  // node:http is loaded by now: this runs on a node:http server's upgrade.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const res = new (require("node:http") as typeof import("node:http")).ServerResponse(req);
  res.shouldKeepAlive = false;
  res.assignSocket(socket as NetSocket);
  res.once("finish", () => socket.end());
  if (reply === undefined) host.serveHttp(req, res);
  else write(res, reply.reply, false, reply.plan);
}

function upgrade(
  plan: SocketPlan, req: IncomingMessage, socket: NetSocket, head: Buffer, params: readonly string[], host: SocketHost,
  connect: (data: unknown, ws: WsSocket) => void, wss: () => WebSocketServer,
): void {
  const { needs } = plan;
  const controller = needs.context ? new AbortController() : undefined;
  const data = copyRequest(req, targetOf(req.url ?? "/"), params, needs, "", controller?.signal, undefined);
  const finish = (outcome: Accepted | WireReply): void => {
    if (!(outcome instanceof Accepted)) return answerAsHttp(req, socket, host, { plan, reply: outcome });
    wss().handleUpgrade(req, socket, head, (ws) => connect(outcome.data, ws));
  };
  const outcome = plan.upgrade(data);
  if (!(outcome instanceof Promise)) return finish(outcome);
  // The client may leave while the upgrade awaits.
  let aborted = false;
  const left = (): void => {
    aborted = true;
    controller?.abort();
  };
  socket.once("close", left);
  void outcome.then((late) => {
    socket.off("close", left);
    if (aborted || socket.destroyed) return; // the client left: drop the data
    try {
      finish(late);
    } catch (err) {
      plan.logger?.error(`typekiln: ${plan.label}: upgrading failed`, err);
      socket.destroy();
    }
  });
}

/** Connects `ws`'s events to the plan's handlers. */
function wire(plan: SocketPlan, connection: NodeConnection, ws: WsSocket): void {
  const { handlers } = plan;
  ws.binaryType = "arraybuffer";
  ws.on("message", (message: ArrayBuffer, isBinary: boolean) => {
    connection.heard();
    plan.receive(connection, connection, message, isBinary);
  });
  ws.on("ping", () => connection.heard());
  ws.on("pong", () => connection.heard());
  ws.on("close", (code: number, reason: Buffer) => connection.ended(code, reason.toString()));
  // Protocol faults (a frame over maxPayloadLength, invalid UTF-8): `ws` closes the socket itself.
  ws.on("error", () => undefined);
  if (handlers.open !== undefined) call(plan, connection, () => handlers.open!(connection));
}

/** Runs a handler; a throw or a rejection is logged and closes the socket with 1011. */
function call(plan: SocketPlan, connection: NodeConnection, run: () => unknown): void {
  try {
    const out = run();
    if (out instanceof Promise) out.catch((err: unknown) => plan.fail(connection, err));
  } catch (err) {
    plan.fail(connection, err);
  }
}
