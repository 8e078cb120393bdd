/**
 * `use(fn)`: a dependency, like FastAPI's `Depends`. Written as a parameter's default value, it is
 * read by the transformer (recognised by this file), which resolves `fn`'s own parameters by the
 * same rules as a handler's and emits the route's whole graph into its manifest. The default
 * itself is never evaluated by the runtime.
 */
import type { DependencyManifest } from "../contract/manifest";

/** What a dependency function's result resolves to: awaited, or a generator's yielded value. */
export type Resolved<R> = R extends Generator<infer Y, unknown, unknown>
  ? Y
  : R extends AsyncGenerator<infer Y, unknown, unknown>
    ? Y
    : Awaited<R>;

/** Options of {@link use}; read at build time, so write them as literals. */
export interface UseOptions {
  /**
   * `request` (default): called once per request, however many consumers; a generator's code
   * after `yield` runs after the response is sent (after a stream's last byte), or before the
   * answer when the request fails, so an `HttpError` it throws is the answer. `function`
   * (FastAPI's `Depends(scope="function")`): a generator closes right after the handler returns,
   * before the response, and what it throws is the answer. `app`: called once at `listen()` and
   * torn down at `close()`; it may only depend on other app-scoped dependencies.
   */
  readonly scope?: "request" | "function" | "app";
  /** OAuth2 scopes the route requires through this dependency: documented, and given to `SecurityScopes`. */
  readonly scopes?: readonly string[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFunction = (...args: any[]) => unknown;

/** Options of {@link dependency}; read at build time, so write them as literals. */
export interface DependencyOptions {
  /** The scope every `use()` of this dependency gets (see {@link UseOptions.scope}). */
  readonly scope: "request" | "function" | "app";
}

const DECLARED_SCOPE = Symbol.for("typekiln.declaredScope");

/**
 * Declares a dependency's scope once, where it is defined, so every `use(db)` gets the same
 * instance: FastAPI's `Depends` has one scope wherever it is used. A `use(db, { scope })` that
 * names another scope is compile error TK1109 (or `TK_RT_DEP_SCOPE_CONFLICT` at start-up where
 * the compiler could not see it). Returns `fn` itself, marked.
 *
 * @example
 * export const database = dependency(function* () { const db = open(); try { yield db } finally { db.close() } }, { scope: "app" });
 * app.get("/items", (db = use(database)) => db.all()); // the app's one database, in every route
 */
export function dependency<F extends AnyFunction | (new (...args: never[]) => unknown)>(fn: F, options: DependencyOptions): F {
  Object.defineProperty(fn, DECLARED_SCOPE, { value: options.scope });
  return fn;
}

/** The scope `dependency(fn, { scope })` declared for `fn`, if any. */
export const declaredScopeOf = (fn: unknown): string | undefined =>
  (fn as { [DECLARED_SCOPE]?: string } | null | undefined)?.[DECLARED_SCOPE];

/** A dependency as a value: what a router's or app's `dependencies` list holds. */
export interface Dependency<T = unknown> {
  readonly fn: AnyFunction | (new (...args: never[]) => unknown);
  readonly options: UseOptions;
  /** Added by the transformer to a `use()` written outside a parameter list. */
  readonly manifest: DependencyManifest | undefined;
  /** Only for typing. */
  readonly __type?: T;
}

const DEPENDENCY = Symbol.for("typekiln.dependency");

/**
 * Declares a dependency. As a parameter default, the parameter receives `fn`'s result (awaited;
 * for a generator, the value it yields, its code after `yield` running after the response).
 *
 * @example
 * function* database() { const db = open(); try { yield db } finally { db.close() } }
 * const currentUser = async (token = use(bearer), db = use(database)) => findUser(db, token);
 * app.get("/me", (user = use(currentUser)) => user);
 * const app = new App({ dependencies: [use(verifyKey)] }); // run for every route, result unused
 */
export function use<F extends AnyFunction>(fn: F, options?: UseOptions): Resolved<ReturnType<F>>;
/** A class as a dependency (FastAPI's classes as dependencies): its constructor's parameters are resolved. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function use<C extends new (...args: any[]) => unknown>(cls: C, options?: UseOptions): InstanceType<C>;
export function use(fn: AnyFunction, options: UseOptions = {}, manifest?: DependencyManifest): unknown {
  // Called while the runtime calls a handler or dependency: this is a default parameter
  // (`v = use(dep)`) re-applied because `dep` gave `undefined`, which is what the parameter gets.
  if (calling > 0) return undefined;
  const dependency: Dependency & { [DEPENDENCY]: true } = { fn, options, manifest, [DEPENDENCY]: true };
  return dependency;
}

/** How many handler or dependency calls the runtime is inside, synchronously (see `callWith`). */
let calling = 0;

/**
 * Calls a handler or dependency with its resolved arguments. JavaScript re-applies a default
 * parameter when its argument is `undefined`, so a `use(dep)` default would hand the function the
 * marker `use()` returns; evaluated during this call, `use()` returns `undefined` instead, as the
 * dependency did (FastAPI passes `None`). Defaults are evaluated at entry, before any `await`.
 */
export function callWith(fn: AnyFunction, args: readonly unknown[]): unknown {
  calling++;
  try {
    return fn.apply(undefined, args as unknown[]);
  } finally {
    calling--;
  }
}

/** `new cls(...args)`, with `use()` defaults of its constructor as in `callWith`. */
export function constructWith(cls: AnyFunction, args: readonly unknown[]): unknown {
  calling++;
  try {
    return Reflect.construct(cls, args as unknown[]);
  } finally {
    calling--;
  }
}

/** True for what `use()` returned. */
export const isDependency = (value: unknown): value is Dependency =>
  typeof value === "object" && value !== null && (value as { [DEPENDENCY]?: true })[DEPENDENCY] === true;
