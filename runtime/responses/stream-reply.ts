/**
 * Turns what a streaming handler returned into a streamed `WireReply`: JSON Lines from an async
 * iterable (each item written by the generated serializer), server-sent events from an async
 * iterable of `ServerSentEvent<T>` (each `data` written by the generated serializer, with
 * keep-alive comments), and bytes from a Node `Readable`, a web `ReadableStream`, a
 * `Uint8Array` or a `Blob` (whose `type` is the `Content-Type`). Compiled once per route from the manifest's `response.stream`.
 */
import type { ResponseStreamKind, Serializer } from "../contract/manifest";
import type { ServerSentEvent } from "../contract/server-sent-event";
import type { Logger } from "../contract/logger";
import type { WireReply } from "./reply";
import { iteratorStream } from "./iterator-stream";

export interface StreamReplyProps {
  readonly kind: Exclude<ResponseStreamKind, "file">;
  readonly status: string;
  readonly serialize: Serializer | undefined;
  /** Milliseconds between keep-alive comments of an event stream; 0 for none. */
  readonly keepAlive: number;
  readonly label: string;
  readonly logger: Logger | undefined;
}

const JSONL_HEADERS: readonly string[] = ["content-type", "application/jsonl", "cache-control", "no-cache", "x-accel-buffering", "no"];
const SSE_HEADERS: readonly string[] = [
  "content-type", "text/event-stream; charset=utf-8", "cache-control", "no-cache", "connection", "keep-alive", "x-accel-buffering", "no",
];
const BYTES_HEADERS: readonly string[] = ["content-type", "application/octet-stream"];
const KEEP_ALIVE = ": keep-alive\n\n";
const OPEN = ": open\n\n";

/** The streamed reply for a handler's return value; throws for a value that is not a stream. */
export function streamReplyOf(props: StreamReplyProps): (value: unknown) => WireReply {
  const { kind, status, label, logger } = props;
  const serialize = props.serialize ?? ((value: unknown) => JSON.stringify(value) ?? "null");
  switch (kind) {
    case "jsonl":
      return (value) => ({
        status,
        headers: JSONL_HEADERS,
        stream: iteratorStream({ source: iteratorOf(value, label), encode: (item) => `${serialize(item) ?? "null"}\n`, label, logger }),
      });
    case "sse": {
      const keepAlive = props.keepAlive > 0 ? { interval: props.keepAlive, chunk: KEEP_ALIVE } : undefined;
      const encode = (event: ServerSentEvent<unknown>) => eventText(event, serialize);
      return (value) => ({
        status,
        headers: SSE_HEADERS,
        stream: iteratorStream({ source: iteratorOf(value, label) as AsyncIterator<ServerSentEvent<unknown>>, encode, keepAlive, prelude: OPEN, label, logger }),
      });
    }
    case "bytes":
      return (value) => {
        if (value instanceof Uint8Array) return { status, headers: BYTES_HEADERS, body: value };
        // A Blob carries its own media type and size: `new Blob([html], { type: "text/html" })`.
        if (value instanceof Blob) {
          const headers = ["content-type", value.type || "application/octet-stream"];
          if (value.size === 0) return { status, headers, body: "" };
          const source = (value.stream() as unknown as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
          return { status, headers, stream: iteratorStream({ source, encode: asBytes, length: value.size, label, logger }) };
        }
        return {
          status,
          headers: BYTES_HEADERS,
          stream: iteratorStream({ source: iteratorOf(value, label), encode: asBytes, label, logger }),
        };
      };
  }
}

const asBytes = (chunk: unknown): string | Uint8Array =>
  typeof chunk === "string" || chunk instanceof Uint8Array ? chunk : Buffer.from(String(chunk));

function iteratorOf(value: unknown, label: string): AsyncIterator<unknown> | Iterator<unknown> {
  const source = value as Partial<AsyncIterable<unknown> & Iterable<unknown>> | null;
  const asyncIterator = source?.[Symbol.asyncIterator];
  if (typeof asyncIterator === "function") return asyncIterator.call(source);
  const iterator = source?.[Symbol.iterator];
  if (typeof iterator === "function" && typeof value !== "string") return iterator.call(source);
  throw new TypeError(`typekiln: ${label} must return an async iterable`);
}

// Field values end at a line break: one in `event` or `id` would start a field of its own.
const oneLine = (text: string): string => text.replace(/[\r\n]+/g, " ");

/** One event in the `text/event-stream` format: its fields, then a blank line. */
export function eventText(event: ServerSentEvent<unknown>, serialize: Serializer): string {
  let out = "";
  if (event.event !== undefined) out += `event: ${oneLine(String(event.event))}\n`;
  if (event.id !== undefined) out += `id: ${oneLine(String(event.id))}\n`;
  if (event.retry !== undefined) out += `retry: ${Math.max(0, Math.floor(Number(event.retry)))}\n`;
  // The generated serializer writes one line: JSON escapes line breaks inside strings.
  return `${out}data: ${serialize(event.data) ?? "null"}\n\n`;
}
