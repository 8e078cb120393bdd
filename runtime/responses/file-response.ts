/**
 * A file as a handler's answer: `return new FileResponse("reports/q3.pdf")`. The runtime sends
 * it streamed with backpressure, with `Content-Type` (from the extension unless given),
 * `Content-Length`, `ETag`, `Last-Modified`, 304 for a matching `If-None-Match` /
 * `If-Modified-Since`, and 206 / 416 for `Range` requests.
 */

/** Options of a {@link FileResponse}. */
export interface FileResponseOptions {
  /** The media type; by default looked up from the file's extension. */
  readonly contentType?: string;
  /** Sent as `Content-Disposition: attachment; filename=…` so browsers download it. */
  readonly filename?: string;
  /** Extra response headers, e.g. `{ "cache-control": "max-age=3600" }`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A file on disk, sent as the response.
 *
 * @example
 * app.get("/report", (): FileResponse => new FileResponse("/srv/reports/q3.pdf", { filename: "q3.pdf" }));
 */
export class FileResponse {
  constructor(
    /** Path of the file; relative paths are taken from the process's working directory. */
    readonly path: string,
    readonly options: FileResponseOptions = {},
  ) {}
}
