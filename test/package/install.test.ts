/**
 * The package as a user gets it: `npm pack` of a fresh copy of the repository (no dist/: prepack
 * builds it), installed into new projects with README's commands, built with tspc, served; and
 * `npx typekiln new demo && cd demo && npm test`. npm reads its local cache first (--prefer-offline).
 */
import { execFileSync, spawn, type ExecFileSyncOptions } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "../helpers/compile";

// For every npm here and the ones it starts (the starter's `npm install`).
const NPM_ENV = { ...process.env, npm_config_prefer_offline: "true", npm_config_audit: "false", npm_config_fund: "false" };
const npm = (args: readonly string[], cwd: string, options: ExecFileSyncOptions = {}) =>
  execFileSync("npm", [...args], { cwd, encoding: "utf8", stdio: "pipe", timeout: 300_000, env: NPM_ENV, ...options }) as unknown as string;

const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
const section = readme.slice(readme.indexOf("## Use it in your project"));
/** README's install commands: the first sh block of "Use it in your project". */
const installCommands = section.match(/```sh\n([\s\S]*?)```/)![1]!.trim().split("\n").map((line) => line.split(/\s+/));
/** README's tsconfig.json. */
const tsconfig = JSON.parse(section.match(/```json\n([\s\S]*?)```/)![1]!);

let work: string;
let tarball: string;
beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), "typekiln-package-"));
  // A fresh clone: the files git tracks (and new ones it would), with the repository's
  // dev dependencies linked in, as after `npm ci`.
  const clone = path.join(work, "clone");
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" })
    .split("\0").filter((file) => file !== "" && existsSync(path.join(ROOT, file)));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
    cpSync(path.join(ROOT, file), path.join(clone, file));
  }
  symlinkSync(path.join(ROOT, "node_modules"), path.join(clone, "node_modules"), "dir");
  const [packed] = JSON.parse(npm(["pack", "--json", "--pack-destination", work], clone)) as { filename: string }[];
  tarball = path.join(work, packed!.filename);
}, 600_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the packed package", () => {
  it("holds the built runtime, transformer, CLI, types and docs assets, and no tests, benchmarks, CI or sources", () => {
    const entries = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).trim().split("\n").map((entry) => entry.replace(/^package\//, ""));
    expect(entries).toEqual(expect.arrayContaining([
      "package.json", "README.md", "transformer.js", "dist/runtime/entry.js", "dist/runtime/index.js", "dist/runtime/index.d.ts",
      "dist/transformer/index.js", "dist/transformer/language-service.js", "language-service.js", "dist/cli/index.js", "dist/assets/redoc.standalone.js", "docs/errors.md",
    ]));
    expect(entries.filter((entry) => /^(test|benchmarks|examples|scripts|runtime|transformer|cli|\.ci)\//.test(entry))).toEqual([]);
    expect(entries.filter((entry) => entry.endsWith(".ts") && !entry.endsWith(".d.ts"))).toEqual([]);
  });

  it("installs for production without the compiler, typia, React or core-js", () => {
    const dir = path.join(work, "production");
    mkdirSync(dir);
    npm(["init", "-y"], dir);
    npm(["install", "--omit=dev", tarball], dir);
    const installed = readdirSync(path.join(dir, "node_modules"));
    for (const name of ["typescript", "ts-patch", "typia", "redoc", "react", "core-js", "mobx"]) expect(installed).not.toContain(name);
    expect(readdirSync(path.join(dir, "node_modules/@typia"))).toEqual(["interface"]);
  }, 300_000);
});

describe("a project set up as README says", () => {
  let dir: string;
  beforeAll(() => {
    dir = path.join(work, "user");
    mkdirSync(dir);
    npm(["init", "-y"], dir);
    for (const [command, ...args] of installCommands) {
      expect([command, args[0]]).toEqual(["npm", "install"]);
      npm([...args.map((arg) => (arg === "typekiln" ? tarball : arg))], dir);
    }
  }, 600_000);

  it("builds with tspc and serves validated requests: 201, 422, and the docs assets", async () => {
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ ...tsconfig, include: ["src"] }));
    mkdirSync(path.join(dir, "src"));
    writeFileSync(path.join(dir, "src/main.ts"), `import { App, type tags } from "typekiln";
interface ItemCreate { name: string & tags.MinLength<1>; price: number & tags.ExclusiveMinimum<0> }
const app = new App({ title: "Shop", version: "1.0.0" });
app.post("/items", { status: 201 }, (item: ItemCreate) => ({ id: 1, ...item }));
app.listen(0, "127.0.0.1", { gracefulShutdown: true }).then(({ port }) => console.log(\`port=\${port}\`));
`);
    execFileSync(path.join(dir, "node_modules/.bin/tspc"), [], { cwd: dir, stdio: "pipe", timeout: 300_000 });
    const server = spawn(process.execPath, [path.join(dir, tsconfig.compilerOptions.outDir, "main.js")], { cwd: dir, stdio: ["ignore", "pipe", "inherit"] });
    try {
      const port = await new Promise<string>((resolve, reject) => {
        let text = "";
        server.stdout!.on("data", (chunk: Buffer) => {
          text += chunk;
          const match = /port=(\d+)/.exec(text);
          if (match) resolve(match[1]!);
        });
        server.on("exit", (code) => reject(new Error(`the server exited with ${code}`)));
      });
      const post = (body: unknown) => fetch(`http://127.0.0.1:${port}/items`, {
        method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
      });
      const created = await post({ name: "kiln", price: 10 });
      expect([created.status, await created.json()]).toEqual([201, { id: 1, name: "kiln", price: 10 }]);
      const refused = await post({ name: "", price: 0 });
      expect(refused.status).toBe(422);
      expect(((await refused.json()) as { detail: { loc: unknown[] }[] }).detail.map((entry) => entry.loc)).toEqual([["body", "name"], ["body", "price"]]);
      for (const asset of ["/redoc/redoc.standalone.js", "/docs/swagger-ui-bundle.js"]) {
        expect((await fetch(`http://127.0.0.1:${port}${asset}`)).status).toBe(200);
      }
    } finally {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
  }, 300_000);

  it("loads the editor plugin from the install", () => {
    const plugin = execFileSync(process.execPath, ["-e", 'process.stdout.write(typeof require("typekiln/language-service"))'], { cwd: dir, encoding: "utf8" });
    expect(plugin).toBe("function");
  });

  it("runs `npx typekiln new demo`, whose project passes `npm test`", () => {
    npm(["exec", "--", "typekiln", "new", "demo"], dir);
    const demo = path.join(dir, "demo");
    const output = npm(["test"], demo);
    expect(output).toMatch(/# pass 2\n# fail 0/);
  }, 600_000);
});
