/**
 * Turns one recognised `app.ws` registration into its socket manifest: the upgrade's inputs
 * (placed exactly as an HTTP handler's), the inbound validator from the `message` handler's
 * parameter type, the outbound serializer from `Out`, and the AsyncAPI fragment.
 */
import ts from "typescript";
import { SOCKET_MANIFEST_VERSION, type InboundManifest, type SocketManifest } from "../runtime/contract/socket-manifest";
import type { TransformContext } from "./context";
import { TransformError } from "./diagnostics";
import { readRouteDoc } from "./jsdoc";
import { buildAsyncApiFragment, type DocumentedUpgradeParameter } from "./asyncapi-programmer";
import { classifyParameters, type ClassifiedInput } from "./parameter-classifier";
import { queryFields, writeInput } from "./route-programmer";
import type { SocketCall } from "./socket-recogniser";
import { writeSchemas, writeSerializer, writeValidator, type TypiaScope } from "./typia-programmers";
import { datePlansOf } from "./date-plan";
import { Code, type Emitted } from "./manifest-literal";

type Inbound =
  | { readonly format: "none" }
  | { readonly format: "binary"; readonly lent: boolean }
  | { readonly format: "json"; readonly type: ts.Type; readonly parameter: ts.ParameterDeclaration; readonly name: string };

export const writeSocketManifest = (props: {
  context: TransformContext;
  scope: TypiaScope;
  socket: SocketCall;
}): Emitted<SocketManifest> => {
  const { context, scope, socket } = props;
  const { checker } = context;
  const inputs = upgradeInputs(context, socket);
  const inbound = inboundOf(context, socket);
  // `Socket<Uint8Array>` (or `ArrayBuffer`) sends binary frames as they are: no serializer, no JSON schema.
  const binaryOut = socket.outType !== undefined && membersOf(socket.outType).every((member) => binaryKind(context, member) !== undefined);
  const out = binaryOut ? undefined : socket.outType;

  const inboundManifest: Emitted<InboundManifest> =
    inbound.format === "none"
      ? { format: "none" }
      : inbound.format === "binary"
      ? { format: "binary", lent: inbound.lent ? true : undefined }
      : {
          format: "json",
          validate: new Code(writeValidator({
            scope,
            type: inbound.type,
            name: checker.typeToString(inbound.type),
            node: inbound.parameter,
            code: "TK1304",
            args: { name: inbound.name },
          })),
          dates: datePlansOf({ checker, type: inbound.type, node: inbound.parameter, name: inbound.name, source: "message" }),
        };
  const serialize =
    out === undefined
      ? undefined
      : new Code(writeSerializer({ scope, type: out, name: checker.typeToString(out), node: socket.outNode, code: "TK1305", args: {} }));

  // Every documented type in one batch, so named types become shared components.
  const parameters: { input: ClassifiedInput; name: string; required: boolean; type: ts.Type }[] = [];
  for (const input of inputs) {
    if (input.kind === "query-object")
      for (const field of queryFields(checker, input)) parameters.push({ input, name: field.name, required: field.required, type: field.type });
    else if (input.kind !== "context") parameters.push({ input, name: input.name, required: input.required, type: input.type });
  }
  const set = writeSchemas({
    checker,
    transformer: scope.context.transformer,
    types: [
      ...parameters.map((p) => ({ type: p.type, node: p.input.parameter, code: "TK1005" as const, text: true, args: { name: p.input.parameterName, source: p.input.kind } })),
      ...(inbound.format === "json" ? [{ type: inbound.type, node: inbound.parameter, code: "TK1304" as const, args: { name: inbound.name } }] : []),
      ...(out === undefined ? [] : [{ type: out, node: socket.outNode, code: "TK1305" as const, args: {} as Record<string, string> }]),
    ],
  });
  const doc = readRouteDoc(socket.docNodes);
  const documented: DocumentedUpgradeParameter[] = parameters.map((p, i) => ({
    in: p.input.kind === "query-object" ? "query" : (p.input.kind as DocumentedUpgradeParameter["in"]),
    name: p.name,
    required: p.required,
    schema: set.schemas[i]!,
    description: doc.parameters.get(p.input.parameterName),
  }));
  const fragment = buildAsyncApiFragment({
    path: socket.path,
    doc,
    parameters: documented,
    inbound:
      inbound.format === "json"
        ? { format: "json", schema: set.schemas[parameters.length]!, typeName: checker.typeToString(inbound.type) }
        : { format: inbound.format },
    outbound: binaryOut
      ? { schema: { type: "string", contentMediaType: "application/octet-stream" }, typeName: checker.typeToString(socket.outType!) }
      : out === undefined ? undefined : { schema: set.schemas[set.schemas.length - 1]!, typeName: checker.typeToString(out) },
    components: set.components,
  });

  return {
    version: SOCKET_MANIFEST_VERSION,
    kind: "ws",
    path: socket.path,
    upgrade: inputs.map((input) => writeInput({ context, scope, input })),
    inbound: inboundManifest,
    serialize,
    binary: binaryOut ? true : undefined,
    asyncapi: JSON.stringify(fragment),
  };
};

