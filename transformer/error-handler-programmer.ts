/**
 * Exception handlers: `app.onError(Type, handler)` and `router.onError(…)` (declared by typekiln's
 * `App` and `Router`, found through the runtime API table). The handler's (awaited) return type is
 * read as a route's is: each `Reply<S, B>` member gets `B`'s serializer and an OpenAPI response
 * under `S` (`Reply<number, B>`: any status, the `default` entry), so the document's 422 and error
 * responses show what the handler really answers.
 */
import ts from "typescript";
import { MANIFEST_VERSION, type ErrorHandlerManifest } from "../runtime/contract/manifest";
import type { TransformContext } from "./context";
import { Code, type Emitted } from "./manifest-literal";
import { handlerDeclaration } from "./route-recogniser";
import { RUNTIME_API } from "./runtime-api";
import { describe, isEmpty, rawContent, responseKind, typeArgument } from "./response-programmer";
import { writeSchemas, writeSerializer, type TypiaScope } from "./typia-programmers";
import { TransformError } from "./diagnostics";

const OWNERS: ReadonlySet<string> = new Set(RUNTIME_API.routeOwners);
const RAW: Readonly<Record<string, "text/plain" | "text/html" | "application/octet-stream">> =
  { Text: "text/plain", Html: "text/html", Bytes: "application/octet-stream" };

/** `x.onError(Type, handler)` on an `App` or a `Router`, or undefined. */
export const recogniseErrorHandler = (context: TransformContext, node: ts.Node): ts.CallExpression | undefined => {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return undefined;
  if (node.expression.name.text !== RUNTIME_API.onError || node.arguments.length !== 2) return undefined;
  const owner = context.api.ownerOf(context.checker.getSymbolAtLocation(node.expression.name));
  return owner !== undefined && OWNERS.has(owner) ? node : undefined;
};

interface Answer {
  /** 0: any status (`Reply<number, B>`). */
  readonly status: number;
  readonly json?: ts.Type;
  readonly media?: string;
}

export const writeErrorHandlerManifest = (props: {
  context: TransformContext;
  scope: TypiaScope;
  call: ts.CallExpression;
}): Emitted<ErrorHandlerManifest> => {
  const { context, scope, call } = props;
  const { checker } = context;
  const handler = handlerDeclaration(context, call.arguments[1]!);
  const node = handler.type ?? handler;
  const signature = checker.getSignatureFromDeclaration(handler);
  const returned = signature === undefined ? undefined : checker.getReturnTypeOfSignature(signature);
  const awaited = returned === undefined ? undefined : (checker.getAwaitedType(returned) ?? returned);
  const members = awaited === undefined ? [] : awaited.isUnion() ? awaited.types : [awaited];
  const answers: Answer[] = [];
  let keeps = members.length === 0;
  for (const member of members) {
    const kind = responseKind(context, member);
    if (kind === "Reply") {
      const body = typeArgument(checker, member, 1);
      const bodyKind = body === undefined ? undefined : responseKind(context, body);
      const shape = body === undefined || isEmpty(body) ? {} : bodyKind !== undefined && RAW[bodyKind] !== undefined ? { media: RAW[bodyKind] } : { json: body };
      for (const status of statusesOf(checker, typeArgument(checker, member, 0), node)) answers.push({ status, ...shape });
    } else if (kind !== undefined && RAW[kind] !== undefined) answers.push({ status: 200, media: RAW[kind] });
    // `void`/`undefined` pass the error on (the default answer stays); an `HttpError` answers `{"detail": …}`.
    else if (isEmpty(member)) keeps = true;
  }
  const withJson = answers.filter((answer) => answer.json !== undefined);
  const set = writeSchemas({
    checker,
    transformer: scope.context.transformer,
    types: withJson.map((answer) => ({ type: answer.json!, node, code: "TK1006" as const, args: {} })),
  });
  const responses: Record<string, unknown> = {};
  for (const answer of answers) {
    const schema = answer.json === undefined ? undefined : set.schemas[withJson.indexOf(answer)];
    responses[answer.status === 0 ? "default" : String(answer.status)] = {
      description: answer.status === 0 ? "Error" : describe(answer.status),
      ...(schema !== undefined ? { content: { "application/json": { schema } } }
        : answer.media !== undefined ? { content: rawContent([answer.media as "text/plain"]) }
        : {}),
    };
  }
  return {
    version: MANIFEST_VERSION,
    variants: answers.map((answer) => ({
      status: answer.status,
      serialize: answer.json === undefined
        ? undefined
        : new Code(writeSerializer({ scope, type: answer.json, name: checker.typeToString(answer.json), node, code: "TK1006", args: {} })),
    })),
    openapi: JSON.stringify({ responses, schemas: set.components, keeps }),
  };
};

/** A `Reply`'s statuses: its number literals, or 0 for `number` (any status). */
const statusesOf = (checker: ts.TypeChecker, type: ts.Type | undefined, node: ts.Node): number[] => {
  if (type === undefined || (type.flags & ts.TypeFlags.Number) !== 0) return [0];
  const atoms = type.isUnion() ? type.types : [type];
  if (atoms.every((atom) => atom.isNumberLiteral())) return atoms.map((atom) => (atom as ts.NumberLiteralType).value);
  throw new TransformError({ code: "TK1202", node, args: { type: checker.typeToString(type) } });
};
