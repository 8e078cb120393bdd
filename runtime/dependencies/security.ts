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
}

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

function bearerReader(realm: string | undefined): HttpBearer {
  const missing = () => new HttpError(401, "Not authenticated", { "WWW-Authenticate": bearerChallenge(realm) });
  const read = ((authorization?: string): string => {
    if (authorization === undefined) throw missing();
    const space = authorization.indexOf(" ");
    if (space === -1 || authorization.slice(0, space).toLowerCase() !== "bearer") throw missing();
    const token = authorization.slice(space + 1).trim();
    if (token === "") throw missing();
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
export function httpBearer(options: SchemeOptions & { readonly bearerFormat?: string; readonly realm?: string } = {}): HttpBearer {
  return bearerReader(options.realm);
}

/**
 * OAuth2 password flow: a token route at `tokenUrl` takes an `OAuth2PasswordForm` and answers
 * `{ access_token, token_type: "bearer" }`; other routes read the token with `use(oauth2)`.
 *
 * @example
 * export const oauth2 = oauth2Password({ tokenUrl: "/token", scopes: { "todos:write": "Change todos" } });
 */
export function oauth2Password(
  options: SchemeOptions & { readonly tokenUrl: string; readonly scopes?: Readonly<Record<string, string>>; readonly realm?: string },
): OAuth2Password {
  const read = bearerReader(options.realm) as HttpBearer & { tokenUrl: string };
  read.tokenUrl = options.tokenUrl;
  return read;
}

/**
 * HTTP Basic authentication; compare with {@link safeEqual}.
 *
 * @example
 * export const basic = httpBasic({ realm: "admin" });
 * const admin = (credentials = use(basic)) => {
 *   if (!(safeEqual(credentials.username, "admin") & safeEqual(credentials.password, secret))) throw basic.invalid();
 * };
 */
export function httpBasic(options: SchemeOptions & { readonly realm?: string } = {}): HttpBasic {
  const challenge = `Basic realm=${quoted(options.realm ?? "api")}, charset="UTF-8"`;
  const fail = (detail: string) => new HttpError(401, detail, { "WWW-Authenticate": challenge });
  const read = ((authorization?: string): BasicCredentials => {
    if (authorization === undefined) throw fail("Not authenticated");
    const space = authorization.indexOf(" ");
    if (space === -1 || authorization.slice(0, space).toLowerCase() !== "basic") throw fail("Not authenticated");
    const decoded = Buffer.from(authorization.slice(space + 1).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon === -1) throw fail("Invalid authentication credentials");
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }) as HttpBasic;
  read.invalid = (detail = "Incorrect username or password") => fail(detail);
  return read;
}

/**
 * An API key in a header, query parameter or cookie.
 *
 * @example
 * export const apiKeyHeader = apiKey({ in: "header", name: "X-API-Key" });
 * const verifyKey = (key = use(apiKeyHeader)) => { if (!safeEqual(key, process.env.API_KEY ?? "")) throw apiKeyHeader.invalid(); };
 */
export function apiKey(options: SchemeOptions & { readonly in: "header" | "query" | "cookie"; readonly name: string }): ApiKey {
  const challenge = `APIKey in=${quoted(options.in)}, name=${quoted(options.name)}`;
  const fail = (detail: string) => new HttpError(401, detail, { "WWW-Authenticate": challenge });
  const read = ((key?: string): string => {
    if (key === undefined || key === "") throw fail("Not authenticated");
    return key;
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
