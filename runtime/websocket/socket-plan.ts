/**
 * One `app.ws` registration compiled into a `SocketPlan`: the upgrade's inputs resolved with the
 * HTTP input plan, inbound messages parsed and validated, every handler failure contained. The
 * adapter (`uws-socket-adapter.ts`) drives it; nothing here knows uWS.
 */
import { buildFailureOf, type InputManifest } from "../contract/manifest";
import { SOCKET_MANIFEST_VERSION, type InboundManifest, type SocketManifest } from "../contract/socket-manifest";
import type { Socket, SocketHandlers, SocketOptions } from "./socket";
import type { RequestData, RequestNeeds } from "../contract/request-data";
import type { Logger } from "../contract/logger";
import { failureReply } from "../routing/route-plan";
import { InvalidInputs, compileInputs } from "../inputs/input-plan";
import { BodyRejection } from "../inputs/body-input";
import { locateJsonError } from "../validation/json-error";
import { parseClientJson } from "../inputs/json-parse";
import { isPoisoned } from "../inputs/json-poison";
import { reviveDates } from "../inputs/date-revive";
import type { WireReply } from "../responses/reply";
import { appendIssues, type ValidationIssue } from "../validation/validation-error";
import { issuesJson, validationReply } from "../validation/issue-json";
import { STARTUP_ERRORS, startupError } from "../errors/errors";
import { callWith } from "../dependencies/dependencies";

/** What the plan needs of an open connection; the adapter's connection provides it. */
export interface PlanConnection {
  /** Writes an already serialized text frame (the error frame). */
  sendText(text: string): void;
  close(code?: number, reason?: string): void;
}

/** The upgrade's answer: the socket's data, or the HTTP reply that refuses it. */
export class Accepted {
  constructor(readonly data: unknown) {}
}

export interface SocketPlan {
  readonly label: string;
  readonly path: string;
  /** What to copy from the upgrade request. */
  readonly needs: Omit<RequestNeeds, "bodyLimit" | "timeout">;
  readonly options: Required<Omit<SocketOptions, "hidden">>;
  readonly handlers: SocketHandlers<unknown, unknown, unknown>;
  /** An outbound message as uWS sends it: the generated serializer's text, or binary bytes as given. */
  readonly encode: (message: unknown) => string | Uint8Array | ArrayBuffer;
  /** Outbound frames are binary (`Uint8Array` or `ArrayBuffer`), sent as given. */
  readonly binary: boolean;
  readonly logger: Logger | undefined;
  upgrade(data: RequestData): Accepted | WireReply | Promise<Accepted | WireReply>;
  /** Decodes, validates and delivers one message; answers an invalid one as configured. */
  receive(connection: PlanConnection, socket: Socket<unknown, unknown>, message: ArrayBuffer, isBinary: boolean): void;
  /** Logs a handler failure and closes the socket with 1011. */
  fail(connection: PlanConnection, err: unknown): void;
}

const NO_DATA = new Accepted(undefined);

/** Close codes (RFC 6455 §7.4.1). */
export const CLOSE = { NORMAL: 1000, GOING_AWAY: 1001, INVALID_PAYLOAD: 1007, INTERNAL: 1011 } as const;

