/**
 * Resolves a route's dependency graph at build time: from the handler's `use(fn)` defaults (or
 * from one standalone `use(fn)`), each dependency's own parameters are classified by the same
 * rules as a handler's, recursively. The result is a topologically ordered node list (one node
 * per function and scope: per-request caching is decided here), the wire inputs of the whole
 * graph with shared slots, and what the OpenAPI operation must say about security.
 */
import ts from "typescript";
import type { HttpMethod } from "../runtime/contract/manifest";
import type { TransformContext } from "./context";
import { TransformError } from "./diagnostics";
import { classifyParameters, pathParameterNames, unboundPathParameter, type ClassifiedInput } from "./parameter-classifier";
import { readSecurityScheme, type SecurityScheme } from "./security-schemes";
import { isUseCall, readDependencyCall, readUseOptions, type Scope } from "./use-call";
import { RUNTIME_API } from "./runtime-api";

export type GraphRef = { readonly input: number } | { readonly node: number } | { readonly scopes: true };

export interface GraphNode {
  readonly name: string;
  /** The function's declaration, or undefined for a security scheme. */
  readonly declaration?: ts.SignatureDeclaration & { readonly body?: ts.Node };
  readonly symbol: ts.Symbol;
  /** The `use()` argument this node was first reached by (for locating errors). */
  readonly node: ts.Expression;
  readonly kind: "call" | "construct" | "generator" | "async-generator";
  readonly scope: "request" | "function" | "app";
  readonly args: readonly GraphRef[];
  readonly security?: SecurityScheme;
}

export interface DependencyGraph {
  /** Classified (documented) inputs of every function of the graph; `index` is the slot. */
  readonly inputs: readonly ClassifiedInput[];
  /** Inputs a security scheme reads (documented by the scheme, not as parameters). */
  readonly schemeInputs: readonly { readonly slot: number; readonly scheme: SecurityScheme }[];
  readonly nodes: readonly GraphNode[];
  /** The root's arguments: the handler's parameters, or the one standalone dependency. */
  readonly args: readonly GraphRef[];
  /** Union of every `use(fn, { scopes })` of the graph. */
  readonly scopes: readonly string[];
}

/** The function whose parameters are being placed. */
interface Owner {
  readonly scope: "request" | "function" | "app";
  readonly name: string;
  /** A generator whose teardown runs after the response (FastAPI's request scope). */
  readonly closesAfterResponse?: boolean;
}

interface RouteShape {
  readonly method: HttpMethod;
  readonly path: string;
  readonly pathNode: ts.Node;
}

/** True when a handler needs a graph: a `use()` default or a `SecurityScopes` parameter. */
export const needsGraph = (context: TransformContext, handler: ts.SignatureDeclaration): boolean =>
  handler.parameters.some(
    (parameter) =>
      isUseCall(context, parameter.initializer) ||
      (parameter.type !== undefined &&
        ts.isTypeReferenceNode(parameter.type) &&
        context.api.nameOf(context.checker.getSymbolAtLocation(parameter.type.typeName)) === RUNTIME_API.securityScopes),
  );

