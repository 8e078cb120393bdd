/**
 * `trustedHosts()`: answers 400 to a request whose `Host` is not one of the app's names, so a
 * forged `Host` cannot reach handlers that build links or cache keys from it (Starlette's
 * `TrustedHostMiddleware`).
 */
import type { Middleware } from "./middleware";
import { REPLIES } from "../responses/reply";
import { STARTUP_ERRORS, startupError } from "../errors/errors";

/**
 * Allows only the given hosts: exact names (`example.com`), subdomains (`*.example.com`, which
 * does not match `example.com` itself) or `"*"`. The port is ignored.
 *
 * @example
 * app.use(trustedHosts(["example.com", "*.example.com", "localhost"]));
 */
export function trustedHosts(patterns: readonly string[]): Middleware {
  if (!Array.isArray(patterns) || !patterns.every((p) => typeof p === "string" && p !== "")) {
    throw startupError(STARTUP_ERRORS.BAD_MIDDLEWARE_OPTION, { name: "trustedHosts", option: "patterns", expected: "an array of host names" });
  }
  const any = patterns.includes("*");
  const exact = new Set(patterns.filter((p) => !p.startsWith("*")).map((p) => p.toLowerCase()));
  const suffixes = patterns.filter((p) => p.startsWith("*.")).map((p) => p.slice(1).toLowerCase());
  const trusted = (host: string): boolean => {
    const name = hostName(host);
    if (name === "") return false;
    return exact.has(name) || suffixes.some((suffix) => name.endsWith(suffix) && name.length > suffix.length);
  };
  return {
    name: "trustedHosts",
    headers: ["host"],
    onRequest: (request) => (any || trusted(request.headers.host) ? undefined : REPLIES.untrustedHost),
  };
}

/** `Example.com:8080` → `example.com`; `[::1]:80` → `[::1]`. */
function hostName(host: string): string {
  const value = host.trim().toLowerCase();
  if (value.startsWith("[")) {
    const end = value.indexOf("]");
    return end === -1 ? "" : value.slice(0, end + 1);
  }
  const colon = value.indexOf(":");
  return colon === -1 ? value : value.slice(0, colon);
}
