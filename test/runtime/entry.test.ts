/**
 * `require("typekiln")` outside jest: the runtime bundle compiled from a V8 code cache
 * (runtime/entry.ts). A real app in a child process: the first start writes the cache, the next
 * one reads it (and so leaves it as it is), a corrupt file is rejected and rewritten, and the
 * cache stays off where it must: turned off, with source maps, or in a directory others can write.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";
import { compileFiles, ROOT } from "../helpers/compile";
import { TRANSPORT } from "../helpers/transport";

const SOURCE = "test/fixtures/apps/shutdown.ts";
const OUT = path.join(ROOT, "dist-fixtures", "entry-cache.js");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(() => {
  const { outputs, diagnostics } = compileFiles([SOURCE]);
  expect(diagnostics).toEqual([]);
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, outputs.get(SOURCE)!);
});

let directory: string;
beforeEach(() => {
  directory = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "typekiln-entry-")), "cache");
});
afterEach(() => fs.rmSync(path.dirname(directory), { recursive: true, force: true }));

/** Starts the app, checks it answers, keeps it running `aliveMs` (the cache is written after 1 s), stops it. */
async function serve(env: Record<string, string>, args: string[] = [], aliveMs = 1600): Promise<void> {
  const child = spawn(process.execPath, [...args, OUT], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise((resolve) => child.on("exit", resolve));
  try {
    for (let i = 0; i < 500 && !/listening \d+/.test(output); i++) await sleep(20);
    const port = Number(/listening (\d+)/.exec(output)?.[1]);
    if (!port) throw new Error(`app did not start: ${output}`);
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    expect([res.status, await res.json()]).toEqual([200, { ok: true }]);
    await sleep(aliveMs);
  } finally {
    child.kill("SIGKILL");
    await exited;
  }
}

const cacheFiles = (): string[] => (fs.existsSync(directory) ? fs.readdirSync(directory).filter((f) => f.endsWith(".v8cache")) : []);
const only = (): string => {
  const files = cacheFiles();
  expect(files).toHaveLength(1);
  return path.join(directory, files[0]!);
};

describe("the runtime's code cache", () => {
  it("is written by the first start and read, unchanged, by the next", async () => {
    await serve({ TYPEKILN_CODE_CACHE: directory });
    const file = only();
    expect(path.basename(file)).toMatch(new RegExp(`^index-[a-z]+-${process.version}-${process.arch}-\\d+-\\d+\\.v8cache$`));
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
    if (process.getuid) expect(fs.statSync(directory).mode & 0o777).toBe(0o700);
    const written = { bytes: fs.readFileSync(file), inode: fs.statSync(file).ino };

    // Accepted, so not rewritten: a rewrite renames a new file into place (a new inode).
    await serve({ TYPEKILN_CODE_CACHE: directory });
    expect(fs.statSync(only()).ino).toBe(written.inode);
    expect(fs.readFileSync(only()).equals(written.bytes)).toBe(true);
  });

  it("rejects a corrupt file and writes a good one in its place", async () => {
    await serve({ TYPEKILN_CODE_CACHE: directory });
    const file = only();
    const garbage = Buffer.alloc(fs.statSync(file).size, 0x5a);
    fs.writeFileSync(file, garbage);
    const inode = fs.statSync(file).ino;
    await serve({ TYPEKILN_CODE_CACHE: directory });
    expect(fs.statSync(only()).ino).not.toBe(inode);
    const rewritten = fs.readFileSync(only());
    expect(rewritten.equals(garbage)).toBe(false);
    expect(rewritten.length).toBeGreaterThan(10_000);
  });

  it("is neither read nor written when turned off or when source maps are on", async () => {
    await serve({ TYPEKILN_CODE_CACHE: "off" }, [], 1200);
    await serve({ TYPEKILN_CODE_CACHE: directory }, ["--enable-source-maps"], 1200);
    expect(fs.existsSync(directory)).toBe(false);
  });

  it("gives ES modules the named exports: import { App } from \"typekiln\" (Node reads them from the text)", () => {
    const file = path.join(ROOT, "dist-fixtures", "entry-esm.mjs");
    fs.writeFileSync(file, 'import { App, HttpError, reply } from "typekiln";\nconsole.log(JSON.stringify([typeof App, typeof HttpError, typeof reply]));\n');
    for (const setting of [directory, "off"]) {
      const run = spawnSync(process.execPath, [file], { env: { ...process.env, TYPEKILN_CODE_CACHE: setting }, encoding: "utf8" });
      expect([run.status, run.stderr, run.stdout.trim()]).toEqual([0, "", '["function","function","function"]']);
    }
  });

  it("removes other builds' files no start has written for a week, and keeps the rest", async () => {
    fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
    const named = (name: string) => path.join(directory, name);
    const stale = ["index-v0.0.0-x64-1-1.v8cache", "index-v0.0.0-x64-1-1.v8cache.4242.tmp"];
    const kept = ["index-v0.0.0-x64-2-2.v8cache", "notes.txt"];
    for (const name of [...stale, ...kept]) fs.writeFileSync(named(name), "x");
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 60 * 60 * 1000);
    for (const name of [...stale, "notes.txt"]) fs.utimesSync(named(name), eightDaysAgo, eightDaysAgo);
    await serve({ TYPEKILN_CODE_CACHE: directory });
    const left = fs.readdirSync(directory);
    expect(left.filter((name) => !kept.includes(name))).toEqual([expect.stringMatching(new RegExp(`^index-[a-z]+-${process.version}-`))]);
    expect(left).toEqual(expect.arrayContaining(kept));
  });

  it("lives by default in the temporary directory Node would name (TMPDIR, trailing slash dropped)", async () => {
    if (!process.getuid) return; // Windows: os.tmpdir() itself is asked
    const base = path.dirname(directory);
    await serve({ TYPEKILN_CODE_CACHE: "", TMPDIR: `${base}/` });
    const made = fs.readdirSync(path.join(base, `typekiln-code-cache-${process.getuid()}`));
    expect(made).toEqual([expect.stringMatching(new RegExp(`^index-[a-z]+-${process.version}-.+\\.v8cache$`))]);
  });

  it("leaves alone a directory other users can write to", async () => {
    if (!process.getuid) return; // Windows: no modes to check
    fs.mkdirSync(directory, { mode: 0o777 });
    fs.chmodSync(directory, 0o777);
    await serve({ TYPEKILN_CODE_CACHE: directory }, [], 1200);
    expect(cacheFiles()).toEqual([]);
  });
});

