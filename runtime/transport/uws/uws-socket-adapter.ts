/**
 * The WebSocket half of the uWS adapter (`uws-adapter.ts` registers HTTP and calls this): socket
 * plans become `app.ws` behaviours. uWS's WebSocket rules, each of which crashes the process or
 * loses a message when broken:
 * - `req` lives only until the upgrade callback returns: copy what the plan needs first.
 * - An upgrade not made inside the callback needs `onAborted` before it returns; after the abort
 *   the response must not be touched, and the late upgrade is dropped.
 * - A late upgrade goes inside `res.cork`.
 * - A message's ArrayBuffer is neutered when the callback returns (the plan copies what it keeps).
 * - A closed WebSocket throws on any use: the connection forgets it in `close`, before the user's
 *   close handler runs.
 * - `send`'s result is the backpressure signal; `drain` says the queue shrank.
 */
import type { HttpRequest, HttpResponse, TemplatedApp, WebSocket, WebSocketBehavior, us_socket_context_t } from "uWebSockets.js";
import type { SendResult, Socket } from "../../websocket/socket";
import { Accepted, CLOSE, type PlanConnection, type SocketPlan } from "../../websocket/socket-plan";
import { copyRequest } from "./uws-request";
import { write } from "./uws-write";
import type { WireReply } from "../../responses/reply";
import { topicPrefix, type SocketServer } from "../../websocket/socket-server";
import type { UwsModule } from "./uws-loader";


const SEND_RESULT: readonly SendResult[] = ["buffered", "sent", "dropped"];
const decoder = new TextDecoder();

/**
 * uWS copies the user data's own properties into an object of its own: the connection travels
 * inside this holder, so `getUserData().connection` is the very instance the upgrade made.
 */
interface Holder {
  readonly connection: Connection;
}

/** One open socket: the typed `Socket` the handlers see, over uWS's WebSocket. */
class Connection implements Socket<unknown, unknown>, PlanConnection {
  #ws: WebSocket<Holder> | undefined;

  constructor(
    readonly data: unknown,
    private readonly plan: SocketPlan,
    private readonly prefix: string,
    private readonly compress: boolean,
  ) {}

  attach(ws: WebSocket<Holder>): void {
    this.#ws = ws;
  }

  /** Called by the close callback: from here on the uWS socket must not be touched. */
  detach(): void {
    this.#ws = undefined;
  }

  get closed(): boolean {
    return this.#ws === undefined;
  }

  send(message: unknown): SendResult {
    const ws = this.#ws;
    if (ws === undefined) return "closed";
    return SEND_RESULT[ws.send(this.plan.encode(message), this.plan.binary, this.compress)] ?? "sent";
  }

  sendText(text: string): void {
    this.#ws?.send(text, false, this.compress);
  }

  publish(topic: string, message: unknown): boolean {
    const ws = this.#ws;
    return ws === undefined ? false : ws.publish(this.prefix + topic, this.plan.encode(message), this.plan.binary, this.compress);
  }

  subscribe(topic: string): boolean {
    return this.#ws?.subscribe(this.prefix + topic) ?? false;
  }

  unsubscribe(topic: string): boolean {
    return this.#ws?.unsubscribe(this.prefix + topic) ?? false;
  }

  isSubscribed(topic: string): boolean {
    return this.#ws?.isSubscribed(this.prefix + topic) ?? false;
  }

  topics(): string[] {
    const all = this.#ws?.getTopics() ?? [];
    return all.filter((topic) => topic.startsWith(this.prefix)).map((topic) => topic.slice(this.prefix.length));
  }

  get bufferedAmount(): number {
    return this.#ws?.getBufferedAmount() ?? 0;
  }

  get ip(): string {
    const ws = this.#ws;
    return ws === undefined ? "" : decoder.decode(ws.getRemoteAddressAsText());
  }

  close(code: number = CLOSE.NORMAL, reason = ""): void {
    const ws = this.#ws;
    if (ws === undefined) return;
    ws.end(code, reason); // runs the close callback synchronously, which detaches
  }

  terminate(): void {
    this.#ws?.close();
  }
}

const compressionOf = (option: SocketPlan["options"]["compression"], uws: UwsModule): number => {
  if (option === false) return uws.DISABLED;
  if (option === "dedicated") return uws.DEDICATED_COMPRESSOR_32KB | uws.DEDICATED_DECOMPRESSOR_32KB;
  return uws.SHARED_COMPRESSOR | uws.SHARED_DECOMPRESSOR;
};


