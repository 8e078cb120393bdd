/**
 * `App`: where routes are registered and the server is started. Registration does all the work
 * it can (manifest checks, compiling the route plan) so that serving a request does the least.
 */
import type { HttpMethod, RouteManifest } from "../contract/manifest";
import type { RouteOptions } from "../contract/route-options";
import { resolveOptions, type AppOptions, type Settings } from "./app-options";
import { readRegistration } from "../routing/registration";
import { compileRoute, staticPlan } from "../routing/route-plan";
import { RouteRegistry, routePattern } from "../routing/router";
import { buildOpenApi, type DocumentedRoute } from "../docs/openapi";
import { docsRoutes } from "../docs/docs-pages";
import type { ListenProps, Server } from "../transport/transport";
import { memoryTransport, type MemoryServer } from "../transport/memory/memory-transport";
import { memoryFetch, type MemoryFetch } from "../transport/memory/memory-fetch";
import type { Duplex } from "node:stream";
import { checkTransportOption, chooseTransport, type TransportOption } from "./transport-choice";
import { STARTUP_ERRORS, startupError } from "../errors/errors";
import type { SocketHandlers, SocketOptions, SocketRoute } from "../websocket/socket";
import type { SocketManifest } from "../contract/socket-manifest";
import { compileSocket, readSocketRegistration, type SocketPlan } from "../websocket/socket-plan";
import { PublishingRoute } from "../websocket/socket-route";
import { buildAsyncApi, type DocumentedSocket } from "../docs/asyncapi";
import { asyncApiRoutes } from "../docs/asyncapi-page";
import { compileMiddleware, type Middleware } from "../middleware/middleware";
import { Lifecycle, type LifespanHook, type Listening, type ListenOptions, type ShutdownOptions, type ShutdownResult } from "./lifecycle";
import { AppDependencies } from "../dependencies/app-dependencies";
import type { GroupedRoute, Router as RouteGroup } from "../routing/route-group";
import { ErrorHandlers, mapError, type ErrorClass } from "../errors/error-handlers";
import { RequestValidationError } from "../errors/request-validation-error";
import type { ErrorHandlerManifest } from "../contract/manifest";
import type { ExceptionHandler } from "../routing/route-group";
import { mountStatic, type StaticOptions } from "../routing/static-mount";

/** The app served in memory, and the `fetch` that reaches it. */
interface InMemory {
  readonly server: MemoryServer;
  readonly fetch: MemoryFetch;
}

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
export class App<State extends object = Record<string, unknown>> {
  /**
   * Shared app state, typed by `App<State>`: fill it in an `onStartup` hook, read it in handlers.
   *
   * @example
   * const app = new App<{ db: Database }>();
   * app.onStartup(async (state) => { state.db = await Database.open(); });
   * app.get("/count", () => app.state.db.count());
   */
  readonly state = {} as State;
  readonly #middleware: Middleware[] = [];
  readonly #lifecycle: Lifecycle<State>;
  /** How the app reaches the network (runtime/transport/transport.ts), resolved at `listen()`. */
  readonly #transport: TransportOption;
  readonly #settings: Settings;
  readonly #router = new RouteRegistry();
  readonly #documented: DocumentedRoute[] = [];
  #document: Record<string, unknown> | undefined;
  #server: Server | undefined;
  #starting = false;
  /** The app served in memory (`request()`, `connect()`), from the first call until `close()`. */
  #memory: Promise<InMemory> | undefined;
  // WebSockets (app.ws): plans, their publishing handles, and the AsyncAPI document.
  readonly #sockets: { plan: SocketPlan; route: PublishingRoute; documented: DocumentedSocket }[] = [];
  #asyncapi: Record<string, unknown> | undefined;
  #asyncapiRoutes = false;
  readonly #dependencies: AppDependencies;
  /** `app.onError`'s handlers, consulted after a route's routers' own. */
  readonly #errorHandlers = new ErrorHandlers();

