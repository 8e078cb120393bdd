/**
 * Reading one route registration as the transformer left it: `(handler, manifest)` or
 * `(options, handler, manifest)` after the path. Every mistake is reported here, at start-up,
 * with the fix in the message; nothing about a route is checked per request.
 */
import { MANIFEST_VERSION, buildFailureOf, type HttpMethod, type RouteManifest } from "../contract/manifest";
import type { RouteOptions } from "../contract/route-options";
import { STARTUP_ERRORS, startupError } from "../errors/errors";
import { uploadOptionProblem } from "../inputs/form-body";

export interface Registration {
  readonly options: RouteOptions;
  readonly handler: (...args: unknown[]) => unknown;
  readonly manifest: RouteManifest;
}

/**
 * The parts of `app.get(path, …rest)`, checked. `label` is `GET /users/:id`; `path` is the path as
 * written (what the manifest was built for), `served` the path with its routers' prefixes.
 */
export function readRegistration(method: HttpMethod, path: string, label: string, rest: readonly unknown[], served: string = path): Registration {
  const [options, handler, manifest] = typeof rest[0] === "function"
    ? [{}, rest[0], rest[1]]
    : [rest[0] ?? {}, rest[1], rest[2]];
  // A router's route may be written "" (FastAPI's `@router.get("")`): it serves the prefix itself.
  const prefixItself = path === "" && served !== "" && served.startsWith("/");
  if (typeof path !== "string" || !(path.startsWith("/") || prefixItself)) {
    throw startupError(STARTUP_ERRORS.BAD_ROUTE_OPTION, { route: label, option: "path", expected: "a string starting with /" });
  }
  if (typeof handler !== "function") throw startupError(STARTUP_ERRORS.BAD_HANDLER, { route: label });
  checkManifest(method, path, label, manifest);
  checkOptions(label, options as RouteOptions);
  return { options: options as RouteOptions, handler: handler as Registration["handler"], manifest };
}

function checkManifest(method: HttpMethod, path: string, label: string, manifest: unknown): asserts manifest is RouteManifest {
  const failure = buildFailureOf(manifest);
  if (failure !== undefined) throw startupError(STARTUP_ERRORS.BUILD_FAILED, { route: label, failure });
  if (manifest === null || typeof manifest !== "object" || !("inputs" in manifest)) {
    throw startupError(STARTUP_ERRORS.NO_MANIFEST, { route: label });
  }
  const m = manifest as RouteManifest;
  if (m.version !== MANIFEST_VERSION) {
    throw startupError(STARTUP_ERRORS.MANIFEST_VERSION, { route: label, found: m.version, expected: MANIFEST_VERSION });
  }
  // Path parameter positions were computed from the manifest's path: a different path means
  // the wrong parameters would be read.
  if (m.method !== method || m.path !== path) {
    throw startupError(STARTUP_ERRORS.MANIFEST_MISMATCH, { route: label, other: `${String(m.method).toUpperCase()} ${m.path}` });
  }
}

/** A whole number, zero or more: what counts of bytes and milliseconds must be. */
export const isCount = (value: unknown): boolean => typeof value === "number" && Number.isInteger(value) && value >= 0;

function checkOptions(label: string, options: RouteOptions): void {
  const bad = (option: string, expected: string) =>
    startupError(STARTUP_ERRORS.BAD_ROUTE_OPTION, { route: label, option, expected });
  if (typeof options !== "object" || options === null) throw bad("(the options object)", "an object");
  const { status, bodyLimit, timeout } = options;
  if (status !== undefined && !(Number.isInteger(status) && status >= 200 && status <= 599)) {
    throw bad("status", "an integer from 200 to 599");
  }
  if (bodyLimit !== undefined && !isCount(bodyLimit)) throw bad("bodyLimit", "a whole number of bytes");
  if (timeout !== undefined && !(isCount(timeout) && timeout > 0)) throw bad("timeout", "a positive whole number of milliseconds");
  if (options.keepAlive !== undefined && !isCount(options.keepAlive)) throw bad("keepAlive", "a whole number of milliseconds");
  if (options.sendTimeout !== undefined && !isCount(options.sendTimeout)) throw bad("sendTimeout", "a whole number of milliseconds");
  if (options.mediaTypeMismatch !== undefined && options.mediaTypeMismatch !== 415 && options.mediaTypeMismatch !== 422) throw bad("mediaTypeMismatch", "415 or 422");
  if (options.strictContentType !== undefined && typeof options.strictContentType !== "boolean") throw bad("strictContentType", "a boolean");
  if (options.strict !== undefined && typeof options.strict !== "boolean") throw bad("strict", "true or false");
  if (options.extra !== undefined && options.extra !== "forbid" && options.extra !== "ignore") throw bad("extra", '"forbid" or "ignore"');
  const upload = uploadOptionProblem(options.upload);
  if (upload !== undefined) throw bad(upload.option, upload.expected);
}
