/**
 * A route's inputs, compiled once: which parts of the request to copy (the adapter reads only
 * those) and one reader per handler parameter. Per request, `resolve` turns the copied data into
 * the handler's argument list, or into the reply that answers instead.
 */
import { cookieCodec } from "../vendor/cookie-codec";
import { parseAll, wantedPairs, type QueryValue } from "./query-string";
import type { BodyInput, InputManifest } from "../contract/manifest";
import type { RawBody, RequestData, RequestNeeds } from "../contract/request-data";
import { REPLIES, type WireReply } from "../responses/reply";
import { BodyRejection, EMPTY_BODY, FASTAPI_MEDIA_POLICY, bodyTooDeep, readJsonBody, type JsonMediaPolicy } from "./body-input";
import { queryObjectReader, scalarReader, type Reader, type WireMap, type WireSources } from "./wire-inputs";
import { appendIssues, missingIssue, type ValidationIssue } from "../validation/validation-error";
import { suppliedReader } from "./supplied-inputs";
import { reviveDates } from "./date-revive";
import { isFormMediaType, readPasswordForm } from "./password-form";
import { fileReader, formFieldReader, formReader, type ParsedForm } from "./form-input";
import { laxRevalidate } from "./lax-body";

/** Everything a reader may look at for one request. */
interface Sources extends WireSources {
  readonly body: unknown;
  readonly data: RequestData;
  /** The raw body; read only by the OAuth2 password form. */
  readonly raw: RawBody | undefined;
  /** The parsed form, for routes with `Form<…>` or `File` inputs. */
  readonly form: ParsedForm | undefined;
}

export interface InputPlan {
  readonly needs: Omit<RequestNeeds, "bodyLimit" | "timeout">;
  /** The route declares a body: the adapter must read one. */
  readonly hasBody: boolean;
  /** The route reads a form (`Form<T>` or `File` inputs): its body is streamed to a form reader. */
  readonly form?: { readonly files: boolean; readonly json: boolean; readonly fileFields: readonly string[] };
  /**
   * The handler's arguments; the inputs that failed validation (`InvalidInputs`); or the reply
   * to send instead (400, 415, 422 `json_invalid`).
   */
  resolve(data: RequestData, body: RawBody | undefined, form?: ParsedForm): unknown[] | InvalidInputs | BodyRejection | WireReply;
}

/**
 * Inputs that failed validation: every failure in FastAPI's source order (path, query, header,
 * cookie, body), and by slot, for a dependency graph to judge each dependency by its own inputs.
 */
export class InvalidInputs {
  constructor(
    readonly args: unknown[],
    readonly errors: readonly ValidationIssue[],
    readonly bySlot: readonly (readonly ValidationIssue[] | undefined)[],
    readonly rank: readonly number[],
    /** The parsed JSON body, when the route reads one and one came (FastAPI's `exc.body`). */
    readonly body: unknown,
  ) {}
}

const EMPTY_MAP: WireMap = Object.freeze(Object.create(null));
const NO_PARAMS: readonly string[] = [];
const NO_ARGS = Object.freeze([]) as unknown as unknown[];

// FastAPI reports path, query, header, cookie and then body errors; so do we, whatever the
// parameter order.
const SOURCE_ORDER: Readonly<Record<InputManifest["source"], number>> =
  { path: 0, query: 1, "query-object": 1, header: 2, cookie: 3, body: 4, context: 5, response: 5, background: 5, "oauth2-password-form": 4, form: 4, file: 4, "form-field": 4 };

/** How a route reads its inputs, beyond its manifest. */
export interface InputOptions {
  /**
   * How a JSON body with no or another content type is read (the app's and route's
   * `strictContentType` and `mediaTypeMismatch`); FastAPI's by default.
   */
  readonly media?: JsonMediaPolicy;
  /** The path the route serves, prefixes included: where a trailing `*name` starts. */
  readonly path?: string;
  /**
   * JSON bodies take only values of the declared types (pydantic's strict mode); by default a
   * string that spells a number or boolean is read as one, as pydantic's lax mode does (lax-body.ts).
   */
  readonly strict?: boolean;
}

