/**
 * The OAuth2 scopes a route requires, for a dependency that declares a `SecurityScopes`
 * parameter (FastAPI's `SecurityScopes`): the union of every `use(fn, { scopes })` of the route's
 * graph, fixed at build time.
 */
import { HttpError } from "../errors/http-error";

/**
 * @example
 * async function currentUser(security: SecurityScopes, token = use(oauth2)): Promise<User> {
 *   const user = await users.byToken(token);
 *   if (!user) throw oauth2.invalidToken();
 *   security.require(user.scopes); // 403 insufficient_scope unless every required scope is granted
 *   return user;
 * }
 */
export class SecurityScopes {
  /** Space-separated, as OAuth2 writes them. */
  readonly scopeStr: string;

  constructor(readonly scopes: readonly string[]) {
    this.scopeStr = scopes.join(" ");
  }

  /** Throws 403 `insufficient_scope` (RFC 6750, section 3.1) unless `granted` holds every required scope. */
  require(granted: readonly string[]): void {
    const missing = this.scopes.filter((scope) => !granted.includes(scope));
    if (missing.length === 0) return;
    throw new HttpError(403, "Not enough permissions", {
      "WWW-Authenticate": `Bearer error="insufficient_scope", scope="${this.scopeStr}"`,
    });
  }
}
