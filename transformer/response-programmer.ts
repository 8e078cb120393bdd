/**
 * Reads a handler's (awaited) return type for the framework's response values — `Reply<S, B>`,
 * `Text`, `Html`, `Bytes`, `Redirect<S>` (recognised by their declaring runtime file) — and writes
 * what they need: one serializer per `Reply` status in the manifest, and one OpenAPI response per
 * status with its media type. A return type without them comes back unchanged, so plain routes
 * keep exactly the manifest and document they had.
 */
import ts from "typescript";
import type { OpenApiFragment, ResponseManifest } from "../runtime/contract/manifest";
import type { TransformContext } from "./context";
import { TransformError } from "./diagnostics";
import { writeSchemas, writeSerializer, type TypiaScope } from "./typia-programmers";
import { RUNTIME_API } from "./runtime-api";
import { Code, type Emitted } from "./manifest-literal";

type Media = "text/plain" | "text/html" | "application/octet-stream";

const RAW_MEDIA: Readonly<Record<string, Media>> = { Text: "text/plain", Html: "text/html", Bytes: "application/octet-stream" };

interface Variant {
  readonly status: number;
  /** The JSON body type; undefined for no body or a raw body. */
  readonly json?: ts.Type;
  readonly media?: Media;
}

export interface ResponseShape {
  /** The JSON part answered with the route's status; undefined when none. */
  readonly json: ts.Type | undefined;
  /** The route's status, from the options or the type (204 when nothing answers with a body). */
  readonly status: number;
  /** Raw bodies answered with the route's status. */
  readonly media: readonly Media[];
  /** Some member answers with the route's status (plain data, `void`, or a raw body). */
  readonly answersAtStatus: boolean;
  readonly variants: readonly Variant[];
  readonly redirects: readonly number[];
  /** The type holds framework response values: the runtime must check each returned value. */
  readonly special: boolean;
}

export const analyseResponse = (props: {
  context: TransformContext;
  /** The awaited return type; undefined for `void`. */
  type: ts.Type | undefined;
  node: ts.Node;
  statusOption: number | undefined;
}): ResponseShape => {
  const { context, type, node, statusOption } = props;
  const { checker } = context;
  const members = type === undefined ? [] : type.isUnion() ? type.types : [type];
  const kinds = members.map((member) => responseKind(context, member));
  if (!kinds.some((kind) => kind !== undefined)) {
    const status = statusOption ?? (type === undefined ? 204 : 200);
    return { json: type, status, media: [], answersAtStatus: true, variants: [], redirects: [], special: false };
  }
  const plain: ts.Type[] = [];
  const media: Media[] = [];
  const variants: Variant[] = [];
  const redirects: number[] = [];
  members.forEach((member, i) => {
    const kind = kinds[i];
    if (kind === undefined) plain.push(member);
    else if (kind === "Redirect") redirects.push(...statusesOf(checker, typeArgument(checker, member, 0), node, 307));
    else if (kind === "Reply") {
      const body = typeArgument(checker, member, 1);
      const bodyKind = body === undefined ? undefined : responseKind(context, body);
      const shape: Omit<Variant, "status"> =
        body === undefined || isEmpty(body) ? {}
        : bodyKind !== undefined && RAW_MEDIA[bodyKind] !== undefined ? { media: RAW_MEDIA[bodyKind] }
        : { json: body };
      for (const status of statusesOf(checker, typeArgument(checker, member, 0), node)) variants.push({ status, ...shape });
    } else if (!media.includes(RAW_MEDIA[kind]!)) media.push(RAW_MEDIA[kind]!);
  });
  const bodies = plain.filter((member) => !isEmpty(member));
  // `void` members answer with no body; `undefined` or `null` next to data are written as `null`.
  const written = plain.filter((member) => (member.flags & (ts.TypeFlags.Void | ts.TypeFlags.Never)) === 0);
  const json = bodies.length === 0 ? undefined : written.length === 1 ? written[0] : unionOf(checker, written);
  const answersAtStatus = plain.length > 0 || media.length > 0;
  const status = statusOption ?? (json === undefined && media.length === 0 ? 204 : 200);
  const taken = new Set<number>(answersAtStatus ? [status] : []);
  for (const s of [...variants.map((v) => v.status), ...redirects]) {
    if (taken.has(s)) throw new TransformError({ code: "TK1201", node, args: { status: String(s) } });
    taken.add(s);
  }
  return { json, status, media, answersAtStatus, variants, redirects, special: true };
};

