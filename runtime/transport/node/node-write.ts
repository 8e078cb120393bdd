/**
 * Writing one reply to a node:http response: status, then headers, then body, every header past
 * the header rules first — the same rules and the same bytes of body as `uws/uws-write.ts`.
 * node:http adds `Date`, and `Connection`/`Keep-Alive` as the request asks.
 */
import type { ServerResponse } from "node:http";
import type { MiddlewareRun } from "../../middleware/middleware";
import { REPLIES, type WireReply } from "../../responses/reply";
import { headersFault } from "../../http/header-rules";
import type { Where } from "../transport";

interface Status {
  readonly code: number;
  readonly reason: string;
  /** 1xx, 204 and 304 carry no body and no `Content-Length` (RFC 9110 §8.6). */
  readonly bodyless: boolean;
}

/** Status lines are a few constants per app: parse each once. */
const statuses = new Map<string, Status>();

function statusOf(line: string): Status {
  let status = statuses.get(line);
  if (status === undefined) {
    const code = Number(line.slice(0, 3));
    status = { code, reason: line.slice(4), bodyless: code < 200 || code === 204 || code === 304 };
    statuses.set(line, status);
  }
  return status;
}

/**
 * Writes `reply` (HEAD: headers and the length, no bytes). With middleware, their `onResponse`
 * hooks rewrite it first; a reply with a header the header rules refuse is never written: the
 * generic 500 goes out instead, and the fault is logged with the route. A streamed reply gets its
 * status and headers here, and its body through a sink. Returns the reply written.
 */
export function write(res: ServerResponse, reply: WireReply, head: boolean, where: Where, run?: MiddlewareRun): WireReply {
  if (run !== undefined) reply = run.chain.end(run, reply);
  const fault = headersFault(reply.headers);
  if (fault !== undefined) {
    where.logger?.error(`typekiln: ${where.label}: refused to write the response: ${fault}`);
    reply = REPLIES.internal;
  }
  const status = statusOf(reply.status);
  const own = reply.headers;
  const body = reply.body;
  const close = reply.close === true;
  const length = status.bodyless ? undefined
    : reply.stream !== undefined ? reply.stream.length
    : body === undefined ? 0 : typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
  // nosniff, the reply's own, then `Connection` and `Content-Length` when they apply: one array of the final size.
  const headers = new Array<string>(2 + own.length + (close ? 2 : 0) + (length === undefined ? 0 : 2));
  headers[0] = "x-content-type-options";
  headers[1] = "nosniff";
  let at = 2;
  for (let i = 0; i < own.length; i++) headers[at++] = own[i];
  if (close) {
    headers[at++] = "connection";
    headers[at++] = "close";
  }
  if (length !== undefined) {
    headers[at++] = "content-length";
    headers[at] = String(length);
  }
  res.writeHead(status.code, status.reason, headers);
  if (status.bodyless) res.end();
  else if (reply.stream !== undefined) {
    if (head) res.end(); // otherwise its body goes through a sink
  } else if (head || body === undefined) res.end();
  else res.end(body);
  return reply;
}

/** How long a connection answered before its request body ended keeps taking (and dropping) bytes. */
const LINGER_MS = 2000;

/**
 * Before writing an answer that closes the connection while the client may still be sending the
 * request body (413, 415, a refused upload): when the answer is out, node:http would close at once
 * and, with the body's bytes still arriving, the client would get a reset (EPIPE) instead of the
 * answer. Instead the connection lingers, as uWS's does: the write side is closed, what the client
 * still sends is read and dropped, and the socket closes when the client closes or after `LINGER_MS`.
 */
export function lingerAfter(res: ServerResponse): void {
  const socket = res.socket;
  if (socket === null || res.req.complete) return;
  // node:http calls `destroySoon` once a `Connection: close` answer is written.
  (socket as unknown as { destroySoon: () => void }).destroySoon = () => {
    socket.end();
    res.req.resume();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref?.();
    socket.once("close", () => clearTimeout(timer));
  };
}
