/**
 * A request the uWS adapter answers after its route callback returned: the `Exchange` that owns
 * its response until it ends or the client leaves (../exchange.ts holds what every transport
 * shares), the body readers, and the sink a streamed answer writes into. The rules of
 * uws-adapter.ts apply here.
 */
import type { HttpResponse } from "uWebSockets.js";
import type { BodyConsumer, RawBody } from "../../contract/request-data";
import type { ResponseSink } from "../../contract/wire";
import type { MiddlewareRun } from "../../middleware/middleware";
import { REPLIES, type WireReply } from "../../responses/reply";
import { PendingExchange, stallClock } from "../exchange";

import { write } from "./uws-write";
import type { Timing, Traffic, Where } from "../transport";

const NO_BODY: RawBody = new Uint8Array(0);

/** One request answered after the route callback returned, over a uWS response. */
export class Exchange extends PendingExchange {
  /** `finish` runs inside a uWS callback that already corked the socket (`onData`). */
  #corked = false;

  constructor(
    private readonly res: HttpResponse,
    head: boolean,
    controller: AbortController | undefined,
    timing: Timing,
    where: Where,
    traffic: Traffic,
    private readonly run: MiddlewareRun | undefined,
  ) {
    super(head, controller, timing, where, traffic);
    res.onAborted(() => this.clientLeft());
  }

  /** `finish`, called from inside a uWS callback that has the socket corked: no `cork` needed. */
  finishCorked(reply: WireReply): void {
    this.#corked = true;
    try {
      this.finish(reply);
    } finally {
      this.#corked = false;
    }
  }

  protected write(reply: WireReply): WireReply {
    if (this.#corked) return write(this.res, reply, this.head, this.where, this.run);
    let written = reply;
    this.res.cork(() => (written = write(this.res, reply, this.head, this.where, this.run)));
    return written;
  }

  protected sink(length: number | undefined): ResponseSink {
    return responseSink(this.res, length, this);
  }

  protected cut(): void {
    try {
      this.res.close();
    } catch {
      // already ended or aborted
    }
  }
}

/** Hands the body to the plan's consumer chunk by chunk, copied, as it arrives. */
export function streamBody(res: HttpResponse, consumer: BodyConsumer, exchange: Exchange): void {
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
export function responseSink(res: HttpResponse, length: number | undefined, exchange: Exchange): ResponseSink {
  let drain: (() => void) | undefined;
  let pending: { chunk: Uint8Array; base: number } | undefined;
  const { blocked, moving } = stallClock(exchange);
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
export function readBody(res: HttpResponse, limit: number, exchange: Exchange, done: (body: RawBody) => void): void {
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
