/**
 * Options of `new App(…)` and their defaults.
 */
import type { DocsPaths } from "../docs/docs-pages";
import type { Logger } from "../contract/logger";
import { DEFAULT_SEND_TIMEOUT } from "../http/send-timeout";
import { STARTUP_ERRORS, startupError } from "../errors/errors";
import { isCount } from "../routing/registration";

/**
 * Options for {@link App}: the OpenAPI `info` block, the default body limit, where the docs live,
 * and where handler failures are logged.
 *
 * @example
 * const app = new App({
 *   title: "Users API",
 *   version: "1.0.0",
 *   bodyLimit: 256 * 1024,
 *   docs: { redoc: false },
 *   logger: { error: (message, err) => log.error({ err }, message) },
 * });
 */
export interface AppOptions {
  /** OpenAPI `info.title`; `"typekiln app"` by default. */
  readonly title?: string;
  /** OpenAPI `info.version`; `"0.1.0"` by default. */
  readonly version?: string;
  /** OpenAPI `info.description`. */
  readonly description?: string;
  /** Largest request body in bytes, for routes that set none; 1 MiB by default. */
  readonly bodyLimit?: number;
  /**
   * FastAPI's `strict_content_type`: `true` (the default) reads a JSON route's body as JSON only
   * when its `Content-Type` says `application/json` or `application/*+json`; `false` also parses a
   * body that has no `Content-Type` as JSON (for clients that send none). Routes may set their own.
   */
  readonly strictContentType?: boolean;
  /**
   * What a JSON route answers for a body with no or another content type: `422` (the default, as
   * FastAPI: the body is validated as text, so a model gets `model_attributes_type` at `["body"]`)
   * or `415` Unsupported Media Type, documented on every JSON body route. Routes may set their own.
   */
  readonly mediaTypeMismatch?: 415 | 422;
  /**
   * `true`: JSON bodies take only values of their declared types (pydantic's strict mode). By
   * default (`false`, pydantic's lax mode and so FastAPI's) a string that spells a number or a
   * boolean is read as one: `"50.5"` for a number, `"5"` for an integer, `"true"` for a boolean;
   * text that does not is a 422 `float_parsing`, `int_parsing` or `bool_parsing`. Routes may set their own.
   */
  readonly strict?: boolean;
  /**
   * Paths of the OpenAPI document (`/openapi.json`), Swagger UI (`/docs`) and ReDoc (`/redoc`);
   * `false` turns one off. Without the document, the pages are off too.
   */
  readonly docs?: {
    readonly openapi?: string | false;
    readonly swagger?: string | false;
    readonly redoc?: string | false;
    /** The AsyncAPI document of the app's WebSockets (`/asyncapi.json`); served by apps with sockets only. */
    readonly asyncapi?: string | false;
    /** The page that shows it (`/asyncapi`). */
    readonly asyncapiPage?: string | false;
  };
  /** Receives every handler failure answered with 500; `console.error` by default, `false` for none. */
  readonly logger?: Logger | false;
  /** `use(fn)` values run before every route (e.g. an API key check); their results are not passed on. */
  readonly dependencies?: readonly unknown[];
  /**
   * Milliseconds a streamed response (a file, JSON Lines, server-sent events) may wait on a client
   * that takes no bytes before its connection is closed and its generator ended; 30000 by
   * default, 0 for never. Routes may set their own.
   */
  readonly sendTimeout?: number;
  /**
   * What serves the app: `"uws"` (uWebSockets.js, the fast path; refuses to start where no native
   * build loads), `"node"` (node:http and the `ws` package: every current Node, Bun, Deno), or
   * `"auto"` (the default: uWS when a native build loads, node:http otherwise). The environment
   * variable `TYPEKILN_TRANSPORT` (same values) overrides it for every app of the process.
   */
  readonly transport?: "uws" | "node" | "auto";
  /**
   * Check each JSON response against the handler's return type before it is written, as FastAPI
   * checks `response_model`: a mismatch answers 500 and logs the route, each wrong field's path
   * and its value (`TK_RT_RESPONSE_INVALID`). On by default unless `NODE_ENV` is `production`;
   * off, nothing checks a response before it is written (the serializer writes declared fields only).
   */
  readonly validateResponses?: boolean;
}

export interface Settings {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
  readonly bodyLimit: number;
  readonly strictContentType: boolean;
  readonly mediaTypeMismatch: 415 | 422;
  readonly strict: boolean;
  readonly docs: DocsPaths & { readonly asyncapi: string | false; readonly asyncapiPage: string | false };
  readonly logger: Logger | undefined;
  readonly sendTimeout: number;
  readonly validateResponses: boolean;
}

const consoleLogger: Logger = { error: (message, err) => (err === undefined ? console.error(message) : console.error(message, err)) };

export function resolveOptions(options: AppOptions): Settings {
  return {
    title: options.title ?? "typekiln app",
    version: options.version ?? "0.1.0",
    description: options.description,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    strictContentType: options.strictContentType ?? true,
    mediaTypeMismatch: mediaTypeMismatchOf(options.mediaTypeMismatch),
    strict: booleanOption("strict", options.strict),
    docs: {
      openapi: options.docs?.openapi ?? "/openapi.json",
      swagger: options.docs?.swagger ?? "/docs",
      redoc: options.docs?.redoc ?? "/redoc",
      asyncapi: options.docs?.asyncapi ?? "/asyncapi.json",
      asyncapiPage: options.docs?.asyncapiPage ?? "/asyncapi",
    },
    logger: options.logger === false ? undefined : (options.logger ?? consoleLogger),
    sendTimeout: sendTimeoutOf(options.sendTimeout),
    validateResponses: validateResponsesOf(options.validateResponses),
  };
}

function mediaTypeMismatchOf(value: unknown): 415 | 422 {
  if (value === undefined) return 422;
  if (value !== 415 && value !== 422) throw startupError(STARTUP_ERRORS.BAD_APP_OPTION, { option: "mediaTypeMismatch", expected: "415 or 422" });
  return value;
}

function booleanOption(option: string, value: boolean | undefined): boolean {
  if (value === undefined) return false;
  if (typeof value !== "boolean") throw startupError(STARTUP_ERRORS.BAD_APP_OPTION, { option, expected: "true or false" });
  return value;
}

// FastAPI checks every response; typekiln checks outside production, where the cost buys a clear log.
const validateResponsesOf = (value: boolean | undefined): boolean =>
  value === undefined ? process.env.NODE_ENV !== "production" : booleanOption("validateResponses", value);

function sendTimeoutOf(value: number | undefined): number {
  if (value === undefined) return DEFAULT_SEND_TIMEOUT;
  if (!isCount(value)) throw startupError(STARTUP_ERRORS.BAD_APP_OPTION, { option: "sendTimeout", expected: "a whole number of milliseconds" });
  return value;
}
