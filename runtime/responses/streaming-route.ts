/**
 * The answer side of a route whose manifest says its response is a stream (`response.stream`):
 * which extra request headers it needs (a file reply reads `Range` and the conditional headers)
 * and how a handler's return value becomes the streamed reply. Routes without a stream never
 * reach this file.
 */
import type { RouteManifest } from "../contract/manifest";
import type { RouteOptions } from "../contract/route-options";
import type { RequestData } from "../contract/request-data";
import type { Logger } from "../contract/logger";
import { REPLIES, type WireReply } from "./reply";
import { FileResponse } from "./file-response";
import { CONDITIONAL_HEADERS, conditionalHeaders, fileReply } from "./file-reply";
import { streamReplyOf } from "./stream-reply";

export interface StreamingResponse {
  /** The headers the route copies: its inputs' and then the file reply's. */
  readonly headers: readonly string[];
  listHeaders(inputs: readonly boolean[]): readonly boolean[];
  reply(value: unknown, data: RequestData): WireReply | Promise<WireReply>;
}

const DEFAULT_KEEP_ALIVE = 15_000;

export function streamingResponse(props: {
  readonly manifest: RouteManifest;
  readonly options: RouteOptions;
  readonly status: string;
  readonly label: string;
  readonly logger: Logger | undefined;
  /** The input headers the route copies already. */
  readonly headers: readonly string[];
}): StreamingResponse | undefined {
  const { manifest, status, label, logger } = props;
  const kind = manifest.response.stream;
  if (kind === undefined) return undefined;
  if (kind !== "file") {
    const reply = streamReplyOf({
      kind, status, label, logger,
      serialize: manifest.response.serialize,
      keepAlive: props.options.keepAlive ?? DEFAULT_KEEP_ALIVE,
    });
    return { headers: props.headers, listHeaders: (inputs) => inputs, reply };
  }
  const first = props.headers.length;
  return {
    headers: [...props.headers, ...CONDITIONAL_HEADERS],
    listHeaders: (inputs) => (inputs.length === 0 ? inputs : [...inputs, ...CONDITIONAL_HEADERS.map(() => false)]),
    reply(value, data) {
      if (!(value instanceof FileResponse)) throw new TypeError(`typekiln: ${label} must return a FileResponse`);
      return fileReply(value, conditionalHeaders(data.headers.slice(first)), { status, label, logger }).then(undefined, (err: unknown) => {
        logger?.error(`typekiln: ${label} failed`, err);
        return REPLIES.internal;
      });
    },
  };
}