export const buildGraph = (props: {
  context: TransformContext;
  /** The route, or undefined for a standalone `use()` (a router's or app's dependency). */
  route?: RouteShape;
  root: { readonly handler: ts.SignatureDeclaration } | { readonly use: ts.CallExpression };
}): DependencyGraph => {
  const { context, route } = props;
  const { checker } = context;
  const inputs: ClassifiedInput[] = [];
  const schemeInputs: { slot: number; scheme: SecurityScheme }[] = [];
  const nodes: GraphNode[] = [];
  const slots = new Map<string, { slot: number; input: ClassifiedInput }>();
  const memo = new Map<string, number>();
  const stack: { symbol: string; name: string }[] = [];
  const scopes = new Set<string>();
  let nextSlot = 0;

  const slotOf = (input: ClassifiedInput, owner: Owner): number => {
    if (owner.scope === "app")
      throw new TransformError({
        code: "TK1104",
        node: input.parameter,
        args: { name: owner.name, what: `request input "${input.parameterName}"` },
      });
    const key = input.kind === "body" ? (input.embed === true ? `body:${input.name}` : "body") : `${input.kind}:${input.name}`;
    const known = slots.get(key);
    if (known !== undefined) {
      const [first, second] = [known.input, input].map((i) => checker.typeToString(i.type));
      if (input.kind === "body" && known.input.parameter !== input.parameter && first !== second)
        throw new TransformError({
          code: "TK1003",
          node: input.parameter,
          args: { name: input.parameterName, first: known.input.parameterName },
        });
      if (first !== second)
        throw new TransformError({
          code: "TK1105",
          node: input.parameter,
          args: { source: input.kind, name: input.name, first: first!, second: second! },
        });
      return known.slot;
    }
    const slot = nextSlot++;
    const placed = { ...input, index: slot };
    slots.set(key, { slot, input: placed });
    inputs.push(placed);
    return slot;
  };

  const argsOf = (
    declaration: ts.SignatureDeclaration,
    owner: Owner,
  ): GraphRef[] =>
    classifyParameters({
      context,
      method: route?.method ?? "get",
      path: route?.path ?? "",
      pathNode: route?.pathNode ?? declaration,
      handler: declaration,
      partial: true,
    }).map((input): GraphRef => {
      if (input.kind === "dependency") return visit(input.parameter.initializer as ts.CallExpression, owner);
      if (input.kind === "security-scopes") return { scopes: true };
      return { input: slotOf(input, owner) };
    });

  const visit = (call: ts.CallExpression, consumer: Owner | undefined): GraphRef => {
    const written = readUseOptions(call);
    for (const scope of written.scopes) scopes.add(scope);
    const target = resolveTarget(context, call);
    if (written.scope !== undefined && target.declaredScope !== undefined && written.scope !== target.declaredScope)
      throw new TransformError({ code: "TK1109", node: call, args: { name: target.name, declared: target.declaredScope, used: written.scope } });
    const options = { scope: written.scope ?? target.declaredScope ?? "request" };
    if (consumer?.scope === "app" && options.scope !== "app")
      throw new TransformError({
        code: "TK1104",
        node: call,
        args: { name: consumer.name, what: `request-scoped dependency "${target.name}"` },
      });
    if (consumer?.closesAfterResponse === true && options.scope === "function")
      throw new TransformError({ code: "TK1108", node: call, args: { name: consumer.name, dependency: target.name } });
    const key = `${options.scope}:${symbolKey(target.symbol)}`;
    const cycleAt = stack.findIndex((entry) => entry.symbol === symbolKey(target.symbol));
    if (cycleAt >= 0)
      throw new TransformError({
        code: "TK1101",
        node: call,
        args: { cycle: [...stack.slice(cycleAt).map((entry) => entry.name), target.name].join(" → ") },
      });
    const known = memo.get(key);
    if (known !== undefined) return { node: known };
    stack.push({ symbol: symbolKey(target.symbol), name: target.name });
    const generator = target.kind === "generator" || target.kind === "async-generator";
    const owner: Owner = { scope: options.scope, name: target.name, closesAfterResponse: generator && options.scope === "request" };
    let args: GraphRef[];
    if (target.security !== undefined) {
      if (options.scope === "app")
        throw new TransformError({ code: "TK1104", node: call, args: { name: target.name, what: "the request's credentials" } });
      const slot = nextSlot++;
      schemeInputs.push({ slot, scheme: target.security });
      args = [{ input: slot }];
    } else {
      // A class without a constructor takes nothing.
      args = target.declaration === undefined ? [] : argsOf(target.declaration, owner);
    }
    stack.pop();
    const index = nodes.length;
    nodes.push({
      name: target.name,
      declaration: target.declaration,
      symbol: target.symbol,
      node: call.arguments[0]!,
      kind: target.kind,
      scope: options.scope,
      args,
      security: target.security,
    });
    memo.set(key, index);
    return { node: index };
  };

  const root = props.root;
  const args = "handler" in root ? argsOf(root.handler, { scope: "request", name: "the handler" }) : [visit(root.use, undefined)];

  if (route !== undefined) checkRoute(route, inputs);
  return { inputs, schemeInputs, nodes, args, scopes: [...scopes] };
};

// The route-level checks of `classifyParameters`, over every function of the graph.
const checkRoute = (route: RouteShape, inputs: readonly ClassifiedInput[]): void => {
  for (const name of pathParameterNames(route.path))
    if (!inputs.some((input) => input.kind === "path" && input.name === name))
      throw unboundPathParameter({ name, path: route.path, node: route.pathNode });
  const body = inputs.find((input) => input.kind === "body");
  const embedded = inputs.find((input) => input.kind === "body" && input.embed === true);
  const whole = inputs.find((input) => input.kind === "body" && input.embed !== true);
  if (embedded !== undefined && whole !== undefined)
    throw new TransformError({ code: "TK1003", node: whole.parameter, args: { name: whole.parameterName, first: embedded.parameterName } });
  if (body !== undefined && (route.method === "get" || route.method === "head"))
    throw new TransformError({
      code: "TK1004",
      node: body.parameter,
      args: { method: route.method.toUpperCase(), name: body.parameterName },
    });
};

