import fs from "node:fs";
import path from "node:path";
import { DIAGNOSTICS, WARNINGS, type DiagnosticCode } from "../../transformer/diagnostics";
import { compileFiles, ROOT, type Compiled } from "../helpers/compile";

// Each invalid fixture marks the line that must fail with `// expect TKnnnn`.
const FIXTURES = path.join(ROOT, "test/fixtures/invalid");
const fixtures = fs
  .readdirSync(FIXTURES)
  .filter((name) => name.endsWith(".ts"))
  .map((name) => {
    const lines = fs.readFileSync(path.join(FIXTURES, name), "utf8").split("\n");
    const line = lines.findIndex((text) => /\/\/ expect TK\d{4}/.test(text));
    return { name, code: /expect (TK\d{4})/.exec(lines[line] ?? "")?.[1], line: line + 1 };
  });

// One program for every fixture (a program per fixture took most of this file's time): each
// fixture is a module of its own, so each one's diagnostics are its alone.
let byFile: Map<string | undefined, Compiled["diagnostics"][number][]>;
beforeAll(() => {
  const { diagnostics } = compileFiles(fixtures.map((fixture) => `test/fixtures/invalid/${fixture.name}`));
  byFile = new Map();
  for (const diagnostic of diagnostics) byFile.set(diagnostic.file, [...(byFile.get(diagnostic.file) ?? []), diagnostic]);
});

describe("compile errors", () => {
  it.each(fixtures)("$name fails with $code at its marked line", ({ name, code, line }) => {
    const diagnostics = byFile.get(`test/fixtures/invalid/${name}`) ?? [];
    const ours = diagnostics.filter((diagnostic) => diagnostic.code.startsWith("TK"));
    expect(ours).toEqual([
      expect.objectContaining({ code, file: `test/fixtures/invalid/${name}`, line }),
    ]);
    expect(ours[0]!.message).not.toMatch(/\{\w+\}/);
    expect(ours[0]!.category).toBe(WARNINGS.has(code as DiagnosticCode) ? "warning" : "error");
  });

  it("reports nothing outside the fixtures", () => {
    expect([...byFile.keys()].filter((file) => !file?.startsWith("test/fixtures/invalid/"))).toEqual([]);
  });

  it("has a failing fixture for every code in the catalogue", () => {
    // TK1014 is about the program's options, not a file: compiler-options.test.ts compiles its fixture.
    const covered = new Set([...fixtures.map((fixture) => fixture.code), "TK1014"]);
    // TK19nn are about the install, not the code: language-service.test.ts shows each in tsserver.
    const aboutCode = Object.keys(DIAGNOSTICS).filter((code) => !code.startsWith("TK19"));
    expect(aboutCode.filter((code) => !covered.has(code))).toEqual([]);
  });

  it("compiles the fixtures without the plugin, so each failure is the transformer's alone", () => {
    const { diagnostics } = compileFiles(
      fixtures.map((fixture) => `test/fixtures/invalid/${fixture.name}`),
      { transformer: false },
    );
    expect(diagnostics).toEqual([]);
  });
});
