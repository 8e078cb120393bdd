/**
 * A request the uWS adapter answers after its route callback returned: the `Exchange` that owns
 * its response until it ends or the client leaves, the body readers, and the sink a streamed
 * answer writes into (with its `sendTimeout` clock). The rules of uws-adapter.ts apply here.
 */
import type { HttpResponse } from "uWebSockets.js";
import type { BodyConsumer, BodyFlow, RawBody } from "../../contract/request-data";
import type { ResponseSink } from "../../responses/iterator-stream";
import type { MiddlewareRun } from "../../middleware/middleware";
import { REPLIES, type WireReply } from "../../responses/reply";
import { write, type Where } from "./uws-write";

const NO_BODY: RawBody = new Uint8Array(0);

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

/**
 * One request answered after the route callback returned. `finish` writes at most once, and
 * never after the client left; whichever of handler, timeout and abort comes first wins.
 */
export class Exchange {
  #settled = false;
  #timer: NodeJS.Timeout | undefined;
  /** The response is over (ended, or the client left): `res` must not be touched again. */
  #closed = false;
  #aborted = false;
  #onAbort: (() => void)[] | undefined;

  constructor(
    private readonly res: HttpResponse,
    private readonly head: boolean,
    private readonly controller: AbortController | undefined,
    readonly timing: Timing,
    private readonly where: Where,
    private readonly traffic: Traffic,
    private readonly run: MiddlewareRun | undefined,
  ) {
    traffic.inFlight++;
    res.onAborted(() => {
      this.#settle();
      this.#closed = true;
      this.#aborted = true;
      controller?.abort();
      this.#runAbortHooks();
    });
    const timeout = timing.timeout;
    if (timeout > 0) {
      this.#timer = setTimeout(() => {
        this.finish(REPLIES.timeout);
        this.controller?.abort(new DOMException("Request timed out", "TimeoutError"));
      }, timeout);
      this.#timer.unref?.();
    }
  }

  get settled(): boolean {
    return this.#settled;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The client left (uWS's `onAborted` ran). */
  get aborted(): boolean {
    return this.#aborted;
  }

  /** Runs `hook` if the client leaves before the response is over. */
  onAbort(hook: () => void): void {
    if (this.#closed) return;
    (this.#onAbort ??= []).push(hook);
  }

  /** The response ended: nothing may touch `res` any more. */
  markClosed(): void {
    this.#closed = true;
    this.#onAbort = undefined;
  }

  /**
   * The client took no bytes for `sendTimeout`: stop the producer (its `finally` runs) and cut
   * the connection, as if the client had left.
   */
  stalled(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.controller?.abort(new DOMException("The client stopped reading the response", "TimeoutError"));
    this.#runAbortHooks();
    this.res.close();
  }

  #runAbortHooks(): void {
    const hooks = this.#onAbort;
    this.#onAbort = undefined;
    if (hooks !== undefined) for (const hook of hooks) hook();
  }

  /**
   * Writes the reply unless the exchange is over. `corked`: called from inside a uWS callback that
   * already has the socket corked (`onData` delivering the body), so no `cork` is needed.
   */
  finish(reply: WireReply, corked = false): void {
    if (this.#settled) {
      reply.stream?.cancel(); // aborted, timed out, or already answered: drop it
      return;
    }
    this.#settle();
    try {
      let written = reply;
      if (corked) written = write(this.res, reply, this.head, this.where, this.run);
      else this.res.cork(() => (written = write(this.res, reply, this.head, this.where, this.run)));
      // Middleware or the header rules may have put another reply in its place.
      if (written.stream !== reply.stream) reply.stream?.cancel();
      const stream = written.stream;
      if (stream === undefined || this.head) {
        stream?.cancel();
        this.markClosed();
        return;
      }
      this.onAbort(() => stream.cancel());
      stream.start(responseSink(this.res, stream.length, this));
    } catch (err) {
      // Thrown from a promise callback this would be an unhandled rejection: report it instead.
      this.where.logger?.error(`typekiln: ${this.where.label}: writing a response failed`, err);
    }
  }

  #settle(): void {
    if (this.#settled) return;
    this.#settled = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (--this.traffic.inFlight === 0) this.traffic.idle?.();
  }
}

/** Pause and resume reading the body; a no-op once the response is over. */
export function flowOf(res: HttpResponse, exchange: Exchange): BodyFlow {
  return {
    pause: () => { if (!exchange.closed) res.pause(); },
    resume: () => { if (!exchange.closed) res.resume(); },
  };
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
  let stall: NodeJS.Timeout | undefined;
  const sendTimeout = exchange.timing.sendTimeout;
  const blocked = (): void => {
    if (stall !== undefined || !(sendTimeout > 0)) return;
    stall = setTimeout(() => exchange.stalled(), sendTimeout);
    stall.unref?.();
  };
  const moving = (): void => {
    if (stall === undefined) return;
    clearTimeout(stall);
    stall = undefined;
  };
  exchange.onAbort(moving);
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
