/**
 * Writing one reply to a uWS response: status, then headers, then body, every header past the
 * header rules first. Shared by the HTTP and the WebSocket halves of the adapter.
 */
import type { HttpResponse } from "uWebSockets.js";
import type { Where } from "../transport";
import type { MiddlewareRun } from "../../middleware/middleware";
import { REPLIES, type WireReply } from "../../responses/reply";
import { isVouched, listFault } from "../../http/header-rules";

/**
 * Status, headers, body, in that order; HEAD gets the headers and the length, not the bytes.
 * With middleware, their `onResponse` hooks rewrite the reply first. A reply with a header the
 * header rules refuse is never written: the generic 500 goes out instead, and the fault is logged
 * with the route. Returns the reply written.
 */
export function write(res: HttpResponse, reply: WireReply, head: boolean, where: Where, run?: MiddlewareRun): WireReply {
  if (run !== undefined) reply = run.chain.end(run, reply);
  const line = headLine(reply.status, reply.headers);
  if (line !== undefined) res.writeStatus(line);
  else {
    // Not vouched for (`headLine` makes a line for every list that is): check it pair by pair.
    const fault = listFault(reply.headers);
    if (fault !== undefined) {
      where.logger?.error(`typekiln: ${where.label}: refused to write the response: ${fault}`);
      reply = REPLIES.internal;
    }
    res.writeStatus(reply.status);
    res.writeHeader("x-content-type-options", "nosniff");
    const headers = reply.headers;
    for (let i = 0; i < headers.length; i += 2) res.writeHeader(headers[i], headers[i + 1]);
  }
  const body = reply.body;
  if (isBodyless(reply.status)) {
    res.endWithoutBody();
  } else if (reply.stream !== undefined) {
    // The body follows through a sink; HEAD gets the length when it is known.
    if (head) {
      if (reply.stream.length !== undefined) res.writeHeader("content-length", String(reply.stream.length));
      res.endWithoutBody();
    }
  } else if (head) {
    // `endWithoutBody(n)` with n > 0 leaves this uWS build waiting for n bytes: write the length.
    const length = body === undefined ? 0 : typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
    res.writeHeader("content-length", String(length));
    res.endWithoutBody();
  } else {
    res.end(body ?? "", reply.close === true);
  }
  return reply;
}

/**
 * The status line with `X-Content-Type-Options` and a header list checked at start-up (the JSON
 * replies, the framework's own answers), as one string, by status and list, made on first use.
 * uWS writes a status as `HTTP/1.1 <status>\r\n` and a header as `<name>: <value>\r\n`, byte for
 * byte, so `writeStatus("200 OK\r\nname: value")` writes exactly what `writeStatus` and
 * `writeHeader` would: one call into uWS instead of two or more (each crossing costs more than
 * the lookups here). Lists built per reply (a handler's headers, cookies) are checked and written
 * one by one, as before.
 */
const headLines = new WeakMap<readonly string[], Map<string, string>>();

function headLine(status: string, headers: readonly string[]): string | undefined {
  let byStatus = headLines.get(headers);
  const known = byStatus?.get(status);
  if (known !== undefined || !isVouched(headers)) return known;
  let line = `${status}\r\nx-content-type-options: nosniff`;
  for (let i = 0; i < headers.length; i += 2) line += `\r\n${headers[i]}: ${headers[i + 1]}`;
  if (byStatus === undefined) headLines.set(headers, (byStatus = new Map()));
  byStatus.set(status, line);
  return line;
}

/** 1xx, 204 and 304 carry no body and no `Content-Length` (RFC 9110 §8.6). */
const isBodyless = (statusLine: string): boolean =>
  statusLine.charCodeAt(0) === 49 /* 1 */ || statusLine.startsWith("204") || statusLine.startsWith("304");