describe("the bundle's text (scripts/bundle-runtime.mjs)", () => {
  const file = path.join(ROOT, "dist", "runtime", "index.js");

  it("is, as a script, the module function that entry.js calls", () => {
    const run: unknown = new vm.Script(fs.readFileSync(file, "utf8"), { filename: file }).runInThisContext();
    expect(typeof run).toBe("function");
  });

  it("runs itself as a CommonJS module, whatever `this` its loader passes (a bundler's may pass none)", () => {
    const body = fs.readFileSync(file, "utf8");
    for (const self of [undefined, {}]) {
      const module = { exports: {} as Record<string, unknown> };
      new Function("exports", "require", "module", "__filename", "__dirname", body)
        .call(self, module.exports, require, module, file, path.dirname(file));
      expect(typeof module.exports.App).toBe("function");
    }
  });
});

describe("what a start loads", () => {
  it("loads no library for a feature the app does not use, and no typia module of its own", () => {
    // The fixture reads no cookies, compresses nothing, serves no files and takes no uploads.
    const probe = `const log = console.log;
console.log = (...args) => {
  log(...args);
  if (/^listening /.test(String(args[0]))) {
    process.stdout.write(JSON.stringify({ files: Object.keys(require.cache), builtins: process.moduleLoadList }) + "\\n");
    process.exit(0);
  }
};
require(${JSON.stringify(OUT)});`;
    const run = spawnSync(process.execPath, ["-e", probe], { env: { ...process.env, TYPEKILN_CODE_CACHE: directory }, encoding: "utf8" });
    expect([run.status, run.stderr]).toEqual([0, ""]);
    const { files, builtins } = JSON.parse(run.stdout.trim().split("\n").pop()!) as { files: string[]; builtins: string[] };
    const packages = new Set(files.map((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1]).filter(Boolean));
    // secure-json-parse loads with the first text that could hold a prototype key (json-poison.ts).
    // The uWS transport loads its binary; the node transport loads no package (`ws` waits for a socket route).
    expect([...packages].sort()).toEqual(TRANSPORT === "uws" ? ["uWebSockets.js"] : []);
    expect(files.filter((file) => file.includes("node_modules/typia/"))).toEqual([]);
    // No "exports" map to resolve, so no ES module resolver in a CommonJS app; no node:os for the tmpdir.
    // (Node 24 loads its ES module resolver for every CommonJS program, with or without one.)
    const resolverPreloaded = Number(process.versions.node.split(".")[0]) >= 24;
    const unwanted = resolverPreloaded ? /^NativeModule os$/ : /^NativeModule (internal\/modules\/esm\/resolve|os)$/;
    expect(builtins.filter((name) => unwanted.test(name))).toEqual([]);
  });

  it("resolves typekiln/transformer and typekiln/generated without an exports map", () => {
    const probe = `const t = require("typekiln/transformer"); const g = require("typekiln/generated");
process.stdout.write(JSON.stringify([typeof t.default, Object.keys(t.DIAGNOSTICS).length > 0, typeof g.jsonString, typeof g._isFormatUuid]));`;
    const run = spawnSync(process.execPath, ["-e", probe], { cwd: ROOT, encoding: "utf8" });
    expect([run.status, run.stderr, run.stdout]).toEqual([0, "", '["function",true,"function","function"]']);
  });
});
