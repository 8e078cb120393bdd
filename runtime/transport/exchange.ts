/**
 * What every transport does the same way with a request answered after its callback returned:
 * the `PendingExchange` that owns the response until it ends or the client leaves (whichever of
 * handler, route timeout and abort comes first wins; nothing is written after the client left),
 * the `sendTimeout` clock of a streamed answer, and waiting for in-flight requests on drain.
 * Each transport subclasses it with how its library writes, streams and cuts a response.
 */
import type { BodyFlow } from "../contract/request-data";
import type { ResponseSink } from "../contract/wire";
import { REPLIES, type WireReply } from "../responses/reply";
import type { Timing, Traffic, Where } from "./transport";

export abstract class PendingExchange {
  #settled = false;
  #timer: NodeJS.Timeout | undefined;
  /** The response is over (ended, or the client left): it must not be touched again. */
  #closed = false;
  #aborted = false;
  #onAbort: (() => void)[] | undefined;

  constructor(
    protected readonly head: boolean,
    protected readonly controller: AbortController | undefined,
    readonly timing: Timing,
    protected readonly where: Where,
    private readonly traffic: Traffic,
  ) {
    traffic.inFlight++;
    const timeout = timing.timeout;
    if (timeout > 0) {
      this.#timer = setTimeout(() => {
        this.finish(REPLIES.timeout);
        this.controller?.abort(new DOMException("Request timed out", "TimeoutError"));
      }, timeout);
      this.#timer.unref?.();
    }
  }

  /** Writes status, headers and (unless streamed) body; returns the reply written. */
  protected abstract write(reply: WireReply): WireReply;
  /** The sink a streamed body of `length` bytes (unknown: chunked) is written into. */
  protected abstract sink(length: number | undefined): ResponseSink;
  /** Ends the connection abruptly. */
  protected abstract cut(): void;

  get settled(): boolean {
    return this.#settled;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The client left before the response was over. */
  get aborted(): boolean {
    return this.#aborted;
  }

  /** The transport saw the client leave: stop everything, touch nothing. */
  protected clientLeft(): void {
    this.#settle();
    this.#closed = true;
    this.#aborted = true;
    this.controller?.abort();
    this.#runAbortHooks();
  }

  /** Runs `hook` if the client leaves before the response is over. */
  onAbort(hook: () => void): void {
    if (this.#closed) return;
    (this.#onAbort ??= []).push(hook);
  }

  /** The response ended: nothing may touch it any more. */
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
    this.cut();
  }

  /** The request broke off mid-body: stop whoever reads the body (uploads drop their files) and answer `reply`. */
  refuse(reply: WireReply): void {
    if (this.#settled) return;
    this.#runAbortHooks();
    this.controller?.abort();
    this.finish(reply);
  }

  #runAbortHooks(): void {
    const hooks = this.#onAbort;
    this.#onAbort = undefined;
    if (hooks !== undefined) for (const hook of hooks) hook();
  }

  /** Writes the reply unless the exchange is over. */
  finish(reply: WireReply): void {
    if (this.#settled) {
      reply.stream?.cancel(); // aborted, timed out, or already answered: drop it
      return;
    }
    this.#settle();
    try {
      const written = this.write(reply);
      // Middleware or the header rules may have put another reply in its place.
      if (written.stream !== reply.stream) reply.stream?.cancel();
      const stream = written.stream;
      if (stream === undefined || this.head) {
        stream?.cancel();
        this.markClosed();
        return;
      }
      this.onAbort(() => stream.cancel());
      stream.start(this.sink(stream.length));
    } catch (err) {
      // Thrown from a promise callback this would be an unhandled rejection: report it instead.
      this.where.logger?.error(`typekiln: ${this.where.label}: writing a response failed`, err);
      this.cut();
    }
  }

  #settle(): void {
    if (this.#settled) return;
    this.#settled = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (--this.traffic.inFlight === 0) this.traffic.idle?.();
  }
}

/**
 * The `sendTimeout` clock of a streamed answer: `blocked` when the socket is full starts it,
 * `moving` when the client takes bytes stops it; run out, it calls `exchange.stalled()`.
 */
export function stallClock(exchange: PendingExchange): { blocked(): void; moving(): void } {
  let stall: NodeJS.Timeout | undefined;
  const sendTimeout = exchange.timing.sendTimeout;
  const moving = (): void => {
    if (stall === undefined) return;
    clearTimeout(stall);
    stall = undefined;
  };
  exchange.onAbort(moving);
  return {
    blocked: () => {
      if (stall !== undefined || !(sendTimeout > 0)) return;
      stall = setTimeout(() => exchange.stalled(), sendTimeout);
      stall.unref?.();
    },
    moving,
  };
}

/** Resolves once no request is in flight (a draining server's last step). */
export function inFlightDone(traffic: Traffic): Promise<void> {
  if (traffic.inFlight === 0) return Promise.resolve();
  return new Promise<void>((done) => {
    traffic.idle = () => {
      traffic.idle = undefined;
      done();
    };
  });
}

/** Pause and resume reading a body from `source` (a uWS response, a node request); a no-op once the response is over. */
export function flowOf(source: { pause(): unknown; resume(): unknown }, exchange: PendingExchange): BodyFlow {
  return {
    pause: () => { if (!exchange.closed) source.pause(); },
    resume: () => { if (!exchange.closed) source.resume(); },
  };
}
