/**
 * Per-route options, the optional second argument of a registration.
 *
 * @example
 * app.post("/users", { status: 201, bodyLimit: 64 * 1024 }, (user: UserCreate) => user);
 */
export interface RouteOptions {
  /** Success status; 200 by default, 204 for handlers that return nothing. */
  readonly status?: number;
  /** Largest request body in bytes; 1 MiB by default. Larger bodies get 413. */
  readonly bodyLimit?: number;
  /** The app's `strictContentType` for this route: `false` parses a body without `Content-Type` as JSON. */
  readonly strictContentType?: boolean;
  /** The app's `mediaTypeMismatch` for this route: 422 (FastAPI's) or 415 for a body that is not JSON. */
  readonly mediaTypeMismatch?: 415 | 422;
  /**
   * `true`: a JSON body takes only values of its declared types (pydantic's strict mode), so `"5"`
   * for a number is a 422 `float_type`. By default the app's `strict` (false): a string that
   * spells a number or boolean is read as one, as FastAPI does.
   */
  readonly strict?: boolean;
  /**
   * `"forbid"` (pydantic's `extra="forbid"`): a JSON body property, at any depth, or a query
   * parameter that the route's types do not declare is a 422 `extra_forbidden`, and the document
   * says `additionalProperties: false`. `"ignore"` (the default) accepts them; the handler sees
   * them, responses never write them. Read at build time: write it as a literal.
   */
  readonly extra?: "forbid" | "ignore";
  /** Milliseconds after which an unanswered request gets 503. Off by default. */
  readonly timeout?: number;
  /**
   * Milliseconds a streamed response (a file, JSON Lines, server-sent events, bytes) may wait on a
   * client that takes no bytes: then the connection is closed and the generator or file stream is
   * ended (its `finally` runs). The app's `sendTimeout` by default (30 s); 0 for never.
   */
  readonly sendTimeout?: number;
  /** OpenAPI tags, added to those from JSDoc `@tag`. */
  readonly tags?: readonly string[];
  /** OpenAPI summary; overrides the JSDoc summary. */
  readonly summary?: string;
  /** Mark the operation deprecated in the document. */
  readonly deprecated?: boolean;
  /** Leave the route out of the OpenAPI document. */
  readonly hidden?: boolean;
  /** `use(fn)` values run before the handler, results dropped (FastAPI's `dependencies=[Depends(…)]`). */
  readonly dependencies?: readonly unknown[];
  /**
   * Limits of `File` uploads, enforced while the body arrives and documented in OpenAPI (write
   * them as literals: the transformer reads them at build time). Defaults in {@link UploadLimits}.
   */
  readonly upload?: UploadLimits;
  /** Milliseconds between keep-alive comments of a server-sent event stream; 15000 by default, 0 for none. */
  readonly keepAlive?: number;
}

/**
 * Limits of a route's file uploads. A multipart body may be as large as `totalSize` plus the
 * route's `bodyLimit` (for the text fields).
 *
 * @example
 * app.post("/photos", { upload: { fileSize: 5_000_000, files: 4, types: ["image/png", "image/jpeg"] } },
 *   (photos: File[]) => photos.map((photo) => photo.size));
 */
export interface UploadLimits {
  /** Largest file in bytes (413 once a file passes it); 10 MiB by default. */
  readonly fileSize?: number;
  /** Largest sum of all files in bytes (413); 50 MiB by default. */
  readonly totalSize?: number;
  /** Most files in one request (422); 10 by default. */
  readonly files?: number;
  /** Allowed media types, `image/png` or `image/*` (415 for others); any by default. */
  readonly types?: readonly string[];
  /** Files up to this many bytes stay in memory, larger ones go to a temporary file; 1 MiB by default. */
  readonly memory?: number;
}