/** `special` and `variants` for the manifest's `response` object; nothing for plain routes. */
export const writeResponseExtras = (props: {
  scope: TypiaScope;
  shape: ResponseShape;
  node: ts.Node;
  checker: ts.TypeChecker;
}): Emitted<Pick<ResponseManifest, "special" | "variants">> => {
  const { scope, shape, node, checker } = props;
  if (!shape.special) return {};
  const variants = shape.variants.map(({ status, json }) => ({
    status,
    serialize: json === undefined
      ? undefined
      : new Code(writeSerializer({ scope, type: json, name: checker.typeToString(json), node, code: "TK1006", args: {} })),
  }));
  return { special: true, variants: variants.length === 0 ? undefined : variants };
};

/** The operation's responses, completed with every variant, raw media type and redirect. */
export const documentResponses = (props: {
  context: TransformContext;
  scope: TypiaScope;
  shape: ResponseShape;
  node: ts.Node;
  fragment: OpenApiFragment;
}): OpenApiFragment => {
  const { shape, fragment } = props;
  if (!shape.special) return fragment;
  const responses = { ...(fragment.operation.responses as Record<string, Record<string, unknown>>) };
  const withJson = shape.variants.filter((variant) => variant.json !== undefined);
  const set = writeSchemas({
    checker: props.context.checker,
    transformer: props.scope.context.transformer,
    types: withJson.map((variant) => ({ type: variant.json!, node: props.node, code: "TK1006" as const, args: {} })),
  });
  if (!shape.answersAtStatus) delete responses[shape.status];
  else if (shape.media.length > 0) {
    const existing = responses[shape.status] ?? {};
    const content = { ...((existing.content as Record<string, unknown>) ?? {}), ...rawContent(shape.media) };
    responses[shape.status] = { ...existing, description: "Successful Response", content };
  }
  for (const variant of shape.variants) {
    const schema = variant.json === undefined ? undefined : set.schemas[withJson.indexOf(variant)];
    responses[variant.status] = {
      description: describe(variant.status),
      ...(schema !== undefined ? { content: { "application/json": { schema } } }
        : variant.media !== undefined ? { content: rawContent([variant.media]) }
        : {}),
    };
  }
  for (const status of shape.redirects) {
    responses[status] = {
      description: describe(status),
      headers: { Location: { description: "Where to go", schema: { type: "string" } } },
    };
  }
  return {
    ...fragment,
    operation: { ...fragment.operation, responses: sortedByStatus(responses) },
    schemas: { ...fragment.schemas, ...set.components },
  };
};

export const rawContent = (media: readonly Media[]): Record<string, unknown> =>
  Object.fromEntries(media.map((type) => [type, {
    schema: type === "application/octet-stream" ? { type: "string", contentMediaType: type } : { type: "string" },
  }]));

export const describe = (status: number): string =>
  status < 300 ? "Successful Response" : status < 400 ? "Redirect" : status < 500 ? "Client Error" : "Server Error";

export const sortedByStatus = (responses: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)));

/** The framework class a type is an instance of (`Reply`, `Text`, …), or undefined. */
export const responseKind = (context: TransformContext, type: ts.Type): string | undefined => {
  const symbol = type.getSymbol();
  const name = context.api.nameOf(symbol);
  return name !== undefined && (RUNTIME_API.responses as readonly string[]).includes(name) ? name : undefined;
};

export const typeArgument = (checker: ts.TypeChecker, type: ts.Type, index: number): ts.Type | undefined =>
  (type.flags & ts.TypeFlags.Object) !== 0 && ((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) !== 0
    ? checker.getTypeArguments(type as ts.TypeReference)[index]
    : undefined;

/** The number literals of a status type argument; a status must be known at build time. */
const statusesOf = (checker: ts.TypeChecker, type: ts.Type | undefined, node: ts.Node, fallback?: number): number[] => {
  if (type === undefined && fallback !== undefined) return [fallback];
  const atoms = type === undefined ? [] : type.isUnion() ? type.types : [type];
  if (atoms.length > 0 && atoms.every((atom) => atom.isNumberLiteral())) return atoms.map((atom) => (atom as ts.NumberLiteralType).value);
  throw new TransformError({
    code: "TK1202",
    node,
    args: { type: type === undefined ? "(none)" : checker.typeToString(type) },
  });
};

export const isEmpty = (type: ts.Type): boolean =>
  (type.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Never)) !== 0;

// The checker builds unions internally; TypeScript 5.9 keeps `getUnionType` on the checker object.
const unionOf = (checker: ts.TypeChecker, types: readonly ts.Type[]): ts.Type =>
  (checker as unknown as { getUnionType(types: readonly ts.Type[]): ts.Type }).getUnionType(types);
