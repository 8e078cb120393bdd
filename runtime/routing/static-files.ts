/**
 * `app.static(prefix, dir)`: files under a directory, served like a `FileResponse` (types,
 * `ETag`, 304, `Range`). The request path is taken apart defensively, because it is the
 * attacker's: a malformed escape is 400; a NUL, a backslash, a `.` or `..` segment (also
 * percent-encoded), an absolute or drive path, a dotfile, or a path whose real location (after
 * following symlinks) is outside the directory is 404, with nothing said about why.
 */
import { promises as fsp } from "node:fs";
import { join, sep } from "node:path";
import type { RoutePlan } from "../contract/request-data";
import type { Logger } from "../contract/logger";
import { FileResponse } from "../responses/file-response";
import { conditionalHeaders, fileReply } from "../responses/file-reply";
import { REPLIES } from "../responses/reply";
import { statusLine } from "../http/status-line";

/**
 * Options of a static mount.
 *
 * @example
 * app.static("/assets", "public", { maxAge: 3600, index: "index.html" });
 */
export interface StaticOptions {
  /** The file served for a directory; `"index.html"` by default, `false` for none. */
  readonly index?: string | false;
  /** Seconds for `Cache-Control: public, max-age=…`; no header by default. */
  readonly maxAge?: number;
}

/** The path under the mount, decoded and checked; undefined when refused, null when malformed. */
export function safeRelativePath(rest: string): string | undefined | null {
  if (rest.includes("\0") || /%00/i.test(rest)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return undefined;
  const relative = decoded.startsWith("/") ? decoded.slice(1) : decoded;
  // `//etc/passwd` or `/C:/…` under the mount: an absolute path in disguise.
  if (relative.startsWith("/") || /^[A-Za-z]:/.test(relative)) return undefined;
  const segments = relative.split("/");
  if (segments.some((segment) => segment === ".." || segment === "." || (segment.startsWith(".") && segment !== ""))) return undefined;
  return relative;
}

/** The route plan of a static mount at `prefix` (no trailing slash) over `root` (real path). */
export function staticFilesPlan(props: {
  readonly prefix: string;
  readonly root: string;
  readonly options: StaticOptions;
  readonly label: string;
  readonly logger: Logger | undefined;
}): RoutePlan {
  const { prefix, root, options, label, logger } = props;
  const index = options.index ?? "index.html";
  const extra = options.maxAge === undefined ? undefined : { "cache-control": `public, max-age=${Math.floor(options.maxAge)}` };
  const status = statusLine(200);
  const inside = (real: string) => real === root || real.startsWith(root + sep);

  async function serve(url: string, headers: readonly string[]) {
    const relative = safeRelativePath(url.slice(prefix.length));
    if (relative === null) return REPLIES.badPathEncoding;
    if (relative === undefined) return REPLIES.notFound;
    let real: string;
    try {
      real = await fsp.realpath(join(root, relative));
      if (!inside(real)) return REPLIES.notFound; // a symlink that leads out of the directory
      if ((await fsp.stat(real)).isDirectory()) {
        if (index === false) return REPLIES.notFound;
        real = await fsp.realpath(join(real, index));
        if (!inside(real)) return REPLIES.notFound;
      }
    } catch {
      return REPLIES.notFound;
    }
    return fileReply(new FileResponse(real, extra === undefined ? {} : { headers: extra }), conditionalHeaders(headers), { status, label, logger });
  }

  return {
    label,
    params: 0,
    query: false,
    headers: ["range", "if-range", "if-none-match", "if-modified-since"],
    listHeaders: [],
    cookie: false,
    // For the raw path: the one part of the request a static mount reads besides those headers.
    context: true,
    timeout: 0,
    streams: true,
    run: (data) =>
      serve(data.context!.path, data.headers).then(undefined, (err: unknown) => {
        logger?.error(`typekiln: ${label} failed`, err);
        return REPLIES.internal;
      }),
  };
}
