import fs from "node:fs";
import path from "node:path";
import { startTsserver, type Tsserver } from "../../scripts/tsserver.cjs";
import { ROOT } from "../helpers/compile";
import { installedPackage, projectWith, removeProjects } from "../helpers/installs";

// A real tsserver, driven as an editor drives it. The fixture's tsconfig.json names the plugin
// ({ "name": "typekiln/language-service" }); tsserver finds it in the node_modules beside its own
// TypeScript, where `typekiln` links to this repository as it would be installed in a project.
const TSSERVER = path.join(ROOT, "node_modules/typescript/lib/tsserver.js");
const FIXTURE = path.join(ROOT, "test/fixtures/editor");
const APP = path.join(FIXTURE, "app.ts");

interface Diagnostic {
  code: number;
  text: string;
  source?: string;
  category: string;
  start: { line: number; offset: number };
  end: { line: number; offset: number };
}

const semantic = (server: Tsserver, file: string): Promise<Diagnostic[]> => server.request("semanticDiagnosticsSync", { file });

describe("the editor plugin in tsserver", () => {
  let server: Tsserver;
  beforeAll(async () => {
    server = startTsserver({ tsserver: TSSERVER, cwd: FIXTURE });
    for (const file of ["app.ts", "routes.ts", "handlers.ts", "plain.ts"]) await server.request("open", { file: path.join(FIXTURE, file) });
  });
  afterAll(() => server.close());

  it("shows TK1001 as a semantic diagnostic with its code, message and location", async () => {
    expect(await semantic(server, APP)).toEqual([
      {
        code: 901001,
        source: "typekiln",
        category: "error",
        text: 'TK1001: Path parameter ":id" of "/users/:id" has no handler parameter named "id".',
        start: { line: 5, offset: 9 },
        end: { line: 5, offset: 21 },
      },
    ]);
  });

  it("analyses a file that registers routes on an app it imports from another file", async () => {
    const diagnostics = await semantic(server, path.join(FIXTURE, "routes.ts"));
    expect(diagnostics.map(({ text, start }) => ({ text, start }))).toEqual([
      { text: 'TK1001: Path parameter ":id" of "/items/:id" has no handler parameter named "id".', start: { line: 5, offset: 9 } },
    ]);
  });

  it("shows what a registration finds in a named handler's parameters in the handler's own file", async () => {
    const handlers = path.join(FIXTURE, "handlers.ts");
    expect((await semantic(server, handlers)).map(({ text, start }) => ({ text, start }))).toEqual([
      {
        text: 'TK1009: Parameter "callback" of type () => void cannot be placed: it is not a path, query, header, cookie or body value.',
        start: { line: 2, offset: 25 },
      },
    ]);
    // Fixed in the handler's file, where it was reported: routes.ts is analysed again.
    await server.request("change", { file: handlers, line: 2, offset: 35, endLine: 2, endOffset: 45, insertString: "string" });
    expect(await semantic(server, handlers)).toEqual([]);
    await server.request("change", { file: handlers, line: 2, offset: 35, endLine: 2, endOffset: 41, insertString: "() => void" });
    expect((await semantic(server, handlers)).map(({ code }) => code)).toEqual([901009]);
  });

  // Replaces the first `from` in the open file's text with `to`, as an editor sends a keystroke.
  let text = fs.readFileSync(APP, "utf8");
  const position = (at: number) => {
    const before = text.slice(0, at).split("\n");
    return { line: before.length, offset: before.at(-1)!.length + 1 };
  };
  const edit = async (from: string, to: string) => {
    const at = text.indexOf(from);
    const start = position(at);
    const end = position(at + from.length);
    await server.request("change", { file: APP, line: start.line, offset: start.offset, endLine: end.line, endOffset: end.offset, insertString: to });
    text = text.slice(0, at) + to + text.slice(at + from.length);
  };

  it("keeps TypeScript's own diagnostics beside typekiln's", async () => {
    await edit("\napp.get", '\nconst n: number = "one";\napp.get');
    const diagnostics = await semantic(server, APP);
    expect(diagnostics.map(({ code, source }) => ({ code, source }))).toEqual([
      { code: 2322, source: undefined },
      { code: 901001, source: "typekiln" },
    ]);
    await edit('\nconst n: number = "one";', "");
  });

  it("drops the diagnostic once an edit fixes the route, and shows it again when the edit is undone", async () => {
    await edit("(userId: number) => ({ userId })", "(id: number) => ({ userId: id })");
    expect(await semantic(server, APP)).toEqual([]);
    await edit("(id: number) => ({ userId: id })", "(userId: number) => ({ userId })");
    expect((await semantic(server, APP)).map(({ code, start }) => ({ code, start }))).toEqual([{ code: 901001, start: { line: 5, offset: 9 } }]);
  });

  it("analyses a file again when a file it imports changes", async () => {
    const routes = path.join(FIXTURE, "routes.ts");
    expect((await semantic(server, routes)).map(({ code }) => code)).toEqual([901001]);
    // routes.ts is unchanged, but its `app` is no longer typekiln's App.
    await edit('new App({ title: "Editor fixture", version: "1.0.0" })', "{ get: (..._args: unknown[]) => undefined }");
    expect(await semantic(server, routes)).toEqual([]);
    await edit("{ get: (..._args: unknown[]) => undefined }", 'new App({ title: "Editor fixture", version: "1.0.0" })');
    expect((await semantic(server, routes)).map(({ code }) => code)).toEqual([901001]);
  });

  it("leaves the rest of the language service working after analysing a file", async () => {
    await semantic(server, APP);
    const info = await server.request("quickinfo", { file: APP, line: 5, offset: 2 });
    expect(info.displayString).toBe("const app: App<Record<string, unknown>>");
  });

  it("reports nothing in a file that registers nothing", async () => {
    expect(await semantic(server, path.join(FIXTURE, "plain.ts"))).toEqual([]);
  });
});

