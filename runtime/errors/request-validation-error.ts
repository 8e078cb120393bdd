/**
 * `RequestValidationError`: what a request whose inputs fail their types raises, FastAPI's
 * `RequestValidationError`. The runtime answers it with 422 `{"detail": [...]}` unless an
 * exception handler takes it (`app.onError(RequestValidationError, …)`); generator dependencies
 * already entered see it thrown at their `yield`, as FastAPI throws it into them.
 */

/** One entry of a 422 `detail` list, in pydantic v2's shape. */
export interface ValidationErrorEntry {
  readonly type: string;
  /** The input's source (`path`, `query`, `header`, `cookie`, `body`), then names and indices. */
  readonly loc: readonly (string | number)[];
  readonly msg: string;
  readonly input: unknown;
  readonly ctx?: Readonly<Record<string, unknown>>;
}

/**
 * The inputs of a request failed validation; `errors` holds every failure, `body` the parsed JSON
 * body when the route reads one and one came (the text for malformed JSON), as FastAPI's `exc.body`.
 *
 * @example
 * app.onError(RequestValidationError, (err) =>
 *   reply(422, { errors: { body: err.errors.map((e) => `${e.loc.join(".")}: ${e.msg}`) } }));
 */
export class RequestValidationError extends Error {
  constructor(readonly errors: readonly ValidationErrorEntry[], readonly body?: unknown) {
    super("Validation failed");
    this.name = "RequestValidationError";
  }
}
