/**
 * Turns one recognised route into its manifest, typed as the contract's `RouteManifest`: classifies the
 * handler's parameters, asks typia for validators, the serializer and schemas, and builds the OpenAPI
 * fragment.
 */
import ts from "typescript";
import { MANIFEST_VERSION, type Coercion, type InputManifest, type RouteManifest, type ScalarInput } from "../runtime/contract/manifest";
import type { TransformContext } from "./context";
import { TransformError, warn } from "./diagnostics";
import { readRouteDoc, type RouteDoc } from "./jsdoc";
import { literalValue } from "./literal-value";
import { addBodyErrorResponses, buildOperation, nameRequestBody, unsupportedMediaTypeResponse, validationErrorResponse, type DocumentedParameter } from "./openapi-programmer";
import { classifyParameters, type ClassifiedInput } from "./parameter-classifier";
import type { RouteCall } from "./route-recogniser";
import { thrownStatuses } from "./thrown-statuses";
import { analyseResponse, documentResponses, writeResponseExtras } from "./response-programmer";
import { writeSchemas, writeSerializer, writeValidator, type TypiaScope, type WriteProps } from "./typia-programmers";
import { wireTypeOf } from "./wire-type";
import { unrepresentableIn } from "./json-input-shape";
import { datePlansOf, defaultPlansOf, setPlansOf } from "./date-plan";
import { fieldDefault } from "./model-defaults";
import { buildGraph, needsGraph } from "./dependency-graph";
import { decorateFragment, writeDependencyPlan, writeSchemeInputs } from "./dependency-programmer";
import { formInputsOf, formRequestBody, readUploadOption, writeFormInput } from "./form-programmer";
import { STREAM_DESCRIPTIONS, fileContent, streamContent, streamResponseOf } from "./stream-response";
import { Code, type Emitted } from "./manifest-literal";
import { fileMediaTypes } from "./file-media-types";
import { closeRequestBody, readExtraOption } from "./closed-schemas";
import { documentControlEffects, readControlEffects } from "./response-control";

