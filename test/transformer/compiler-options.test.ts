import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { compileFiles, ROOT } from "../helpers/compile";

const FIXTURE = "test/fixtures/loose/app.ts";

// typia reads exact types: without strictNullChecks, `name: string` admits null and undefined.
describe("compiler options", () => {
  it.each([
    ["strict: false", { strict: false }],
    ["strictNullChecks: false beside strict: true", { strict: true, strictNullChecks: false }],
  ])("refuses %s with TK1014 and generates nothing", (_, compilerOptions) => {
    const { diagnostics, outputs } = compileFiles([FIXTURE], { compilerOptions });
    expect(diagnostics).toEqual([expect.objectContaining({ code: "TK1014", category: "error", file: undefined })]);
    expect(diagnostics[0]!.message).toContain('"strict": true');
    expect(outputs.get(FIXTURE)).not.toContain("version: 1");
  });

  it("accepts strictNullChecks on its own", () => {
    const { diagnostics, outputs } = compileFiles([FIXTURE], { compilerOptions: { strict: false, strictNullChecks: true } });
    expect(diagnostics).toEqual([]);
    expect(outputs.get(FIXTURE)).toContain("version: 1");
  });

  it("points tspc at the option in the project's tsconfig.json", async () => {
    const tspc = path.join(ROOT, "node_modules/.bin/tspc");
    const failed = await promisify(execFile)(tspc, ["-p", "test/fixtures/loose/tsconfig.json"], { cwd: ROOT }).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stdout).toMatch(/^test\/fixtures\/loose\/tsconfig\.json\(3,5\): error TS901014: TK1014: typekiln needs strictNullChecks/m);
  });
});
