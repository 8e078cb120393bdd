import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const blocks = (language: string) =>
  [...readme.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g"))].map((match) => match[1]!);

describe("README.md", () => {
  // Example apps are compiled and run by test/examples/*.test.ts; the README shows them verbatim.
  it("shows each example file exactly as it is in examples/", () => {
    const shown = blocks("ts").filter((block) => block.startsWith("// examples/"));
    expect(shown.length).toBeGreaterThanOrEqual(2);
    for (const block of shown) {
      const [header, ...rest] = block.split("\n");
      const file = header!.slice(3).trim();
      expect([file, rest.join("\n")]).toEqual([file, fs.readFileSync(path.join(ROOT, file), "utf8")]);
    }
  });

  it("gives the plugin line that resolves to the transformer", () => {
    const config = JSON.parse(blocks("json")[0]!);
    const transform = config.compilerOptions.plugins[0].transform;
    expect(transform).toBe("typekiln/transformer");
    expect(typeof require(require.resolve(transform, { paths: [ROOT] })).default).toBe("function");
  });

  it("gives the editor plugin line that resolves to the language-service plugin", () => {
    const config = JSON.parse(blocks("json")[0]!);
    const name = config.compilerOptions.plugins[1].name;
    expect(name).toBe("typekiln/language-service");
    // tsserver calls the module with its own typescript and then `create`s the plugin per project.
    const plugin = require(require.resolve(name, { paths: [ROOT] }))({ typescript: require("typescript") });
    expect(typeof plugin.create).toBe("function");
  });

  it("gives the two commands that package.json defines", () => {
    const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts;
    expect(readme).toContain("npm install && npm start");
    expect(readme).toContain("npm test");
    expect(scripts.start).toContain("users");
    // npm test builds, then runs jest on each transport (scripts/run-tests.mjs).
    expect(scripts.test).toContain("scripts/run-tests.mjs");
    expect(fs.readFileSync(path.join(ROOT, "scripts/run-tests.mjs"), "utf8")).toContain("jest");
  });
});