export const writeRouteManifest = (props: {
  context: TransformContext;
  scope: TypiaScope;
  route: RouteCall;
}): Emitted<RouteManifest> => {
  const { context, scope, route } = props;
  const { checker } = context;
  // feature/di: a handler with `use()` dependencies has its whole graph's inputs instead.
  const graph = needsGraph(context, route.handler)
    ? buildGraph({ context, route, root: { handler: route.handler } })
    : undefined;
  const inputs = graph?.inputs ?? classifyParameters({
    context,
    method: route.method,
    path: route.path,
    pathNode: route.pathNode,
    handler: route.handler,
  });
  const responseNode = route.handler.type ?? route.handler;
  const returned = responseType(checker, route.handler);
  // A stream's serializer and schema are its item's; bytes and files have neither.
  const stream = returned === undefined ? undefined : streamResponseOf(context, returned);
  // Reply<S, B>, Text, Html, Bytes, Redirect members are split off (response-programmer.ts).
  const shape = analyseResponse({
    context, type: stream === undefined ? returned : stream.item, node: responseNode, statusOption: statusOption(route.options),
  });
  const result = shape.json;
  if (result !== undefined && isUnfiltered(checker, result))
    warn(context, { code: "TK1203", node: responseNode, args: { type: checker.typeToString(result) } });
  const status = stream === undefined ? shape.status : (statusOption(route.options) ?? 200);

  const extra = readExtraOption(route.options);
  const inputManifests = inputs.map((input) => writeInput({ context, scope, input, extra }));
  if (graph !== undefined) inputManifests.push(...writeSchemeInputs(graph));
  const resultSets = result === undefined ? undefined : writtenSets(checker, result, responseNode);
  const serialize =
    result === undefined
      ? undefined
      : new Code(writeSerializer({
          scope,
          type: result,
          name: checker.typeToString(result),
          node: route.handler.type ?? route.handler,
          code: "TK1006",
          args: {},
          sets: resultSets,
        }));

  const doc = readRouteDoc(route.docNodes);
  const operation = buildOperation({
    ...documentedShapes({ context, scope, route, inputs, result, doc }),
    doc,
    method: route.method,
    path: route.path,
    status,
    thrown: thrownStatuses({ context, body: route.handler.body, declared: doc.throws }),
  });
  const decorated = decorateFragment({ context, fragment: operation, graph, inputs });
  const openapi = documentResponses({ context, scope, shape, node: responseNode, fragment: decorated });
  if (extra === "forbid") closeRequestBody(openapi.operation, openapi.schemas);
  const form = formRequestBody({ context, scope, inputs, upload: readUploadOption(context, route.options), descriptions: doc.parameters });
  if (form !== undefined) {
    const responses = openapi.operation.responses as Record<string, unknown>;
    addBodyErrorResponses(responses);
    responses[415] ??= unsupportedMediaTypeResponse();
    responses[422] ??= validationErrorResponse();
    openapi.operation.requestBody = form.requestBody;
    Object.assign(openapi.schemas, form.components);
  }
  // A body made of several parameters (embedded JSON bodies, form fields, files) is FastAPI's `Body_<operation>`.
  const formish = formInputsOf(inputs);
  if (inputs.some((input) => input.kind === "body" && input.embed === true) || formish.some((input) => input.kind !== "form") || formish.length > 1)
    nameRequestBody(openapi.operation, openapi.schemas);
  if (stream !== undefined) {
    const responses = openapi.operation.responses as Record<string, Record<string, unknown>>;
    const success = responses[status]!;
    const content = success.content as Record<string, { schema?: Record<string, unknown> }> | undefined;
    const fileTypes = stream.kind === "file" ? fileMediaTypes(context, route.handler.body) : [];
    success.content = stream.kind === "file" ? fileContent(fileTypes) : streamContent(stream.kind, content?.["application/json"]?.schema);
    if (success.description === "Successful Response" || success.description === "No Content") {
      success.description = STREAM_DESCRIPTIONS[stream.kind] + (fileTypes.includes("*/*") ? "; its media type is known only when it is sent" : "");
    }
    if (stream.kind === "file") {
      responses[206] ??= { description: "Partial Content (a Range request)", content: success.content };
      responses[304] ??= { description: "Not Modified (If-None-Match or If-Modified-Since matched)" };
      responses[416] ??= { description: "Range Not Satisfiable" };
    }
  }
  if (inputs.some((input) => input.kind === "response")) {
    const responses = openapi.operation.responses as Record<string, Record<string, unknown>>;
    documentControlEffects({ responses, status, effects: readControlEffects(context, route.handler) });
  }

  return {
    version: MANIFEST_VERSION,
    method: route.method,
    path: route.path,
    inputs: inputManifests,
    response: {
      status,
      serialize,
      validate: stream === undefined && !shape.special ? responseValidator({ scope, type: result, node: responseNode, checker, sets: resultSets }) : undefined,
      ...writeResponseExtras({ scope, shape, node: responseNode, checker }),
      stream: stream?.kind,
    },
    openapi: JSON.stringify(openapi),
    dependencies: graph === undefined ? undefined : writeDependencyPlan({ context, scope, graph, location: route.call }),
  };
};

export const writeInput = (props: {
  context: TransformContext;
  scope: TypiaScope;
  input: ClassifiedInput;
  /** The route's `extra` option: `"forbid"` refuses undeclared body properties and query parameters. */
  extra?: "forbid";
}): Emitted<InputManifest> => {
  const { context, scope, input, extra } = props;
  const forbid = extra === undefined ? {} : { extra };
  const { checker } = context;
  const { kind, index } = input;
  if (kind === "form" || kind === "file" || kind === "form-field") return writeFormInput({ context, scope, input });
  // The graph resolves these itself (dependency-programmer.ts); they are never wire inputs.
  if (kind === "dependency" || kind === "security-scopes") throw new Error(`typekiln: a ${kind} parameter has no input manifest`);
  const validator = (code: "TK1005" | "TK1011") => {
    const sets = setPlansOf({ checker, type: input.type, node: input.parameter, name: input.parameterName, source: kind === "body" ? "body" : "query" });
    return new Code(writeValidator({
      scope,
      type: input.type,
      name: checker.typeToString(input.type),
      node: input.parameter,
      code,
      args: { name: input.parameterName, source: kind },
      equals: kind === "body" && extra === "forbid",
      sets: sets === undefined ? undefined : { plans: sets, direction: "read" },
      defaults: kind === "body" || kind === "query-object"
        ? defaultPlansOf({ checker, type: input.type, node: input.parameter, name: input.parameterName, source: kind === "body" ? "body" : "query" })
        : undefined,
    }));
  };
  if (kind === "context" || kind === "response" || kind === "background" || kind === "oauth2-password-form")
    return { source: kind, index };
  if (kind === "body") {
    const validate = validator("TK1011");
    refuseUnrepresentable(context, input, "body");
    const dates = datePlansOf({ checker, type: input.type, node: input.parameter, name: input.parameterName });
    return { source: kind, index, required: input.required, validate, dates, ...forbid, ...(input.embed === true ? { embed: input.name } : {}) };
  }
  if (kind === "query-object") {
    refuseUnrepresentable(context, input, "query");
    const fields = queryFields(checker, input).map(({ name, coerce, array }) => ({ name, coerce, array }));
    return { source: kind, index, fields, validate: validator("TK1005"), ...forbid };
  }
  const wire = wireTypeOf(checker, input.type);
  if (!wire.ok || (wire.array && kind === "path"))
    throw new TransformError({
      code: "TK1005",
      node: input.parameter,
      args: {
        name: input.parameterName,
        source: kind,
        reason: wire.ok ? "a path segment holds one value, not an array." : wire.reason,
      },
    });
  const scalar: Emitted<ScalarInput> = {
    source: kind,
    index,
    name: input.name,
    coerce: wire.coerce,
    array: wire.array,
    required: input.required,
    segment: input.segment,
    ...(input.wildcard === true ? { wildcard: true } : {}),
    // A plain `string` accepts any text: no validator to run.
    validate: input.type.flags & ts.TypeFlags.String ? undefined : validator("TK1005"),
  };
  return scalar;
};

