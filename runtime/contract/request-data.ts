/**
 * The shared vocabulary between the uWS adapter and the route plans: what the adapter copies out
 * of uWS's request (synchronously, and only what the plan asks for) and what a plan tells the
 * adapter to copy. Nothing here knows uWS; nothing in a plan sees uWS's `req` or `res`.
 */
import type { WireReply } from "./wire";
import type { RequestContext } from "./request-context";

/** What a route needs copied from each request; decided once, at registration. */
export interface RequestNeeds {
  /** How many path parameters to copy (`getParameter(0 … n-1)`); 0 when the route reads none. */
  readonly params: number;
  /** Copy the raw query string. */
  readonly query: boolean;
  /** Copy the raw path: the route reads what its trailing `*name` matched. */
  readonly path?: boolean;
  /** Lower-case names of the headers to copy, in the order `RequestData.headers` holds them. */
  readonly headers: readonly string[];
  /**
   * Per entry of `headers`: it is an array, so repeated header lines are all wanted (joined with
   * `,`), where uWS's `getHeader` gives only the first. Empty when no header is an array.
   */
  readonly listHeaders: readonly boolean[];
  /** Copy the `Cookie` header. */
  readonly cookie: boolean;
  /** Build a `RequestContext` (all headers, client address, abort signal). */
  readonly context: boolean;
  /** Read a body of at most this many bytes; absent when the route declares no body. */
  readonly bodyLimit?: number;
  /** Milliseconds before an unanswered request gets 503; 0 for none. */
  readonly timeout: number;
}

/** What the adapter copied; fields a route did not ask for hold their empty values. */
export interface RequestData {
  /** Raw path parameters, still percent-encoded, by `:name` position. */
  readonly params: readonly string[];
  /** The raw query string without `?`. */
  readonly query: string;
  /** The raw path, still percent-encoded, when `RequestNeeds.path` asked for it; else `""`. */
  readonly path: string;
  /** Values of `RequestNeeds.headers`, same order; `""` when absent. */
  readonly headers: readonly string[];
  readonly cookie: string;
  readonly contentType: string;
  readonly context: RequestContext | undefined;
}

/**
 * The body exactly as received. Readable only during the synchronous part of `RoutePlan.run`:
 * a body that arrived in one chunk is uWS's own memory, lent, which uWS takes back (the view
 * then reads as empty) once `run` returns. Readers decode it at once; one that keeps bytes copies them.
 */
export type RawBody = Uint8Array;

/**
 * One route, compiled: what to copy, and how to answer from the copy. `run` never throws or
 * rejects: every failure, the framework's or the handler's, is already a `WireReply`.
 */
export interface RoutePlan extends RequestNeeds {
  /** `GET /users/:id`, for logs. */
  readonly label: string;
  run(data: RequestData, body: RawBody | undefined): WireReply | Promise<WireReply>;
  /** Answers may be streams (`WireReply.stream`): the adapter keeps even a sync answer's response watched. */
  readonly streams?: boolean;
  /**
   * Milliseconds a streamed answer may wait on a client that takes no bytes before the connection
   * is closed and the producer stopped; absent: the app's. 0 for never.
   */
  readonly sendTimeout?: number;
  /**
   * The route reads its body while it arrives (forms, uploads) instead of as one buffer: the
   * adapter feeds `consumer.push` with copied chunks and answers with `consumer.reply`, which may
   * settle before the body is complete (413, 415) — the connection is then closed.
   */
  readonly streamBody?: (data: RequestData, flow: BodyFlow) => BodyConsumer;
}

/** Backpressure on the incoming body: stop and restart reading from the socket. */
export interface BodyFlow {
  pause(): void;
  resume(): void;
}

/** Takes a body chunk by chunk. */
export interface BodyConsumer {
  /** The next chunk, already copied (it outlives the uWS callback); `last` marks the end. */
  push(chunk: Buffer, last: boolean): void;
  /** The client went away before the body was complete. */
  abort(): void;
  /** The answer; never rejects. */
  readonly reply: Promise<WireReply>;
}
