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
import { mountStatic, type StaticOptions } from "./static-mount";

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

  constructor(options: AppOptions = {}) {
    this.#settings = resolveOptions(options);
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
   * Serves the files under `dir` at `prefix` (`GET` and `HEAD`), with content types, `ETag`,
   * 304 and `Range`; paths that would leave `dir` (`..`, encoded or not, symlinks) are 404.
   *
   * @example
   * app.static("/assets", "public", { maxAge: 3600 });
   */
  static(prefix: string, dir: string, options: StaticOptions = {}): this {
    if (this.#server !== undefined || this.#starting) throw startupError(STARTUP_ERRORS.LATE_ROUTE, { route: `GET ${prefix}` });
    mountStatic(this.#router, prefix, dir, options, this.#settings.logger);
    return this;
  }

  /**
   * Starts serving. Port 0 picks a free port; the promise gives the one bound.
   * Rejects when the port cannot be bound.
   */
  async listen(port = 3000, host = "0.0.0.0"): Promise<{ port: number }> {
    if (this.#server !== undefined || this.#starting) throw startupError(STARTUP_ERRORS.ALREADY_LISTENING);
    this.#starting = true;
    try {
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
  }

  /** The OpenAPI 3.1 document served at `/openapi.json`, built on first use and then kept. */
  openapi(): Record<string, unknown> {
    const { title, version, description } = this.#settings;
    return (this.#document ??= buildOpenApi({ title, version, description }, this.#documented));
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

  #register(method: HttpMethod, path: string, rest: readonly unknown[]): this {
    const label = `${method.toUpperCase()} ${path}`;
    if (this.#server !== undefined || this.#starting) throw startupError(STARTUP_ERRORS.LATE_ROUTE, { route: label });
    const { options, handler, manifest } = readRegistration(method, path, label, rest);
    const { bodyLimit, logger } = this.#settings;
    this.#router.add(method, path, compileRoute({ label, handler, manifest, options, bodyLimit, logger }));
    this.#documented.push({ method, path, manifest, options });
    this.#document = undefined;
    return this;
  }
}