// Behaviour (TK1013) or a bigint in JSON (TK1011): typia validates both, and the handler then fails.
const refuseUnrepresentable = (context: TransformContext, input: ClassifiedInput, source: "body" | "query"): void => {
  const found = unrepresentableIn({ program: context.program, checker: context.checker, type: input.type, bigint: source === "body" });
  if (found === undefined) return;
  const name = input.parameterName;
  if (found.what === "bigint")
    throw new TransformError({
      code: "TK1011",
      node: input.parameter,
      args: {
        name,
        reason: `${found.member === "" ? "it" : `"${found.member}"`} is a bigint, and JSON has no bigint (a JSON number loses digits past 2^53). Use number (tags.Type<"int64"> for whole numbers), or a string of digits (tags.Pattern<"^-?[0-9]+$">) converted with BigInt() in the handler.`,
      },
    });
  throw new TransformError({
    code: "TK1013",
    node: input.parameter,
    args: { source, name, what: found.what === "function property" ? "a function property" : `${found.what === "accessor" ? "an" : "a"} ${found.what}`, member: found.member, type: found.type },
  });
};

interface QueryField {
  readonly name: string;
  readonly coerce: Coercion;
  readonly array: boolean;
  readonly required: boolean;
  readonly type: ts.Type;
  /** The field's default (`@default` or `tags.Default`), filled in when it is absent. */
  readonly default?: { readonly value: unknown };
}

export const queryFields = (checker: ts.TypeChecker, input: ClassifiedInput): QueryField[] =>
  checker.getPropertiesOfType(input.type).map((property) => {
    const type = checker.getNonNullableType(checker.getTypeOfSymbol(property));
    const wire = wireTypeOf(checker, type);
    if (!wire.ok)
      throw new TransformError({
        code: "TK1005",
        node: input.parameter,
        args: { name: `${input.parameterName}.${property.name}`, source: "query", reason: wire.reason },
      });
    const given = fieldDefault(checker, property, checker.typeToString(input.type));
    const required = (property.flags & ts.SymbolFlags.Optional) === 0 && given === undefined;
    return { name: property.name, coerce: wire.coerce, array: wire.array, required, type, ...(given === undefined ? {} : { default: { value: given.value } }) };
  });