/** Registers every socket plan on `app`; the returned server publishes and shuts them down. */
export function registerSockets(app: TemplatedApp, plans: readonly SocketPlan[], uws: UwsModule): SocketServer {
  const open = new Set<Connection>();
  for (const plan of plans) app.ws<Holder>(plan.path, behaviourOf(plan, open, uws));
  return {
    publish: (topic, message, isBinary, compress) => app.publish(topic, message, isBinary, compress),
    subscribers: (topic) => app.numSubscribers(topic),
    closeAll: () => {
      for (const connection of [...open]) connection.close(CLOSE.GOING_AWAY, "Server shutting down");
    },
  };
}

function behaviourOf(plan: SocketPlan, open: Set<Connection>, uws: UwsModule): WebSocketBehavior<Holder> {
  const { options, handlers } = plan;
  const prefix = topicPrefix(plan.path);
  const compress = options.compression !== false;
  return {
    maxPayloadLength: options.maxPayloadLength,
    idleTimeout: options.idleTimeout,
    sendPingsAutomatically: options.sendPingsAutomatically,
    maxBackpressure: options.maxBackpressure,
    closeOnBackpressureLimit: options.closeOnBackpressureLimit ? 1 : 0,
    maxLifetime: options.maxLifetime,
    compression: compressionOf(options.compression, uws),
    upgrade: (res, req, context) => {
      try {
        upgrade(plan, res, req, context, (data) => new Connection(data, plan, prefix, compress));
      } catch (err) {
        plan.logger?.error(`typekiln: ${plan.label}: internal error in the WebSocket adapter`, err);
        try {
          res.close();
        } catch {
          // already answered or aborted
        }
      }
    },
    open: (ws) => {
      const connection = ws.getUserData().connection;
      connection.attach(ws);
      open.add(connection);
      if (handlers.open !== undefined) call(plan, connection, () => handlers.open!(connection));
    },
    message: (ws, message, isBinary) => {
      const connection = ws.getUserData().connection;
      plan.receive(connection, connection, message, isBinary);
    },
    drain: handlers.drain === undefined ? undefined : (ws) => {
      const connection = ws.getUserData().connection;
      call(plan, connection, () => handlers.drain!(connection));
    },
    close: (ws, code, message) => {
      const connection = ws.getUserData().connection;
      connection.detach();
      open.delete(connection);
      if (handlers.close === undefined) return;
      const reason = decoder.decode(message); // copied: the buffer is neutered on return
      try {
        const out = handlers.close(connection, code, reason);
        if (out instanceof Promise) out.catch((err: unknown) => plan.logger?.error(`typekiln: ${plan.label} failed`, err));
      } catch (err) {
        plan.logger?.error(`typekiln: ${plan.label} failed`, err);
      }
    },
  };
}

/** Runs a handler; a throw or a rejection is logged and closes the socket with 1011. */
function call(plan: SocketPlan, connection: Connection, run: () => unknown): void {
  try {
    const out = run();
    if (out instanceof Promise) out.catch((err: unknown) => plan.fail(connection, err));
  } catch (err) {
    plan.fail(connection, err);
  }
}

function upgrade(
  plan: SocketPlan,
  res: HttpResponse,
  req: HttpRequest,
  context: us_socket_context_t,
  connect: (data: unknown) => Connection,
): void {
  // Copy everything first: `req` is gone when this returns.
  const key = req.getHeader("sec-websocket-key");
  const protocol = req.getHeader("sec-websocket-protocol");
  const extensions = req.getHeader("sec-websocket-extensions");
  const { needs } = plan;
  const controller = needs.context ? new AbortController() : undefined;
  const data = copyRequest(req, res, needs, false, controller?.signal, undefined);
  const finish = (outcome: Accepted | WireReply): void => {
    if (outcome instanceof Accepted) res.upgrade<Holder>({ connection: connect(outcome.data) }, key, protocol, extensions, context);
    else write(res, outcome, false, plan);
  };
  const outcome = plan.upgrade(data);
  if (!(outcome instanceof Promise)) return finish(outcome);
  // The client may leave while the upgrade awaits: watch for it before returning.
  let aborted = false;
  res.onAborted(() => {
    aborted = true;
    controller?.abort();
  });
  void outcome.then((late) => {
    if (aborted) return; // the client left: drop the data, never touch `res`
    try {
      res.cork(() => finish(late));
    } catch (err) {
      plan.logger?.error(`typekiln: ${plan.label}: upgrading failed`, err);
    }
  });
}
