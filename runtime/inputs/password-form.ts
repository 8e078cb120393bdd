/**
 * The form a client posts to an OAuth2 password-flow token URL (RFC 6749 §4.3.2), read from an
 * `application/x-www-form-urlencoded` body: what a token route's `OAuth2PasswordForm` parameter
 * receives. Swagger UI's Authorize button posts exactly this.
 */
import { decodeUtf8 } from "./body-input";
import type { RawBody } from "../contract/request-data";
import type { ValidationIssue } from "../validation/validation-error";
import { missingIssue } from "../validation/validation-error";

/**
 * FastAPI's `OAuth2PasswordRequestForm`.
 *
 * @example
 * app.post("/token", (form: OAuth2PasswordForm) => ({ access_token: login(form.username, form.password), token_type: "bearer" }));
 */
export interface OAuth2PasswordForm {
  readonly grantType?: "password";
  readonly username: string;
  readonly password: string;
  /** `scope`, split on spaces. */
  readonly scopes: readonly string[];
  readonly clientId?: string;
  readonly clientSecret?: string;
}

/** `application/x-www-form-urlencoded`, parameters allowed. */
export function isFormMediaType(contentType: string): boolean {
  const semi = contentType.indexOf(";");
  return (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase() === "application/x-www-form-urlencoded";
}

/** The form, or undefined with the issues (missing fields, a grant type other than `password`) recorded. */
export function readPasswordForm(raw: RawBody | undefined, issues: ValidationIssue[]): OAuth2PasswordForm | undefined {
  const text = raw === undefined ? "" : decodeUtf8(raw);
  const form = new URLSearchParams(text);
  const before = issues.length;
  const username = form.get("username");
  const password = form.get("password");
  const grantType = form.get("grant_type");
  if (username === null) issues.push(missingIssue(["body", "username"]));
  if (password === null) issues.push(missingIssue(["body", "password"]));
  if (grantType !== null && grantType !== "password")
    issues.push({
      type: "string_pattern_mismatch",
      loc: ["body", "grant_type"],
      msg: "String should match pattern '^password$'",
      input: grantType,
      ctx: { pattern: "^password$" },
    } as ValidationIssue);
  if (issues.length > before) return undefined;
  const scope = form.get("scope") ?? "";
  return {
    ...(grantType === null ? {} : { grantType: "password" as const }),
    username: username!,
    password: password!,
    scopes: scope.split(" ").filter((s) => s !== ""),
    ...(form.has("client_id") ? { clientId: form.get("client_id")! } : {}),
    ...(form.has("client_secret") ? { clientSecret: form.get("client_secret")! } : {}),
  };
}