// `any`, `unknown`, or an array of them (`db.all()` typed any[]): written as they are, unfiltered.
const isUnfiltered = (checker: ts.TypeChecker, type: ts.Type): boolean => {
  const loose = (t: ts.Type) => (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
  return loose(type) || (checker.isArrayType(type) && loose(checker.getTypeArguments(type as ts.TypeReference)[0]!));
};

// The return type's validator, which the runtime runs on results while responses are checked.
// A type typia serializes but cannot validate builds without one rather than failing the build.
const responseValidator = (props: {
  scope: TypiaScope; type: ts.Type | undefined; node: ts.Node; checker: ts.TypeChecker; sets: WriteProps["sets"];
}): Code | undefined => {
  const { type } = props;
  if (type === undefined || type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return undefined;
  try {
    return new Code(writeValidator({
      scope: props.scope, type, name: props.checker.typeToString(type), node: props.node, code: "TK1006", args: {}, sets: props.sets,
    }));
  } catch (error) {
    if (error instanceof TransformError) return undefined;
    throw error;
  }
};

// Where a result type holds Sets: its serializer and validator are given arrays in their place.
const writtenSets = (checker: ts.TypeChecker, type: ts.Type, node: ts.Node): WriteProps["sets"] => {
  const plans = setPlansOf({ checker, type, node, name: "the response", source: "response" });
  return plans === undefined ? undefined : { plans, direction: "write" };
};

// The awaited return type, or undefined when the handler answers with no body.
const responseType = (checker: ts.TypeChecker, handler: ts.SignatureDeclaration): ts.Type | undefined => {
  const signature = checker.getSignatureFromDeclaration(handler);
  if (signature === undefined) return undefined;
  const returned = checker.getReturnTypeOfSignature(signature);
  const awaited = checker.getAwaitedType(returned) ?? returned;
  const empty = ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Never;
  return awaited.flags & empty ? undefined : awaited;
};

const statusOption = (options: ts.ObjectLiteralExpression | undefined): number | undefined => {
  const property = options?.properties.find(
    (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === "status",
  );
  const value = literalValue(property?.initializer);
  return value.ok && typeof value.value === "number" ? value.value : undefined;
};

// Schemas for every documented type of the route, asked of typia in one batch so that named
// types become shared components.
export const documentedShapes = (props: {
  context: TransformContext;
  scope: TypiaScope;
  route: RouteCall;
  inputs: readonly ClassifiedInput[];
  result: ts.Type | undefined;
  doc: RouteDoc;
}) => {
  const { context, route, inputs, result, doc } = props;
  const entries: {
    in: DocumentedParameter["in"]; name: string; required: boolean; type: ts.Type; input: ClassifiedInput; default?: { value: unknown };
  }[] = [];
  for (const input of inputs) {
    if (input.kind === "path" || input.kind === "query" || input.kind === "header" || input.kind === "cookie")
      entries.push({ in: input.kind, name: input.name, required: input.required, type: input.type, input });
    else if (input.kind === "query-object")
      for (const field of queryFields(context.checker, input))
        entries.push({ in: "query", name: field.name, required: field.required, type: field.type, input, default: field.default });
  }
  const bodies = inputs.filter((input) => input.kind === "body");
  const body = bodies[0];
  const embedded = bodies.some((input) => input.embed === true);
  const types = [
    ...entries.map((entry) => ({
      type: entry.type,
      node: entry.input.parameter,
      code: "TK1005" as const,
      text: true,
      sets: true,
      args: { name: entry.input.parameterName, source: entry.in },
    })),
    ...bodies.map((input) => ({ type: input.type, node: input.parameter, code: "TK1011" as const, args: { name: input.parameterName }, sets: true })),
    ...(result === undefined
      ? []
      : [{ type: result, node: route.handler.type ?? route.handler, code: "TK1006" as const, args: {} as Record<string, string>, sets: true }]),
  ];
  const set = writeSchemas({ checker: context.checker, transformer: props.scope.context.transformer, types });
  const parameters: DocumentedParameter[] = entries.map((entry, i) => {
    const initial = entry.input.kind === "query-object" ? undefined : literalValue(entry.input.parameter.initializer);
    const given = initial === undefined ? entry.default : initial.ok ? { value: initial.value } : undefined;
    return {
      in: entry.in,
      name: entry.name,
      required: entry.required,
      schema: set.schemas[i]!,
      ...(given === undefined ? {} : { default: given }),
      description: doc.parameters.get(entry.input.parameterName),
    };
  });
  return {
    parameters,
    body:
      body === undefined
        ? undefined
        : embedded
          // One object with a property per body parameter, as FastAPI documents an embedded body.
          ? {
              required: bodies.some((input) => input.required),
              schema: {
                type: "object",
                properties: Object.fromEntries(bodies.map((input, i) => {
                  const description = doc.parameters.get(input.parameterName);
                  const schema = set.schemas[entries.length + i]!;
                  return [input.name, description === undefined ? schema : { ...schema, description }];
                })),
                required: bodies.filter((input) => input.required).map((input) => input.name),
              },
            }
          : { required: body.required, schema: set.schemas[entries.length]!, description: doc.parameters.get(body.parameterName) },
    responseSchema: result === undefined ? undefined : set.schemas[set.schemas.length - 1],
    components: set.components,
  };
};


