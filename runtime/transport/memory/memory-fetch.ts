/**
 * `fetch` over in-memory connections: a request is written as HTTP/1.1 by node's own client
 * (keep-alive connections from one `Agent`), and the answer comes back as a standard `Response`.
 * A body of known length is read whole before the `Response` is made; a chunked one (server-sent
 * events, JSON Lines) is handed over as a stream at once and read as it arrives. As with `fetch`,
 * `Accept-Encoding: gzip, deflate, br` is sent unless given, and a body so encoded is decoded
 * (its `Content-Encoding` header kept). Redirects are not followed, and no cookies are kept.
 */
import type { Agent, IncomingMessage } from "node:http";
import { Readable, type Transform } from "node:stream";
import zlib from "node:zlib";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { lazyModule } from "../../vendor/lazy-module";
import type { MemoryServer } from "./memory-transport";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeHttp = lazyModule(() => require("node:http") as typeof import("node:http"));

/** Where a path without a host is sent: `Host: localhost`. */
export const MEMORY_ORIGIN = "http://localhost";

/** Statuses that carry no body, whatever the headers say. */
const BODYLESS = new Set([204, 205, 304]);

/** A `fetch` to `server`; `close()` drops its idle connections. */
export interface MemoryFetch {
  (input: string | URL | Request, init?: RequestInit): Promise<Response>;
  close(): void;
}

export function memoryFetch(server: MemoryServer): MemoryFetch {
  const agent: Agent = new (nodeHttp().Agent)({ keepAlive: true });
  agent.createConnection = () => server.connect() as ReturnType<Agent["createConnection"]>;
  const fetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => send(agent, input, init);
  return Object.assign(fetch, { close: () => agent.destroy() });
}

/** A request as written: method, target, header lines and body. */
interface Outgoing {
  readonly method: string;
  readonly url: URL;
  readonly headers: Record<string, string>;
  /** Sent with its `Content-Length`; absent: no body. */
  readonly body?: Buffer;
  /** Sent as it is read, chunked. */
  readonly stream?: ReadableStream<Uint8Array>;
  readonly signal?: AbortSignal;
}

/** Headers `fetch` adds when the request has none of its own (undici's), and FastAPI's client's user agent. */
const DEFAULT_HEADERS: readonly (readonly [string, string])[] = [
  ["accept", "*/*"], ["accept-encoding", "gzip, deflate, br"], ["user-agent", "testclient"],
];

async function send(agent: Agent, input: string | URL | Request, init: RequestInit | undefined): Promise<Response> {
  const out = await outgoing(input, init);
  for (const [name, value] of DEFAULT_HEADERS) out.headers[name] ??= value;
  return new Promise<Response>((resolve, reject) => {
    const req = nodeHttp().request({
      agent,
      method: out.method,
      host: out.url.hostname,
      port: out.url.port === "" ? 80 : Number(out.url.port),
      path: out.url.pathname + out.url.search,
      headers: out.headers,
      ...(out.signal === undefined ? {} : { signal: out.signal }),
    }, (res) => answer(res, out.method, resolve));
    req.on("error", reject);
    if (out.stream !== undefined) Readable.fromWeb(out.stream as NodeReadableStream<Uint8Array>).pipe(req);
    else req.end(out.body);
  });
}

/**
 * What `fetch` would send. Strings and bytes are taken as they are (a string as
 * `text/plain;charset=UTF-8` unless a content type is given, as `fetch` does); `FormData`,
 * `URLSearchParams`, `Blob` and `Request` inputs are encoded by the platform's own `Request`.
 */
async function outgoing(input: string | URL | Request, init: RequestInit | undefined): Promise<Outgoing> {
  const given = init?.body ?? undefined;
  const plain = given === undefined || typeof given === "string" || given instanceof Uint8Array || given instanceof ArrayBuffer;
  if (!(input instanceof Request) && (plain || given instanceof ReadableStream)) {
    const headers: Record<string, string> = {};
    if (init?.headers !== undefined) for (const [name, value] of new Headers(init.headers)) headers[name] = value;
    const url = typeof input === "string" ? new URL(input, MEMORY_ORIGIN) : input;
    const method = (init?.method ?? "GET").toUpperCase();
    const signal = init?.signal ?? undefined;
    if (given instanceof ReadableStream) return { method, url, headers, stream: given, signal };
    if (given === undefined) return { method, url, headers, signal };
    if (typeof given === "string") headers["content-type"] ??= "text/plain;charset=UTF-8";
    const body = typeof given === "string" ? Buffer.from(given) : Buffer.from(given as Uint8Array);
    headers["content-length"] = String(body.byteLength);
    return { method, url, headers, body, signal };
  }
  const request = new Request(typeof input === "string" ? new URL(input, MEMORY_ORIGIN) : input, init);
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) headers[name] = value;
  const base = { method: request.method, url: new URL(request.url), headers, signal: init?.signal ?? undefined };
  if (request.body === null) return base;
  const body = Buffer.from(await request.arrayBuffer());
  headers["content-length"] = String(body.byteLength);
  return { ...base, body };
}

/** Resolves with the `Response` for `res`: at once for a streamed body, at its end for one of known length. */
function answer(res: IncomingMessage, method: string, resolve: (response: Response) => void): void {
  const status = res.statusCode!;
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
  const init = { status, statusText: res.statusMessage, headers };
  if (method === "HEAD" || BODYLESS.has(status)) {
    res.resume();
    return resolve(new Response(null, init));
  }
  const decoder = decoderOf(res.headers["content-encoding"]);
  if (res.headers["content-length"] === undefined) {
    const body = decoder === undefined ? res : res.pipe(decoder.stream());
    if (decoder !== undefined) res.once("error", (err) => body.destroy(err));
    return resolve(new Response(Readable.toWeb(body) as unknown as ReadableStream<Uint8Array>, init));
  }
  const chunks: Buffer[] = [];
  res.on("data", (chunk: Buffer) => chunks.push(chunk));
  res.on("end", () => {
    const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    if (decoder === undefined) return resolve(new Response(body, init));
    let decoded: Buffer;
    try {
      decoded = decoder.whole(body);
    } catch {
      return resolve(failing([], init, "the body does not decode as its Content-Encoding says"));
    }
    resolve(new Response(decoded, init));
  });
  // Cut short (the app ended the connection mid-body): the body reads what came, then fails, as fetch's does.
  res.once("error", () => resolve(failing(chunks, init, "terminated: the connection closed before the body ended")));
}

/** A response whose body reads `chunks`, then fails with `why`. */
const failing = (chunks: readonly Buffer[], init: ResponseInit, why: string): Response => new Response(new ReadableStream({
  start(controller) {
    for (const chunk of chunks) controller.enqueue(chunk);
    controller.error(new TypeError(why));
  },
}), init);

interface Decoder {
  stream(): Transform;
  whole(body: Buffer): Buffer;
}

/** The decoder `fetch` applies for a `Content-Encoding` (the header itself is kept, as `fetch` keeps it). */
function decoderOf(encoding: string | undefined): Decoder | undefined {
  switch (encoding?.trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return { stream: () => zlib.createGunzip(), whole: (body) => zlib.gunzipSync(body) };
    case "deflate":
      return { stream: () => zlib.createInflate(), whole: (body) => zlib.inflateSync(body) };
    case "br":
      return { stream: () => zlib.createBrotliDecompress(), whole: (body) => zlib.brotliDecompressSync(body) };
    default:
      return undefined;
  }
}
