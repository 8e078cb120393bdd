/**
 * Writes a resolved dependency graph into the manifest: the plan (nodes with their function
 * references, in order; the root's arguments), the inputs security schemes read, and what the
 * graph adds to the OpenAPI operation (security requirement, 401/403, statuses dependencies
 * throw, the OAuth2 password form's request body).
 */
import path from "node:path";
import ts from "typescript";
import type { DependencyPlan, OpenApiFragment, ScalarInput, ValueRef } from "../runtime/contract/manifest";
import type { TransformContext } from "./context";
import type { DependencyGraph, GraphNode, GraphRef } from "./dependency-graph";
import { TransformError } from "./diagnostics";
import type { ClassifiedInput } from "./parameter-classifier";
import { errorResponse, validationErrorResponse } from "./openapi-programmer";
import { thrownStatuses } from "./thrown-statuses";
import type { TypiaScope } from "./typia-programmers";
import { Code, type Emitted } from "./manifest-literal";

const f = ts.factory;

/** `{ nodes: [...], args: [...] }`; function references are valid where `location` is. */
export const writeDependencyPlan = (props: {
  context: TransformContext;
  scope: TypiaScope;
  graph: DependencyGraph;
  location: ts.Node;
}): Emitted<DependencyPlan> => {
  const { graph } = props;
  const ref = (value: GraphRef): ValueRef =>
    "input" in value ? { input: value.input } : "node" in value ? { node: value.node } : { scopes: graph.scopes };
  const nodes = graph.nodes.map((node) => ({
    fn: new Code(referenceTo({ ...props, node })),
    name: node.name,
    kind: node.kind,
    scope: node.scope,
    args: node.args.map(ref),
  }));
  return { nodes, args: graph.args.map(ref) };
};

/** The input each security scheme reads: a plain optional string, no validator (the scheme checks it). */
export const writeSchemeInputs = (graph: DependencyGraph): Emitted<ScalarInput>[] =>
  graph.schemeInputs.map(({ slot, scheme }) => ({
    source: scheme.input.source,
    index: slot,
    name: scheme.input.name,
    coerce: "string",
    array: false,
    required: false,
  }));


/** The operation with what the graph (and an OAuth2 password form) adds. */
export const decorateFragment = (props: {
  context: TransformContext;
  fragment: OpenApiFragment;
  graph: DependencyGraph | undefined;
  inputs: readonly ClassifiedInput[];
}): OpenApiFragment => {
  const { graph, context } = props;
  const operation = { ...props.fragment.operation };
  const responses = { ...(operation.responses as Record<string, unknown>) };
  const securitySchemes: Record<string, unknown> = {};
  const raises = new Set(props.fragment.raises ?? []);
  if (props.inputs.some((input) => input.kind === "oauth2-password-form")) {
    operation.requestBody = { required: true, content: { "application/x-www-form-urlencoded": { schema: PASSWORD_FORM } } };
    responses[415] ??= errorResponse("Unsupported Media Type");
    responses[422] ??= validationErrorResponse();
  }
  if (graph !== undefined) {
    const requirement: Record<string, string[]> = {};
    for (const node of graph.nodes) {
      if (node.security !== undefined) {
        securitySchemes[node.security.name] = node.security.document;
        requirement[node.security.name] = node.security.oauth2 ? [...graph.scopes] : [];
        responses[401] ??= errorResponse("Not authenticated");
        raises.add(401);
        if (node.security.oauth2 && graph.scopes.length > 0) {
          responses[403] ??= errorResponse("Not enough permissions");
          raises.add(403);
        }
      }
      if (node.declaration !== undefined) {
        const statuses = thrownStatuses({ context, body: node.declaration.body });
        for (const [status, description] of statuses) {
          responses[status] ??= errorResponse(description || "Error");
          raises.add(status);
        }
      }
    }
    if (Object.keys(requirement).length > 0) operation.security = [requirement];
    if (graph.inputs.length > 0 || graph.schemeInputs.length > 0)
      responses[422] ??= validationErrorResponse();
  }
  operation.responses = responses;
  const fragment = raises.size === 0 ? { ...props.fragment, operation } : { ...props.fragment, operation, raises: [...raises] };
  return Object.keys(securitySchemes).length > 0 ? { ...fragment, securitySchemes } : fragment;
};

const PASSWORD_FORM = {
  type: "object",
  title: "OAuth2PasswordForm",
  required: ["username", "password"],
  properties: {
    grant_type: { type: "string", pattern: "^password$" },
    username: { type: "string" },
    password: { type: "string", format: "password" },
    scope: { type: "string", default: "" },
    client_id: { type: "string" },
    client_secret: { type: "string", format: "password" },
  },
};

/**
 * An expression for the node's function that is valid at `location`: its own name when that
 * resolves to it there, else a namespace import of the module that exports it.
 */
const referenceTo = (props: { context: TransformContext; scope: TypiaScope; node: GraphNode; location: ts.Node }): ts.Expression => {
  const { context, node, location } = props;
  const { checker } = context;
  const { symbol } = node;
  const here = location.getSourceFile();
  if (ts.isIdentifier(node.node) && node.node.getSourceFile() === here) {
    const resolved = checker.resolveName(symbol.name, location, ts.SymbolFlags.Value, false);
    const target = resolved && resolved.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(resolved) : resolved;
    // The original identifier as the node's origin: the module transform then rewrites it like
    // the user's own reference (`auth_1.currentUser`, `exports.bearer`).
    if (target === symbol) return ts.setOriginalNode(f.createIdentifier(symbol.name), node.node);
  }
  const declaration = symbol.valueDeclaration!;
  const from = declaration.getSourceFile();
  const statement = ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration;
  const exported =
    statement.parent === from && (ts.getCombinedModifierFlags(statement as ts.Declaration) & ts.ModifierFlags.Export) !== 0;
  if (!exported || from === here || from.isDeclarationFile)
    throw new TransformError({
      code: "TK1103",
      // Reported where the route is registered when the dependency sits in another module.
      node: node.node.getSourceFile() === here ? node.node : location,
      args: { name: symbol.name },
    });
  let specifier = path.relative(path.dirname(here.fileName), from.fileName).replace(/\\/g, "/");
  specifier = specifier.replace(/\.ts$|\.tsx$/, ".js").replace(/\.mts$/, ".mjs").replace(/\.cts$/, ".cjs");
  if (!specifier.startsWith(".")) specifier = `./${specifier}`;
  const namespace = props.scope.context.importer.namespace({
    file: specifier,
    name: `__typekiln_dep_${specifier.replace(/[^A-Za-z0-9]/g, "_")}`,
  });
  return f.createPropertyAccessExpression(namespace, symbol.name);
};

