/**
 * What `require("typekiln")` loads: the runtime bundle (`index.js`), compiled from a V8 code cache
 * when there is one. Compiling the bundle and the functions a server runs while it starts is most
 * of what typekiln adds to a cold start; with the cache, V8 reads the bytecode instead.
 *
 * The cache is written once, a second after the first start without a usable one, by
 * `script.createCachedData()`, so it also holds the functions compiled while the app registered
 * its routes and began to listen. It lives in `TYPEKILN_CODE_CACHE` (a directory), by default
 * `<os tmpdir>/typekiln-code-cache-<uid>`; `TYPEKILN_CODE_CACHE=off` turns it off. A file that does not
 * match this bundle, Node version or V8 flags is rejected by V8 and rewritten; any error reading or
 * writing it falls back to the plain `require`. So does a process with source maps enabled (their
 * stack traces need Node's own loader) and a module system with a realm of its own (jest).
 *
 * Files of other builds (each rebuild, upgrade or Node version names a new one) that no start has
 * written for a week are removed when a cache is written.
 *
 * This file is compiled on its own (not bundled) and uses only Node's built-ins.
 */
import {
  closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, type Stats,
} from "node:fs";
import { join } from "node:path";
import { Script } from "node:vm";

const BUNDLE = join(__dirname, "index.js");
/** How long after loading the cache is written: long enough for a server to have started. */
const WRITE_DELAY_MS = 1000;
/** A cache file of another build (bundle, Node version) no start has written for this long is removed. */
const STALE_MS = 7 * 24 * 60 * 60 * 1000;
/** Cache files, and the temporary files they are written to. */
const CACHE_FILE = /^index-.+\.v8cache(\.\d+\.tmp)?$/;

/** Where the cache lives, or undefined when it is off or cannot be trusted here. */
function cacheDirectory(): string | undefined {
  const setting = process.env.TYPEKILN_CODE_CACHE;
  if (setting === "off" || setting === "0") return undefined;
  if (setting !== undefined && setting !== "") return setting;
  const uid = process.getuid?.();
  return join(temporaryDirectory(), uid === undefined ? "typekiln-code-cache" : `typekiln-code-cache-${uid}`);
}

/**
 * `os.tmpdir()`. On POSIX its rule is short (TMPDIR, TMP, TEMP, else /tmp, with no trailing
 * slash) and is followed here, so a start does not load `node:os` for it.
 */
function temporaryDirectory(): string {
  if (process.platform === "win32") return (require("node:os") as typeof import("node:os")).tmpdir();
  const path = process.env.TMPDIR || process.env.TMP || process.env.TEMP || "/tmp";
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

/**
 * Source maps need Node's own loader; a module system of another kind, such as jest's with a
 * realm of its own, must get the module from its own `require`. Only Node's CommonJS loader makes
 * `module` a `Module`, the class that keeps `require.cache` as `_cache`: reading that costs nothing,
 * where asking the main realm for its `globalThis` compiled a script at every start (0.2 ms here).
 */
function plainRequireNeeded(): boolean {
  const sourceMaps = (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled
    ?? (process.execArgv.includes("--enable-source-maps") || (process.env.NODE_OPTIONS ?? "").includes("--enable-source-maps"));
  return sourceMaps || (module.constructor as { _cache?: unknown })._cache !== require.cache;
}

/**
 * Only a file this user owns, in a directory no one else can write to, is read: a code cache is
 * code. Windows has no uid; there the directory is the user's own temp directory.
 */
const trusted = (stats: Stats): boolean => {
  const uid = process.getuid?.();
  return uid === undefined || (stats.uid === uid && (stats.mode & 0o022) === 0);
};

function readCache(file: string, directory: string): Buffer | undefined {
  try {
    if (!trusted(statSync(directory))) return undefined;
    const fd = openSync(file, "r");
    try {
      return trusted(fstatSync(fd)) ? readFileSync(fd) : undefined;
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

function writeCache(script: Script, file: string, directory: string): void {
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    if (!trusted(statSync(directory))) return;
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
    renameSync(temporary, file);
    removeStale(directory, file);
  } catch {
    // A read-only or full disk costs the next start its cache, nothing more.
  }
}

/**
 * Every rebuild or upgrade of typekiln, and every Node upgrade, names a new file; the old ones
 * would pile up. One still in use elsewhere is only read, so it ages too: removed, the app that
 * uses it writes it again at its next start.
 */
function removeStale(directory: string, kept: string): void {
  const now = Date.now();
  for (const name of readdirSync(directory)) {
    const file = join(directory, name);
    if (file === kept || !CACHE_FILE.test(name)) continue;
    try {
      if (now - statSync(file).mtimeMs > STALE_MS) unlinkSync(file);
    } catch {
      // Removed meanwhile by another start.
    }
  }
}

function loadCached(directory: string): unknown {
  // One open: the size and time that name the cache are those of the text compiled.
  const fd = openSync(BUNDLE, "r");
  let source: string;
  let stats: Stats;
  try {
    stats = fstatSync(fd);
    source = readFileSync(fd, "utf8");
  } finally {
    closeSync(fd);
  }
  const { size, mtimeMs } = stats;
  // Per transport setting too: the cache holds what registering and listening compiled, which
  // differs between the uWS and node transports; two processes of one build on different
  // transports would otherwise overwrite each other's cache with one that fits the other.
  const transport = (process.env.TYPEKILN_TRANSPORT ?? "").replace(/[^a-z]/g, "") || "auto";
  const file = join(directory, `index-${transport}-${process.version}-${process.arch}-${size}-${Math.trunc(mtimeMs)}.v8cache`);
  const cachedData = readCache(file, directory);
  // The text is one function expression (scripts/bundle-runtime.mjs): compiled as it stands.
  const script = new Script(source, { filename: BUNDLE, cachedData });
  // The bundle runs as this module: same directory, so `require` resolves exactly as it would there.
  require.cache[BUNDLE] = module;
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, require, module, BUNDLE, __dirname);
  if (cachedData === undefined || script.cachedDataRejected === true) {
    setTimeout(() => writeCache(script, file, directory), WRITE_DELAY_MS).unref();
  }
  return module.exports;
}

const directory = cacheDirectory();
module.exports = directory === undefined || plainRequireNeeded() ? require("./index.js") : loadCached(directory);

// Never runs. Node's ESM loader finds a CommonJS module's named exports by reading its text
// (cjs-module-lexer); this line tells it they are index.js's, so `import { App } from "typekiln"` works.
if (false) module.exports = require("./index.js");
