/**
 * A file as a reply: stat, `Content-Type` from the extension (mime-types), a weak `ETag` (etag)
 * and `Last-Modified`, 304 when the client's copy is fresh (fresh), single `Range` requests
 * answered 206 and unsatisfiable ones 416 (range-parser), the bytes streamed from disk with the
 * socket's backpressure. Shared by `FileResponse` returns and `app.static` mounts.
 */
import { createReadStream, promises as fsp, type Stats } from "node:fs";
import { extname } from "node:path";
import type etagModule from "etag";
import type freshModule from "fresh";
import type mimeTypesModule from "mime-types";
import type parseRangeModule from "range-parser";
import { lazyModule } from "../vendor/lazy-module";

/* eslint-disable @typescript-eslint/no-require-imports */
const etag = lazyModule(() => require("etag") as typeof etagModule);
const fresh = lazyModule(() => require("fresh") as typeof freshModule);
const mimeTypes = lazyModule(() => require("mime-types") as typeof mimeTypesModule);
const parseRange = lazyModule(() => require("range-parser") as typeof parseRangeModule);
/* eslint-enable @typescript-eslint/no-require-imports */
import type { FileResponse } from "./file-response";
import type { Logger } from "../contract/logger";
import { HTTP_ERRORS } from "../errors/errors";
import { REPLIES, errorReply, type WireReply } from "./reply";
import { iteratorStream } from "./iterator-stream";
import { statusLine } from "../http/status-line";

/** The request headers a file reply looks at, lower-case names. */
export const CONDITIONAL_HEADERS = ["range", "if-range", "if-none-match", "if-modified-since"] as const;

export interface ConditionalHeaders {
  readonly range: string;
  readonly ifRange: string;
  readonly ifNoneMatch: string;
  readonly ifModifiedSince: string;
}

const CHUNK = 64 * 1024;

/** The reply for `file`; 404 when it is missing or not a regular file. */
export async function fileReply(
  file: FileResponse,
  request: ConditionalHeaders,
  props: { readonly status: string; readonly label: string; readonly logger: Logger | undefined },
): Promise<WireReply> {
  let stat: Stats;
  try {
    stat = await fsp.stat(file.path);
  } catch {
    return REPLIES.notFound;
  }
  if (!stat.isFile()) return REPLIES.notFound;
  const { options } = file;
  const tag = etag()(stat);
  const lastModified = stat.mtime.toUTCString();
  const validators = ["etag", tag, "last-modified", lastModified];
  const conditional = { "if-none-match": request.ifNoneMatch || undefined, "if-modified-since": request.ifModifiedSince || undefined };
  if ((conditional["if-none-match"] || conditional["if-modified-since"]) && fresh()(conditional, { etag: tag, "last-modified": lastModified }))
    return { status: statusLine(304), headers: validators };

  const headers = [
    "content-type", options.contentType ?? (mimeTypes().contentType(extname(file.path)) || "application/octet-stream"),
    ...validators,
    "accept-ranges", "bytes",
  ];
  if (options.filename !== undefined) headers.push("content-disposition", `attachment; filename="${asciiFilename(options.filename)}"; filename*=UTF-8''${encodeURIComponent(options.filename)}`);
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.push(name.toLowerCase(), value);

  let start = 0;
  let end = stat.size - 1;
  let status = props.status;
  // `If-Range` with a validator that no longer matches: the whole file, as RFC 9110 §13.1.5 says.
  const rangeApplies = request.range !== "" && (request.ifRange === "" || request.ifRange === tag || request.ifRange === lastModified);
  if (rangeApplies) {
    const ranges = parseRange()(stat.size, request.range, { combine: true });
    if (ranges === -1)
      return errorReply(HTTP_ERRORS.RANGE_NOT_SATISFIABLE, undefined, ["content-range", `bytes */${stat.size}`]);
    // Malformed (-2), another unit, or several ranges: the whole file (a server may ignore Range).
    if (ranges !== -2 && ranges.type === "bytes" && ranges.length === 1) {
      start = ranges[0]!.start;
      end = ranges[0]!.end;
      status = statusLine(206);
      headers.push("content-range", `bytes ${start}-${end}/${stat.size}`);
    }
  }
  const length = end - start + 1;
  if (stat.size === 0) return { status, headers, body: "" };
  const source = createReadStream(file.path, { start, end, highWaterMark: CHUNK });
  source.on("error", () => undefined); // surfaced through the iterator, logged by the pump
  return {
    status,
    headers,
    stream: iteratorStream({
      source: source[Symbol.asyncIterator](),
      encode: (chunk: Buffer) => chunk,
      length,
      label: props.label,
      logger: props.logger,
    }),
  };
}

/** The conditional headers out of the values an adapter copied, in `CONDITIONAL_HEADERS` order. */
export const conditionalHeaders = (values: readonly string[]): ConditionalHeaders => ({
  range: values[0] ?? "",
  ifRange: values[1] ?? "",
  ifNoneMatch: values[2] ?? "",
  ifModifiedSince: values[3] ?? "",
});

/**
 * The plain `filename` of `Content-Disposition`, for clients that ignore `filename*`: printable
 * ASCII only (a header value holds no line breaks, and this one no quote or backslash either).
 */
const asciiFilename = (name: string): string => name.replace(/[^\x20-\x7e]|["\\]/g, "_");
