import { reasonPhrase } from "../http/status-line";

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

/** The reason phrase for a status, or an empty string for one we do not name. */
export { reasonPhrase } from "../http/status-line";

const defaultDetail = (status: number): string => reasonPhrase(status) || `HTTP ${status}`;
