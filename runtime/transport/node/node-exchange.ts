/**
 * A request the node transport answers after its request callback returned: the `NodeExchange`
 * that owns its response until it ends or the client leaves (../exchange.ts holds what every
 * transport shares), the body readers, and the sink a streamed answer writes into.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { BodyConsumer, RawBody, RequestData } from "../../contract/request-data";
import type { ResponseSink } from "../../contract/wire";
import type { MiddlewareRun } from "../../middleware/middleware";
import { REPLIES, type WireReply } from "../../responses/reply";
import type { Timing, Traffic, Where } from "../transport";
import { PendingExchange, stallClock } from "../exchange";

import { lingerAfter, write } from "./node-write";

const NO_BODY: RawBody = new Uint8Array(0);

/** The chunks a body came in as one buffer (the one chunk itself when there was one). */
const joined = (chunks: Buffer[] | undefined, size: number): RawBody =>
  chunks === undefined ? NO_BODY : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);

/** What a parse error in the middle of a request body reaches: the exchange, or the body's reader. */
export interface Refusable {
  /** The request broke off mid-body: stop reading it and answer `reply`. */
  refuse(reply: WireReply): void;
}

/**
 * Who answers a response still being answered or read (so a parse error can reach it), kept on
 * the response under a symbol and cleared when the response closes or its body has arrived: a
 * property costs less per request than a Map entry keyed by the response, and dies with it.
 */
const REFUSABLE = Symbol("typekiln.refusable");

type Owned = ServerResponse & { [REFUSABLE]?: Refusable | undefined };

/** The exchange answering `res`, or the reader of its body, if one is. */
export const exchangeOf = (res: ServerResponse): Refusable | undefined => (res as Owned)[REFUSABLE];

const own = (res: ServerResponse, by: Refusable | undefined): void => {
  (res as Owned)[REFUSABLE] = by;
};

/** One request answered after the request callback returned, over a node:http response. */
export class NodeExchange extends PendingExchange {
  constructor(
    private readonly res: ServerResponse,
    head: boolean,
    controller: AbortController | undefined,
    timing: Timing,
    where: Where,
    traffic: Traffic,
    private readonly run: MiddlewareRun | undefined,
  ) {
    super(head, controller, timing, where, traffic);
    own(res, this);
    res.once("close", () => {
      own(res, undefined);
      if (!res.writableFinished) this.clientLeft();
    });
  }

  protected write(reply: WireReply): WireReply {
    if (reply.close === true) lingerAfter(this.res);
    return write(this.res, reply, this.head, this.where, this.run);
  }

  protected sink(length: number | undefined): ResponseSink {
    return responseSink(this.res, length, this);
  }

  protected cut(): void {
    this.res.destroy();
  }
}

/** Hands the body to the plan's consumer chunk by chunk as it arrives. */
export function streamBody(req: IncomingMessage, consumer: BodyConsumer, exchange: NodeExchange): void {
  exchange.onAbort(() => consumer.abort());
  consumer.reply.then((reply) => exchange.finish(reply));
  req.on("data", (chunk: Buffer) => {
    if (!exchange.settled) consumer.push(chunk, false);
  });
  req.on("end", () => {
    if (!exchange.settled) consumer.push(Buffer.alloc(0), true);
  });
}

/** Reads the body into one buffer, enforcing `limit` on the bytes actually received. */
export function readBody(req: IncomingMessage, limit: number, exchange: NodeExchange, done: (body: RawBody) => void): void {
  let chunks: Buffer[] | undefined;
  let size = 0;
  req.on("data", (chunk: Buffer) => {
    if (exchange.settled) return; // answered (413, timeout): ignore whatever still arrives
    size += chunk.byteLength;
    if (size > limit) {
      chunks = undefined;
      exchange.finish(REPLIES.bodyTooLarge);
      return;
    }
    (chunks ??= []).push(chunk);
  });
  req.on("end", () => {
    if (exchange.settled) return;
    const body = joined(chunks, size);
    chunks = undefined;
    done(body);
  });
}

/**
 * Reads the body of a request that nothing else can end before the plan runs (no route timeout,
 * no abort signal to fire, no streamed body) without an exchange: `answer` gets the body and makes
 * one only if the plan answers late. Until then the request still counts as in flight (a drain
 * waits for it); the body over `limit` gets 413, a parse error mid-body reaches `refuse` through
 * `exchangeOf`, and a client that leaves mid-body just ends it. One object per request: its
 * listeners are shared functions that find it on the request (the hot path of every JSON route).
 */
