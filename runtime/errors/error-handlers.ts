/**
 * Exception handlers chosen by error class: nearest router first, then the app; within one, the
 * most specific class of the error. Consulted only when a handler or dependency throws, so
 * routes pay nothing for them on success.
 */
import type { ErrorHandlerManifest } from "../contract/manifest";
import { HttpError } from "./http-error";
import { RequestValidationError } from "./request-validation-error";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ErrorClass<E extends Error = Error> = abstract new (...args: any[]) => E;

/** Where the error happened. */
export interface ErrorContext {
  readonly method: string;
  /** The registered path, e.g. `/todos/:id`. */
  readonly path: string;
}

/**
 * Returns (or throws) the answer: an `HttpError`, or a response value (`reply(status, body,
 * headers)`, `text()`, …) whose body is written by the serializer of the handler's declared return
 * type; returns nothing to pass the error on. `R` is what the app's and routers' `onError` allow.
 */
export type ErrorHandler<E extends Error = Error, R = unknown> = (error: E, context: ErrorContext) => R;

/** An exception handler's answer that is not an `HttpError`, with what the transformer wrote for it. */
export class HandlerAnswer {
  constructor(readonly value: unknown, readonly manifest: ErrorHandlerManifest | undefined) {}
}

interface Registered {
  readonly handler: ErrorHandler;
  readonly manifest: ErrorHandlerManifest | undefined;
}

export class ErrorHandlers {
  readonly #byClass = new Map<unknown, Registered>();

  get size(): number {
    return this.#byClass.size;
  }

  add<E extends Error>(type: ErrorClass<E>, handler: ErrorHandler<E>, manifest?: ErrorHandlerManifest): void {
    this.#byClass.set(type, { handler: handler as ErrorHandler, manifest });
  }

  /** Whether a handler is registered for exactly this class. */
  has(type: ErrorClass): boolean {
    return this.#byClass.has(type);
  }

  /** The handler for the nearest class of `error` in its prototype chain. */
  find(error: object): Registered | undefined {
    for (let type = error.constructor; type !== undefined && type !== null; type = Object.getPrototypeOf(type)) {
      const registered = this.#byClass.get(type);
      if (registered !== undefined) return registered;
      // An HttpError or a validation failure already has an answer (FastAPI's default handlers):
      // only a handler for its own class (or a subclass) takes it, never one for `Error`.
      if (type === HttpError || type === RequestValidationError || type === Function.prototype) break;
    }
    return undefined;
  }

  /** The handlers' manifests, by error class: what the OpenAPI document reads. */
  manifests(): ReadonlyMap<unknown, ErrorHandlerManifest> {
    const out = new Map<unknown, ErrorHandlerManifest>();
    for (const [type, { manifest }] of this.#byClass) if (manifest !== undefined) out.set(type, manifest);
    return out;
  }
}

/**
 * The error to answer with: what the first matching handler throws or returns (an `HttpError`,
 * or its other answer as a `HandlerAnswer`), else `error` itself; a promise of it when the
 * handler that answers is `async`.
 */
export function mapError(error: unknown, levels: readonly ErrorHandlers[], context: ErrorContext): unknown {
  if (typeof error !== "object" || error === null) return error;
  for (const level of levels) {
    if (level.size === 0) continue;
    const registered = level.find(error);
    if (registered === undefined) continue;
    let answer: unknown;
    try {
      answer = registered.handler(error as Error, context);
    } catch (thrown) {
      return thrown;
    }
    if (isThenable(answer)) {
      // An `async` handler (FastAPI's are usually `async def`): the caller awaits what it settles to.
      const rest = levels.slice(levels.indexOf(level) + 1);
      return Promise.resolve(answer).then(
        (settled) => (settled === undefined || settled === null ? mapError(error, rest, context) : answerOf(settled, registered.manifest)),
        (thrown: unknown) => thrown,
      );
    }
    if (answer !== undefined && answer !== null) return answerOf(answer, registered.manifest);
  }
  return error;
}

const answerOf = (answer: unknown, manifest: ErrorHandlerManifest | undefined): unknown =>
  answer instanceof HttpError ? answer : new HandlerAnswer(answer, manifest);

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  value !== null && typeof value === "object" && typeof (value as { then?: unknown }).then === "function";