/** What an upgrade does not supply, by the kind the HTTP rules would give the parameter. */
const UNSUPPLIED: Partial<Record<ClassifiedInput["kind"], string>> = {
  dependency: "a dependency (use(…))",
  "security-scopes": "SecurityScopes",
  "oauth2-password-form": "an OAuth2 password form",
  response: "ResponseControl",
  background: "BackgroundTasks",
};

// The upgrade's parameters, placed by the HTTP rules; a body has nowhere to come from.
const upgradeInputs = (context: TransformContext, socket: SocketCall): ClassifiedInput[] => {
  const handler = socket.handlers.upgrade;
  if (handler === undefined) return [];
  // "post" lets the classifier place a body parameter, so it is reported with the WebSocket code.
  const inputs = classifyParameters({ context, method: "post", path: socket.path, pathNode: socket.pathNode, handler });
  const body = inputs.find((input) => input.kind === "body" || input.kind === "form" || input.kind === "file" || input.kind === "form-field");
  if (body !== undefined) throw new TransformError({ code: "TK1302", node: body.parameter, args: { name: body.parameterName } });
  const unsupported = inputs.find((input) => UNSUPPLIED[input.kind] !== undefined);
  if (unsupported !== undefined)
    throw new TransformError({ code: "TK1306", node: unsupported.parameter, args: { name: unsupported.parameterName, what: UNSUPPLIED[unsupported.kind]! } });
  return inputs;
};

const inboundOf = (context: TransformContext, socket: SocketCall): Inbound => {
  const parameter = socket.handlers.message?.parameters[1];
  if (parameter === undefined) return { format: "none" };
  if (!ts.isIdentifier(parameter.name))
    throw new TransformError({ code: "TK1008", node: parameter, args: { name: parameter.name.getText() } });
  const { checker } = context;
  const declared = parameter.type !== undefined ? checker.getTypeFromTypeNode(parameter.type) : checker.getTypeAtLocation(parameter);
  const type = checker.getNonNullableType(declared);
  const kinds = new Set(membersOf(type).map((member) => binaryKind(context, member) ?? "json"));
  if (kinds.size > 1) throw new TransformError({ code: "TK1303", node: parameter, args: { name: parameter.name.text } });
  if (kinds.has("json")) return { format: "json", type, parameter, name: parameter.name.text };
  return { format: "binary", lent: kinds.has("ArrayBuffer") };
};

const membersOf = (type: ts.Type): readonly ts.Type[] => (type.isUnion() ? type.types : [type]);

/** `Uint8Array` or `ArrayBuffer` from the default library: a binary frame. */
const binaryKind = (context: TransformContext, type: ts.Type): "Uint8Array" | "ArrayBuffer" | undefined => {
  const symbol = type.getSymbol();
  const name = symbol?.getName();
  if (name !== "Uint8Array" && name !== "ArrayBuffer") return undefined;
  const fromLibrary = (symbol!.declarations ?? []).some((declaration) =>
    context.program.isSourceFileDefaultLibrary(declaration.getSourceFile()),
  );
  return fromLibrary ? name : undefined;
};