export function compileInputs(inputs: readonly InputManifest[], options: InputOptions = {}): InputPlan {
  const media = options.media ?? FASTAPI_MEDIA_POLICY;
  const headers: string[] = [];
  const listHeaders: boolean[] = [];
  let params = 0;
  // A trailing `*name`: the slashes before what it matched, and its place among the parameters.
  let wildcard: { readonly slashes: number; readonly at: number } | undefined;
  let body: BodyInput | undefined;
  /** The body parameter's reader of the parsed body (the last one, with embedded parameters). */
  let readBody: ((parsed: unknown, issues: ValidationIssue[]) => unknown) | undefined;
  let passwordForm = false;
  const query = inputs.some((i) => i.source === "query" || i.source === "query-object");
  // Named query parameters only: read just their pairs, into slots. A `Query<T>` object needs them all.
  const queryObject = inputs.some((i) => i.source === "query-object");
  const queryNames = [...new Set(inputs.flatMap((i) => (i.source === "query" ? [i.name] : [])))];
  // Every query parameter the route declares, which a `Query<T>` with `extra: "forbid"` does not call extra.
  const declaredQuery = new Set(inputs.flatMap((i) => (i.source === "query" ? [i.name] : i.source === "query-object" ? i.fields.map((f) => f.name) : [])));
  const slotted = !queryObject && queryNames.length > 0;
  const readWanted = wantedPairs(queryNames);
  const noPairs: readonly QueryValue[] = Object.freeze(readWanted(""));
  const ordered = [...inputs].sort((a, b) => SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source]);
  const slots = ordered.map((input) => input.index);
  const rank: number[] = [];
  slots.forEach((slot, position) => (rank[slot] = position));
  const readers = ordered.map((input): Reader<Sources> => {
    switch (input.source) {
      case "header":
        headers.push(input.name);
        listHeaders.push(input.array);
        return scalarReader(input, headers.length - 1);
      case "path":
        // What `*name` matched starts after the pattern's last `/` (a router's prefix included).
        if (input.wildcard === true) wildcard = { slashes: (options.path ?? "").split("/").length - 1, at: input.segment ?? 0 };
        else params = Math.max(params, (input.segment ?? 0) + 1);
        return scalarReader(input, -1);
      case "query":
        return scalarReader(input, slotted ? queryNames.indexOf(input.name) : -1);
      case "cookie":
        return scalarReader(input, -1);
      case "query-object":
        return queryObjectReader(input, declaredQuery);
      case "body": {
        body = input;
        const read = (readBody = bodyReader(input, options.strict !== true));
        return (s, issues) => read(s.body, issues);
      }
      case "context":
        return (s) => s.data.context;
      case "response":
      case "background":
        return suppliedReader(input.source);
      case "oauth2-password-form":
        passwordForm = true;
        return (s, issues) => readPasswordForm(s.raw, issues);
      case "form":
        return formReader(input);
      case "file":
        return fileReader(input);
      case "form-field":
        return formFieldReader(input);
    }
  });
  const cookie = inputs.some((i) => i.source === "cookie");
  const context = inputs.some((i) => i.source === "context");
  const arity = inputs.reduce((max, i) => Math.max(max, i.index + 1), 0);
  const formInputs = inputs.filter((i) => i.source === "form" || i.source === "file" || i.source === "form-field");
  const form = formInputs.length === 0 ? undefined : {
    files: formInputs.some((i) => i.source === "file" || (i.source === "form" && i.fields.some((f) => f.file === true))),
    json: formInputs.some((i) => i.source === "form" && i.json === true),
    fileFields: formInputs.flatMap((i) =>
      i.source === "file" ? [i.name] : i.source === "form" ? i.fields.filter((f) => f.file === true).map((f) => f.name) : []),
  };
  const hasBody = body !== undefined || passwordForm || form?.json === true;

  function resolve(data: RequestData, raw: RawBody | undefined, parsedForm?: ParsedForm): unknown[] | InvalidInputs | BodyRejection | WireReply {
    if (readers.length === 0) return NO_ARGS; // `() => …` handlers: nothing to build
    let decoded = params === 0 ? NO_PARAMS : decodeParams(data.params);
    if (wildcard !== undefined && decoded !== undefined) decoded = withRest(decoded, data.path, wildcard);
    if (decoded === undefined) return REPLIES.badPathEncoding;
    if (passwordForm && !isFormMediaType(data.contentType)) return REPLIES.unsupportedMediaType;
    const parsedBody = body !== undefined || form?.json === true ? readJsonBody(data.contentType, raw, media) : undefined;
    if (parsedBody instanceof BodyRejection) return parsedBody;
    const sources: Sources = {
      params: decoded,
      query: queryObject && data.query !== "" ? parseAll(data.query) : EMPTY_MAP,
      querySlots: slotted && data.query !== "" ? readWanted(data.query) : noPairs,
      cookies: cookie && data.cookie !== "" ? (cookieCodec().parse(data.cookie) as WireMap) : EMPTY_MAP,
      headers: data.headers,
      body: parsedBody,
      data,
      raw,
      form: parsedForm,
    };
    const issues: ValidationIssue[] = [];
    const args = new Array<unknown>(arity);
    let bySlot: (ValidationIssue[] | undefined)[] | undefined;
    try {
      for (let i = 0; i < readers.length; i++) {
        const before = issues.length;
        args[slots[i]] = readers[i](sources, issues);
        if (issues.length !== before) (bySlot ??= [])[slots[i]] = issues.slice(before);
      }
      return bySlot === undefined ? args : invalid(args, issues, bySlot, parsedBody);
    } catch (err) {
      return tooDeep(err);
    }
  }

  /** The arguments read, with what was wrong in them by slot, and the body for the 422 to echo. */
  const invalid = (args: unknown[], issues: ValidationIssue[], bySlot: (ValidationIssue[] | undefined)[], parsedBody: unknown): InvalidInputs =>
    new InvalidInputs(args, issues, bySlot, rank, parsedBody === EMPTY_BODY ? undefined : parsedBody);

  // The commonest JSON route, one whole-body parameter and nothing else: the same reading with
  // no sources to gather (the same answers; one allocation and two calls less per request).
  const lone = inputs.length === 1 && inputs[0].source === "body" && inputs[0].index === 0 && inputs[0].embed === undefined
    ? readBody
    : undefined;
  function resolveBody(data: RequestData, raw: RawBody | undefined): unknown[] | InvalidInputs | BodyRejection | WireReply {
    const parsedBody = readJsonBody(data.contentType, raw, media);
    if (parsedBody instanceof BodyRejection) return parsedBody;
    const issues: ValidationIssue[] = [];
    try {
      const value = lone!(parsedBody, issues);
      const args = [value];
      return issues.length === 0 ? args : invalid(args, issues, [issues.slice()], parsedBody);
    } catch (err) {
      return tooDeep(err);
    }
  }

  return {
    needs: { params, query, ...(wildcard === undefined ? {} : { path: true }), headers, listHeaders: listHeaders.includes(true) ? listHeaders : [], cookie, context },
    hasBody,
    ...(form === undefined ? {} : { form }),
    resolve: lone === undefined ? resolve : resolveBody,
  };
}

