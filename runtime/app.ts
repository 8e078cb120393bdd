/**
 * `App`: where routes are registered and the server is started. Registration does all the work
 * it can (manifest checks, compiling the route plan) so that serving a request does the least.
 */
import type { HttpMethod, RouteManifest } from "./manifest";
import type { RouteOptions } from "./route-options";
import { resolveOptions, type AppOptions, type Settings } from "./app-options";
import { readRegistration } from "./registration";
import { compileRoute, staticPlan } from "./route-plan";
import { Router } from "./router";
import { buildOpenApi, type DocumentedRoute } from "./openapi";
import { docsRoutes } from "./docs-pages";
import { listen, type Server } from "./uws-adapter";
import { STARTUP_ERRORS, startupError } from "./errors";
import { AppDependencies, type RouteGroupInfo } from "./route-dependencies";
import type { Router as RouteGroup } from "./route-group";
import type { ErrorClass, ErrorHandler } from "./error-handlers";

/** A route handler: any function; the transformer reads its parameter and return types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (...args: any[]) => unknown;

/**
 * A typekiln application. Register routes with `get`, `post`, …; the transformer adds each
 * route's manifest at build time. Then `listen()`.
 *
 * @example
 * const app = new App({ title: "Users API", version: "1.0.0" });
 * app.get("/users/:id", async (id: number): Promise<User> => db.find(id));
 * app.post("/users", { status: 201 }, (user: UserCreate): User => ({ id: 1, ...user }));
 * const { port } = await app.listen(3000);
 */
export class App {
  readonly #settings: Settings;
  readonly #router = new Router();
  readonly #documented: DocumentedRoute[] = [];
  #document: Record<string, unknown> | undefined;
  #server: Server | undefined;
  #starting = false;
  readonly #dependencies: AppDependencies;

  constructor(options: AppOptions = {}) {
    this.#settings = resolveOptions(options);
    this.#dependencies = new AppDependencies(options.dependencies ?? [], this.#settings.logger);
    const { docs, title, logger } = this.#settings;
    // Registered first, so a user route on the same path is reported as a duplicate at its line.
    for (const route of docsRoutes(docs, title, () => JSON.stringify(this.openapi()))) {
      this.#router.add("get", route.path, staticPlan(`GET ${route.path}`, route.build, logger));
    }
  }