  constructor(options: AppOptions = {}) {
    this.#settings = resolveOptions(options);
    this.#transport = checkTransportOption(options.transport);
    this.#dependencies = new AppDependencies(options.dependencies ?? [], this.#settings.logger);
    const { docs, title, logger } = this.#settings;
    this.#lifecycle = new Lifecycle<State>(logger);
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
    if (this.#serving) throw startupError(STARTUP_ERRORS.LATE_ROUTE, { route: `GET ${prefix}` });
    mountStatic(this.#router, prefix, dir, options, this.#settings.logger);
    return this;
  }

  /**
   * Registers a WebSocket route. `upgrade` reads typed path, query, header and cookie parameters
   * like an HTTP handler and returns the socket's `data` (throw `HttpError` to refuse); every
   * message is validated against `message`'s parameter type; `Out` (from `Socket<Out>` or a type
   * argument) types and serializes what is sent. Returns a handle that publishes to its topics.
   *
   * @example
   * const chat = app.ws("/rooms/:room", {
   *   upgrade: (room: string) => ({ room }),
   *   open: (ws: Socket<ChatOut, { room: string }>) => void ws.subscribe(ws.data.room),
   *   message: (ws, msg: ChatIn) => void ws.publish(ws.data.room, { type: "said", text: msg.text }),
   * }, { idleTimeout: 60 });
   */
  ws<Out = never, Data = unknown, In = never>(
    path: string, handlers: SocketHandlers<Out, Data, In>, options?: SocketOptions,
  ): SocketRoute<Out>;
  ws(path: string, ...rest: unknown[]): SocketRoute<unknown> {
    const label = `WS ${path}`;
    if (this.#serving) throw startupError(STARTUP_ERRORS.LATE_ROUTE, { route: label });
    const other = this.#sockets.find((socket) => socket.plan.path.replace(/:[^/]+/g, ":") === path.replace(/:[^/]+/g, ":"));
    if (other !== undefined) throw startupError(STARTUP_ERRORS.DUPLICATE_ROUTE, { route: label, other: other.plan.label });
    const { handlers, options, manifest } = readSocketRegistration(path, label, rest);
    const plan = compileSocket({ label, handlers, options, manifest, logger: this.#settings.logger });
    const route = new PublishingRoute(plan);
    this.#sockets.push({ plan, route, documented: { manifest, options } });
    this.#asyncapi = undefined;
    return route;
  }

  /** The AsyncAPI 3.0 document served at `/asyncapi.json`, built on first use and then kept. */
  asyncapi(): Record<string, unknown> {
    const { title, version, description } = this.#settings;
    return (this.#asyncapi ??= buildAsyncApi({ title, version, description }, this.#sockets.map((s) => s.documented)));
  }

  /**
   * Adds middleware (see `Middleware` for the order they run in). Before `listen()`.
   *
   * @example
   * app.use(requestId()).use(cors({ origins: ["https://app.example.com"] })).use(compression());
   */
  use(middleware: Middleware): this {
    if (middleware === null || typeof middleware !== "object" || typeof middleware.name !== "string") {
      throw startupError(STARTUP_ERRORS.BAD_MIDDLEWARE_OPTION, { name: "use()", option: "middleware", expected: "an object with a name and onRequest/onResponse hooks" });
    }
    if (this.#serving) {
      throw startupError(STARTUP_ERRORS.LATE_MIDDLEWARE, { name: middleware?.name });
    }
    this.#middleware.push(middleware);
    return this;
  }

  /**
   * Runs `hook(state)` in `listen()`, before the socket is bound; hooks run in the order added,
   * and one that fails makes `listen()` reject.
   *
   * @example
   * app.onStartup(async (state) => { state.db = await Database.open(); });
   */
  onStartup(hook: LifespanHook<State>): this {
    this.#lifecycle.onStartup(hook);
    return this;
  }

  /**
   * Runs `hook(state)` at `shutdown()` or `close()`, after the server stopped; hooks run in
   * reverse order (last opened, first closed), and a failing one is logged.
   *
   * @example
   * app.onShutdown((state) => state.db.close());
   */
  onShutdown(hook: LifespanHook<State>): this {
    this.#lifecycle.onShutdown(hook);
    return this;
  }

  /**
   * Starts serving. Port 0 picks a free port; the promise gives the one bound.
   * Rejects when the port cannot be bound. Start-up hooks run first.
   * `options.gracefulShutdown` installs SIGTERM/SIGINT handlers that call `shutdown()` and exit 0.
   */
  async listen(port = 3000, host = "0.0.0.0", options: ListenOptions = {}): Promise<Listening> {
    if (this.#server !== undefined || this.#starting) throw startupError(STARTUP_ERRORS.ALREADY_LISTENING);
    // Before any start-up hook runs: a transport that cannot serve here fails the start at once.
    const { transport, description } = chooseTransport(this.#transport);
    this.#starting = true;
    try {
      await this.#lifecycle.start(this.state);
      await this.#dependencies.scope.start();
      this.#server = await transport.listen(this.#listenProps(host, port, options.reusePort === true));
    } finally {
      this.#starting = false;
    }
    for (const socket of this.#sockets) socket.route.server = this.#server.sockets;
    const graceful = options.gracefulShutdown;
    if (graceful) this.#lifecycle.installSignalHandlers(graceful === true ? {} : graceful, () => this.shutdown(graceful === true ? {} : graceful));
    return { port: this.#server.port, transport: transport.name as Listening["transport"], description };
  }

  /**
   * Answers `input` as `fetch` would, in process: the request goes through the whole app (routing,
   * middleware, dependencies and their overrides, validation, serialization, error handlers, the
   * node transport's HTTP handling) over an in-memory connection, without a port. A path is sent
   * to `http://localhost`. The first call serves the app in memory (routes can no longer be added)
   * and creates its app-scoped dependencies; start-up hooks run only in `start()` or `listen()`.
   * Redirects are not followed. `close()` ends it. `testClient(app)` wraps it for tests.
   *
   * @example
   * const res = await app.request("/users/1", { headers: { authorization: "Bearer t" } });
   * expect(res.status).toBe(200);
   * expect(await res.json()).toEqual({ id: 1, name: "Ada" });
   */
  async request(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    return (await this.#inMemory()).fetch(input, init);
  }

  /**
   * Opens a connection to the app served in memory (see `request()`): the client end of a stream
   * that carries HTTP/1.1 (and WebSocket frames after an upgrade) as a socket would. For clients
   * that take a `createConnection` option, such as `ws` and `node:http`.
   *
   * @example
   * const socket = await app.connect();
   * const ws = new WebSocket("ws://localhost/chat", { createConnection: () => socket });
   */
  async connect(): Promise<Duplex> {
    return (await this.#inMemory()).server.connect();
  }

  /**
   * Runs the start-up hooks and creates the app-scoped dependencies, without binding a port: the
   * lifespan of an app served in memory (FastAPI's `with TestClient(app)`); `close()` runs the
   * shutdown hooks. `listen()` after `start()` does not run them again.
   *
   * @example
   * await app.start();
   * const res = await app.request("/count");
   * await app.close();
   */
  async start(): Promise<void> {
    await this.#lifecycle.start(this.state);
    await this.#dependencies.scope.start();
  }

  /** Stops listening and closes open connections, so the process (or a test runner) can exit. Runs shutdown hooks. */
  async close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#sockets) socket.route.server = undefined;
    server?.close();
    await this.#closeInMemory();
    await this.#lifecycle.stop(this.state);
    await this.#dependencies.scope.stop();
    this.#lifecycle.removeSignalHandlers();
  }

  /**
   * Graceful shutdown: refuses new connections, answers requests on open keep-alive connections
   * with 503 + `Connection: close`, lets in-flight requests and background tasks finish (for up
   * to `timeout` ms, 10 s by default, after which connections are closed by force), closes every
   * connection, then runs the shutdown hooks (for up to `hookTimeout` ms, 5 s). Never hangs.
   *
   * @example
   * process.once("SIGTERM", () => void app.shutdown({ timeout: 5000 }).then(() => process.exit(0)));
   */
  async shutdown(options: ShutdownOptions = {}): Promise<ShutdownResult> {
    const server = this.#server;
    this.#server = undefined;
    await this.#closeInMemory();
    const result = await this.#lifecycle.shutdown(server, this.state, options);
    await this.#dependencies.scope.stop();
    return result;
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
   * Answers errors of `type` (and subclasses) that no router handled, FastAPI's
   * `@app.exception_handler`: return (or throw) an `HttpError`, or any response value
   * (`reply(status, body, headers)`, `text()`, …) whose body the transformer writes and documents
   * from the handler's return type; return nothing for the default answer. It may be `async`.
   * `RequestValidationError`
   * takes every 422 (its `errors` are FastAPI's entries) and `HttpError` every thrown `HttpError`;
   * the document's 422 and error responses then show the handler's types.
   *
   * @example
   * class NotFoundError extends Error {}
   * app.onError(NotFoundError, (err) => new HttpError(404, err.message));
   * app.onError(RequestValidationError, (err): Reply<422, { errors: { body: string[] } }> =>
   *   reply(422, { errors: { body: err.errors.map((e) => e.msg) } }));
   */
  onError<E extends Error>(type: ErrorClass<E>, handler: ExceptionHandler<E>): this;
  onError(type: ErrorClass, handler: ExceptionHandler<Error>, manifest?: ErrorHandlerManifest): this {
    this.#errorHandlers.add(type, handler, manifest);
    this.#document = undefined;
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

  /**
   * The manifests of the registered WebSockets, in registration order (for SDK generators and tests).
   *
   * @example
   * for (const socket of app.socketManifests()) console.log(socket.path, socket.inbound.format);
   */
  socketManifests(): readonly SocketManifest[] {
    return this.#sockets.map((socket) => socket.documented.manifest);
  }

  get #serving(): boolean {
    return this.#server !== undefined || this.#starting || this.#memory !== undefined;
  }

  /** What a transport serves: the table, the middleware and sockets compiled, the settings. */
  #listenProps(host: string, port: number, reusePort: boolean): ListenProps {
    this.#addAsyncApiRoutes();
    return {
      table: this.#router.table(), host, port, logger: this.#settings.logger,
      middleware: compileMiddleware(this.#middleware, this.#settings.logger),
      sockets: this.#sockets.map((socket) => socket.plan),
      sendTimeout: this.#settings.sendTimeout, reusePort,
    };
  }

  #inMemory(): Promise<InMemory> {
    return (this.#memory ??= (async () => {
      await this.#dependencies.scope.start();
      const server = await memoryTransport.listen(this.#listenProps("localhost", 0, false));
      // Publishing goes through a socket server listening on a port when there is one.
      for (const socket of this.#sockets) socket.route.server ??= server.sockets;
      return { server, fetch: memoryFetch(server) };
    })());
  }

  async #closeInMemory(): Promise<void> {
    const memory = this.#memory;
    if (memory === undefined) return;
    this.#memory = undefined;
    const { server, fetch } = await memory;
    fetch.close();
    server.close();
    for (const socket of this.#sockets) if (socket.route.server === server.sockets) socket.route.server = undefined;
  }

  // The AsyncAPI document and its page, added at the first listen of an app that has sockets.
  #addAsyncApiRoutes(): void {
    if (this.#asyncapiRoutes || this.#sockets.length === 0) return;
    this.#asyncapiRoutes = true;
    const { docs, title, logger } = this.#settings;
    const paths = { document: docs.asyncapi, page: docs.asyncapiPage };
    for (const route of asyncApiRoutes(paths, title, () => JSON.stringify(this.asyncapi()))) {
      this.#router.add("get", route.path, staticPlan(`GET ${route.path}`, route.build, logger));
    }
  }

  #register(method: HttpMethod, path: string, rest: readonly unknown[], group?: GroupedRoute): this {
    const label = `${method.toUpperCase()} ${path}`;
    if (this.#serving) throw startupError(STARTUP_ERRORS.LATE_ROUTE, { route: label });
    const registration = readRegistration(method, group?.written ?? path, label, rest, path);
    const { options, manifest } = registration;
    const { bodyLimit, strictContentType, mediaTypeMismatch, strict, logger, validateResponses } = this.#settings;
    const route = this.#dependencies.prepare({
      label, handler: registration.handler, manifest, routers: group?.dependencies, own: options.dependencies,
    });
    const levels = [...(group?.handlers ?? []), this.#errorHandlers];
    const context = { method: method.toUpperCase(), path };
    const plan = compileRoute({
      label, path, handler: route.handler, invoke: route.invoke, manifest: route.manifest, options, bodyLimit, strictContentType, mediaTypeMismatch, strict, logger,
      validateResponses, mapError: (error) => mapError(error, levels, context), tasks: this.#lifecycle.tasks,
      handlesValidation: () => levels.some((level) => level.has(RequestValidationError)),
    });
    this.#router.add(method, routePattern(path), plan);
    const router = group === undefined ? undefined : { written: group.written, tags: group.tags };
    this.#documented.push({
      method, path, manifest, options, router, dependencies: route.dependencies,
      mediaTypeMismatch: options.mediaTypeMismatch ?? mediaTypeMismatch,
      ...(plan.bodyLimit === undefined ? {} : { bodyLimit: plan.bodyLimit }), errorHandlers: levels,
    });
    this.#document = undefined;
    return this;
  }
}