/** A generated validator (or the echo) recursing through a hostile, deeply nested body: its 400. Anything else is rethrown. */
function tooDeep(err: unknown): WireReply {
  if (err instanceof RangeError) return bodyTooDeep().reply;
  throw err;
}

/**
 * The JSON body, or with `embed` the body's property of that name, as FastAPI's
 * `request_body_to_args` reads an embedded body field: a body that is not an object, an absent
 * property or `null` is `missing` at ["body", name] with input null, and a failure inside it is
 * reported under ["body", name, …].
 */
function bodyReader(input: BodyInput, lax: boolean): (parsed: unknown, issues: ValidationIssue[]) => unknown {
  const { required, validate, dates, embed } = input;
  const at = embed === undefined ? ["body"] : ["body", embed];
  return (parsed, issues) => {
    const sent = embed === undefined ? parsed : propertyOf(parsed, embed);
    if (sent === EMPTY_BODY || sent === undefined) {
      if (required) issues.push(missingIssue(at));
      return undefined;
    }
    // Dates are read in place (a body of `Body<Date>` alone is replaced), so what the validator
    // sees is also what a 422 shows as the input.
    const body = dates === undefined ? sent : reviveDates(sent, dates);
    const result = validate(body);
    if (result.success) return result.data;
    // JSON `null` for a type that takes no null is no body at all, as FastAPI reads it:
    // `missing` when the body is required, the handler's default otherwise.
    if (sent === null) {
      if (required) issues.push(missingIssue(at));
      return undefined;
    }
    if (!lax) {
      appendIssues(result.errors, { source: "body", name: embed, raw: body }, issues);
      return undefined;
    }
    const retried = laxRevalidate(body, result, validate);
    if (retried.result.success) return retried.result.data;
    // Text where a number belongs was read as text: pydantic's `*_parsing` entries, echoing the client's text.
    appendIssues(retried.result.errors, { source: "body", name: embed, raw: retried.raw, wire: true }, issues);
    return undefined;
  };
}

/** An embedded body's property `name`; `undefined` when the body is no object or lacks it. */
function propertyOf(body: unknown, name: string): unknown {
  return body !== null && typeof body === "object" && !Array.isArray(body) && Object.hasOwn(body, name)
    ? (body as Record<string, unknown>)[name]
    : undefined;
}

/** `params` with the decoded rest of `path` (after `slashes` slashes) at `at`; `undefined` for a malformed escape. */
function withRest(params: readonly string[], path: string, wildcard: { readonly slashes: number; readonly at: number }): string[] | undefined {
  let start = 0;
  for (let n = 0; n < wildcard.slashes; n++) start = path.indexOf("/", start) + 1;
  const rest = decodeParams([path.slice(start)]);
  if (rest === undefined) return undefined;
  const out = params.slice();
  out[wildcard.at] = rest[0]!;
  return out;
}

/** Percent-decoded path parameters; `undefined` when one holds a malformed escape. */
function decodeParams(raw: readonly string[]): readonly string[] | undefined {
  let first = 0;
  while (first < raw.length && !raw[first].includes("%")) first++;
  if (first === raw.length) return raw; // nothing percent-encoded: the transport's own list, as it is
  const out = raw.slice();
  for (let i = first; i < raw.length; i++) {
    const text = raw[i];
    if (!text.includes("%")) continue;
    try {
      out[i] = decodeURIComponent(text);
    } catch {
      return undefined;
    }
  }
  return out;
}
