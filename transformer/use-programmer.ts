/**
 * The manifest of a `use(fn)` written outside a parameter list (a router's or app's
 * `dependencies`): `fn`'s own graph, resolved like a route's, with its inputs' validators and the
 * OpenAPI parameters, responses and security it adds to every route it guards. The runtime
 * splices it into those routes at registration.
 */
import ts from "typescript";
import type { DependencyManifest } from "../runtime/contract/manifest";
import type { TransformContext } from "./context";
import { buildGraph } from "./dependency-graph";
import { decorateFragment, writeDependencyPlan, writeSchemeInputs } from "./dependency-programmer";
import { buildOperation } from "./openapi-programmer";
import { documentedShapes, writeInput } from "./route-programmer";
import type { RouteCall } from "./route-recogniser";
import type { TypiaScope } from "./typia-programmers";
import { isUseCall } from "./use-call";
import type { Emitted } from "./manifest-literal";

/** A `use()` call the runtime receives as a value (not a parameter default, which the route's graph covers). */
export const isStandaloneUse = (context: TransformContext, node: ts.Node): node is ts.CallExpression =>
  isUseCall(context, node) &&
  node.arguments.length <= 2 &&
  !(ts.isParameter(node.parent) && node.parent.initializer === node);

export const writeUseManifest = (props: {
  context: TransformContext;
  scope: TypiaScope;
  call: ts.CallExpression;
}): Emitted<DependencyManifest> => {
  const { context, scope, call } = props;
  const graph = buildGraph({ context, root: { use: call } });
  const inputs = [...graph.inputs.map((input) => writeInput({ context, scope, input })), ...writeSchemeInputs(graph)];
  const doc = { tags: [], deprecated: false, parameters: new Map(), throws: new Map() };
  const shapes = documentedShapes({ context, scope, route: {} as RouteCall, inputs: graph.inputs, result: undefined, doc });
  const fragment = buildOperation({ ...shapes, doc, method: "get", path: "/", status: 200, thrown: new Map() });
  const { operationId: _id, ...operation } = fragment.operation;
  const responses = { ...(operation.responses as Record<string, unknown>) };
  delete responses[200];
  const openapi = decorateFragment({ context, fragment: { ...fragment, operation: { ...operation, responses } }, graph, inputs: graph.inputs });
  return {
    inputs,
    dependencies: writeDependencyPlan({ context, scope, graph, location: call }),
    openapi: JSON.stringify(openapi),
  };
};
