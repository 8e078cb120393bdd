/**
 * The one rule for request framing a proxy in front may read otherwise than the server does
 * (RFC 9112 §6.3, request smuggling), shared by both transports: each counts the framing header
 * lines its own way, and this decides.
 */

/** The framing header lines of one request, as counted. */
export interface FramingLines {
  /** `Content-Length` lines. */
  lengths: number;
  /** `Transfer-Encoding` lines. */
  codings: number;
  /** Every `Transfer-Encoding` line says exactly `chunked` (any letter case). */
  chunkedOnly: boolean;
}

/** Whether a `Transfer-Encoding` value is exactly one `chunked`. */
export const isChunkedOnly = (value: string): boolean => value.trim().toLowerCase() === "chunked";

/**
 * Ambiguous: a repeated `Content-Length`, `Transfer-Encoding` beside `Content-Length`, or any
 * `Transfer-Encoding` but one `chunked`.
 */
export function ambiguous(lines: FramingLines): boolean {
  if (lines.codings === 0) return lines.lengths > 1;
  return lines.lengths > 0 || lines.codings > 1 || !lines.chunkedOnly;
}
