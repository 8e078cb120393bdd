/**
 * README's "Testing" section is real: its jest config runs the jest example (ts-jest on ts-patch's
 * compiler, so the typekiln plugin compiles the test and the app it imports), and the `node --test`
 * example passes on the output of `tspc`, run as README says. Both examples are shown verbatim
 * (readme.test.ts checks that).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const testing = readme.slice(readme.indexOf("\n## Testing\n"), readme.indexOf("\n## ", readme.indexOf("\n## Testing\n") + 1));
const block = (language: string, first: string): string => {
  const found = [...testing.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g"))].map((match) => match[1]!)
    .find((text) => text.startsWith(first));
  if (found === undefined) throw new Error(`README's Testing section has no ${language} block starting "${first}"`);
  return found;
};

describe("README's Testing section", () => {
  it("runs the jest example with the jest config it shows", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "typekiln-readme-jest-"));
    try {
      // The config as shown; only the tsconfig it names is this repository's examples' one.
      const config = block("js", "// jest.config.js").replace('"tsconfig.json"', JSON.stringify(path.join(ROOT, "examples/tsconfig.json")));
      fs.writeFileSync(path.join(dir, "jest.config.js"), config);
      const report = path.join(dir, "report.json");
      const run = spawnSync(process.execPath, [
        require.resolve("jest/bin/jest"), "--config", path.join(dir, "jest.config.js"), "--rootDir", ROOT,
        "--cacheDirectory", path.join(dir, "cache"), "--runTestsByPath", "examples/quickstart/app.test.ts",
        "--json", `--outputFile=${report}`,
      ], { cwd: ROOT, encoding: "utf8", env: { ...process.env, TYPEKILN_TRANSPORT: "" } });
      expect(run.status === 0 ? "" : run.stderr).toBe("");
      const result = JSON.parse(fs.readFileSync(report, "utf8")) as { numPassedTests: number; numFailedTests: number };
      expect([result.numPassedTests, result.numFailedTests]).toEqual([2, 0]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);

  it("runs the node --test example on the output of tspc, with the commands it shows", () => {
    const commands = block("sh", "npx tspc").trim().split("\n").map((line) => line.replace(/\s+#.*$/, ""));
    expect(commands).toEqual(["npx tspc -p examples/tsconfig.json", "node --test dist/examples/quickstart/app.node-test.js"]);
    const build = spawnSync(process.execPath, [require.resolve("ts-patch/bin/tspc"), "-p", "examples/tsconfig.json"], { cwd: ROOT, encoding: "utf8" });
    expect(build.status === 0 ? "" : build.stdout + build.stderr).toBe("");
    const run = spawnSync(process.execPath, ["--test", "dist/examples/quickstart/app.node-test.js"], { cwd: ROOT, encoding: "utf8" });
    expect(run.status === 0 ? "" : run.stdout + run.stderr).toBe("");
    expect(run.stdout).toMatch(/# pass 1\n/);
    expect(run.stdout).toMatch(/# fail 0\n/);
  }, 240_000);
});
