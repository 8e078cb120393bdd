/**
 * Loading uWebSockets.js, natively or not at all. Builds of uWS.js ship one binary per platform,
 * architecture and Node ABI (`uws_linux_x64_115.node`); some packages (the build this repository
 * pins among them) fall back to a JavaScript imitation when none fits, which serves wrongly. This
 * file never runs a package's own loader: it finds the binary for this process itself, loads it,
 * and otherwise says exactly why uWS cannot run here. The result is cached.
 */
import fs from "node:fs";
import path from "node:path";
import { STARTUP_ERRORS, startupError, type TypekilnError } from "../../errors/errors";

/** The module the binary exports: uWS's API. */
export type UwsModule = typeof import("uWebSockets.js");

/** A uWS build that loaded natively. */
export interface UwsBuild {
  readonly module: UwsModule;
  /** `@trufflesuite/uws-js-unofficial 20.30.0-unofficial.0`. */
  readonly build: string;
  /** The binary loaded. */
  readonly binary: string;
}

/** Node's module ABI (`process.versions.modules`) → its major version, for messages. */
const NODE_OF_ABI: Readonly<Record<string, string>> = {
  "83": "14", "93": "16", "108": "18", "115": "20", "120": "21", "127": "22", "131": "23", "137": "24", "141": "25",
};

/** Why no native build loads: the reason, and the start-up error that says it with the ways out. */
export interface UwsUnavailable {
  readonly reason: string;
  readonly error: TypekilnError;
}

let loaded: UwsBuild | UwsUnavailable | undefined;

/** The native uWS build for this process, or why there is none. */
export function loadUws(): UwsBuild | UwsUnavailable {
  return (loaded ??= load());
}

function load(): UwsBuild | UwsUnavailable {
  const runtime = runtimeName();
  const fail = (reason: string, supported = ""): UwsUnavailable => ({
    reason,
    error: startupError(STARTUP_ERRORS.UWS_UNAVAILABLE, {
      reason, runtime, supported: supported === "" ? "" : ` The installed build supports ${supported}.`,
    }),
  });
  if (runtime !== `Node ${process.versions.node}`) return fail(`uWebSockets.js is a Node addon, and this is ${runtime}`);
  const dir = packageDir();
  if (dir === undefined) return fail("uWebSockets.js is not installed");
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
  const build = `${manifest.name ?? "uWebSockets.js"} ${manifest.version ?? "(no version)"}`;
  const file = `uws_${process.platform}_${process.arch}_${process.versions.modules}.node`;
  const binaries = [dir, path.join(dir, "binaries"), path.join(dir, "dist")];
  const binary = binaries.map((folder) => path.join(folder, file)).find((candidate) => fs.existsSync(candidate));
  if (binary === undefined) return fail(`${build} has no binary for ${process.platform}-${process.arch} with Node ABI ${process.versions.modules}`, supportedBy(binaries));
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(binary) as UwsModule;
    if (typeof module.App !== "function") return fail(`${binary} does not export uWS's App`);
    return { module, build, binary };
  } catch (err) {
    return fail(`${build}'s binary ${path.basename(binary)} does not load: ${(err as Error).message.split("\n")[0]}`, supportedBy(binaries));
  }
}

/**
 * The installed package's folder. Its `package.json` first; a package whose `exports` map hides
 * that file is found from its main entry, resolved (never run) and walked up to its `package.json`.
 */
function packageDir(): string | undefined {
  try {
    return path.dirname(require.resolve("uWebSockets.js/package.json"));
  } catch {
    // not exported, or not installed: try the entry
  }
  try {
    let dir = path.dirname(require.resolve("uWebSockets.js"));
    while (!fs.existsSync(path.join(dir, "package.json"))) {
      const up = path.dirname(dir);
      if (up === dir) return undefined;
      dir = up;
    }
    return dir;
  } catch {
    return undefined;
  }
}

/** `Node 18, 20 on linux-x64` from the binaries a build ships. */
function supportedBy(folders: readonly string[]): string {
  const prefix = `uws_${process.platform}_${process.arch}_`;
  const majors = new Set<string>();
  for (const folder of folders) {
    let names: string[];
    try {
      names = fs.readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names) {
      if (!name.startsWith(prefix) || !name.endsWith(".node")) continue;
      const abi = name.slice(prefix.length, -".node".length);
      majors.add(NODE_OF_ABI[abi] ?? `ABI ${abi}`);
    }
  }
  if (majors.size === 0) return `no Node version on ${process.platform}-${process.arch}`;
  return `Node ${[...majors].sort((a, b) => Number(a) - Number(b)).join(", ")} on ${process.platform}-${process.arch}`;
}

/** `Node 22.12.0`, `Bun 1.2.0`, `Deno 2.1.0`. */
export function runtimeName(): string {
  const versions = process.versions as NodeJS.ProcessVersions & { bun?: string; deno?: string };
  if (versions.bun !== undefined) return `Bun ${versions.bun}`;
  if (versions.deno !== undefined) return `Deno ${versions.deno}`;
  return `Node ${process.versions.node}`;
}