const symbolIds = new WeakMap<ts.Symbol, number>();
let nextSymbolId = 0;
const symbolKey = (symbol: ts.Symbol): string => {
  let id = symbolIds.get(symbol);
  if (id === undefined) symbolIds.set(symbol, (id = nextSymbolId++));
  return `#${id}`;
};

interface Target {
  readonly name: string;
  readonly symbol: ts.Symbol;
  readonly declaration?: ts.SignatureDeclaration & { readonly body?: ts.Node };
  readonly kind: GraphNode["kind"];
  readonly security?: SecurityScheme;
  /** The scope `dependency(fn, { scope })` declared where it is defined. */
  readonly declaredScope?: Scope;
}

/** What `use(x)` names: a function declaration, a const function, or a security scheme. */
const resolveTarget = (context: TransformContext, call: ts.CallExpression): Target => {
  const expression = call.arguments[0];
  const fail = (reason: string) =>
    new TransformError({ code: "TK1102", node: expression ?? call, args: { reason } });
  if (expression === undefined) throw fail("it has no argument");
  if (!ts.isIdentifier(expression) && !ts.isPropertyAccessExpression(expression))
    throw fail("pass the function by name, not written inline");
  const { checker } = context;
  const found = checker.getSymbolAtLocation(expression);
  const symbol = found && found.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(found) : found;
  const declaration = symbol?.valueDeclaration;
  if (symbol === undefined || declaration === undefined) throw fail(`"${expression.getText()}" has no declaration`);
  return targetOf(context, { name: symbol.name, symbol, declaration, fail });
};

/** The function, class or scheme a declaration holds; `const db = dependency(fn, { scope })` adds its scope to `fn`'s. */
const targetOf = (context: TransformContext, props: {
  name: string;
  symbol: ts.Symbol;
  declaration: ts.Declaration;
  fail: (reason: string) => TransformError;
}): Target => {
  const { name, symbol, declaration, fail } = props;
  if (ts.isFunctionDeclaration(declaration) && declaration.body !== undefined)
    return { name, symbol, declaration, kind: kindOf(declaration) };
  if (ts.isClassDeclaration(declaration) && !(ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Abstract)) {
    const constructor = declaration.members.find(
      (member): member is ts.ConstructorDeclaration => ts.isConstructorDeclaration(member) && member.body !== undefined,
    );
    return { name, symbol, declaration: constructor, kind: "construct" };
  }
  if (ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined) {
    const initializer = skipOuter(declaration.initializer);
    if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer))
      return { name, symbol, declaration: initializer, kind: kindOf(initializer) };
    const security = readSecurityScheme(context, initializer, name);
    if (security !== undefined) return { name, symbol, kind: "call", security };
    const declared = readDependencyCall(context, initializer);
    if (declared !== undefined) return { ...markedTarget(context, { ...props, fn: declared.fn }), declaredScope: declared.scope };
  }
  throw fail(`"${name}" is not declared as a function in this program`);
};

/** What `dependency(fn, …)` marks: a function written inline, or one named (its own declaration). */
const markedTarget = (context: TransformContext, props: { name: string; symbol: ts.Symbol; fn: ts.Expression; fail: (reason: string) => TransformError }): Target => {
  const fn = skipOuter(props.fn);
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) return { name: props.name, symbol: props.symbol, declaration: fn, kind: kindOf(fn) };
  if (!ts.isIdentifier(fn)) throw props.fail("dependency() takes a function or class, written inline or by name");
  const found = context.checker.getSymbolAtLocation(fn);
  const inner = found && found.flags & ts.SymbolFlags.Alias ? context.checker.getAliasedSymbol(found) : found;
  if (inner?.valueDeclaration === undefined) throw props.fail(`"${fn.text}" has no declaration`);
  // The marked value is the same function: its node keys the graph by the name use() wrote.
  return { ...targetOf(context, { ...props, declaration: inner.valueDeclaration }), name: props.name, symbol: props.symbol };
};

const skipOuter = (node: ts.Expression): ts.Expression =>
  ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) ? skipOuter(node.expression) : node;

const kindOf = (declaration: ts.FunctionLikeDeclaration): GraphNode["kind"] => {
  if (declaration.asteriskToken === undefined) return "call";
  const isAsync = ts.getCombinedModifierFlags(declaration as ts.Declaration) & ts.ModifierFlags.Async;
  return isAsync ? "async-generator" : "generator";
};