export function readBodyThen(
  req: IncomingMessage, res: ServerResponse, limit: number, head: boolean, where: Where,
  run: MiddlewareRun | undefined, traffic: Traffic, data: RequestData, answer: BodyAnswer,
): void {
  const read = new LightRead(res, limit, head, where, run, traffic, data, answer);
  (req as Reading)[LIGHT_READ] = read;
  own(res, read);
  req.on("data", onLightData);
  req.on("end", onLightEnd);
  // The client left before the body arrived.
  res.on("close", onLightClose);
}

/**
 * What a route does with a body that arrived: one function per route, given what belongs to the
 * request, so reading a body makes no closure per request.
 */
export type BodyAnswer = (data: RequestData, body: RawBody, res: ServerResponse, run: MiddlewareRun | undefined) => void;

const LIGHT_READ = Symbol("typekiln.lightRead");

type Reading = IncomingMessage & { [LIGHT_READ]?: LightRead };

class LightRead implements Refusable {
  chunks: Buffer[] | undefined = undefined;
  size = 0;
  reading = true;

  constructor(
    readonly res: ServerResponse,
    readonly limit: number,
    readonly head: boolean,
    readonly where: Where,
    readonly run: MiddlewareRun | undefined,
    readonly traffic: Traffic,
    readonly request: RequestData,
    readonly answer: BodyAnswer,
  ) {
    traffic.inFlight++;
  }

  /** Stops reading (answered, arrived, or the client left); false if it already had. */
  stop(): boolean {
    if (!this.reading) return false;
    this.reading = false;
    this.chunks = undefined;
    own(this.res, undefined);
    return true;
  }

  settle(): void {
    const traffic = this.traffic;
    if (--traffic.inFlight === 0) traffic.idle?.();
  }

  refuse(reply: WireReply): void {
    if (!this.stop()) return;
    this.settle();
    if (reply.close === true) lingerAfter(this.res);
    write(this.res, reply, this.head, this.where, this.run);
  }

  data(chunk: Buffer): void {
    if (!this.reading) return; // answered (413, a parse error): ignore whatever still arrives
    this.size += chunk.byteLength;
    if (this.size > this.limit) return this.refuse(REPLIES.bodyTooLarge);
    (this.chunks ??= []).push(chunk);
  }

  end(): void {
    const parts = this.chunks;
    if (!this.stop()) return;
    const body = joined(parts, this.size);
    // Answered (or handed to an exchange, which counts itself) before it stops counting: a drain
    // must not see zero in between.
    try {
      this.answer(this.request, body, this.res, this.run);
    } catch (err) {
      // Thrown from an event listener this would end the process: report it instead.
      this.where.logger?.error(`typekiln: ${this.where.label}: writing a response failed`, err);
      this.res.destroy();
    } finally {
      this.settle();
    }
  }
}

function onLightData(this: Reading, chunk: Buffer): void {
  this[LIGHT_READ]!.data(chunk);
}

function onLightEnd(this: Reading): void {
  this[LIGHT_READ]!.end();
}

function onLightClose(this: ServerResponse): void {
  // Still its reader's until the body arrives; later, an exchange's (which has its own listener) or no one's.
  const read = exchangeOf(this);
  if (read instanceof LightRead && read.stop()) read.settle();
}

/**
 * A streamed body over `res`: without a known length node writes it chunked; with one (files) it
 * goes out under `Content-Length`, and a body that ends short is cut. `write`'s `false` is node's
 * backpressure signal; while the socket is full a clock runs, and a client that takes no bytes for
 * `sendTimeout` is cut off (`stalled`).
 */
export function responseSink(res: ServerResponse, length: number | undefined, exchange: NodeExchange): ResponseSink {
  let sent = 0;
  const { blocked, moving } = stallClock(exchange);
  return {
    write(chunk) {
      if (exchange.closed) return true;
      if (length !== undefined) sent += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.byteLength;
      const ok = res.write(chunk);
      if (!ok) blocked();
      return ok;
    },
    onDrain(callback) {
      if (exchange.closed) return callback();
      res.once("drain", () => {
        moving(); // the client took bytes
        callback();
      });
    },
    end() {
      moving();
      if (exchange.closed) return;
      exchange.markClosed();
      // Fewer bytes than `Content-Length` promised: cut the connection, as uWS does.
      if (length !== undefined && sent < length) res.destroy();
      else res.end();
    },
    close() {
      moving();
      if (exchange.closed) return;
      exchange.markClosed();
      // Give the client a moment to take what was already sent, then cut the unterminated body.
      setTimeout(() => {
        if (!exchange.aborted) res.destroy();
      }, 200).unref?.();
    },
  };
}
