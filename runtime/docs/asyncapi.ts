/**
 * The AsyncAPI 3.0 document, assembled on first use from the fragments the transformer wrote into
 * each socket manifest: one channel per socket, a `receive` operation for what clients send and a
 * `send` operation for what the app sends, plus the framework's error message for sockets that
 * answer invalid messages with one.
 */
import { FRAMEWORK_SCHEMAS as OPENAPI_SCHEMAS } from "./openapi";
import type { AsyncApiFragment, SocketManifest } from "../contract/socket-manifest";
import type { SocketOptions } from "../websocket/socket";
import type { OpenApiInfo } from "./openapi";

/** A socket as the document needs it. */
export interface DocumentedSocket {
  readonly manifest: SocketManifest;
  readonly options: SocketOptions;
}

const ERROR_MESSAGE = "ValidationErrorMessage";

/** The framework's schemas: the error frame and its pydantic-shaped entries. */
const FRAMEWORK_SCHEMAS: Readonly<Record<string, unknown>> = {
  MessageValidationError: {
    title: "MessageValidationError",
    type: "object",
    required: ["type", "detail"],
    properties: {
      type: { const: "error" },
      detail: { type: "array", items: { $ref: "#/components/schemas/ValidationError" } },
    },
  },
  // The same pydantic-shaped entry as the OpenAPI document's 422.
  ValidationError: OPENAPI_SCHEMAS.ValidationError,
};

const FRAMEWORK_MESSAGES: Readonly<Record<string, unknown>> = {
  [ERROR_MESSAGE]: {
    name: "error",
    title: "Invalid message",
    summary: "Sent in answer to a message that fails its type; the socket stays open.",
    contentType: "application/json",
    payload: { $ref: "#/components/schemas/MessageValidationError" },
  },
};

export function buildAsyncApi(info: OpenApiInfo, sockets: readonly DocumentedSocket[]): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = { ...FRAMEWORK_MESSAGES };
  const schemas: Record<string, unknown> = { ...FRAMEWORK_SCHEMAS };
  for (const { manifest, options } of sockets) {
    if (options.hidden) continue;
    const fragment = JSON.parse(manifest.asyncapi) as AsyncApiFragment;
    const id = fragment.channelId;
    for (const [name, schema] of Object.entries(fragment.schemas)) if (!(name in schemas)) schemas[name] = schema;
    const channelMessages: Record<string, unknown> = {};
    // One name space per channel: a name both directions use gets the outbound one suffixed.
    const refs = (group: Record<string, unknown>, suffix: string): { $ref: string }[] =>
      Object.entries(group).map(([original, message]) => {
        const name = original in channelMessages ? `${original}_${suffix}` : original;
        const key = `${id}.${name}`;
        messages[key] = message;
        channelMessages[name] = { $ref: `#/components/messages/${key}` };
        return { $ref: `#/channels/${id}/messages/${name}` };
      });
    const received = refs(fragment.inbound, "in");
    const sent = refs(fragment.outbound, "out");
    if (manifest.inbound.format !== "none" && (options.invalidMessage ?? "error") === "error") {
      channelMessages.error = { $ref: `#/components/messages/${ERROR_MESSAGE}` };
      sent.push({ $ref: `#/channels/${id}/messages/error` });
    }
    channels[id] = { ...fragment.channel, messages: channelMessages };
    const channel = { $ref: `#/channels/${id}` };
    if (received.length > 0) operations[`${id}.receive`] = { action: "receive", channel, messages: received };
    if (sent.length > 0) operations[`${id}.send`] = { action: "send", channel, messages: sent };
  }
  const infoBlock: Record<string, string> = { title: info.title, version: info.version };
  if (info.description !== undefined) infoBlock.description = info.description;
  return {
    asyncapi: "3.0.0",
    info: infoBlock,
    defaultContentType: "application/json",
    channels,
    operations,
    components: { schemas, messages },
  };
}