export function compileSocket(props: {
  label: string;
  handlers: SocketHandlers<unknown, unknown, unknown>;
  options: SocketOptions;
  manifest: SocketManifest;
  logger: Logger | undefined;
}): SocketPlan {
  const { label, handlers, manifest, logger } = props;
  const options = resolveSocketOptions(label, props.options);
  const inputs = compileInputs(manifest.upgrade as InputManifest[]);
  const upgradeHandler = handlers.upgrade;
  const messageHandler = handlers.message;
  const decode = decoderOf(manifest.inbound);
  const closeOnInvalid = options.invalidMessage === "close";

  const fail = (connection: PlanConnection, err: unknown): void => {
    logger?.error(`typekiln: ${label} failed`, err);
    connection.close(CLOSE.INTERNAL, "Internal Error");
  };

  function upgrade(data: RequestData): Accepted | WireReply | Promise<Accepted | WireReply> {
    if (upgradeHandler === undefined) return NO_DATA;
    let args: unknown;
    try {
      args = inputs.resolve(data, undefined);
    } catch (err) {
      return failureReply(err, label, logger);
    }
    // Inputs that resolve later (async dependencies) are awaited like the handler itself.
    if (args instanceof Promise) return args.then(accept, (err) => failureReply(err, label, logger));
    return accept(args);
  }

  function accept(args: unknown): Accepted | WireReply | Promise<Accepted | WireReply> {
    // The upgrade runs no dependencies and no exception handlers: its 422 is written at once.
    if (args instanceof InvalidInputs) return validationReply(args.errors);
    if (args instanceof BodyRejection) return args.reply;
    if (!Array.isArray(args)) return args as WireReply;
    let result: unknown;
    try {
      result = callWith(upgradeHandler!, args);
    } catch (err) {
      return failureReply(err, label, logger);
    }
    if (result instanceof Promise) return result.then((value) => new Accepted(value), (err) => failureReply(err, label, logger));
    return new Accepted(result);
  }

  function receive(connection: PlanConnection, socket: Socket<unknown, unknown>, message: ArrayBuffer, isBinary: boolean): void {
    if (messageHandler === undefined) return;
    const value = decode(message, isBinary);
    if (value instanceof Invalid) {
      if (closeOnInvalid) connection.close(CLOSE.INVALID_PAYLOAD, "Invalid message");
      else connection.sendText('{"type":"error","detail":' + issuesJson(value.detail) + "}");
      return;
    }
    try {
      const out = messageHandler(socket, value);
      if (out instanceof Promise) out.catch((err: unknown) => fail(connection, err));
    } catch (err) {
      fail(connection, err);
    }
  }

  return {
    label,
    path: manifest.path,
    needs: inputs.needs,
    options,
    handlers,
    encode: encoderOf(manifest),
    binary: manifest.binary === true,
    logger,
    upgrade,
    receive,
    fail,
  };
}

/** A message that failed: the entries of its error frame. */
class Invalid {
  constructor(readonly detail: readonly ValidationIssue[]) {}
}

type Decoder = (message: ArrayBuffer, isBinary: boolean) => unknown;

const issue = (type: string, msg: string, loc: readonly (string | number)[] = ["message"]): Invalid =>
  new Invalid([{ type, loc, msg, input: null }]);

const NOT_BINARY = new Invalid([{ type: "bytes_type", loc: ["message"], msg: "Input should be a valid bytes", input: null }]);
const POISONED = new Invalid([{
  type: "value_error", loc: ["message"], msg: "Value error, message contains a forbidden prototype property", input: null,
}]);
const TOO_DEEP = issue("value_error", "Value error, message is nested too deeply");

function decoderOf(inbound: InboundManifest): Decoder {
  switch (inbound.format) {
    case "none":
      return () => undefined;
    case "binary":
      // uWS detaches the ArrayBuffer when its callback returns: an `ArrayBuffer` parameter takes
      // it as it is (lent, see `InboundManifest`); a `Uint8Array` one gets its own copy.
      return inbound.lent === true
        ? (message, isBinary) => (isBinary ? message : NOT_BINARY)
        : (message, isBinary) => (isBinary ? new Uint8Array(message.slice(0)) : NOT_BINARY);
    case "json": {
      const { validate, dates } = inbound;
      return (message) => {
        let text = Buffer.from(message).toString("utf8");
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a BOM is tolerated, as for a body
        let parsed: unknown;
        try {
          parsed = parseClientJson(text);
        } catch (err) {
          return err instanceof RangeError ? TOO_DEEP : jsonInvalid(text);
        }
        if (isPoisoned(text, parsed)) return POISONED;
        try {
          if (dates !== undefined) parsed = reviveDates(parsed, dates);
          const result = validate(parsed);
          if (result.success) return result.data;
          const issues: ValidationIssue[] = [];
          appendIssues(result.errors, { source: "body", raw: parsed }, issues);
          return new Invalid(issues.map((entry) => ({ ...entry, loc: ["message", ...entry.loc.slice(1)] })));
        } catch (err) {
          if (err instanceof RangeError) return TOO_DEEP;
          throw err;
        }
      };
    }
  }
}

function jsonInvalid(text: string): Invalid {
  const where = locateJsonError(text) ?? { pos: 0, msg: "Expecting value" };
  return new Invalid([{
    type: "json_invalid", loc: ["message", where.pos], msg: "JSON decode error", input: {}, ctx: { error: where.msg },
  }]);
}

const isCount = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value) && value >= 0;

