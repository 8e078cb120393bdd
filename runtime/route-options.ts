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
  /** Milliseconds after which an unanswered request gets 503. Off by default. */
  readonly timeout?: number;
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
}
