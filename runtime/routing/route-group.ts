/**
 * `Router`: a group of routes with a path prefix, OpenAPI tags, dependencies that guard every
 * route in it, and its own exception handlers. Routers nest (`router.include(sub)`) and are
 * included into an app (`app.include(router)`), which registers their routes then. The
 * transformer recognises `router.get(…)` like `app.get(…)` (by this file).
 */
import type { HttpMethod } from "../contract/manifest";
import type { RouteOptions } from "../contract/route-options";
import { ErrorHandlers, type ErrorClass, type ErrorHandler } from "../errors/error-handlers";
import type { ErrorHandlerManifest } from "../contract/manifest";
import type { HttpError } from "../errors/http-error";
import type { Bytes, Html, Reply, Text } from "../responses/responses";

/**
 * An exception handler: returns (or throws) an `HttpError`, returns a response value whose body
 * is written by the serializer of its declared return type, or returns nothing to pass the error on.
 */
export type ExceptionHandler<E extends Error> = ErrorHandler<E, ExceptionAnswer | Promise<ExceptionAnswer>>;

/** What an exception handler may answer (or, `async`, resolve to). */
type ExceptionAnswer = HttpError | Reply<number, unknown> | Text | Html | Bytes | void | undefined;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (...args: any[]) => unknown;

/** Options of `new Router(…)`. */
export interface RouterOptions {
  /** Put before every path of the router, e.g. `/todos`; no `:parameters`. */
  readonly prefix?: string;
  /** OpenAPI tags added to every route of the router. */
  readonly tags?: readonly string[];
  /** `use(fn)` values run before every route of the router; their results are not passed on. */
  readonly dependencies?: readonly unknown[];
}

/** One route of a router, as an app registers it. */
export interface GroupedRoute {
  readonly method: HttpMethod;
  /** The path as written in the registration: what its manifest was built for. */
  readonly written: string;
  /** The path with every enclosing prefix. */
  readonly path: string;
  readonly rest: readonly unknown[];
  readonly tags: readonly string[];
  /** Outermost router's dependencies first. */
  readonly dependencies: readonly unknown[];
  /** Nearest router's handlers first. */
  readonly handlers: readonly ErrorHandlers[];
}

/**
 * @example
 * const todos = new Router({ prefix: "/todos", tags: ["todos"], dependencies: [use(verifyKey)] });
 * todos.get("/:id", (id: number, db = use(database)) => db.find(id));
 * todos.onError(NotFoundError, (err) => new HttpError(404, err.message));
 * app.include(todos);
 */
export class Router {
  readonly #prefix: string;
  readonly #tags: readonly string[];
  readonly #dependencies: readonly unknown[];
  readonly #routes: { method: HttpMethod; path: string; rest: readonly unknown[] }[] = [];
  readonly #children: Router[] = [];
  readonly #handlers = new ErrorHandlers();

  constructor(options: RouterOptions = {}) {
    this.#prefix = (options.prefix ?? "").replace(/\/$/, "");
    this.#tags = options.tags ?? [];
    this.#dependencies = options.dependencies ?? [];
  }

  /** Registers a GET route. */
  get(path: string, handler: Handler): this;
  get(path: string, options: RouteOptions, handler: Handler): this;
  get(path: string, ...rest: unknown[]): this { return this.#add("get", path, rest); }

  /** Registers a POST route. */
  post(path: string, handler: Handler): this;
  post(path: string, options: RouteOptions, handler: Handler): this;
  post(path: string, ...rest: unknown[]): this { return this.#add("post", path, rest); }

  /** Registers a PUT route. */
  put(path: string, handler: Handler): this;
  put(path: string, options: RouteOptions, handler: Handler): this;
  put(path: string, ...rest: unknown[]): this { return this.#add("put", path, rest); }

  /** Registers a PATCH route. */
  patch(path: string, handler: Handler): this;
  patch(path: string, options: RouteOptions, handler: Handler): this;
  patch(path: string, ...rest: unknown[]): this { return this.#add("patch", path, rest); }

  /** Registers a DELETE route. */
  delete(path: string, handler: Handler): this;
  delete(path: string, options: RouteOptions, handler: Handler): this;
  delete(path: string, ...rest: unknown[]): this { return this.#add("delete", path, rest); }

  /** Registers a HEAD route. */
  head(path: string, handler: Handler): this;
  head(path: string, options: RouteOptions, handler: Handler): this;
  head(path: string, ...rest: unknown[]): this { return this.#add("head", path, rest); }

  /** Registers an OPTIONS route. */
  options(path: string, handler: Handler): this;
  options(path: string, options: RouteOptions, handler: Handler): this;
  options(path: string, ...rest: unknown[]): this { return this.#add("options", path, rest); }

  /** Nests `router` under this one: its paths get this prefix, its routes these tags and dependencies. */
  include(router: Router): this {
    this.#children.push(router);
    return this;
  }

  /**
   * Answers errors of `type` (and its subclasses) raised by this router's routes and their
   * dependencies, validation failures (`RequestValidationError`) included, as `app.onError` does:
   * return or throw an `HttpError` or return a response value (`reply()`) to answer with it,
   * return nothing to pass the error on to the enclosing router, then the app. The most specific
   * class wins.
   */
  onError<E extends Error>(type: ErrorClass<E>, handler: ExceptionHandler<E>): this;
  onError(type: ErrorClass, handler: ExceptionHandler<Error>, manifest?: ErrorHandlerManifest): this {
    this.#handlers.add(type, handler, manifest);
    return this;
  }

  /** Every route of this router and those it includes, with prefixes, tags and handlers applied. */
  routes(): GroupedRoute[] {
    const own: GroupedRoute[] = this.#routes.map((route) => ({
      method: route.method,
      written: route.path,
      path: this.#prefix + route.path,
      rest: route.rest,
      tags: this.#tags,
      dependencies: this.#dependencies,
      handlers: [this.#handlers],
    }));
    const nested = this.#children.flatMap((child) =>
      child.routes().map((route) => ({
        ...route,
        path: this.#prefix + route.path,
        tags: [...this.#tags, ...route.tags.filter((tag) => !this.#tags.includes(tag))],
        dependencies: [...this.#dependencies, ...route.dependencies],
        handlers: [...route.handlers, this.#handlers],
      })),
    );
    return [...own, ...nested];
  }

  #add(method: HttpMethod, path: string, rest: readonly unknown[]): this {
    this.#routes.push({ method, path, rest });
    return this;
  }
}