/** The options with their defaults, each checked at registration (uWS aborts the process on some). */
export function resolveSocketOptions(label: string, options: SocketOptions): SocketPlan["options"] {
  const bad = (option: string, expected: string) =>
    startupError(STARTUP_ERRORS.BAD_ROUTE_OPTION, { route: label, option, expected });
  if (typeof options !== "object" || options === null) throw bad("(the options object)", "an object");
  const resolved = {
    maxPayloadLength: options.maxPayloadLength ?? 16 * 1024,
    idleTimeout: options.idleTimeout ?? 120,
    sendPingsAutomatically: options.sendPingsAutomatically ?? true,
    maxBackpressure: options.maxBackpressure ?? 64 * 1024,
    closeOnBackpressureLimit: options.closeOnBackpressureLimit ?? false,
    compression: options.compression ?? false,
    maxLifetime: options.maxLifetime ?? 0,
    invalidMessage: options.invalidMessage ?? "error",
  };
  if (!isCount(resolved.maxPayloadLength) || resolved.maxPayloadLength === 0) throw bad("maxPayloadLength", "a positive whole number of bytes");
  // uWS terminates the process for an idle timeout between 1 and 7.
  if (!isCount(resolved.idleTimeout) || (resolved.idleTimeout > 0 && resolved.idleTimeout < 8)) {
    throw bad("idleTimeout", "0 or a whole number of seconds from 8");
  }
  if (!isCount(resolved.maxBackpressure)) throw bad("maxBackpressure", "a whole number of bytes");
  if (!isCount(resolved.maxLifetime)) throw bad("maxLifetime", "a whole number of minutes");
  if (![true, false, "shared", "dedicated"].includes(resolved.compression)) throw bad("compression", 'true, false, "shared" or "dedicated"');
  if (resolved.invalidMessage !== "error" && resolved.invalidMessage !== "close") throw bad("invalidMessage", '"error" or "close"');
  return resolved;
}

/** `(handlers, manifest)` or `(handlers, options, manifest)` after the path, checked. */
export function readSocketRegistration(path: string, label: string, rest: readonly unknown[]): {
  handlers: SocketHandlers<unknown, unknown, unknown>;
  options: SocketOptions;
  manifest: SocketManifest;
} {
  const [handlers, options, manifest] = rest.length >= 3 ? rest : [rest[0], {}, rest[1]];
  if (typeof path !== "string" || !path.startsWith("/")) {
    throw startupError(STARTUP_ERRORS.BAD_ROUTE_OPTION, { route: label, option: "path", expected: "a string starting with /" });
  }
  if (handlers === null || typeof handlers !== "object") throw startupError(STARTUP_ERRORS.BAD_HANDLER, { route: label });
  for (const value of Object.values(handlers)) {
    if (value !== undefined && typeof value !== "function") throw startupError(STARTUP_ERRORS.BAD_HANDLER, { route: label });
  }
  const failure = buildFailureOf(manifest);
  if (failure !== undefined) throw startupError(STARTUP_ERRORS.BUILD_FAILED, { route: label, failure });
  const m = manifest as SocketManifest | undefined;
  if (m === null || typeof m !== "object" || m.kind !== "ws") throw startupError(STARTUP_ERRORS.NO_MANIFEST, { route: label });
  if (m.version !== SOCKET_MANIFEST_VERSION) {
    throw startupError(STARTUP_ERRORS.MANIFEST_VERSION, { route: label, found: m.version, expected: SOCKET_MANIFEST_VERSION });
  }
  if (m.path !== path) throw startupError(STARTUP_ERRORS.MANIFEST_MISMATCH, { route: label, other: `WS ${m.path}` });
  return { handlers: handlers as SocketHandlers<unknown, unknown, unknown>, options: (options ?? {}) as SocketOptions, manifest: m };
}

/**
 * How `send` and `publish` (on a socket and on the route's handle) write a message: binary sockets
 * send the bytes as given; text sockets the generated serializer's JSON. `Out` is `never` for a
 * socket without a serializer, so only an untyped caller gets `JSON.stringify`.
 */
function encoderOf(manifest: SocketManifest): (message: unknown) => string | Uint8Array | ArrayBuffer {
  if (manifest.binary === true) return (message) => message as Uint8Array | ArrayBuffer;
  const serialize = manifest.serialize;
  if (serialize === undefined) return (message) => JSON.stringify(message) ?? "null";
  return (message) => serialize(message) ?? "null";
}
