/**
 * Recognises return types that are sent as streams rather than one JSON document: a
 * `FileResponse`, bytes (a Node `Readable`, a web `ReadableStream`, a `Blob`, a `Uint8Array`), and async
 * iterables — of `ServerSentEvent<T>` (server-sent events) or of anything else (JSON Lines).
 * Also writes the OpenAPI content of each.
 */
import ts from "typescript";
import type { ResponseStreamKind } from "../runtime/contract/manifest";
import type { TransformContext } from "./context";
import { RUNTIME_API } from "./runtime-api";

export interface StreamResponse {
  readonly kind: ResponseStreamKind;
  /** What the generated serializer writes: the JSON Lines item, or an event's `data`. */
  readonly item?: ts.Type;
}

export const streamResponseOf = (context: TransformContext, type: ts.Type): StreamResponse | undefined => {
  const { checker } = context;
  if (context.api.nameOf(type.symbol) === RUNTIME_API.fileResponse) return { kind: "file" };
  if (isBytes(checker, type)) return { kind: "bytes" };
  const item = asyncItemOf(checker, type);
  if (item === undefined) return undefined;
  const eventSymbol = item.aliasSymbol ?? item.symbol;
  if (context.api.nameOf(eventSymbol) === RUNTIME_API.serverSentEvent) {
    const data = item.getProperty("data");
    return { kind: "sse", item: data === undefined ? undefined : checker.getNonNullableType(checker.getTypeOfSymbol(data)) };
  }
  return { kind: "jsonl", item };
};

const has = (type: ts.Type, ...names: string[]): boolean => names.every((name) => type.getProperty(name) !== undefined);

// Node's Readable (and its subclasses), the web ReadableStream, Blob, Uint8Array and Buffer.
const isBytes = (checker: ts.TypeChecker, type: ts.Type): boolean =>
  has(type, "pipe", "read", "readableFlowing") || has(type, "getReader", "pipeTo") ||
  has(type, "arrayBuffer", "stream", "slice", "type", "size") ||
  (has(type, "byteLength", "subarray") && checker.getIndexTypeOfType(type, ts.IndexKind.Number) !== undefined);

// The `T` of an `AsyncIterable<T>`: `[Symbol.asyncIterator]().next()` resolves to
// `IteratorResult<T>`, whose not-done member carries `value: T`.
const asyncItemOf = (checker: ts.TypeChecker, type: ts.Type): ts.Type | undefined => {
  const iteratorMethod = type.getProperties().find((symbol) => symbol.escapedName.toString().startsWith("__@asyncIterator"));
  if (iteratorMethod === undefined) return undefined;
  const iterator = returnOf(checker, checker.getTypeOfSymbol(iteratorMethod));
  const next = iterator?.getProperty("next");
  if (iterator === undefined || next === undefined) return undefined;
  const promised = returnOf(checker, checker.getTypeOfSymbol(next));
  const result = promised === undefined ? undefined : (checker.getAwaitedType(promised) ?? promised);
  if (result === undefined) return undefined;
  const members = result.isUnion() ? result.types : [result];
  const yielded = members.find((member) => {
    const done = member.getProperty("done");
    if (done === undefined) return false;
    const doneType = checker.getTypeOfSymbol(done);
    return !(doneType.flags & ts.TypeFlags.BooleanLiteral && checker.typeToString(doneType) === "true");
  });
  const value = yielded?.getProperty("value");
  return value === undefined ? undefined : checker.getTypeOfSymbol(value);
};

const returnOf = (checker: ts.TypeChecker, fn: ts.Type): ts.Type | undefined => {
  const signature = fn.getCallSignatures()[0];
  return signature === undefined ? undefined : checker.getReturnTypeOfSignature(signature);
};

const BINARY = { type: "string", format: "binary" };

/** The success response's `content` for a stream kind; `item` is the item's (or data's) schema. */
export const streamContent = (kind: ResponseStreamKind, item: Record<string, unknown> | undefined): Record<string, unknown> => {
  switch (kind) {
    case "jsonl":
      // The body is many JSON texts, one a line: a 3.1 `schema` describes the whole body, so it
      // says text. OpenAPI 3.2's `itemSchema` (what FastAPI writes, into 3.1 documents) is not a
      // 3.1 field, so the item's schema goes under the extension name 3.1 allows for it.
      return {
        "application/jsonl": {
          schema: { type: "string", description: "JSON Lines: one JSON value per line, each matching x-itemSchema." },
          "x-itemSchema": item ?? {},
        },
      };
    case "sse":
      return {
        "text/event-stream": {
          schema: {
            type: "object",
            required: ["data"],
            properties: {
              data: { type: "string", contentMediaType: "application/json", ...(item === undefined ? {} : { contentSchema: item }) },
              event: { type: "string" },
              id: { type: "string" },
              retry: { type: "integer", minimum: 0 },
            },
          },
        },
      };
    case "bytes":
    case "file":
      return { "application/octet-stream": { schema: BINARY } };
  }
};

/** A `FileResponse` route's content: one entry per media type it can send (file-media-types.ts). */
export const fileContent = (types: readonly string[]): Record<string, unknown> =>
  Object.fromEntries(types.map((type) => [type, { schema: BINARY }]));

/** What the description of the success response says for each stream kind. */
export const STREAM_DESCRIPTIONS: Readonly<Record<ResponseStreamKind, string>> = {
  jsonl: "JSON Lines: one item per line, sent as produced",
  sse: "Server-sent events; each event's data is JSON",
  bytes: "Bytes, streamed",
  file: "The file; Range requests answer 206",
};
