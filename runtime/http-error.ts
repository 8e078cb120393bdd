/**
 * An error a handler throws to answer with a given status: `{"detail": ...}` with that status,
 * as FastAPI's `HTTPException` does.
 *
 * @example
 * throw new HttpError(404, "User not found");
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: unknown = defaultDetail(status),
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(typeof detail === "string" ? detail : `HTTP ${status}`);
    this.name = "HttpError";
  }
}

const REASONS: Record<number, string> = {
  400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
  405: "Method Not Allowed", 409: "Conflict", 410: "Gone", 413: "Content Too Large",
  415: "Unsupported Media Type", 422: "Unprocessable Content", 429: "Too Many Requests",
  500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway",
  503: "Service Unavailable", 504: "Gateway Timeout",
};

/** The reason phrase for a status, or an empty string for one we do not name. */
export const reasonPhrase = (status: number): string => REASONS[status] ?? "";

const defaultDetail = (status: number): string => reasonPhrase(status) || `HTTP ${status}`;
