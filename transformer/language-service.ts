/**
 * typekiln's TypeScript language-service plugin: the transformer's diagnostics in the editor as you
 * type, beside TypeScript's own. tsserver loads it from one more entry in tsconfig.json's plugins
 * (ts-patch reads the `transform` entries, tsserver the `name` ones; each skips the other's):
 *
 * @example
 * "plugins": [{ "transform": "typekiln/transformer" }, { "name": "typekiln/language-service" }]
 *
 * It adds to `getSemanticDiagnostics` what `fileDiagnostics` finds in the file (remembered while the
 * file and what it imports are unchanged: `diagnostics-cache.ts`), or, where the install cannot build with typekiln (TypeScript 7, no
 * ts-patch, an editor running another TypeScript than the project's), one diagnostic on the
 * `import … from "typekiln"` that says what to pin.
 */
import type ts from "typescript";
import { TransformError, diagnosticAt } from "./diagnostics";
import { DiagnosticsCache } from "./diagnostics-cache";
import { toolchainProblems, typescriptInstallOf, typescriptProblem } from "./toolchain";

type Server = typeof ts;
type FileDiagnostics = typeof import("./file-diagnostics").fileDiagnostics;

function typekilnLanguageService(modules: { typescript: Server }): ts.server.PluginModule {
  return { create: (info) => decorate(info, modules.typescript) };
}

export = typekilnLanguageService;

const decorate = (info: ts.server.PluginCreateInfo, server: Server): ts.LanguageService => {
  const service = info.languageService;
  const log = (message: string) => info.project.projectService.logger.info(`[typekiln] ${message}`);
  // The project's TypeScript, which the analysis runs on (TypeScript 7's module holds nothing but
  // its version); the analysis itself is loaded only once the install is known to run it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const project: Server = require("typescript");
  const problems = installProblems(info.project.getCurrentDirectory(), server, project);
  for (const problem of problems) log(`${problem.code}: ${problem.args.problem}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const analyse: FileDiagnostics | undefined = problems.length === 0 ? require("./file-diagnostics").fileDiagnostics : undefined;
  const cache = new DiagnosticsCache(server);

  const analysed = (program: ts.Program, file: ts.SourceFile, run: FileDiagnostics): readonly ts.Diagnostic[] =>
    cache.get(program, file, () => {
      try {
        return run(program, file);
      } catch (error) {
        // A transformer bug: tspc would stop on it; the editor keeps its own diagnostics and logs it.
        log(`analysing ${file.fileName} failed: ${error instanceof Error ? error.stack : String(error)}`);
        return [];
      }
    });

  const ours = (fileName: string): readonly ts.Diagnostic[] => {
    const program = service.getProgram();
    const file = program?.getSourceFile(fileName);
    if (program === undefined || file === undefined) return [];
    if (analyse === undefined) return problemDiagnostics(server, file, problems);
    // A registration reports on the parameters of a named handler where it is declared, which may be
    // another file: those come from the analysis of the files that import this one, open in the
    // editor or found reporting on it before (not every closed file that imports the app).
    const isOpen = (name: string) => info.project.getScriptInfo(name)?.isScriptOpen() ?? false;
    const importers = cache.importersOf(file, isOpen).flatMap((name) => {
      const importer = program.getSourceFile(name);
      return importer === undefined ? [] : analysed(program, importer, analyse);
    });
    return [...analysed(program, file, analyse), ...importers].filter((diagnostic) => diagnostic.file === file);
  };

  const proxy: ts.LanguageService = Object.create(null);
  for (const key of Object.keys(service) as (keyof ts.LanguageService)[]) {
    const member = service[key];
    (proxy as unknown as Record<string, unknown>)[key] = typeof member === "function" ? member.bind(service) : member;
  }
  proxy.getSemanticDiagnostics = (fileName) => {
    const found = ours(fileName);
    const theirs = service.getSemanticDiagnostics(fileName);
    return found.length === 0 ? theirs : [...theirs, ...found];
  };
  return proxy;
};

interface Problem {
  readonly code: "TK1901" | "TK1902";
  readonly args: { problem: string };
}

/** Why this editor and install cannot give typekiln's diagnostics (and `tspc` cannot build). */
const installProblems = (dir: string, server: Server, project: Server): Problem[] => {
  const loaded = typescriptProblem(typescriptInstallOf(project));
  const installed = toolchainProblems(dir);
  const problems: Problem[] = [...new Set([...(loaded === undefined ? [] : [loaded]), ...installed])].map((problem) => ({
    code: "TK1901",
    args: { problem },
  }));
  // The analysis reads the syntax tree of the editor's TypeScript with the project's, whose syntax
  // kinds are numbered alike only within one minor version.
  if (problems.length === 0 && minor(server.version) !== minor(project.version))
    problems.push({
      code: "TK1902",
      args: {
        problem: `the editor runs TypeScript ${server.version}, the project has ${project.version}: use the project's TypeScript in the editor (VS Code: "TypeScript: Select TypeScript Version", then "Use Workspace Version")`,
      },
    });
  return problems;
};

const minor = (version: string): string => version.split(".").slice(0, 2).join(".");

/** Each problem, reported on the file's imports of typekiln; nothing in a file that has none. */
const problemDiagnostics = (server: Server, file: ts.SourceFile, problems: readonly Problem[]): ts.Diagnostic[] =>
  file.statements
    .filter((statement): statement is ts.ImportDeclaration => server.isImportDeclaration(statement))
    .filter((statement) => server.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text === "typekiln")
    .flatMap((statement) =>
      problems.map((problem) => {
        const { message } = new TransformError({ code: problem.code, node: statement.moduleSpecifier, args: problem.args });
        return diagnosticAt({ code: problem.code, node: statement.moduleSpecifier, message, category: server.DiagnosticCategory.Error });
      }),
    );
