/**
 * The JSON body: media type check, secure parse, and the FastAPI answers for what goes wrong
 * before validation (400 prototype poisoning, 422 `json_invalid`, 400 too deep, 415 on request).
 */
import { isPoisoned } from "./json-poison";
import { locateJsonError } from "../validation/json-error";
import { parseClientJson } from "./json-parse";
import { REPLIES, errorReply, type WireReply } from "../responses/reply";
import { HTTP_ERRORS } from "../errors/errors";
import type { RawBody } from "../contract/request-data";
import type { ValidationErrorEntry } from "../errors/request-validation-error";

/** The body was empty: a `missing` error if required, else the handler's default applies. */
export const EMPTY_BODY: unique symbol = Symbol("typekiln.emptyBody");

/**
 * A body the runtime answers for itself; the handler never runs. `errors`: the `json_invalid`
 * entries of malformed JSON, which is a `RequestValidationError` (FastAPI raises one) that an
 * exception handler may answer instead.
 */
export class BodyRejection {
  constructor(
    readonly reply: WireReply,
    readonly errors?: readonly ValidationErrorEntry[],
    /** The malformed text, for the `RequestValidationError`. */
    readonly text?: string,
  ) {}
}

const UNSUPPORTED = new BodyRejection(REPLIES.unsupportedMediaType);
const POISONED = new BodyRejection(REPLIES.prototypePoisoning);
const TOO_DEEP = new BodyRejection(REPLIES.bodyTooDeep);

// Malformed sequences become U+FFFD, as with `Buffer#toString`; a BOM is kept for the caller to judge.
const UTF8 = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * Node's own decoder for a byte view, the one `Buffer#toString` calls, without the argument checks
 * of `TextDecoder#decode`: the same text (U+FFFD for each malformed sequence, a BOM kept; checked
 * on random bytes) at the same cost in a loop, and less in a server profile. Bun and Deno have no
 * `utf8Slice`; they use the `TextDecoder`.
 */
const utf8Slice = (Buffer.prototype as { utf8Slice?: (this: Uint8Array, start: number, end: number) => string }).utf8Slice;

/** The body's text. Decodes straight from the bytes, which may be uWS's own lent memory. */
export const decodeUtf8: (body: RawBody) => string = utf8Slice === undefined
  ? (body) => UTF8.decode(body)
  : (body) => utf8Slice.call(body, 0, body.byteLength);

/** `application/json` or `application/*+json` (FastAPI's test), parameters (`; charset=utf-8`) allowed. */
export function isJsonMediaType(contentType: string): boolean {
  if (contentType === "application/json") return true;
  const semi = contentType.indexOf(";");
  const type = (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  if (type === "application/json") return true;
  return type.startsWith("application/") && type.endsWith("+json"); // FastAPI's test: subtype `json` or `*+json`
}

/**
 * How a JSON route reads a body whose content type is not JSON. FastAPI (`get_request_handler`)
 * parses only `application/json` and `application/*+json`, and validates any other body as its
 * bytes, so a model answers 422 `model_attributes_type` at `["body"]`; with
 * `strict_content_type=False` a body with no content type at all is parsed as JSON.
 */
export interface JsonMediaPolicy {
  /** A body without `Content-Type` is not JSON (FastAPI's default); `false` parses it as JSON. */
  readonly strict: boolean;
  /** Answer 415 instead of validating the text (typekiln's former answer, an explicit option). */
  readonly refuse: boolean;
}

/** FastAPI's defaults. */
export const FASTAPI_MEDIA_POLICY: JsonMediaPolicy = Object.freeze({ strict: true, refuse: false });

/** The parsed body, `EMPTY_BODY`, the body's text (not JSON: validated as a string), or the rejection to answer with. */
export function readJsonBody(contentType: string, body: RawBody | undefined, policy: JsonMediaPolicy = FASTAPI_MEDIA_POLICY): unknown {
  if (body === undefined || body.byteLength === 0) return EMPTY_BODY;
  if (!isJsonMediaType(contentType) && (policy.strict || contentType !== "")) {
    // FastAPI validates the bytes, which pydantic echoes (and accepts for a `str`) as their text.
    return policy.refuse ? UNSUPPORTED : decodeUtf8(body);
  }
  let text = decodeUtf8(body);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a BOM is tolerated, as Python's json.loads does
  let value: unknown;
  try {
    value = parseClientJson(text);
  } catch (err) {
    if (err instanceof RangeError) return TOO_DEEP;
    const errors = jsonInvalid(text);
    return new BodyRejection(errorReply(HTTP_ERRORS.JSON_INVALID, errors), errors, text);
  }
  // Parsed once; only a text that could spell a forbidden key is walked (json-poison.ts).
  if (isPoisoned(text, value)) return POISONED;
  // Nesting needs two characters a level, so a short text cannot be too deep: no scan for it.
  return text.length > 2 * MAX_DEPTH && nestsDeeper(text, MAX_DEPTH) ? TOO_DEEP : value;
}

/**
 * Deepest nesting a body may have. The generated validators and serializers recurse once a
 * level and run out of stack somewhere past 10,000 levels, which made a deep body that validated
 * fail in the serializer with a 500; refusing at parse time makes the answer a 400 whatever the
 * route does with the value. 1,000 is Jackson's default and near where Python's json gives up.
 */
const MAX_DEPTH = 1000;

/** Whether valid JSON `text` nests arrays and objects deeper than `max`; strings are skipped. */
function nestsDeeper(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > max) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  return false;
}

/** The rejection for a validator that ran out of stack on a deeply nested body. */
export const bodyTooDeep = (): BodyRejection => TOO_DEEP;


/** FastAPI's entry for malformed JSON, down to the position and Python's message. */
function jsonInvalid(text: string): ValidationErrorEntry[] {
  const where = locateJsonError(text) ?? { pos: 0, msg: "Expecting value" };
  return [{
    type: "json_invalid",
    loc: ["body", where.pos],
    msg: "JSON decode error",
    input: {},
    ctx: { error: where.msg },
  }];
}
