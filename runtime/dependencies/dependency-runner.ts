/**
 * Runs a route's dependency graph. Compiled once per route, at registration, from the plan the
 * transformer wrote: per request it walks an array of nodes in the order given (no graph work),
 * calls each once, and stays synchronous until a dependency returns a promise.
 *
 * The order is FastAPI's (`solve_dependencies`): each dependency runs as soon as its own inputs
 * and its sub-dependencies are valid, in the order the handler's parameters name them (the app's
 * and routers' first), and the handler's own inputs are judged last; so a dependency's
 * `HttpError` (a 401 from a security scheme) wins over a 422 for the body. The 422 lists each
 * failing dependency's inputs when it is reached, then the handler's.
 *
 * Generator teardown follows FastAPI too: when anything fails, the error is thrown into every
 * entered generator (last opened first) before the answer is chosen, so what a teardown throws
 * (an `HttpError` in a `catch`) is the answer; on success, `scope: "function"` generators close
 * before the response and request-scoped ones after it (after the last byte of a stream).
 * Routes without dependencies never reach this file.
 */
import type { DependencyManifest, DependencyPlan, InputManifest, RouteManifest, ValueRef } from "../contract/manifest";
import { type AnyFunction, type AppCell, type Callee, type DependencyScope } from "./dependency-scope";
import { callWith, constructWith, declaredScopeOf, type Dependency } from "./dependencies";
import { STARTUP_ERRORS, startupError } from "../errors/errors";
import { SecurityScopes } from "./security-scopes";
import { RequestValidationError, type ValidationErrorEntry } from "../errors/request-validation-error";
import { exitAll, type Generatorish } from "./generator-exit";

/** The inputs that failed validation, by slot, and the order the input plan read the slots in. */
export interface SlotIssues {
  readonly bySlot: readonly (readonly ValidationErrorEntry[] | undefined)[];
  /** `rank[slot]`: the slot's position in FastAPI's source order (path, query, header, cookie, body). */
  readonly rank: readonly number[];
  /** The parsed body, for the `RequestValidationError`. */
  readonly body: unknown;
}

/** The handler's value, with the teardown due once its response is written (request-scoped generators). */
export class Invocation {
  constructor(readonly value: unknown, readonly close: () => void) {}
}

/**
 * Runs the graph and the handler for one request's resolved inputs (by slot): gives the handler's
 * value, or an `Invocation` when a teardown is due after the response. Throws (or rejects with)
 * the error that decides the answer, after the generators' teardowns saw it.
 */
export type Invoke = (values: unknown[], issues: SlotIssues | undefined) => unknown;

interface RequestState {
  readonly values: readonly unknown[];
  readonly results: unknown[];
  /** Request-scoped generators entered, closed after the response. */
  open: Generatorish[] | undefined;
  /** `scope: "function"` generators entered, closed before the response. */
  openFunction: Generatorish[] | undefined;
  /** Nodes not called because an input of theirs (or of a sub-dependency) failed. */
  readonly failed: readonly boolean[] | undefined;
  /** The 422's entries, in FastAPI's order; empty when every input is valid. */
  readonly errors: readonly ValidationErrorEntry[];
  readonly body: unknown;
}

type Getter = (state: RequestState) => unknown;

interface CompiledNode {
  /** Set for app-scoped nodes: the value was created at start-up. */
  readonly cell?: AppCell;
  readonly callee: Callee;
  readonly args: readonly Getter[];
  readonly closesBeforeResponse: boolean;
}

/** What a node (or the handler) takes: sub-dependencies in parameter order, and its own input slots. */
interface Needs {
  readonly nodes: readonly number[];
  readonly slots: readonly number[];
}

const NO_ERRORS: readonly ValidationErrorEntry[] = [];

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  value !== null && typeof value === "object" && typeof (value as { then?: unknown }).then === "function";

/**
 * The invoker that `compileRoute` calls with the route's resolved inputs (by slot): it runs the
 * dependencies, then the user's handler with the arguments the plan names.
 */
