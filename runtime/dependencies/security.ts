/**
 * Security schemes that enforce and document in one declaration. Each factory returns a
 * dependency function: `use(bearer)` reads the credentials, answers 401 with `WWW-Authenticate`
 * when they are missing (RFC 6750 for Bearer and OAuth2, RFC 7617 for Basic), and the transformer,
 * which recognises these factories by this file and reads their literal options, writes the
 * scheme into `components.securitySchemes` and each operation's `security`.
 */
import type cryptoModule from "node:crypto";
import { lazyModule } from "../vendor/lazy-module";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeCrypto = lazyModule(() => require("node:crypto") as typeof cryptoModule);
import { HttpError } from "../errors/http-error";

interface SchemeOptions {
  /** The name in `components.securitySchemes`; the variable's name by default. */
  readonly schemeName?: string;
  readonly description?: string;
  /**
   * `false`: a request without the credential (or with another scheme's) gives `undefined`
   * instead of 401, for routes that serve everyone and more to the authenticated (FastAPI's
   * `auto_error=False`). The scheme is documented all the same. `true` by default.
   */
  readonly autoError?: boolean;
}

/** Options that make a scheme optional. */
type Optional = { readonly autoError: false };

/**
 * A scheme built with `autoError: false`: its function gives `undefined` where the required one
 * answers 401 for a missing credential; its other members are the same.
 */
export type OptionalScheme<S extends (input?: string) => unknown> =
  ((input?: string) => ReturnType<S> | undefined) & Pick<S, keyof S>;

/** `Authorization: Bearer <token>` → the token. */
export interface HttpBearer {
  (authorization?: string): string;
  /** 401 `error="invalid_token"`: the token was read but is not valid (RFC 6750, section 3.1). */
  invalidToken(description?: string): HttpError;
}

/** OAuth2's password flow: a Bearer token obtained from `tokenUrl`. */
export interface OAuth2Password extends HttpBearer {
  readonly tokenUrl: string;
}

/** `Authorization: Basic …` → the decoded credentials. */
export interface HttpBasic {
  (authorization?: string): BasicCredentials;
  /** 401 with the Basic challenge: the credentials are wrong. */
  invalid(detail?: string): HttpError;
}

export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

/** An API key from a header, a query parameter or a cookie → the key. */
export interface ApiKey {
  (key?: string): string;
  /** 401: the key was read but is not valid. */
  invalid(detail?: string): HttpError;
}

const quoted = (text: string): string => `"${text.replace(/["\\]/g, "\\$&")}"`;

const bearerChallenge = (realm: string | undefined, extra = ""): string =>
  ["Bearer", [realm === undefined ? "" : `realm=${quoted(realm)}`, extra].filter(Boolean).join(", ")].filter(Boolean).join(" ");

function bearerReader(realm: string | undefined, required: boolean): HttpBearer {
  const missing = (): undefined => {
    if (!required) return undefined;
    throw new HttpError(401, "Not authenticated", { "WWW-Authenticate": bearerChallenge(realm) });
  };
  const read = ((authorization?: string): string | undefined => {
    if (authorization === undefined) return missing();
    const space = authorization.indexOf(" ");
    if (space === -1 || authorization.slice(0, space).toLowerCase() !== "bearer") return missing();
    const token = authorization.slice(space + 1).trim();
    if (token === "") return missing();
    return token;
  }) as HttpBearer;
  read.invalidToken = (description = "Invalid authentication credentials") =>
    new HttpError(401, description, {
      "WWW-Authenticate": bearerChallenge(realm, `error="invalid_token", error_description=${quoted(description)}`),
    });
  return read;
}

/**
 * HTTP Bearer authentication.
 *
 * @example
 * export const bearer = httpBearer({ bearerFormat: "JWT" });
 * const currentUser = (token = use(bearer)) => users.byToken(token) ?? throwError(bearer.invalidToken());
 */
export function httpBearer(options: BearerOptions & Optional): OptionalScheme<HttpBearer>;
export function httpBearer(options?: BearerOptions): HttpBearer;
export function httpBearer(options: BearerOptions = {}): HttpBearer {
  return bearerReader(options.realm, options.autoError !== false);
}

type BearerOptions = SchemeOptions & { readonly bearerFormat?: string; readonly realm?: string };

/**
 * OAuth2 password flow: a token route at `tokenUrl` takes an `OAuth2PasswordForm` and answers
 * `{ access_token, token_type: "bearer" }`; other routes read the token with `use(oauth2)`.
 *
 * @example
 * export const oauth2 = oauth2Password({ tokenUrl: "/token", scopes: { "todos:write": "Change todos" } });
 */
