/**
 * The catalogue of every error the runtime itself produces: the HTTP answers it gives on its own
 * (not a handler's `HttpError`) and the start-up errors it throws at registration or `listen()`.
 *
 * Codes are `TK_RT_` plus a name, like Fastify's `FST_ERR_*`: a name survives reordering and reads
 * in a log without a lookup table, and `TK_RT_` keeps them apart from the transformer's compile
 * codes. A code is never renamed or reused once released; a retired one stays here, marked so.
 * The docs page is written from this file and a test keeps the two in sync.
 */

/** An answer the runtime gives without the handler's say. `message` is the `detail` it sends. */
export interface HttpErrorEntry {
  readonly code: string;
  readonly status: number;
  readonly message: string;
  /** When it happens, for the docs. */
  readonly when: string;
}

/** A start-up error. `{route}` and similar placeholders are filled in when it is thrown. */
export interface StartupErrorEntry {
  readonly code: string;
  readonly message: string;
}

export const HTTP_ERRORS = {
  BAD_PATH_ENCODING: {
    code: "TK_RT_BAD_PATH_ENCODING", status: 400, message: "Invalid percent-encoding in path",
    when: "A path parameter holds a malformed percent escape such as `%zz`.",
  },
  PROTOTYPE_POISONING: {
    code: "TK_RT_PROTOTYPE_POISONING", status: 400, message: "Body contains a forbidden prototype property",
    when: "The JSON body has a `__proto__` key or a `constructor.prototype` pair, at any depth and in any spelling.",
  },
  BODY_TOO_DEEP: {
    code: "TK_RT_BODY_TOO_DEEP", status: 400, message: "Body is nested too deeply",
    when: "The JSON body nests arrays and objects more than 1,000 levels deep, or validating it ran out of stack.",
  },
  AMBIGUOUS_FRAMING: {
    code: "TK_RT_AMBIGUOUS_FRAMING", status: 400, message: "Request body framing is ambiguous",
    when: "On a route that reads a body: repeated `Content-Length` headers, `Content-Length` with `Transfer-Encoding`, or a `Transfer-Encoding` other than one `chunked` (request smuggling); sent with `Connection: close`, and nothing after it on the connection is read.",
  },
  MALFORMED_REQUEST: {
    code: "TK_RT_MALFORMED_REQUEST", status: 400, message: "Malformed request",
    when: "Node transport: the request breaks HTTP/1.1 framing or syntax (no `Host` on HTTP/1.1, two `Host` headers, an invalid `Content-Length` or chunk size, `Content-Length` with `Transfer-Encoding`, a bad request line or header name); sent with `Connection: close`. The uWS transport closes such connections instead (README, \"Runtimes and transports\").",
  },
  NOT_FOUND: {
    code: "TK_RT_NOT_FOUND", status: 404, message: "Not Found",
    when: "No route matches the path.",
  },
  METHOD_NOT_ALLOWED: {
    code: "TK_RT_METHOD_NOT_ALLOWED", status: 405, message: "Method Not Allowed",
    when: "A route matches the path but not the method; `Allow` lists the methods that do.",
  },
  BODY_TOO_LARGE: {
    code: "TK_RT_BODY_TOO_LARGE", status: 413, message: "Request body is too large",
    when: "`Content-Length` or the bytes received exceed the route's `bodyLimit`; the connection is closed.",
  },
  HEADERS_TOO_LARGE: {
    code: "TK_RT_HEADERS_TOO_LARGE", status: 431, message: "Request header fields too large",
    when: "Node transport: the header block is over 16 KiB or has more than 100 lines; sent with `Connection: close`.",
  },
  UNSUPPORTED_MEDIA_TYPE: {
    code: "TK_RT_UNSUPPORTED_MEDIA_TYPE", status: 415, message: "Unsupported Media Type",
    when: "A non-empty body without `application/json` or `application/*+json` on a JSON route of an app or route with `mediaTypeMismatch: 415` (by default such a body is validated as text: 422, as FastAPI), on a form route (neither form type), or an OAuth2 password form that is not `application/x-www-form-urlencoded`.",
  },
  VALIDATION_FAILED: {
    code: "TK_RT_VALIDATION_FAILED", status: 422, message: "Validation failed",
    when: "An input is missing or fails its type; `detail` lists every failure in pydantic v2's shape.",
  },
  JSON_INVALID: {
    code: "TK_RT_JSON_INVALID", status: 422, message: "JSON decode error",
    when: "The body is not valid JSON; `detail` holds one `json_invalid` entry with the position.",
  },
  INTERNAL: {
    code: "TK_RT_INTERNAL", status: 500, message: "Internal Server Error",
    when: "A handler or serializer threw something other than `HttpError`, or a response header from user code is not writable (a name that is not an HTTP token, a value with CR, LF, NUL or another control character); the error is logged with the route, never sent.",
  },
  RESPONSE_INVALID: {
    code: "TK_RT_RESPONSE_INVALID", status: 500, message: "Internal Server Error",
    when: "While responses are checked (`App({ validateResponses })`, on unless `NODE_ENV` is `production`), the handler's result does not match its return type (a required field missing, a wrong type), as FastAPI's `ResponseValidationError`: the log names the route and each field's `loc`, message and value. In production the result is not checked; if the serializer then throws on it, the same log line (without values) explains the 500.",
  },
  REQUEST_TIMEOUT: {
    code: "TK_RT_REQUEST_TIMEOUT", status: 408, message: "Request timed out before it was complete",
    when: "Node transport: the request's header block did not arrive within 10 s (a slow or stalled client); sent with `Connection: close`.",
  },
  TIMEOUT: {
    code: "TK_RT_TIMEOUT", status: 503, message: "Request timed out",
    when: "The route's `timeout` passed before the handler answered; a late answer is dropped.",
  },
  UNTRUSTED_HOST: {
    code: "TK_RT_UNTRUSTED_HOST", status: 400, message: "Invalid host header",
    when: "`trustedHosts()` is in use and the request's `Host` matches none of its patterns.",
  },
  SHUTTING_DOWN: {
    code: "TK_RT_SHUTTING_DOWN", status: 503, message: "Server is shutting down",
    when: "A request arrived on an open keep-alive connection during a graceful shutdown; sent with `Connection: close`.",
  },
  // Forms, uploads and files (runtime/form-body.ts, runtime/file-reply.ts).
  FORM_INVALID: {
    code: "TK_RT_FORM_INVALID", status: 400, message: "Malformed form body",
    when: "A `multipart/form-data` body without a boundary, or one that ends before its closing boundary.",
  },
  FILE_TOO_LARGE: {
    code: "TK_RT_FILE_TOO_LARGE", status: 413, message: "File is too large",
    when: "An uploaded file passed the route's `upload.fileSize`, answered while it arrives; the connection is closed.",
  },
  UPLOAD_TOO_LARGE: {
    code: "TK_RT_UPLOAD_TOO_LARGE", status: 413, message: "Uploaded files are too large in total",
    when: "The files of one request passed the route's `upload.totalSize`, answered while they arrive; the connection is closed.",
  },
  FILE_TYPE_NOT_ALLOWED: {
    code: "TK_RT_FILE_TYPE_NOT_ALLOWED", status: 415, message: "File media type is not allowed",
    when: "An uploaded file's `Content-Type` is not in the route's `upload.types`; answered at the part's headers.",
  },
  RANGE_NOT_SATISFIABLE: {
    code: "TK_RT_RANGE_NOT_SATISFIABLE", status: 416, message: "Range Not Satisfiable",
    when: "A `Range` request for a file starts past its end; `Content-Range: bytes */size` gives the size.",
  },
} as const satisfies Record<string, HttpErrorEntry>;

