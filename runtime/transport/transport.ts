/**
 * The seam between the runtime and the network: what the app hands a transport when it listens
 * (the route table, the middleware chain, the socket plans, the limits) and what it gets back (a
 * `Server` to publish through, drain and close). A transport serves exactly what the plans say;
 * it decides nothing about routes, inputs or replies. Implementations: `uws/`, `node/`, and
 * `memory/` (in process, no port).
 */
import type { Logger } from "../contract/logger";
import type { MiddlewareChain } from "../middleware/middleware";
import type { RouteTable } from "../routing/router";
import type { SocketPlan } from "../websocket/socket-plan";
import type { SocketServer } from "../websocket/socket-server";

/** Everything a transport needs to serve one app. */
export interface ListenProps {
  readonly table: RouteTable;
  readonly host: string;
  readonly port: number;
  readonly logger: Logger | undefined;
  /** The app's middleware, compiled; absent when it has none. */
  readonly middleware?: MiddlewareChain;
  /** The app's WebSocket routes. */
  readonly sockets?: readonly SocketPlan[];
  /** Milliseconds a streamed response may wait on a client that takes no bytes, for routes that set none. */
  readonly sendTimeout: number;
  /** Share the port with other processes (SO_REUSEPORT) instead of holding it alone. */
  readonly reusePort?: boolean;
}

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

/** One way of serving HTTP and WebSockets. */
export interface Transport {
  /** For the start-up line and errors: `uws`. */
  readonly name: string;
  /** Binds and serves; resolves once the socket is bound, rejects with TK_RT_LISTEN_FAILED. */
  listen(props: ListenProps): Promise<Server>;
}

/** Per server: draining or not, and how many requests are answered after their callback returned. */
export interface Traffic {
  draining: boolean;
  inFlight: number;
  idle: (() => void) | undefined;
}

/** A route's clocks: `timeout` until the handler answers, `sendTimeout` while the client takes nothing. */
export interface Timing {
  readonly timeout: number;
  readonly sendTimeout: number;
}

/** Where a reply is written from, for the log line of a reply that cannot be written. */
export interface Where {
  readonly label: string;
  readonly logger: Logger | undefined;
}