  /** Registers a GET route. */
  get(path: string, handler: Handler): this;
  get(path: string, options: RouteOptions, handler: Handler): this;
  get(path: string, ...rest: unknown[]): this { return this.#register("get", path, rest); }

  /** Registers a POST route. */
  post(path: string, handler: Handler): this;
  post(path: string, options: RouteOptions, handler: Handler): this;
  post(path: string, ...rest: unknown[]): this { return this.#register("post", path, rest); }

  /** Registers a PUT route. */
  put(path: string, handler: Handler): this;
  put(path: string, options: RouteOptions, handler: Handler): this;
  put(path: string, ...rest: unknown[]): this { return this.#register("put", path, rest); }

  /** Registers a PATCH route. */
  patch(path: string, handler: Handler): this;
  patch(path: string, options: RouteOptions, handler: Handler): this;
  patch(path: string, ...rest: unknown[]): this { return this.#register("patch", path, rest); }

  /** Registers a DELETE route. */
  delete(path: string, handler: Handler): this;
  delete(path: string, options: RouteOptions, handler: Handler): this;
  delete(path: string, ...rest: unknown[]): this { return this.#register("delete", path, rest); }

  /** Registers a HEAD route; GET routes answer HEAD on their own. */
  head(path: string, handler: Handler): this;
  head(path: string, options: RouteOptions, handler: Handler): this;
  head(path: string, ...rest: unknown[]): this { return this.#register("head", path, rest); }

  /** Registers an OPTIONS route. */
  options(path: string, handler: Handler): this;
  options(path: string, options: RouteOptions, handler: Handler): this;
  options(path: string, ...rest: unknown[]): this { return this.#register("options", path, rest); }

  /**
   * Starts serving. Port 0 picks a free port; the promise gives the one bound.
   * Rejects when the port cannot be bound.
   */
  async listen(port = 3000, host = "0.0.0.0"): Promise<{ port: number }> {
    if (this.#server !== undefined || this.#starting) throw startupError(STARTUP_ERRORS.ALREADY_LISTENING);
    this.#starting = true;
    try {
      await this.#dependencies.scope.start();
      this.#server = await listen(this.#router.table(), host, port, this.#settings.logger);
    } finally {
      this.#starting = false;
    }
    return { port: this.#server.port };
  }

  /** Stops listening and closes open connections, so the process (or a test runner) can exit. */
  async close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    server?.close();
    await this.#dependencies.scope.stop();
  }

  /**
   * Registers every route of `router` (and of the routers it includes) under its prefix, with its
   * tags, dependencies and exception handlers.
   *
   * @example
   * const todos = new Router({ prefix: "/todos", tags: ["todos"] });
   * todos.get("/", (db = use(database)) => db.all());
   * app.include(todos);
   */
  include(router: RouteGroup): this {
    for (const route of router.routes()) {
      const prefix = route.path.slice(0, route.path.length - route.written.length);
      if (prefix !== "" && (!prefix.startsWith("/") || prefix.includes(":")))
        throw startupError(STARTUP_ERRORS.DEP_BAD_PREFIX, { prefix });
      this.#register(route.method, route.path, route.rest, route);
    }
    return this;
  }

  /**
   * Answers errors of `type` (and subclasses) that no router handled: return or throw an
   * `HttpError` to answer with it; return nothing for the default (500, logged).
   *
   * @example
   * class NotFoundError extends Error {}
   * app.onError(NotFoundError, (err) => new HttpError(404, err.message));
   */
  onError<E extends Error>(type: ErrorClass<E>, handler: ErrorHandler<E>): this {
    this.#dependencies.handlers.add(type, handler);
    return this;
  }

  /**
   * Replaces dependency `fn` with `fake` in every route, for tests; `override(fn)` restores it.
   * The fake receives the original's resolved arguments (its own parameters are not analysed), and
   * may be a plain, async or generator function. An app-scoped dependency's override applies at the
   * next `listen()`.
   *
   * @example
   * app.override(database, () => testDatabase);
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override<F extends (...args: any[]) => unknown>(fn: F, fake?: (...args: Parameters<F>) => unknown): this {
    this.#dependencies.scope.override(fn, fake);
    return this;
  }

  /** The OpenAPI 3.1 document served at `/openapi.json`, built on first use and then kept. */
  openapi(): Record<string, unknown> {
    const { title, version, description } = this.#settings;
    if (this.#document !== undefined) return this.#document;
    const document = buildOpenApi({ title, version, description }, this.#documented);
    const schemes = this.#dependencies.securitySchemes();
    if (Object.keys(schemes).length > 0) {
      const components = document.components as Record<string, Record<string, unknown>>;
      components.securitySchemes = { ...schemes, ...components.securitySchemes };
    }
    return (this.#document = document);
  }

  /**
   * The manifests of the registered routes, in registration order: what tools that read an app
   * (an SDK generator, an OpenAPI export, tests) start from.
   *
   * @example
   * for (const route of app.manifests()) console.log(route.method, route.path);
   */
  manifests(): readonly RouteManifest[] {
    return this.#documented.map((route) => route.manifest);
  }

  #register(method: HttpMethod, path: string, rest: readonly unknown[], group?: RouteGroupInfo): this {
    const label = `${method.toUpperCase()} ${path}`;
    if (this.#server !== undefined || this.#starting) throw startupError(STARTUP_ERRORS.LATE_ROUTE, { route: label });
    const registration = readRegistration(method, group?.written ?? path, label, rest);
    const { options, manifest } = registration;
    const { bodyLimit, logger } = this.#settings;
    const route = this.#dependencies.prepare({ method, path, label, handler: registration.handler, manifest, group, own: options.dependencies });
    const plan = compileRoute({ label, handler: route.handler, manifest: route.manifest, options, bodyLimit, logger, mapError: route.mapError });
    this.#router.add(method, path, plan);
    this.#documented.push({ method, path, manifest, options, decorate: route.decorate });
    this.#document = undefined;
    return this;
  }
}
