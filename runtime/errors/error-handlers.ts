/**
 * Exception handlers chosen by error class: nearest router first, then the app; within one, the
 * most specific class of the error. Consulted only when a handler or dependency throws, so
 * routes pay nothing for them on success.
 */
import { HttpError } from "./http-error";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ErrorClass<E extends Error = Error> = abstract new (...args: any[]) => E;

/** Where the error happened. */
export interface ErrorContext {
  readonly method: string;
  /** The registered path, e.g. `/todos/:id`. */
  readonly path: string;
}

/** Returns (or throws) the `HttpError` to answer with; returns nothing to pass the error on. */
export type ErrorHandler<E extends Error = Error> = (error: E, context: ErrorContext) => HttpError | void | undefined;

export class ErrorHandlers {
  readonly #byClass = new Map<unknown, ErrorHandler>();

  get size(): number {
    return this.#byClass.size;
  }

  add<E extends Error>(type: ErrorClass<E>, handler: ErrorHandler<E>): void {
    this.#byClass.set(type, handler as ErrorHandler);
  }

  /** The handler for the nearest class of `error` in its prototype chain. */
  find(error: object): ErrorHandler | undefined {
    for (let type = error.constructor; type !== undefined && type !== null; type = Object.getPrototypeOf(type)) {
      const handler = this.#byClass.get(type);
      if (handler !== undefined) return handler;
      // An HttpError already is an answer: only a handler for its own class (or a subclass) takes it.
      if (type === HttpError || type === Function.prototype) break;
    }
    return undefined;
  }
}

/**
 * The error to answer with: what the first matching handler returns or throws, else `error`
 * itself.
 */
export function mapError(error: unknown, levels: readonly ErrorHandlers[], context: ErrorContext): unknown {
  if (typeof error !== "object" || error === null) return error;
  for (const level of levels) {
    if (level.size === 0) continue;
    const handler = level.find(error);
    if (handler === undefined) continue;
    try {
      const answer = handler(error as Error, context);
      if (answer instanceof HttpError) return answer;
    } catch (thrown) {
      return thrown;
    }
  }
  return error;
}
