/**
 * An app's dependency injection: the scope that holds its app-scoped values and its requests'
 * teardowns, the dependencies it runs for every route, and what each route gets from them at
 * registration. A route with no dependency anywhere keeps its own handler and manifest untouched;
 * one with dependencies gets a composed handler.
 */
import { buildFailureOf, type DependencyManifest, type RouteManifest } from "../contract/manifest";
import type { Logger } from "../contract/logger";
import { composeHandler, withExtraDependencies, type Invoke } from "./dependency-runner";
import { DependencyScope, type AnyFunction } from "./dependency-scope";
import { isDependency, type Dependency } from "./dependencies";
import { STARTUP_ERRORS, startupError } from "../errors/errors";

/** A route as its dependencies leave it. */
export interface PreparedRoute {
  readonly handler: AnyFunction;
  /** The dependency graph around the handler; absent for a route with no dependency anywhere. */
  readonly invoke: Invoke | undefined;
  readonly manifest: RouteManifest;
  /** The manifests of the dependencies the app, the routers and the route's options add, in the order they run. */
  readonly dependencies: readonly DependencyManifest[];
}

export class AppDependencies {
  readonly scope: DependencyScope;
  readonly #app: readonly Dependency[];

  constructor(dependencies: readonly unknown[], logger: Logger | undefined) {
    this.scope = new DependencyScope(logger);
    this.#app = checked(dependencies, "new App({ dependencies })");
  }

  /**
   * The route's handler and manifest with the app's dependencies, its routers' (`routers`,
   * outermost first) and its own (`own`, its `dependencies` option) spliced in before its own graph.
   */
  prepare(props: {
    label: string;
    handler: AnyFunction;
    manifest: RouteManifest;
    routers: readonly unknown[] | undefined;
    own: readonly unknown[] | undefined;
  }): PreparedRoute {
    const { label } = props;
    const added = [
      ...this.#app,
      ...(props.routers === undefined ? [] : checked(props.routers, label)),
      ...(props.own === undefined ? [] : checked(props.own, label)),
    ];
    const { handler } = props;
    let { manifest } = props;
    if (added.length > 0) manifest = withExtraDependencies(manifest, added);
    const invoke = manifest.dependencies === undefined ? undefined : composeHandler(handler, manifest.dependencies, this.scope, label);
    return { handler, invoke, manifest, dependencies: added.map((dependency) => dependency.manifest!) };
  }
}

function checked(list: readonly unknown[], where: string): Dependency[] {
  return list.map((item) => {
    if (!isDependency(item)) throw startupError(STARTUP_ERRORS.DEP_NOT_A_DEPENDENCY, { where });
    const failure = buildFailureOf(item.manifest);
    if (failure !== undefined) throw startupError(STARTUP_ERRORS.BUILD_FAILED, { route: where, failure });
    if (item.manifest === undefined) throw startupError(STARTUP_ERRORS.DEP_NO_MANIFEST, { where });
    return item;
  });
}
