/**
 * The route table, without uWS: duplicate detection, HEAD for GET routes, the `Allow` list of
 * each path, FastAPI's trailing-slash redirects, and the one question uWS's router cannot answer
 * for us (`claims`, below). The adapter turns the table into uWS registrations.
 */
import type { HttpMethod } from "../contract/manifest";
import type { RoutePlan } from "../contract/request-data";
import { methodNotAllowed, type WireReply } from "../responses/reply";
import { STARTUP_ERRORS, startupError } from "../errors/errors";

export interface RouteEntry {
  readonly method: HttpMethod;
  /** The uWS pattern, `:name` segments and an optional trailing `*`. */
  readonly path: string;
  readonly plan: RoutePlan;
  /** A HEAD route the framework added for a GET one: run the GET plan, send no body. */
  readonly head: boolean;
}

/** A path pattern that answers when no method-specific route took the request. */
export interface Fallback {
  readonly path: string;
  /** 405 with `Allow`, or (absent) a 307 to the other trailing-slash spelling. */
  readonly reply?: WireReply;
}

export interface RouteTable {
  readonly routes: readonly RouteEntry[];
  readonly fallbacks: readonly Fallback[];
  /**
   * Whether a method-specific route matches `url` for `method` (lower-case, as uWS reports it).
   * uWS tries a static `any` route before a parametric method route (`any("/users/me")` wins over
   * `post("/users/:id")` for `POST /users/me`), so a fallback asks this and steps aside.
   */
  claims(method: string, url: string): boolean;
}

const METHOD_ORDER: readonly HttpMethod[] = ["get", "head", "post", "put", "patch", "delete", "options"];

interface PathEntry {
  readonly path: string;
  readonly methods: Map<HttpMethod, RoutePlan>;
}

/**
 * The pattern a transport matches for a route path: a trailing `*name` (a named wildcard, the
 * rest of the path) is uWS's `*`; the name only tells the route's inputs which parameter it is.
 */
export const routePattern = (path: string): string => path.replace(/\/\*[^/]*$/, "/*");

/** `/users/:id` and `/users/:name` are one uWS pattern; compare paths by this shape. */
const shapeOf = (path: string): string => path.replace(/\/:[^/]+/g, "/:");

export class RouteRegistry {
  readonly #paths = new Map<string, PathEntry>();

  add(method: HttpMethod, path: string, plan: RoutePlan): void {
    const shape = shapeOf(path);
    let entry = this.#paths.get(shape);
    if (entry === undefined) {
      entry = { path, methods: new Map() };
      this.#paths.set(shape, entry);
    }
    const existing = entry.methods.get(method);
    if (existing !== undefined) {
      throw startupError(STARTUP_ERRORS.DUPLICATE_ROUTE, { route: plan.label, other: existing.label });
    }
    entry.methods.set(method, plan);
  }

  table(): RouteTable {
    const routes: RouteEntry[] = [];
    const fallbacks: Fallback[] = [];
    for (const [shape, { path, methods }] of this.#paths) {
      for (const [method, plan] of methods) routes.push({ method, path, plan, head: false });
      const get = methods.get("get");
      if (get !== undefined && !methods.has("head")) routes.push({ method: "head", path, plan: get, head: true });
      fallbacks.push({ path, reply: methodNotAllowed(allowOf(methods)) });
      const other = otherSpelling(path);
      if (other !== undefined && !this.#paths.has(shapeOf(other)) && !shape.endsWith("*")) fallbacks.push({ path: other });
    }
    // Only a request that reaches a fallback asks, so the matchers are built then, not at start.
    let matchers: ReadonlyMap<string, readonly ((url: string) => boolean)[]> | undefined;
    return {
      routes,
      fallbacks,
      claims: (method, url) => (matchers ??= matchersOf(routes)).get(method)?.some((matches) => matches(url)) ?? false,
    };
  }
}

/** Each method's routes as URL matchers. */
function matchersOf(routes: readonly RouteEntry[]): Map<string, ((url: string) => boolean)[]> {
  const matchers = new Map<string, ((url: string) => boolean)[]>();
  for (const route of routes) {
    const list = matchers.get(route.method) ?? [];
    list.push(matcherOf(route.path));
    matchers.set(route.method, list);
  }
  return matchers;
}

function allowOf(methods: ReadonlyMap<HttpMethod, unknown>): string {
  return METHOD_ORDER
    .filter((m) => methods.has(m) || (m === "head" && methods.has("get")))
    .map((m) => m.toUpperCase())
    .join(", ");
}

/** `/users` ↔ `/users/`; none for the root. */
export function otherSpelling(path: string): string | undefined {
  if (path === "/" || path === "") return undefined;
  return path.endsWith("/") ? path.slice(0, -1) : `${path}/`;
}

/** Whether a URL matches a uWS pattern: `:x` takes one non-empty segment, a final `*` the rest. */
function matcherOf(pattern: string): (url: string) => boolean {
  const parts = pattern.split("/");
  const wildcard = parts[parts.length - 1] === "*";
  if (wildcard) parts.pop();
  return (url) => {
    const segments = url.split("/");
    if (wildcard ? segments.length <= parts.length : segments.length !== parts.length) return false;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (part.startsWith(":") ? segments[i] === "" : part !== segments[i]) return false;
    }
    return true;
  };
}