export function oauth2Password(options: OAuth2Options & Optional): OptionalScheme<OAuth2Password>;
export function oauth2Password(options: OAuth2Options): OAuth2Password;
export function oauth2Password(options: OAuth2Options): OAuth2Password {
  const read = bearerReader(options.realm, options.autoError !== false) as HttpBearer & { tokenUrl: string };
  read.tokenUrl = options.tokenUrl;
  return read;
}

type OAuth2Options = SchemeOptions & { readonly tokenUrl: string; readonly scopes?: Readonly<Record<string, string>>; readonly realm?: string };

/**
 * HTTP Basic authentication; compare with {@link safeEqual}.
 *
 * @example
 * export const basic = httpBasic({ realm: "admin" });
 * const admin = (credentials = use(basic)) => {
 *   if (!(safeEqual(credentials.username, "admin") & safeEqual(credentials.password, secret))) throw basic.invalid();
 * };
 */
export function httpBasic(options: SchemeOptions & { readonly realm?: string } & Optional): OptionalScheme<HttpBasic>;
export function httpBasic(options?: SchemeOptions & { readonly realm?: string }): HttpBasic;
export function httpBasic(options: SchemeOptions & { readonly realm?: string } = {}): HttpBasic {
  const challenge = `Basic realm=${quoted(options.realm ?? "api")}, charset="UTF-8"`;
  const fail = (detail: string) => new HttpError(401, detail, { "WWW-Authenticate": challenge });
  const required = options.autoError !== false;
  const read = ((authorization?: string): BasicCredentials | undefined => {
    const missing = (): undefined => {
      if (required) throw fail("Not authenticated");
      return undefined;
    };
    if (authorization === undefined) return missing();
    const space = authorization.indexOf(" ");
    if (space === -1 || authorization.slice(0, space).toLowerCase() !== "basic") return missing();
    const decoded = Buffer.from(authorization.slice(space + 1).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon === -1) throw fail("Invalid authentication credentials");
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }) as HttpBasic;
  read.invalid = (detail = "Incorrect username or password") => fail(detail);
  return read;
}

type ApiKeyOptions = SchemeOptions & {
  readonly in: "header" | "query" | "cookie";
  readonly name: string;
  /**
   * A token prefix the value starts with, e.g. `"Token"` for `Authorization: Token <jwt>`
   * (RealWorld's scheme): the key is what follows the prefix and a space, the prefix compared
   * without regard to case; a value with another prefix counts as missing. Documented in the
   * scheme's description, since OpenAPI's apiKey has no field for it.
   */
  readonly prefix?: string;
};

/**
 * An API key in a header, query parameter or cookie, optionally after a token prefix.
 *
 * @example
 * export const apiKeyHeader = apiKey({ in: "header", name: "X-API-Key" });
 * const verifyKey = (key = use(apiKeyHeader)) => { if (!safeEqual(key, process.env.API_KEY ?? "")) throw apiKeyHeader.invalid(); };
 * // `Authorization: Token <jwt>`:
 * export const token = apiKey({ in: "header", name: "Authorization", prefix: "Token" });
 */
export function apiKey(options: ApiKeyOptions & Optional): OptionalScheme<ApiKey>;
export function apiKey(options: ApiKeyOptions): ApiKey;
export function apiKey(options: ApiKeyOptions): ApiKey {
  const challenge = `APIKey in=${quoted(options.in)}, name=${quoted(options.name)}`;
  const fail = (detail: string) => new HttpError(401, detail, { "WWW-Authenticate": challenge });
  const required = options.autoError !== false;
  const prefix = options.prefix?.toLowerCase();
  const missing = (): undefined => {
    if (required) throw fail("Not authenticated");
    return undefined;
  };
  const read = ((value?: string): string | undefined => {
    if (value === undefined || value === "") return missing();
    if (prefix === undefined) return value;
    const space = value.indexOf(" ");
    if (space === -1 || value.slice(0, space).toLowerCase() !== prefix) return missing();
    const key = value.slice(space + 1).trim();
    return key === "" ? missing() : key;
  }) as ApiKey;
  read.invalid = (detail = "Invalid API key") => fail(detail);
  return read;
}

/**
 * Compares two secrets in time that does not depend on where they differ (or on their lengths:
 * both are hashed first), with `crypto.timingSafeEqual`.
 *
 * @example
 * if (!safeEqual(credentials.password, expected)) throw basic.invalid();
 */
export function safeEqual(given: string, expected: string): boolean {
  const { createHash, timingSafeEqual } = nodeCrypto();
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}