/** `label`: the route, named in a start-up error for a dependency used with another scope than it declares. */
export function composeHandler(handler: AnyFunction, plan: DependencyPlan, scope: DependencyScope, label = "a route"): Invoke {
  const cells: (AppCell | undefined)[] = [];
  const nodes: CompiledNode[] = plan.nodes.map((node, index) => {
    const declared = declaredScopeOf(node.fn);
    if (declared !== undefined && declared !== node.scope)
      throw startupError(STARTUP_ERRORS.DEP_SCOPE_CONFLICT, { where: label, name: node.name, declared, used: node.scope });
    if (node.scope === "app") {
      // The transformer checked that an app-scoped node only takes app-scoped nodes.
      const args = node.args.map((ref) => ("node" in ref ? cells[ref.node]! : undefined)).filter((c) => c !== undefined);
      const cell = scope.cell(node.fn, node.kind, args);
      cells[index] = cell;
      return { cell, callee: cell.callee, args: [], closesBeforeResponse: false };
    }
    cells[index] = undefined;
    return { callee: scope.callee(node.fn, node.kind), args: node.args.map(getterOf), closesBeforeResponse: node.scope === "function" };
  });
  const needsOf = (args: readonly ValueRef[]): Needs => ({
    nodes: args.flatMap((ref) => ("node" in ref && plan.nodes[ref.node]!.scope !== "app" ? [ref.node] : [])),
    slots: args.flatMap((ref) => ("input" in ref ? [ref.input] : [])),
  });
  const nodeNeeds = plan.nodes.map((node) => needsOf(node.args));
  // The app's and routers' dependencies run first, their results unused; then the handler's.
  const handlerNeeds = needsOf(plan.args);
  const rootNeeds: Needs = { nodes: [...(plan.before ?? []), ...handlerNeeds.nodes], slots: handlerNeeds.slots };
  const handlerArgs = plan.args.map(getterOf);
  const count = nodes.length;

  const callHandler = (state: RequestState): unknown => {
    if (state.errors.length > 0) throw new RequestValidationError(state.errors, state.body);
    const args = new Array<unknown>(handlerArgs.length);
    for (let i = 0; i < args.length; i++) args[i] = handlerArgs[i](state);
    return callWith(handler, args);
  };

  function resume(state: RequestState, from: number): unknown {
    for (let i = from; i < count; i++) {
      if (state.failed !== undefined && state.failed[i]) continue;
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
        if (node.closesBeforeResponse) (state.openFunction ??= []).push(generator);
        else (state.open ??= []).push(generator);
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

  /** Failure: every entered generator sees the error, function-scoped first; the last error thrown is the answer. */
  const failWith = (state: RequestState, error: unknown): never | Promise<never> => {
    const rest = state.open ?? [];
    const outcome = exitAll(state.openFunction ?? [], error, scope.logger, (afterFunction) => exitAll(rest, afterFunction, scope.logger));
    if (!isThenable(outcome)) throw outcome;
    return Promise.resolve(outcome).then((final) => {
      throw final;
    });
  };

  /** Success: function-scoped generators close now (what they throw is the answer), request-scoped ones after the response. */
  const succeed = (state: RequestState, value: unknown): unknown => {
    const open = state.open;
    // Most routes have no generator: their value goes out as it is, nothing allocated for it.
    const invocation = open === undefined ? value : new Invocation(value, () => scope.teardown(open, undefined));
    if (state.openFunction === undefined) return invocation;
    const outcome = exitAll(state.openFunction, undefined, scope.logger);
    state.openFunction = undefined;
    const settle = (error: unknown): unknown => (error === undefined ? invocation : failWith(state, error));
    return isThenable(outcome) ? Promise.resolve(outcome).then(settle) : settle(outcome);
  };

  return function invoke(values: unknown[], issues: SlotIssues | undefined): unknown {
    const judged = issues === undefined ? undefined : judge(issues, nodeNeeds, rootNeeds);
    const state: RequestState = {
      values,
      results: new Array<unknown>(count),
      open: undefined,
      openFunction: undefined,
      failed: judged?.failed,
      errors: judged?.errors ?? NO_ERRORS,
      body: issues?.body,
    };
    let out: unknown;
    try {
      out = resume(state, 0);
    } catch (err) {
      return failWith(state, err);
    }
    if (!isThenable(out)) return succeed(state, out);
    return Promise.resolve(out).then(
      (value) => succeed(state, value),
      (err: unknown) => failWith(state, err),
    );
  };
}

/**
 * Which nodes cannot run and the 422's entries, as FastAPI's `solve_dependencies` collects them:
 * a node's errors are its sub-dependencies' (in parameter order, again for each use, as FastAPI
 * solves a dependency afresh where it is used) and then its own inputs' in source order.
 */
function judge(issues: SlotIssues, nodeNeeds: readonly Needs[], rootNeeds: Needs): { failed: boolean[]; errors: ValidationErrorEntry[] } {
  const own = (needs: Needs): ValidationErrorEntry[] => {
    const slots = needs.slots.filter((slot) => issues.bySlot[slot] !== undefined);
    if (slots.length > 1) slots.sort((a, b) => issues.rank[a]! - issues.rank[b]!);
    return slots.flatMap((slot) => issues.bySlot[slot]!);
  };
  const errorsOf: ValidationErrorEntry[][] = [];
  const failed = nodeNeeds.map((needs, i) => {
    errorsOf[i] = [...needs.nodes.flatMap((node) => errorsOf[node]!), ...own(needs)];
    return errorsOf[i]!.length > 0;
  });
  return { failed, errors: [...rootNeeds.nodes.flatMap((node) => errorsOf[node]!), ...own(rootNeeds)] };
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
  const before: number[] = [];
  for (const extra of extras) {
    const dependency = extra.manifest as DependencyManifest;
    for (const ref of splice({ inputs: dependency.inputs, plan: dependency.dependencies })) if ("node" in ref) before.push(ref.node);
  }
  const own = manifest.dependencies ?? identityPlan(manifest);
  const args = splice({ inputs: manifest.inputs, plan: own });
  return { ...manifest, inputs, dependencies: { nodes, args, before } };
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
