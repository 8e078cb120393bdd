/**
 * The answer of a handler that shapes its own response: it returns `Reply<S, B>`, `Text`, `Html`,
 * `Bytes` or `Redirect` values, or sets the status and headers through `ResponseControl`. One step
 * of the route compiler (route-plan.ts), chosen at registration from the manifest, so plain routes
 * keep their lean answer and pay nothing for any of this.
 */
import type { ErrorHandlerManifest, RouteManifest, ResponseVariant } from "../contract/manifest";
import { JSON_HEADERS, stringifyJson, type WireReply } from "./reply";
import { statusLine } from "../http/status-line";
import { Bytes, Html, Redirect, Reply as StatusReply, Text } from "./responses";
import type { ResponseControl } from "./response-control";

/** Whether the handler's result needs shaping rather than the plain serializer. */
export const isShapedResponse = (manifest: RouteManifest): boolean =>
  manifest.response.special === true || manifest.response.variants !== undefined;

type RawValue = Text | Html | Bytes;

export interface ShapedResponseProps {
  readonly label: string;
  readonly manifest: RouteManifest;
  /** The route's status (`options.status` or the manifest's). */
  readonly status: number;
}

/** The handler's value (and its `ResponseControl`, if it declares one) → the reply. */
export type ShapeReply = (value: unknown, control: ResponseControl | undefined) => WireReply;

export function shapedResponse(props: ShapedResponseProps): ShapeReply {
  const { label, manifest } = props;
  const serialize = manifest.response.serialize;
  const routeStatus = props.status;
  const special = manifest.response.special === true;
  const variants = new Map<number, ResponseVariant>((manifest.response.variants ?? []).map((v) => [v.status, v]));

  const raw = (status: string, value: RawValue): WireReply =>
    ({ status, headers: ["content-type", value.mediaType], body: value.content });

  const json = (status: string, value: unknown, write: ((input: unknown) => string) | undefined): WireReply =>
    write === undefined ? { status, headers: [] } : { status, headers: JSON_HEADERS, body: write(value) ?? "null" };

  function variantReply(value: StatusReply): WireReply {
    const variant = variants.get(value.status);
    if (variant === undefined) throw new TypeError(`${label} returned reply(${value.status}, …), a status its return type does not declare`);
    const status = statusLine(value.status);
    const body = value.body;
    const base = isRaw(body) ? raw(status, body) : json(status, body, variant.serialize);
    const names = Object.keys(value.headers);
    if (names.length === 0) return base;
    const headers = [...base.headers];
    for (const name of names) headers.push(name.toLowerCase(), String(value.headers[name]));
    return { ...base, headers };
  }

  return (value, control) => {
    let reply: WireReply;
    if (special && value instanceof StatusReply) reply = variantReply(value);
    else if (special && value instanceof Redirect) reply = { status: statusLine(value.status), headers: ["location", value.location] };
    else {
      const chosen = control?.status ?? routeStatus;
      if (!(Number.isInteger(chosen) && chosen >= 100 && chosen <= 599)) throw new RangeError(`${label}: response status ${chosen} is not an HTTP status`);
      const status = statusLine(chosen);
      reply = special && isRaw(value) ? raw(status, value) : json(status, value, serialize);
    }
    return withControl(reply, control);
  };
}

/** The headers a handler added through `ResponseControl`, after the reply's own. */
export const withControl = (reply: WireReply, control: ResponseControl | undefined): WireReply =>
  control === undefined || control.headers.length === 0 ? reply : { ...reply, headers: [...reply.headers, ...control.headers] };

const isRaw = (value: unknown): value is RawValue => value instanceof Text || value instanceof Html || value instanceof Bytes;

/**
 * An exception handler's answer: a `Reply` (its body written by the serializer of the handler's
 * declared `Reply<S, B>` for that status, or of `Reply<number, B>`), or a `Text`, `Html` or
 * `Bytes` with status 200. Anything else is a server bug (500, logged).
 */
export function answerReply(value: unknown, manifest: ErrorHandlerManifest | undefined, label: string): WireReply {
  if (isRaw(value)) return { status: statusLine(200), headers: ["content-type", value.mediaType], body: value.content };
  if (!(value instanceof StatusReply)) throw new TypeError(`typekiln: an exception handler of ${label} returned neither an HttpError nor a response value (reply(), text(), html(), bytes())`);
  if (!(Number.isInteger(value.status) && value.status >= 100 && value.status <= 599)) throw new RangeError(`typekiln: an exception handler of ${label} answered status ${value.status}`);
  const variants = manifest?.variants ?? [];
  const variant = variants.find((v) => v.status === value.status) ?? variants.find((v) => v.status === 0);
  if (manifest !== undefined && variant === undefined) throw new TypeError(`typekiln: an exception handler of ${label} returned reply(${value.status}, …), a status its return type does not declare`);
  const status = statusLine(value.status);
  const body = value.body;
  const base: WireReply = isRaw(body)
    ? { status, headers: ["content-type", body.mediaType], body: body.content }
    : body === undefined
      ? { status, headers: [] }
      // Without a declared body type (no transformer manifest), the body is written as it is.
      : { status, headers: JSON_HEADERS, body: (variant?.serialize ?? stringifyJson)(body) ?? "null" };
  const names = Object.keys(value.headers);
  if (names.length === 0) return base;
  const headers = [...base.headers];
  for (const name of names) headers.push(name.toLowerCase(), String(value.headers[name]));
  return { ...base, headers };
}
