/**
 * `cors()`: Cross-Origin Resource Sharing as the Fetch standard describes it. A preflight
 * (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) from an allowed origin is answered
 * 204 with the allow headers, before any route; other responses from an allowed origin, error
 * responses included, get `Access-Control-Allow-Origin`. A disallowed origin gets no CORS headers
 * at all, so the browser blocks it. `Vary: Origin` is sent whenever the answer depends on it.
 */
import type { Middleware, MiddlewareRequest } from "./middleware";
import type { WireReply } from "../responses/reply";
import { withHeaders } from "./middleware";
import { statusLine } from "../http/status-line";
import { STARTUP_ERRORS, startupError } from "../errors/errors";
import { headerFault } from "../http/header-rules";

/**
 * Options of {@link cors}.
 *
 * @example
 * app.use(cors({ origins: ["https://app.example.com"], credentials: true, exposeHeaders: ["x-request-id"] }));
 */
export interface CorsOptions {
  /** Allowed origins (`https://app.example.com`, exact match), or `"*"` for any. */
  readonly origins: readonly string[] | "*";
  /** Methods a preflight allows; GET, HEAD, POST, PUT, PATCH, DELETE by default. */
  readonly methods?: readonly string[];
  /** Request headers a preflight allows; `"*"` allows whatever the preflight asks for. None by default. */
  readonly headers?: readonly string[] | "*";
  /** Allow cookies and `Authorization` (`Access-Control-Allow-Credentials: true`); the origin is then echoed, never `*`. */
  readonly credentials?: boolean;
  /** Seconds a browser may cache a preflight; 600 by default. */
  readonly maxAge?: number;
  /** Response headers the browser lets scripts read. */
  readonly exposeHeaders?: readonly string[];
}

const DEFAULT_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
const NO_CONTENT = statusLine(204);

/**
 * CORS middleware.
 *
 * @example
 * app.use(cors({ origins: ["https://app.example.com"], methods: ["GET", "POST"], headers: ["content-type"] }));
 */
export function cors(options: CorsOptions): Middleware {
  const { origins, credentials = false } = options;
  const bad = (option: string, expected: string) =>
    startupError(STARTUP_ERRORS.BAD_MIDDLEWARE_OPTION, { name: "cors", option, expected });
  if (origins !== "*" && !(Array.isArray(origins) && origins.every((o) => typeof o === "string"))) {
    throw bad("origins", '"*" or an array of origins');
  }
  const maxAge = options.maxAge ?? 600;
  if (!Number.isInteger(maxAge) || maxAge < 0) throw bad("maxAge", "a whole number of seconds");
  const anyOrigin = origins === "*";
  const allowed = new Set(anyOrigin ? [] : origins.map((o) => o.toLowerCase()));
  // `*` is only sent for any origin without credentials; otherwise the origin is echoed and the
  // answer depends on it.
  const echo = !anyOrigin || credentials;
  const methods = (options.methods ?? DEFAULT_METHODS).map((m) => m.toUpperCase()).join(", ");
  const headers = options.headers ?? [];
  // Each configured name is written into a header: refuse what could not be written now, rather
  // than answer 500 to every cross-origin request. Methods and header names are HTTP tokens.
  if (!anyOrigin && !origins.every((origin) => headerFault("origin", origin) === undefined && !origin.includes(","))) {
    throw bad("origins", "origins without commas, line breaks or control characters");
  }
  for (const [option, names] of [["methods", options.methods], ["headers", headers], ["exposeHeaders", options.exposeHeaders]] as const) {
    if (names === undefined || names === "*") continue;
    if (!names.every((name) => headerFault(name, "") === undefined)) throw bad(option, "a list of HTTP tokens (no spaces, commas or line breaks)");
  }
  const common = [
    ...(credentials ? ["access-control-allow-credentials", "true"] : []),
  ];
  const expose = options.exposeHeaders?.length ? ["access-control-expose-headers", options.exposeHeaders.join(", ")] : [];
  const vary = echo ? ["vary", "Origin"] : [];

  const isAllowed = (origin: string): boolean => origin !== "" && (anyOrigin || allowed.has(origin.toLowerCase()));
  const allowOrigin = (origin: string): string[] => ["access-control-allow-origin", echo ? origin : "*"];

  function preflight(request: MiddlewareRequest, origin: string): WireReply {
    const requested = request.headers["access-control-request-headers"];
    const allowHeaders = headers === "*" ? requested : headers.join(", ");
    return {
      status: NO_CONTENT,
      headers: [
        ...allowOrigin(origin), ...vary, ...common,
        "access-control-allow-methods", methods,
        ...(allowHeaders ? ["access-control-allow-headers", allowHeaders] : []),
        "access-control-max-age", String(maxAge),
      ],
    };
  }

  return {
    name: "cors",
    headers: ["origin", "access-control-request-method", "access-control-request-headers"],
    onRequest(request) {
      if (request.method !== "options" || request.headers["access-control-request-method"] === "") return undefined;
      const origin = request.headers.origin;
      // A preflight from a disallowed origin goes on to the routes and gets no CORS headers.
      return isAllowed(origin) ? preflight(request, origin) : undefined;
    },
    onResponse(request, reply) {
      const origin = request.headers.origin;
      if (!isAllowed(origin)) return withHeaders(reply, vary);
      if (reply.headers.includes("access-control-allow-origin")) return reply; // the preflight itself
      return withHeaders(reply, [...allowOrigin(origin), ...vary, ...common, ...expose]);
    },
  };
}