// What tsserver shows where typekiln cannot run: real packages from the registry (helpers/installs.ts).
describe("the editor plugin on an install typekiln cannot build with", () => {
  afterAll(removeProjects);
  const APP_TEXT = 'import { App } from "typekiln";\n\nexport const app = new App();\napp.get("/users/:id", (id: number) => ({ id }));\n';
  const TSCONFIG = JSON.stringify({
    compilerOptions: { strict: true, module: "Node16", plugins: [{ transform: "typekiln/transformer" }, { name: "typekiln/language-service" }] },
    files: ["app.ts"],
  });
  const typekilnDiagnostics = async (tsserver: string, dir: string, args: string[] = []) => {
    const editor = startTsserver({ tsserver, cwd: dir, args });
    try {
      const file = path.join(dir, "app.ts");
      await editor.request("open", { file });
      return (await semantic(editor, file)).filter((diagnostic) => diagnostic.source === "typekiln");
    } finally {
      await editor.close();
    }
  };

  it("says what to pin on the import of typekiln when the project has TypeScript 7", async () => {
    const dir = projectWith(
      {
        typekiln: ROOT,
        typescript: installedPackage("typescript", "7.0.2"),
        "ts-patch": path.join(ROOT, "node_modules/ts-patch"),
      },
      { "app.ts": APP_TEXT, "tsconfig.json": TSCONFIG },
    );
    expect(await typekilnDiagnostics(TSSERVER, dir)).toEqual([
      expect.objectContaining({
        code: 901901,
        text:
          "TK1901: typekiln cannot build with this install: TypeScript 7.0.2 is installed: TypeScript 7 is the Go compiler, " +
          "which cannot run compiler plugins, so typekiln cannot build with it. Pin TypeScript 5.9 and ts-patch 3.3: " +
          "npm install -D typescript@5.9 ts-patch@3.3",
        start: { line: 1, offset: 21 },
      }),
    ]);
  });

  it("asks for the project's TypeScript when the editor runs another one", async () => {
    const other = installedPackage("typescript", "5.8.3");
    // That tsserver looks for plugins beside its own install; the probe location points it here.
    const diagnostics = await typekilnDiagnostics(path.join(other, "lib/tsserver.js"), FIXTURE, ["--pluginProbeLocations", ROOT]);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 901902,
        text:
          "TK1902: typekiln cannot analyse this file in this editor: the editor runs TypeScript 5.8.3, the project has 5.9.3: " +
          'use the project\'s TypeScript in the editor (VS Code: "TypeScript: Select TypeScript Version", then "Use Workspace Version")',
        start: { line: 1, offset: 21 },
      }),
    ]);
  });
});