const FIX = 'add { "transform": "typekiln/transformer" } to compilerOptions.plugins in tsconfig.json and build with tspc (ts-patch 3.3 on TypeScript 5.9: TypeScript 7 cannot run compiler plugins)';

export const STARTUP_ERRORS = {
  NO_MANIFEST: {
    code: "TK_RT_NO_MANIFEST",
    message: `{route} has no route manifest: ${FIX}`,
  },
  BUILD_FAILED: {
    code: "TK_RT_BUILD_FAILED",
    message: "{route} did not build: {failure} Fix it and rebuild (typekiln check lists every compile error)",
  },
  MANIFEST_VERSION: {
    code: "TK_RT_MANIFEST_VERSION",
    message: "{route} has a route manifest of version {found}, this runtime reads version {expected}: rebuild with the typekiln version you run",
  },
  MANIFEST_MISMATCH: {
    code: "TK_RT_MANIFEST_MISMATCH",
    message: "{route} carries the manifest of {other}: rebuild; if it persists, report a transformer bug",
  },
  BAD_HANDLER: {
    code: "TK_RT_BAD_HANDLER",
    message: "{route}: the handler must be a function",
  },
  BAD_ROUTE_OPTION: {
    code: "TK_RT_BAD_ROUTE_OPTION",
    message: "{route}: route option {option} must be {expected}",
  },
  DUPLICATE_ROUTE: {
    code: "TK_RT_DUPLICATE_ROUTE",
    message: "{route} is registered twice (also as {other})",
  },
  LATE_ROUTE: {
    code: "TK_RT_LATE_ROUTE",
    message: "{route} is registered after listen(): register every route before listening",
  },
  ALREADY_LISTENING: {
    code: "TK_RT_ALREADY_LISTENING",
    message: "listen() was called twice: close() the app first",
  },
  LISTEN_FAILED: {
    code: "TK_RT_LISTEN_FAILED",
    message: "cannot listen on {host}:{port}: port {port} is in use or not permitted (to share a port between processes, pass { reusePort: true } to listen() in each of them)",
  },
  BAD_APP_OPTION: {
    code: "TK_RT_BAD_APP_OPTION",
    message: "new App(): option {option} must be {expected}",
  },
  UWS_UNAVAILABLE: {
    code: "TK_RT_UWS_UNAVAILABLE",
    message: "the uWS transport cannot run on {runtime}: {reason}.{supported} Either install a uWebSockets.js build for this runtime (the official one: see README, \"Runtimes and transports\"), or serve on node:http: new App({ transport: \"node\" }) or TYPEKILN_TRANSPORT=node (transport \"auto\", the default, does that by itself)",
  },
  BAD_TRANSPORT: {
    code: "TK_RT_BAD_TRANSPORT",
    message: "{source} is {value}: it must be \"uws\", \"node\" or \"auto\"",
  },
  REUSE_PORT_UNSUPPORTED: {
    code: "TK_RT_REUSE_PORT_UNSUPPORTED",
    message: "listen({ reusePort: true }) on the node transport needs Node 22.12 or later (this is {runtime}): use the uWS transport, or one port per process",
  },
  LATE_MIDDLEWARE: {
    code: "TK_RT_LATE_MIDDLEWARE",
    message: "middleware {name} is added after listen(): call use() before listening",
  },
  BAD_MIDDLEWARE_OPTION: {
    code: "TK_RT_BAD_MIDDLEWARE_OPTION",
    message: "{name}: option {option} must be {expected}",
  },
  // Dependencies and routers (feature/di).
  DEP_NOT_A_DEPENDENCY: {
    code: "TK_RT_DEP_NOT_A_DEPENDENCY",
    message: "{where}: every entry of dependencies must be use(fn)",
  },
  DEP_NO_MANIFEST: {
    code: "TK_RT_DEP_NO_MANIFEST",
    message: `{where}: use(fn) in dependencies has no dependency manifest: ${FIX}`,
  },
  DEP_BAD_PREFIX: {
    code: "TK_RT_DEP_BAD_PREFIX",
    message: "router prefix {prefix} must start with / and hold no :parameters",
  },
  DEP_SCOPE_CONFLICT: {
    code: "TK_RT_DEP_SCOPE_CONFLICT",
    message: "{where}: {name} is declared with dependency(fn, { scope: \"{declared}\" }) but used with scope \"{used}\"",
  },
} as const satisfies Record<string, StartupErrorEntry>;

/**
 * A start-up error: thrown at registration or by `listen()`, never answered to a client.
 * `code` is the catalogue code, for tests and for searching the docs.
 */
export class TypekilnError extends Error {
  constructor(readonly code: string, message: string) {
    super(`typekiln: ${message}`);
    this.name = "TypekilnError";
  }
}

/** Builds the error for a catalogue entry, filling `{name}` placeholders from `values`. */
export function startupError(entry: StartupErrorEntry, values: Readonly<Record<string, unknown>> = {}): TypekilnError {
  const message = entry.message.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key]));
  return new TypekilnError(entry.code, message);
}
