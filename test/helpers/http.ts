/**
 * Clients for runtime tests: `fetch` for ordinary requests, and a raw `node:net` exchange for the
 * cases a fetch client cannot send (lying `Content-Length`, chunked bodies written piece by piece,
 * missing `Host`, pipelining) or would hide (exact status lines, `Connection: close`).
 */
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/** A response read whole, with its body parsed as JSON when it is JSON. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly json: any;
}

/** Requests against one app on loopback; redirects are never followed. */
export interface Client {
  readonly port: number;
  request(path: string, init?: RequestInit): Promise<Answer>;
  /** POST (or `method`) with a JSON body; a string is sent as-is. */
  send(path: string, body: unknown, init?: { method?: string; headers?: Record<string, string> }): Promise<Answer>;
}

export function client(port: number): Client {
  const base = `http://127.0.0.1:${port}`;
  const request = async (path: string, init: RequestInit = {}): Promise<Answer> => {
    const response = await fetch(base + path, { redirect: "manual", ...init });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  };
  const send: Client["send"] = (path, body, init = {}) =>
    request(path, {
      method: init.method ?? "POST",
      headers: init.headers ?? { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  return { port, request, send };
}

/**
 * Asserts the server still answers an ordinary request: every bad-input case ends with this.
 * The app under test registers `GET /health` returning `{ ok: true }`.
 */
export async function expectAlive(port: number): Promise<void> {
  const { status, json } = await client(port).request("/health");
  expect([status, json]).toEqual([200, { ok: true }]);
}

/** One response as parsed from the bytes on the wire. */
export interface RawResponse {
  readonly status: number;
  /** The status line and header lines exactly as sent, without the blank line. */
  readonly head: string;
  /** Lower-case names; repeated lines joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface RawExchange {
  /** Every complete response received, in order. */
  readonly responses: readonly RawResponse[];
  /** The server closed the connection (FIN or RST) before the exchange ended. */
  readonly closed: boolean;
  /** Everything received, as text. */
  readonly received: string;
}

export interface ExchangeOptions {
  /** Written after `data`, one write each, paced so each is likely to arrive as its own read. */
  readonly then?: readonly (string | Buffer)[];
  /**
   * When to end: `"close"` (the default) waits for the server to close the connection; a number
   * ends once that many complete responses arrived, leaving the connection as it is.
   */
  readonly until?: "close" | number;
  /** Positions of responses that answer a HEAD request, so carry no body. */
  readonly head?: readonly number[];
  /** Give up after this long: a safety net for a server that stays silent, not a timing check. */
  readonly timeout?: number;
}

/** Writes exact bytes to the app and parses what comes back. */
export function exchange(port: number, data: string | Buffer, options: ExchangeOptions = {}): Promise<RawExchange> {
  const { then = [], until = "close", head = [], timeout = 10_000 } = options;
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let received: Buffer = Buffer.alloc(0);
    let closed = false;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ responses: parseResponses(received, head).responses, closed, received: received.toString("utf8") });
    };
    const timer = setTimeout(finish, timeout);
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (typeof until === "number" && parseResponses(received, head).responses.length >= until) finish();
    });
    // An RST (ECONNRESET) is the server closing too; the error itself is not the test's concern.
    socket.on("error", () => undefined);
    socket.on("close", () => {
      closed = true;
      finish();
    });
    socket.write(data);
    void (async () => {
      for (const piece of then) {
        await sleep(20);
        if (done || socket.destroyed) return;
        socket.write(piece);
      }
    })();
  });
}

/** `Content-Length` framing, or `Transfer-Encoding: chunked`; stops at the first incomplete response. */
export function parseResponses(bytes: Buffer, head: readonly number[] = []): { responses: RawResponse[]; rest: Buffer } {
  const responses: RawResponse[] = [];
  let offset = 0;
  for (;;) {
    const end = bytes.indexOf("\r\n\r\n", offset);
    if (end === -1) break;
    const headText = bytes.subarray(offset, end).toString("latin1");
    const [statusLine = "", ...lines] = headText.split("\r\n");
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(":");
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    }
    const status = Number(statusLine.split(" ")[1]);
    let cursor = end + 4;
    let body: Buffer = Buffer.alloc(0);
    const bodiless = head.includes(responses.length) || status < 200 || status === 204 || status === 304;
    if (!bodiless && headers["transfer-encoding"]?.includes("chunked")) {
      const parts: Buffer[] = [];
      let complete = false;
      for (;;) {
        const lineEnd = bytes.indexOf("\r\n", cursor);
        if (lineEnd === -1) break;
        const size = parseInt(bytes.subarray(cursor, lineEnd).toString("latin1"), 16);
        if (lineEnd + 2 + size + 2 > bytes.length) break;
        parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
        cursor = lineEnd + 2 + size + 2;
        if (size === 0) {
          complete = true;
          break;
        }
      }
      if (!complete) break;
      body = Buffer.concat(parts);
    } else if (!bodiless) {
      const length = Number(headers["content-length"] ?? 0);
      if (cursor + length > bytes.length) break;
      body = bytes.subarray(cursor, cursor + length);
      cursor += length;
    }
    responses.push({ status, head: headText, headers, body: body.toString("utf8") });
    offset = cursor;
  }
  return { responses, rest: bytes.subarray(offset) };
}

/** A request as exact bytes: `Host` and, with a body, `Content-Length` are added unless given. */
export function rawRequest(
  method: string,
  path: string,
  options: { headers?: Record<string, string | number>; body?: string | Buffer; host?: boolean } = {},
): Buffer {
  const { headers = {}, body, host = true } = options;
  const lines = [`${method} ${path} HTTP/1.1`];
  const names = Object.keys(headers).map((name) => name.toLowerCase());
  if (host && !names.includes("host")) lines.push("Host: 127.0.0.1");
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (body !== undefined && !names.includes("content-length") && !names.includes("transfer-encoding")) {
    lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  }
  return Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), Buffer.from(body ?? "")]);
}
