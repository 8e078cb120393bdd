/**
 * Response values a handler may return besides plain data. Each is recognised by the transformer
 * in the handler's return type (by this file, never by name), so every variant gets its own
 * serializer and its own entry in the OpenAPI document:
 * `Reply<404, NotFound>` (another status, its own body type), `Text`, `Html`, `Bytes` and
 * `Redirect`. Write them with the helpers below.
 */

/**
 * A response with a status of its own, declared in the return type (`Reply<410>`: no body). Each `Reply<S, B>` member of
 * the return type is documented under `S`, and its body is written by a serializer for `B`.
 *
 * @example
 * app.post("/users", (user: UserCreate): Reply<201, User> | Reply<409, Conflict> =>
 *   exists(user) ? reply(409, { detail: "taken" }) : reply(201, save(user)));
 */
export class Reply<S extends number = number, B = undefined> {
  constructor(
    readonly status: S,
    readonly body: B,
    /** Extra response headers. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}
}

/**
 * A `Reply` with this status and body.
 *
 * @example
 * return reply(404, { detail: "No such user", id });
 */
export function reply<S extends number>(status: S): Reply<S, undefined>;
export function reply<S extends number, B>(status: S, body: B, headers?: Readonly<Record<string, string>>): Reply<S, B>;
export function reply(status: number, body?: unknown, headers?: Readonly<Record<string, string>>): Reply<number, unknown> {
  return new Reply(status, body, headers);
}

/**
 * A plain-text body (`text/plain; charset=utf-8` unless another media type is given).
 *
 * @example
 * app.get("/robots.txt", (): Text => text("User-agent: *\nDisallow:"));
 */
export class Text {
  readonly kind = "text" as const;
  constructor(readonly content: string, readonly mediaType = "text/plain; charset=utf-8") {}
}

/**
 * An HTML body (`text/html; charset=utf-8`).
 *
 * @example
 * app.get("/", (): Html => html("<h1>Hello</h1>"));
 */
export class Html {
  readonly kind = "html" as const;
  readonly mediaType = "text/html; charset=utf-8";
  constructor(readonly content: string) {}
}

/**
 * A binary body (`application/octet-stream` unless another media type is given).
 *
 * @example
 * app.get("/logo", (): Bytes => bytes(png, "image/png"));
 */
export class Bytes {
  readonly kind = "bytes" as const;
  constructor(readonly content: Uint8Array, readonly mediaType = "application/octet-stream") {}
}

/**
 * The statuses a redirect may have.
 *
 * @example
 * const moved: Redirect<301> = redirect("/new", 301);
 */
export type RedirectStatus = 301 | 302 | 303 | 307 | 308;

/**
 * A redirect to `location`; documented under its status (307 unless the type says otherwise).
 *
 * @example
 * app.get("/old", (): Redirect => redirect("/new"));
 * app.post("/login", (): Redirect<303> => redirect("/home", 303));
 */
export class Redirect<S extends RedirectStatus = 307> {
  readonly kind = "redirect" as const;
  constructor(readonly location: string, readonly status: S) {}
}

/**
 * A {@link Text} body.
 *
 * @example
 * return text("a,b\n1,2", "text/csv; charset=utf-8");
 */
export const text = (content: string, mediaType?: string): Text => new Text(content, mediaType);
/**
 * An {@link Html} body.
 *
 * @example
 * return html("<p>Saved.</p>");
 */
export const html = (content: string): Html => new Html(content);
/**
 * A {@link Bytes} body.
 *
 * @example
 * return bytes(await readFile("logo.png"), "image/png");
 */
export const bytes = (content: Uint8Array, mediaType?: string): Bytes => new Bytes(content, mediaType);

/**
 * A redirect; 307 (method and body kept) by default.
 *
 * @example
 * return redirect(`/users/${id}`, 303);
 */
export function redirect(location: string): Redirect<307>;
export function redirect<S extends RedirectStatus>(location: string, status: S): Redirect<S>;
export function redirect(location: string, status: RedirectStatus = 307): Redirect<RedirectStatus> {
  return new Redirect(location, status);
}
