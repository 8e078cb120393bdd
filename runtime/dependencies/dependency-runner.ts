/**
 * Runs a route's dependency graph. Compiled once per route, at registration, from the plan the
 * transformer wrote: per request it walks an array of nodes in the order given (no graph work),
 * calls each once, stays synchronous until a dependency returns a promise, and schedules the
 * teardown of generator dependencies after the response (also when the handler throws).
 * Routes without dependencies never reach this file.
 */
import type { DependencyManifest, DependencyPlan, InputManifest, RouteManifest, ValueRef } from "../contract/manifest";
import { closeAll, type AnyFunction, type AppCell, type Callee, type DependencyScope } from "./dependency-scope";
import { callWith, constructWith, type Dependency } from "./dependencies";
import { SecurityScopes } from "./security-scopes";

type Generatorish = Parameters<typeof closeAll>[0][number];

interface RequestState {
  readonly values: readonly unknown[];
  readonly results: unknown[];
  open: Generatorish[] | undefined;
}

type Getter = (state: RequestState) => unknown;

interface CompiledNode {
  /** Set for app-scoped nodes: the value was created at start-up. */
  readonly cell?: AppCell;
  readonly callee: Callee;
  readonly args: readonly Getter[];
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  value !== null && typeof value === "object" && typeof (value as { then?: unknown }).then === "function";

/**
 * The handler that `compileRoute` calls with the route's resolved inputs (by slot): it runs the
 * dependencies, then the user's handler with the arguments the plan names.
 */
export function composeHandler(handler: AnyFunction, plan: DependencyPlan, scope: DependencyScope): AnyFunction {
  const cells: (AppCell | undefined)[] = [];
  const nodes: CompiledNode[] = plan.nodes.map((node, index) => {
    if (node.scope === "app") {
      // The transformer checked that an app-scoped node only takes app-scoped nodes.
      const args = node.args.map((ref) => ("node" in ref ? cells[ref.node]! : undefined)).filter((c) => c !== undefined);
      const cell = scope.cell(node.fn, node.kind, args);
      cells[index] = cell;
      return { cell, callee: cell.callee, args: [] };
    }
    cells[index] = undefined;
    return { callee: scope.callee(node.fn, node.kind), args: node.args.map(getterOf) };
  });
  const handlerArgs = plan.args.map(getterOf);
  const count = nodes.length;

  const callHandler = (state: RequestState): unknown => {
    const args = new Array<unknown>(handlerArgs.length);
    for (let i = 0; i < args.length; i++) args[i] = handlerArgs[i](state);
    return callWith(handler, args);
  };

  function resume(state: RequestState, from: number): unknown {
    for (let i = from; i < count; i++) {
      const node = nodes[i];
      if (node.cell !== undefined) {
        state.results[i] = node.cell.value;
        continue;
      }
      const args = new Array<unknown>(node.args.length);
      for (let a = 0; a < args.length; a++) args[a] = node.args[a](state);
      const { call, kind } = node.callee;
      const result = kind === "construct" ? constructWith(call, args) : callWith(call, args);
      if (kind === "generator" || kind === "async-generator") {
        const generator = result as Generatorish;
        (state.open ??= []).push(generator);
        const step = generator.next();
        if (kind === "generator") {
          state.results[i] = (step as IteratorResult<unknown>).value;
          continue;
        }
        return (step as Promise<IteratorResult<unknown>>).then((entered) => {
          state.results[i] = entered.value;
          return resume(state, i + 1);
        });
      }
      if (kind === "call" && isThenable(result)) {
        return Promise.resolve(result).then((value) => {
          state.results[i] = value;
          return resume(state, i + 1);
        });
      }
      state.results[i] = result;
    }
    return callHandler(state);
  }

  const finish = (state: RequestState, error: unknown): void => {
    if (state.open !== undefined) scope.teardown(state.open, error);
  };

  return function withDependencies(...values: unknown[]): unknown {
    const state: RequestState = { values, results: new Array<unknown>(count), open: undefined };
    let out: unknown;
    try {
      out = resume(state, 0);
    } catch (err) {
      finish(state, err);
      throw err;
    }
    if (!isThenable(out)) {
      finish(state, undefined);
      return out;
    }
    return Promise.resolve(out).then(
      (value) => {
        finish(state, undefined);
        return value;
      },
      (err: unknown) => {
        finish(state, err);
        throw err;
      },
    );
  };
}

function getterOf(ref: ValueRef): Getter {
  if ("input" in ref) {
    const slot = ref.input;
    return (state) => state.values[slot];
  }
  if ("node" in ref) {
    const node = ref.node;
    return (state) => state.results[node];
  }
  const scopes = new SecurityScopes(ref.scopes);
  return () => scopes;
}

/**
 * A route manifest with router- and app-level dependencies spliced in before its own graph, at
 * registration. They run first, their results are dropped, and a dependency the route also uses
 * is still called once (nodes are shared by function and scope).
 */
export function withExtraDependencies(manifest: RouteManifest, extras: readonly Dependency[]): RouteManifest {
  const inputs: InputManifest[] = [];
  const nodes: DependencyPlan["nodes"][number][] = [];
  const known = new Map<string, number>();
  let slots = 0;
  const splice = (part: { inputs: readonly InputManifest[]; plan: DependencyPlan }): ValueRef[] => {
    const offset = slots;
    for (const input of part.inputs) {
      inputs.push({ ...input, index: input.index + offset });
      slots = Math.max(slots, input.index + offset + 1);
    }
    const mapped: number[] = [];
    const remap = (ref: ValueRef): ValueRef =>
      "input" in ref ? { input: ref.input + offset } : "node" in ref ? { node: mapped[ref.node]! } : ref;
    for (const node of part.plan.nodes) {
      const args = node.args.map(remap);
      // Scopes are part of the key (FastAPI caches by function and scopes): a router's
      // `use(currentUser)` must not stand in for a route's `use(currentUser, { scopes })`.
      const scopes = node.args.flatMap((arg) => ("scopes" in arg ? [arg.scopes.join(" ")] : []));
      const key = keyOf(node.fn, node.scope) + (scopes.length === 0 ? "" : `|${scopes.join("|")}`);
      const existing = known.get(key);
      if (existing !== undefined) {
        mapped.push(existing);
        continue;
      }
      known.set(key, nodes.length);
      mapped.push(nodes.length);
      nodes.push({ ...node, args });
    }
    return part.plan.args.map(remap);
  };
  for (const extra of extras) {
    const dependency = extra.manifest as DependencyManifest;
    splice({ inputs: dependency.inputs, plan: dependency.dependencies });
  }
  const args = splice({ inputs: manifest.inputs, plan: manifest.dependencies ?? identityPlan(manifest) });
  return { ...manifest, inputs, dependencies: { nodes, args } };
}

const functionIds = new WeakMap<AnyFunction, number>();
let nextId = 0;
const keyOf = (fn: AnyFunction, scope: string): string => {
  let id = functionIds.get(fn);
  if (id === undefined) functionIds.set(fn, (id = nextId++));
  return `${scope}:${id}`;
};

// A route without dependencies: handler parameter i is the input with index i.
function identityPlan(manifest: RouteManifest): DependencyPlan {
  const arity = manifest.inputs.reduce((max, input) => Math.max(max, input.index + 1), 0);
  return { nodes: [], args: Array.from({ length: arity }, (_, input) => ({ input })) };
}
