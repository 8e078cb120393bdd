/**
 * The WebSocket vocabulary a user writes against: `app.ws(path, handlers, options)`, the typed
 * `Socket` each handler receives, and the `SocketRoute` handle that publishes from anywhere.
 * The transformer reads the handlers' types (recognised by this file and `app.ts`); nothing here
 * knows uWS.
 */

/**
 * What `send` did with a message: written to the network, queued behind earlier ones (the
 * client reads slower than we write: wait for `drain`), dropped because the queue passed
 * `maxBackpressure`, or not sent because the socket is closed.
 *
 * @example
 * if (ws.send(update) === "buffered") paused.add(ws); // resume in the `drain` handler
 */
export type SendResult = "sent" | "buffered" | "dropped" | "closed";

/**
 * One open WebSocket, typed by the messages it sends (`Out`) and the data its upgrade returned.
 * `send` and `publish` take only `Out` and write it with the serializer generated for `Out`.
 *
 * @example
 * app.ws("/rooms/:room", {
 *   upgrade: (room: string) => ({ room }),
 *   open: (ws: Socket<ChatOut, { room: string }>) => ws.subscribe(ws.data.room),
 *   message: (ws, msg: ChatIn) => ws.publish(ws.data.room, { type: "said", text: msg.text }),
 * });
 */
export interface Socket<Out = never, Data = undefined> {
  /** What the `upgrade` handler returned for this connection. */
  readonly data: Data;
  /** Sends one message to this client. */
  send(message: Out): SendResult;
  /** Sends to every other subscriber of `topic` (not to this socket); false if none got it. */
  publish(topic: string, message: Out): boolean;
  /** Receives what is published to `topic` from now on. */
  subscribe(topic: string): boolean;
  unsubscribe(topic: string): boolean;
  isSubscribed(topic: string): boolean;
  /** The topics this socket is subscribed to. */
  topics(): string[];
  /** Bytes queued for this client and not yet written (backpressure). */
  readonly bufferedAmount: number;
  /** True once the socket is closed; every method is then a no-op. */
  readonly closed: boolean;
  /** The client address as text. */
  readonly ip: string;
  /** Closes with a close frame: `code` 1000 and no reason by default. */
  close(code?: number, reason?: string): void;
  /** Drops the connection without a close frame. */
  terminate(): void;
}

/**
 * The handlers of one WebSocket route. `upgrade` takes typed path, query, header and cookie
 * parameters like an HTTP handler and returns the socket's `data`; throw `HttpError` to refuse
 * the upgrade with that status. `message`'s second parameter type is the inbound message type:
 * every message is parsed and validated against it. A `Uint8Array` type takes binary messages,
 * each the handler's own copy; an `ArrayBuffer` type takes them as uWS lends them, with no copy,
 * readable until the handler returns (an async one: until its first `await`), after which uWS
 * detaches the buffer (its `byteLength` is then 0, and making a view over it throws): use it at
 * once, and copy (`frame.slice(0)`) what is kept. `Socket<Uint8Array>` and `Socket<ArrayBuffer>` send binary frames as given.
 *
 * @example
 * app.ws("/uploads", {
 *   upgrade: (token: Header<string>) => ({ user: verify(token) }),
 *   message: (ws: Socket<{ size: number }, { user: string }>, chunk: Uint8Array) => void ws.send({ size: chunk.length }),
 *   close: (ws, code, reason) => log.info({ user: ws.data.user, code, reason }),
 * });
 */
export interface SocketHandlers<Out, Data, In> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  upgrade?: (...args: any[]) => Data | Promise<Data>;
  open?: (ws: Socket<Out, Data>) => unknown;
  message?: (ws: Socket<Out, Data>, message: In) => unknown;
  /** The queue to this client drained below `maxBackpressure`: send more. */
  drain?: (ws: Socket<Out, Data>) => unknown;
  /** The socket closed (either side, or a fault); sending is no longer possible. */
  close?: (ws: Socket<Out, Data>, code: number, reason: string) => unknown;
}

/**
 * Per-socket limits and behaviour, the optional third argument of `app.ws`.
 *
 * @example
 * app.ws("/feed", handlers, { maxPayloadLength: 4096, idleTimeout: 60, invalidMessage: "close" });
 */
export interface SocketOptions {
  /** Largest inbound message in bytes; a larger one closes the socket. 16 KiB by default. */
  readonly maxPayloadLength?: number;
  /** Seconds without traffic before the socket is closed: 0 (off) or at least 8; 120 by default. */
  readonly idleTimeout?: number;
  /** Ping idle clients so that live ones are not closed by `idleTimeout`; true by default. */
  readonly sendPingsAutomatically?: boolean;
  /** Bytes that may queue for one slow client; 64 KiB by default. */
  readonly maxBackpressure?: number;
  /** Past `maxBackpressure`: close the socket (true) or drop the message (false, the default). */
  readonly closeOnBackpressureLimit?: boolean;
  /** permessage-deflate: `true` or `"shared"` (one compressor for all), `"dedicated"`, or off (default). */
  readonly compression?: boolean | "shared" | "dedicated";
  /** Minutes a socket may stay connected at most; 0 (default) for no limit. */
  readonly maxLifetime?: number;
  /**
   * A message that fails its type: answer `{"type":"error","detail":[…]}` and keep the socket
   * open (`"error"`, the default), or close it with 1007 (`"close"`).
   */
  readonly invalidMessage?: "error" | "close";
  /** Leave the socket out of the AsyncAPI document. */
  readonly hidden?: boolean;
}

/**
 * The handle `app.ws` returns: publishes to the route's topics from anywhere, an HTTP handler
 * included. Topics belong to their route: another route's `"lobby"` is another topic.
 *
 * @example
 * const chat = app.ws("/rooms/:room", { … });
 * app.post("/rooms/:room/notice", (room: string, note: Notice) => void chat.publish(room, { type: "notice", text: note.text }));
 */
export interface SocketRoute<Out> {
  /** The path as registered, e.g. `/rooms/:room`. */
  readonly path: string;
  /** Sends to every subscriber of `topic`; false when the app is not listening or none got it. */
  publish(topic: string, message: Out): boolean;
  /** How many sockets of this route are subscribed to `topic`. */
  subscribers(topic: string): number;
}
