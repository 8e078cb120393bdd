/**
 * `ResponseControl`: what a handler may change about its response besides the body, by declaring
 * a parameter of this type: the status, extra headers and cookies. The body stays typed and is
 * written by the route's generated serializer.
 */
import type { SerializeOptions } from "cookie";
import { cookieCodec } from "../vendor/cookie-codec";
import { assertHeader } from "../http/header-rules";

/** Options of a `Set-Cookie` (the `cookie` package's). */
export type CookieOptions = SerializeOptions;

/**
 * @example
 * app.post("/login", (credentials: Login, response: ResponseControl): Session => {
 *   const session = open(credentials);
 *   response.status = 201;
 *   response.header("cache-control", "no-store");
 *   response.cookie("session", session.id, { httpOnly: true, secure: true, sameSite: "lax" });
 *   return session;
 * });
 */
export class ResponseControl {
  /** The status to answer with, instead of the route's; a returned `Reply` or redirect still wins. */
  status: number | undefined = undefined;
  /** @internal Flat `[name, value, ...]`, written after the route's own headers. */
  readonly headers: string[] = [];

  /** Adds a response header (repeat the call for repeated headers). */
  header(name: string, value: string): this {
    assertHeader(name, value);
    this.headers.push(name.toLowerCase(), value);
    return this;
  }

  /** Sets a cookie (`Set-Cookie`, written by the `cookie` package, which checks name and value). */
  cookie(name: string, value: string, options: CookieOptions = {}): this {
    this.headers.push("set-cookie", cookieCodec().serialize(name, value, options));
    return this;
  }

  /** Deletes a cookie: an empty value that expired in 1970. Give the same `path`/`domain` it was set with. */
  deleteCookie(name: string, options: CookieOptions = {}): this {
    return this.cookie(name, "", { ...options, expires: new Date(0), maxAge: undefined });
  }
}
