/**
 * The socket manifest: what the transformer appends to `app.ws(path, handlers, options?)`, the
 * WebSocket sibling of the route manifest (`manifest.ts`). Built at compile time: the upgrade's
 * inputs (read exactly as an HTTP route's), the inbound validator, the outbound serializer and the
 * socket's AsyncAPI fragment. The transformer imports these types only.
 */
import type { DatePlans, InputManifest, Serializer, Validator } from "./manifest";

/** Version of the socket manifest format; bumped when its shape changes incompatibly. */
export const SOCKET_MANIFEST_VERSION = 1;

/** How inbound messages are read. */
export type InboundManifest =
  /** Text (or binary) frames parsed as JSON and validated. */
  | {
      readonly format: "json";
      readonly validate: Validator;
      /** The message type's `Date` positions, read from ISO 8601 text as a body's are. */
      readonly dates?: DatePlans;
    }
  /**
   * Binary frames; text frames are invalid. A `Uint8Array` parameter gets its own copy of each
   * frame; an `ArrayBuffer` parameter (`lent`) gets uWS's buffer itself, readable until the
   * handler returns (uWS then detaches it), which saves an allocation and a copy per message.
   */
  | { readonly format: "binary"; readonly lent?: boolean }
  /** The `message` handler declares no message parameter (or there is no handler). */
  | { readonly format: "none" };

export interface SocketManifest {
  readonly version: typeof SOCKET_MANIFEST_VERSION;
  readonly kind: "ws";
  /** The path as written, e.g. `/rooms/:room`. */
  readonly path: string;
  /** The `upgrade` handler's inputs, one per parameter (no body: an upgrade has none). */
  readonly upgrade: readonly InputManifest[];
  readonly inbound: InboundManifest;
  /** Absent when the socket sends nothing (its `Out` is `never`). */
  readonly serialize?: Serializer;
  /** `Socket<Uint8Array>` or `Socket<ArrayBuffer>`: frames are sent as binary, as given. */
  readonly binary?: boolean;
  /** JSON text of an {@link AsyncApiFragment}; parsed only when the document is first served. */
  readonly asyncapi: string;
}

/**
 * One socket's part of the AsyncAPI 3.0 document. The runtime assembles the channel and its two
 * operations (the app receives `inbound` messages and sends `outbound` ones) and adds the
 * framework's error message where the socket answers invalid messages with one.
 */
export interface AsyncApiFragment {
  /** Unique per path, e.g. `rooms_room` for `/rooms/:room`. */
  readonly channelId: string;
  /** The channel without its messages: `address`, `parameters`, `summary`, `description`, `bindings`. */
  readonly channel: Record<string, unknown>;
  /** Message objects by name (one per member of a union). */
  readonly inbound: Record<string, Record<string, unknown>>;
  readonly outbound: Record<string, Record<string, unknown>>;
  /** Component schemas the messages refer to (`#/components/schemas/…`). */
  readonly schemas: Record<string, unknown>;
}
