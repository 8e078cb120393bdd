/**
 * Places each handler parameter by DESIGN.md's rules: a `:name` path segment, a marker type
 * (`Header`, `Cookie`, `Query`, `Body`, `Path`, `RequestContext`), a scalar (query) or an object
 * (the JSON body). Everything it cannot place is a TransformError.
 */
import ts from "typescript";
import type { HttpMethod } from "../runtime/contract/manifest";
import type { TransformContext } from "./context";
import { TransformError } from "./diagnostics";
import { isWireType } from "./wire-type";
import { isUseCall } from "./use-call";
import { checkFormInputs, fileTypeOf } from "./form-programmer";
import { RUNTIME_API } from "./runtime-api";

export type InputKind =
  | "path" | "query" | "header" | "cookie" | "body" | "query-object" | "context" | "response" | "background"
  // feature/di: a `use(fn)` default, OAuth2's password form, the route's required scopes.
  | "dependency" | "oauth2-password-form" | "security-scopes"
  // feature/forms: a `Form<T>`, uploaded files and `Form<string>` fields.
  | "form" | "file" | "form-field";

export interface ClassifiedInput {
  readonly kind: InputKind;
  readonly index: number;
  readonly parameter: ts.ParameterDeclaration;
  /** The handler's name for it. */
  readonly parameterName: string;
  /** The name on the wire (kebab-case for headers). */
  readonly name: string;
  /** The value's type, without the `undefined` that `?` adds. */
  readonly type: ts.Type;
  readonly required: boolean;
  /** For path inputs: position among the path's `:name` segments. */
  readonly segment?: number;
  /** For path inputs: the trailing `*name`, the rest of the path. */
  readonly wildcard?: boolean;
  /** A `Form<T> | Body<T>` parameter: JSON is accepted too. */
  readonly json?: boolean;
  /** A body parameter read from the body's property of its name (several bodies, or `Body<T, { embed: true }>`). */
  readonly embed?: boolean;
}

export const classifyParameters = (props: {
  context: TransformContext;
  method: HttpMethod;
  path: string;
  pathNode: ts.Node;
  handler: ts.SignatureDeclaration;
  /** Classify only: a dependency graph checks segments and bodies across all its functions. */
  partial?: boolean;
}): ClassifiedInput[] => {
  const { context, handler } = props;
  const segments = pathParameterNames(props.path);
  const classified = handler.parameters.map((parameter, index) =>
    classifyOne({ context, parameter, index, segments, path: props.path }),
  );
  // Several body parameters are one body with a property each, as FastAPI embeds them.
  const several = classified.filter((input) => input.kind === "body").length > 1;
  const inputs = several ? classified.map((input) => (input.kind === "body" ? { ...input, embed: true } : input)) : classified;
  if (props.partial) return inputs;

  for (const name of segments)
    if (!inputs.some((input) => input.kind === "path" && input.name === name))
      throw unboundPathParameter({ name, path: props.path, node: props.pathNode });
  const bodies = inputs.filter((input) => input.kind === "body");
  if (bodies.length > 0 && (props.method === "get" || props.method === "head"))
    throw new TransformError({
      code: "TK1004",
      node: bodies[0]!.parameter,
      args: { method: props.method.toUpperCase(), name: bodies[0]!.parameterName },
    });
  checkFormInputs(inputs, props.method);
  return inputs;
};

/** The path's parameters, in order: each `:name` segment, then a trailing `*name` (the rest of the path). */
export const pathParameterNames = (path: string): string[] =>
  path.split("/").filter((part) => part.startsWith(":") || part.startsWith("*")).map((part) => part.slice(1));

