/**
 * Whether the compiler typekiln runs in is one it can run in: TypeScript 5.9 (TypeScript 7 is the
 * Go compiler, with no JavaScript transformer API) and ts-patch 3.3 (`tspc`). Used where the
 * transformer and the editor plugin load, and by tools that start `tspc`, so a wrong install gets a
 * message that says what to pin instead of a crash inside ts-patch ("Cannot read properties of
 * undefined (reading 'LineFeed')" on TypeScript 7).
 */
import fs from "node:fs";
import path from "node:path";

/** What typekiln is built and tested with (package.json's peer dependencies). */
export const SUPPORTED = { typescript: "5.9", tsPatch: "3.3" } as const;

const PIN = `npm install -D typescript@${SUPPORTED.typescript} ts-patch@${SUPPORTED.tsPatch}`;

/** A TypeScript install: its version, and whether it has the JavaScript compiler API plugins need. */
export interface TypescriptInstall {
  readonly version: string;
  readonly compilerApi: boolean;
}

/** The install a loaded `typescript` module is (TypeScript 7's exports only its version). */
export const typescriptInstallOf = (typescript: { readonly version?: string; readonly createProgram?: unknown }): TypescriptInstall => ({
  version: typescript.version ?? "(unknown version)",
  compilerApi: typeof typescript.createProgram === "function",
});

/** Why `typescript` cannot run typekiln (`undefined` for a missing install); `undefined` when it can. */
export const typescriptProblem = (typescript: TypescriptInstall | undefined): string | undefined => {
  if (typescript === undefined) return `TypeScript is not installed: ${PIN}`;
  const { version } = typescript;
  if (Number(version.split(".")[0]) >= 7 || !typescript.compilerApi)
    return `TypeScript ${version} is installed: TypeScript 7 is the Go compiler, which cannot run compiler plugins, so typekiln cannot build with it. Pin TypeScript ${SUPPORTED.typescript} and ts-patch ${SUPPORTED.tsPatch}: ${PIN}`;
  if (!isMinor(version, SUPPORTED.typescript))
    return `TypeScript ${version} is installed; typekiln needs TypeScript ${SUPPORTED.typescript}: ${PIN}`;
  return undefined;
};

/** Why the installed ts-patch (its version, or `undefined` when it is missing) cannot build typekiln apps. */
export const tsPatchProblem = (version: string | undefined): string | undefined => {
  if (version === undefined) return `ts-patch is not installed: typekiln's plugin runs in ts-patch's compiler (tspc). ${PIN}`;
  if (!isMinor(version, SUPPORTED.tsPatch))
    return `ts-patch ${version} is installed; typekiln needs ts-patch ${SUPPORTED.tsPatch} (4.x needs Node 22.15 or later): ${PIN}`;
  return undefined;
};

/** The versions of typescript and ts-patch a project at `dir` resolves, read from their package.json. */
export const installedToolchain = (dir: string): { typescript?: TypescriptInstall; tsPatch?: string } => {
  const typescript = manifestOf("typescript", dir);
  const tsPatch = manifestOf("ts-patch", dir);
  return {
    // TypeScript 7's package has no `main` and exports only its version (lib/version.cjs).
    typescript: typescript && { version: typescript.json.version, compilerApi: typescript.json.main !== undefined },
    tsPatch: tsPatch?.json.version,
  };
};

/** Every reason the project at `dir` cannot build with typekiln: empty when its install is right. */
export const toolchainProblems = (dir: string): string[] => {
  const installed = installedToolchain(dir);
  return [typescriptProblem(installed.typescript), tsPatchProblem(installed.tsPatch)].filter((problem): problem is string => problem !== undefined);
};

const isMinor = (version: string, minor: string): boolean => version === minor || version.startsWith(`${minor}.`);

const manifestOf = (name: string, dir: string): { json: { version: string; main?: string } } | undefined => {
  // Walks up from `dir` as Node resolves a package, reading package.json only (never the module:
  // typescript's is 9 MB, and TypeScript 7's exports map hides its package.json from require.resolve).
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const file = path.join(current, "node_modules", name, "package.json");
    if (fs.existsSync(file)) return { json: JSON.parse(fs.readFileSync(file, "utf8")) };
    if (path.dirname(current) === current) return undefined;
  }
};
