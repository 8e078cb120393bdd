/**
 * A response as the runtime decides it and a transport writes it: one status line, a flat header
 * list, and a body or a stream. The shape that crosses from the route plans to the transport.
 */

/**
 * Routes precompute the parts that never change (status line, header list) and framework errors
 * are whole constants, so most answers allocate one object.
 */
export interface WireReply {
  /** The status line as uWS takes it, e.g. `"200 OK"`. */
  readonly status: string;
  /** Flat `[name, value, name, value, …]`: one array, no per-header objects. */
  readonly headers: readonly string[];
  /** Absent: no body (`Content-Length: 0`, or nothing at all for 204/304). */
  readonly body?: string | Uint8Array;
  /** Close the connection after writing (413: the rest of the body is never read). */
  readonly close?: boolean;
  /** A body produced while it is sent (JSON Lines, server-sent events, files); `body` is then absent. */
  readonly stream?: ReplyStream;
}

/** Where a streamed body goes; implemented by each transport over one response. */
export interface ResponseSink {
  /** Writes a chunk; false when the socket is backed up: wait for `onDrain` before the next. */
  write(chunk: string | Uint8Array): boolean;
  /** Called once, when the socket has taken what was written. */
  onDrain(callback: () => void): void;
  /** Ends the response normally. */
  end(): void;
  /** Ends the connection abruptly, so the client sees a truncated body (a failure mid-stream). */
  close(): void;
}

/** A body produced while it is sent. */
export interface ReplyStream {
  /** Total bytes, when known (files): sent as `Content-Length`; otherwise chunked. */
  readonly length?: number;
  /** Starts producing into `sink`; called once the status and headers are written. */
  start(sink: ResponseSink): void;
  /** The client left, or the request was HEAD: stop producing and release what is held. */
  cancel(): void;
}
