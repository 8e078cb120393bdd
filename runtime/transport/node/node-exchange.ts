/**
 * A request the node transport answers after its request callback returned: the `NodeExchange`
 * that owns its response until it ends or the client leaves (../exchange.ts holds what every
 * transport shares), the body readers, and the sink a streamed answer writes into.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { BodyConsumer, RawBody } from "../../contract/request-data";
import type { ResponseSink } from "../../contract/wire";
import type { MiddlewareRun } from "../../middleware/middleware";
import { REPLIES, type WireReply } from "../../responses/reply";
import type { Timing, Traffic, Where } from "../transport";
import { PendingExchange, stallClock } from "../exchange";

import { lingerAfter, write } from "./node-write";

const NO_BODY: RawBody = new Uint8Array(0);

/**
 * The exchange that owns each response still being answered (so a parse error can reach it);
 * removed when the response closes. A Map, not a WeakMap: weak entries cost every GC.
 */
const exchanges = new Map<ServerResponse, NodeExchange>();

/** The exchange answering `res`, if one is. */
export const exchangeOf = (res: ServerResponse): NodeExchange | undefined => exchanges.get(res);

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
    exchanges.set(res, this);
    res.once("close", () => {
      exchanges.delete(res);
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
    const body = chunks === undefined ? NO_BODY : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
    chunks = undefined;
    done(body);
  });
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