/** The name of the path's trailing `*name`, if it has one. */
export const wildcardOf = (path: string): string | undefined => /\/\*([^/*:]+)$/.exec(path)?.[1];

/** TK1001 for a path parameter no handler parameter takes, named as the path spells it. */
export const unboundPathParameter = (props: { name: string; path: string; node: ts.Node }): TransformError =>
  new TransformError({
    code: "TK1001",
    node: props.node,
    args: { name: props.name, path: props.path, segment: `${wildcardOf(props.path) === props.name ? "*" : ":"}${props.name}` },
  });

/** TK1016 unless every `*` of the path is one named wildcard at its end. */
export const checkWildcard = (path: string, node: ts.Node): void => {
  const stars = path.split("*").length - 1;
  if (stars > 0 && (stars > 1 || wildcardOf(path) === undefined))
    throw new TransformError({ code: "TK1016", node, args: { path } });
};

const MARKERS: Readonly<Record<string, InputKind>> = RUNTIME_API.markers;

const classifyOne = (props: {
  context: TransformContext;
  parameter: ts.ParameterDeclaration;
  index: number;
  segments: readonly string[];
  path: string;
}): ClassifiedInput => {
  const { context, parameter, index } = props;
  const { checker } = context;
  if (!ts.isIdentifier(parameter.name) || parameter.dotDotDotToken !== undefined)
    throw new TransformError({ code: "TK1008", node: parameter, args: { name: parameter.name.getText() } });
  const parameterName = parameter.name.text;
  const required = parameter.questionToken === undefined && parameter.initializer === undefined;
  const base = { index, parameter, parameterName, required };
  if (isUseCall(context, parameter.initializer))
    return { ...base, kind: "dependency", name: parameterName, type: checker.getTypeAtLocation(parameter), required: true };

  // `Form<T> | Body<T>`: a form, or JSON of the same type.
  const union = parameter.type !== undefined && ts.isUnionTypeNode(parameter.type) ? parameter.type.types.map((node) => markerOf(context, node)) : [];
  const formMember = union.find((member) => member?.kind === "form");
  if (union.length === 2 && formMember !== undefined && union.some((member) => member?.kind === "body"))
    return { ...base, kind: "form", name: parameterName, type: checker.getTypeFromTypeNode(formMember.valueNode), json: true };

  const marker = markerOf(context, parameter.type);
  if (marker !== undefined) {
    const type = checker.getTypeFromTypeNode(marker.valueNode);
    if (
      marker.kind === "context" || marker.kind === "response" || marker.kind === "background" ||
      marker.kind === "oauth2-password-form" || marker.kind === "security-scopes"
    )
      return { ...base, kind: marker.kind, name: parameterName, type, required: true };
    if (marker.kind === "path") {
      const segment = props.segments.indexOf(parameterName);
      if (segment < 0)
        throw new TransformError({
          code: "TK1002",
          node: parameter,
          args: { name: parameterName, path: props.path },
        });
      return { ...base, kind: "path", name: parameterName, type, segment, required: true, ...wildcardFlag(props.path, parameterName) };
    }
    if (marker.kind === "body" && marker.embed) return { ...base, kind: "body", name: parameterName, type, embed: true };
    // `Form<string>`: one field of the form (`Form<File>` one upload), named by the parameter or `Name`.
    if (marker.kind === "form" && fileTypeOf(context, type) !== undefined) return { ...base, kind: "file", name: marker.name ?? parameterName, type };
    if (marker.kind === "form" && (isWireType(checker, type) || !isObjectLike(type)))
      return { ...base, kind: "form-field", name: marker.name ?? parameterName, type };
    // Header names are case-insensitive: the manifest holds them lower-case, as uWS reads them.
    const wireName =
      marker.kind === "header" ? (marker.name?.toLowerCase() ?? kebabCase(parameterName)) : (marker.name ?? parameterName);
    return { ...base, kind: marker.kind, name: wireName, type };
  }

  const type = valueType(checker, parameter);
  const segment = props.segments.indexOf(parameterName);
  if (segment >= 0) return { ...base, kind: "path", name: parameterName, type, segment, required: true, ...wildcardFlag(props.path, parameterName) };
  if (fileTypeOf(context, type) !== undefined) return { ...base, kind: "file", name: parameterName, type };
  if (isWireType(checker, type)) return { ...base, kind: "query", name: parameterName, type };
  if (isObjectLike(type)) return { ...base, kind: "body", name: parameterName, type };
  throw new TransformError({
    code: "TK1009",
    node: parameter,
    args: { name: parameterName, type: checker.typeToString(type) },
  });
};

const wildcardFlag = (path: string, name: string) => (wildcardOf(path) === name ? { wildcard: true } : {});

// The declared type without the `undefined` that `?` adds under strictNullChecks.
const valueType = (checker: ts.TypeChecker, parameter: ts.ParameterDeclaration): ts.Type =>
  parameter.type !== undefined
    ? checker.getTypeFromTypeNode(parameter.type)
    : checker.getTypeAtLocation(parameter);

const isObjectLike = (type: ts.Type): boolean => {
  if (type.isUnion()) return type.types.every((member) => isObjectLike(member) || isNullish(member));
  if (type.getCallSignatures().length > 0) return false;
  return (type.flags & ts.TypeFlags.Object) !== 0 || type.isIntersection();
};

const isNullish = (type: ts.Type): boolean => (type.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) !== 0;

// Per-request objects the framework supplies, by declaring file and name.
const SUPPLIED: Readonly<Record<string, InputKind>> = RUNTIME_API.supplied;

interface Marker {
  readonly kind: InputKind;
  readonly valueNode: ts.TypeNode;
  readonly name?: string;
  /** `Body<T, { embed: true }>`. */
  readonly embed?: boolean;
}

// Markers are read from the declared type node: they are transparent aliases, so the checker's
// type no longer shows them.
const markerOf = (context: TransformContext, node: ts.TypeNode | undefined): Marker | undefined => {
  if (node === undefined || !ts.isTypeReferenceNode(node)) return undefined;
  const exported = context.api.nameOf(context.checker.getSymbolAtLocation(node.typeName));
  if (exported === undefined) return undefined;
  const supplied = SUPPLIED[exported];
  if (supplied !== undefined) return { kind: supplied, valueNode: node };
  const kind = MARKERS[exported];
  const valueNode = node.typeArguments?.[0];
  if (kind === undefined || valueNode === undefined) return undefined;
  const nameNode = node.typeArguments?.[1];
  const name =
    nameNode !== undefined && ts.isLiteralTypeNode(nameNode) && ts.isStringLiteral(nameNode.literal)
      ? nameNode.literal.text
      : undefined;
  return { kind, valueNode, name, ...(nameNode !== undefined && embedsIn(nameNode) ? { embed: true } : {}) };
};

/** `{ embed: true }` written as a type. */
const embedsIn = (node: ts.TypeNode): boolean =>
  ts.isTypeLiteralNode(node) && node.members.some((member) =>
    ts.isPropertySignature(member) && member.name.getText() === "embed" && member.type !== undefined &&
    ts.isLiteralTypeNode(member.type) && member.type.literal.kind === ts.SyntaxKind.TrueKeyword);

/** `xRequestId` → `x-request-id`: header names are case-insensitive and kebab-case by convention. */
export const kebabCase = (name: string): string =>
  name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").replace(/_/g, "-").toLowerCase();
