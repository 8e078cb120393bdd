/**
 * Compiles fixture files with the real TypeScript compiler patched by ts-patch and the real
 * typekiln transformer, in memory, and returns the emitted JavaScript and every diagnostic.
 */
import path from "node:path";
import type ts from "typescript";
import { tkCodeOf } from "../../transformer/diagnostics";

// ts-patch's in-memory patched compiler: the same one `tspc` runs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tsp: typeof ts = require("ts-patch/compiler");

const CATEGORIES = ["warning", "error", "suggestion", "message"] as const;

export const ROOT = path.resolve(__dirname, "../..");

export interface Compiled {
  /** Emitted JavaScript by source path relative to the repository root, `.ts` → `.js`. */
  readonly outputs: ReadonlyMap<string, string>;
  readonly diagnostics: readonly { code: string; category: "error" | "warning" | "suggestion" | "message"; message: string; file?: string; line?: number }[];
}

export const compileFiles = (
  files: readonly string[],
  options: { transformer?: boolean; compilerOptions?: ts.CompilerOptions } = {},
): Compiled => {
  const compilerOptions: ts.CompilerOptions = {
    target: tsp.ScriptTarget.ES2022,
    module: tsp.ModuleKind.Node16,
    moduleResolution: tsp.ModuleResolutionKind.Node16,
    strict: true,
    skipLibCheck: true,
    types: ["node"],
    rootDir: ROOT,
    outDir: path.join(ROOT, "dist-fixtures"),
    plugins: options.transformer === false ? [] : ([{ transform: "typekiln/transformer" }] as never),
    ...options.compilerOptions,
  };
  const host = tsp.createCompilerHost(compilerOptions);
  const outputs = new Map<string, string>();
  host.writeFile = (fileName, text) => {
    if (fileName.endsWith(".js")) outputs.set(path.relative(compilerOptions.outDir!, fileName).replace(/\.js$/, ".ts"), text);
  };
  const program = tsp.createProgram({ rootNames: files.map((file) => path.resolve(ROOT, file)), options: compilerOptions, host });
  const emitted = program.emit();
  const all = [...tsp.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  return {
    outputs,
    diagnostics: all.map((diagnostic) => ({
      code: tkCodeOf(diagnostic) ??
        (typeof diagnostic.code === "string" ? String(diagnostic.code).replace(/[()]/g, "") : `TS${diagnostic.code}`),
      category: CATEGORIES[diagnostic.category],
      message: tsp.flattenDiagnosticMessageText(diagnostic.messageText, "\n"),
      warning: diagnostic.category === tsp.DiagnosticCategory.Warning,
      file: diagnostic.file && path.relative(ROOT, diagnostic.file.fileName),
      line: diagnostic.file && diagnostic.start !== undefined
        ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1
        : undefined,
    })),
  };
};
