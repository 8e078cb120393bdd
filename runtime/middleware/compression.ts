/**
 * `compression()`: gzip or brotli for response bodies worth it, negotiated from `Accept-Encoding`
 * (q-values honoured; brotli preferred on a tie). Skipped for small bodies, HEAD, bodiless
 * statuses, bodies already encoded and media types that do not compress (images, archives).
 * Uses node:zlib's one-shot sync calls: for the bodies an API writes (kilobytes) they cost less
 * than a stream's setup, and the answer stays inside the cork.
 */
import type zlibModule from "node:zlib";
import type compressibleModule from "compressible";
import type NegotiatorModule from "negotiator";
import { lazyModule } from "../vendor/lazy-module";

/* eslint-disable @typescript-eslint/no-require-imports */
const zlib = lazyModule(() => require("node:zlib") as typeof zlibModule);
const compressible = lazyModule(() => require("compressible") as typeof compressibleModule);
const Negotiator = lazyModule(() => require("negotiator") as typeof NegotiatorModule);
/* eslint-enable @typescript-eslint/no-require-imports */
import type { Middleware } from "./middleware";
import type { WireReply } from "../responses/reply";
import { headerOf, withHeaders } from "./middleware";
import { STARTUP_ERRORS, startupError } from "../errors/errors";

export type Encoding = "br" | "gzip";

/**
 * Options of {@link compression}.
 *
 * @example
 * app.use(compression({ threshold: 2048, brotliQuality: 5 }));
 */
export interface CompressionOptions {
  /** Smallest body, in bytes, that is compressed; 1024 by default. */
  readonly threshold?: number;
  /** Encodings offered, in the server's order of preference; `["br", "gzip"]` by default. */
  readonly encodings?: readonly Encoding[];
  /** Brotli quality 0–11; 4 by default (close to gzip's speed, smaller output). */
  readonly brotliQuality?: number;
  /** gzip level 1–9; 6 by default. */
  readonly gzipLevel?: number;
}

const VARY = ["vary", "Accept-Encoding"];

/**
 * Response compression middleware. Add it last, so it compresses what the route wrote.
 *
 * @example
 * app.use(cors({ origins: "*" }));
 * app.use(compression());
 */
export function compression(options: CompressionOptions = {}): Middleware {
  const threshold = options.threshold ?? 1024;
  const encodings = [...(options.encodings ?? ["br", "gzip"])];
  const quality = options.brotliQuality ?? 4;
  const level = options.gzipLevel ?? 6;
  const bad = (option: string, expected: string) =>
    startupError(STARTUP_ERRORS.BAD_MIDDLEWARE_OPTION, { name: "compression", option, expected });
  if (!Number.isInteger(threshold) || threshold < 0) throw bad("threshold", "a whole number of bytes");
  if (!encodings.every((e) => e === "br" || e === "gzip")) throw bad("encodings", 'a list of "br" and "gzip"');
  if (!Number.isInteger(quality) || quality < 0 || quality > 11) throw bad("brotliQuality", "an integer from 0 to 11");
  if (!Number.isInteger(level) || level < 1 || level > 9) throw bad("gzipLevel", "an integer from 1 to 9");
  const offered = [...encodings, "identity"];
  const compressibleTypes = new Map<string, boolean>();
  // Clients send a handful of distinct Accept-Encoding values: negotiate each once.
  const negotiated = new Map<string, string | undefined>();
  const choose = (accept: string): string | undefined => {
    if (negotiated.has(accept)) return negotiated.get(accept);
    const encoding = preferred(accept, offered);
    if (negotiated.size < 256) negotiated.set(accept, encoding);
    return encoding;
  };

  const worthIt = (reply: WireReply, body: string | Uint8Array): boolean => {
    const type = headerOf(reply, "content-type");
    if (type === undefined || headerOf(reply, "content-encoding") !== undefined) return false;
    let ok = compressibleTypes.get(type);
    if (ok === undefined) {
      ok = compressible()(type) === true;
      if (compressibleTypes.size < 256) compressibleTypes.set(type, ok);
    }
    return ok && byteLength(body) >= threshold;
  };

  const encode = (encoding: string, body: string | Uint8Array): Buffer => {
    const input = typeof body === "string" ? Buffer.from(body) : body;
    return encoding === "br"
      ? zlib().brotliCompressSync(input, {
          params: {
            [zlib().constants.BROTLI_PARAM_QUALITY]: quality,
            [zlib().constants.BROTLI_PARAM_SIZE_HINT]: input.byteLength,
          },
        })
      : zlib().gzipSync(input, { level });
  };

  return {
    name: "compression",
    headers: ["accept-encoding"],
    onResponse(request, reply) {
      const body = reply.body;
      if (request.method === "head" || body === undefined || !worthIt(reply, body)) return reply;
      const accept = request.headers["accept-encoding"];
      const encoding = accept === "" ? "identity" : choose(accept);
      if (encoding === undefined || encoding === "identity") return withHeaders(reply, VARY);
      return { ...reply, headers: [...reply.headers, "content-encoding", encoding, ...VARY], body: encode(encoding, body) };
    },
  };
}

/** The client's best encoding among `offered` (server order breaks ties), or undefined for none acceptable. */
function preferred(accept: string, offered: string[]): string | undefined {
  const negotiator = new (Negotiator())({ headers: { "accept-encoding": accept } });
  // negotiator ≥ 0.6 takes the server's preference for ties; its typings do not list the option yet.
  const encodings = (negotiator.encodings as (available: string[], options: { preferred: string[] }) => string[]).call(
    negotiator, offered, { preferred: offered },
  );
  return encodings[0];
}

const byteLength = (body: string | Uint8Array): number =>
  typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
