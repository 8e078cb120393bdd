/**
 * What an app adds to each route it registers for dependencies, routers and exception handlers,
 * decided once at registration: a route with no dependency anywhere keeps its own handler and
 * manifest untouched; one with dependencies gets a composed handler; errors pass through the
 * exception handlers of its routers and the app (on failure only).
 */
import type { DependencyManifest, OpenApiFragment, RouteManifest } from "../contract/manifest";
import { composeHandler, withExtraDependencies } from "./dependency-runner";
import { DependencyScope, type AnyFunction } from "./dependency-scope";
import { isDependency, type Dependency } from "./dependencies";
import { ErrorHandlers, mapError, type ErrorContext } from "../errors/error-handlers";
import type { Logger } from "../contract/logger";
import { STARTUP_ERRORS, startupError } from "../errors/errors";
import { operationIdOf } from "../contract/operation-id";

/** The router a route came from, if any. */
export interface RouteGroupInfo {
  readonly written: string;
  readonly tags: readonly string[];
  readonly dependencies: readonly unknown[];
  readonly handlers: readonly ErrorHandlers[];
}

export interface PreparedRoute {
  readonly handler: AnyFunction;
  readonly manifest: RouteManifest;
  readonly mapError: (err: unknown) => unknown;
  /** Adds what routers and app-level dependencies contribute to the route's OpenAPI operation. */
  readonly decorate?: (operation: Record<string, unknown>) => Record<string, unknown>;
}

export class AppDependencies {
  readonly scope: DependencyScope;
  readonly handlers = new ErrorHandlers();
  readonly #app: readonly Dependency[];
  readonly #schemes: Record<string, unknown> = {};

  constructor(dependencies: readonly unknown[], logger: Logger | undefined) {
    this.scope = new DependencyScope(logger);
    this.#app = checked(dependencies, "new App({ dependencies })");
  }

  prepare(props: {
    method: string;
    path: string;
    label: string;
    handler: AnyFunction;
    manifest: RouteManifest;
    group: RouteGroupInfo | undefined;
    /** The route's own `dependencies` option. */
    own: readonly unknown[] | undefined;
  }): PreparedRoute {
    const { group, label } = props;
    const extras = [
      ...this.#app,
      ...(group === undefined ? [] : checked(group.dependencies, label)),
      ...(props.own === undefined ? [] : checked(props.own, label)),
    ];
    const levels = [...(group?.handlers ?? []), this.handlers];
    const context: ErrorContext = { method: props.method.toUpperCase(), path: props.path };
    const mapped = (err: unknown) => mapError(err, levels, context);
    let { handler, manifest } = props;
    if (extras.length > 0) manifest = withExtraDependencies(manifest, extras);
    if (manifest.dependencies !== undefined) handler = composeHandler(handler, manifest.dependencies, this.scope);

    const fragments = extras.map((extra) => JSON.parse((extra.manifest as DependencyManifest).openapi) as OpenApiFragment);
    for (const fragment of fragments) Object.assign(this.#schemes, fragment.securitySchemes ?? {});
    const prefixed = group !== undefined && group.written !== props.path;
    const decorate =
      fragments.length === 0 && group === undefined
        ? undefined
        : (operation: Record<string, unknown>) => {
            const merged = { ...operation };
            if (group !== undefined && group.tags.length > 0)
              merged.tags = [...new Set([...group.tags, ...((operation.tags as string[] | undefined) ?? [])])];
            // Two routers may both register `/`: the id follows the full path unless JSDoc named one.
            if (prefixed && operation.operationId === operationIdOf(props.method, group.written))
              merged.operationId = operationIdOf(props.method, props.path);
            for (const fragment of fragments) mergeOperation(merged, fragment.operation);
            return merged;
          };
    return { handler, manifest, mapError: mapped, decorate };
  }

  /** Security schemes of app- and router-level dependencies, for `components.securitySchemes`. */
  securitySchemes(): Record<string, unknown> {
    return this.#schemes;
  }
}

function checked(list: readonly unknown[], where: string): Dependency[] {
  return list.map((item) => {
    if (!isDependency(item)) throw startupError(STARTUP_ERRORS.DEP_NOT_A_DEPENDENCY, { where });
    if (item.manifest === undefined) throw startupError(STARTUP_ERRORS.DEP_NO_MANIFEST, { where });
    return item;
  });
}

/** A dependency's parameters, responses and security added to an operation, without duplicates. */
function mergeOperation(target: Record<string, unknown>, extra: Record<string, unknown>): void {
  const parameters = [...((target.parameters as { name: string; in: string }[] | undefined) ?? [])];
  for (const parameter of (extra.parameters as { name: string; in: string }[] | undefined) ?? [])
    if (!parameters.some((p) => p.name === parameter.name && p.in === parameter.in)) parameters.push(parameter);
  if (parameters.length > 0) target.parameters = parameters;
  target.responses = { ...((extra.responses as object | undefined) ?? {}), ...(target.responses as object) };
  // One requirement object: every scheme a route's graph reaches is required (AND), scopes joined.
  const requirement: Record<string, string[]> = {};
  for (const source of [target.security, extra.security] as (Record<string, string[]>[] | undefined)[])
    for (const entry of source ?? [])
      for (const [scheme, scopes] of Object.entries(entry))
        requirement[scheme] = [...new Set([...(requirement[scheme] ?? []), ...scopes])];
  if (Object.keys(requirement).length > 0) target.security = [requirement];
}
