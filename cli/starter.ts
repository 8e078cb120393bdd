/**
 * `typekiln new <dir>`: a starter project (an app, its server, a test that passes) written into
 * an empty or missing directory, then `npm install`ed. It depends on the typekiln this CLI was
 * installed as: the same `file:` tarball or path when the project it is run from has one
 * (rewritten for the new directory), else this version from the registry.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CliError } from "./project";

export interface StarterOptions {
  readonly dir: string;
  readonly install: boolean;
  /** The dependency spec for typekiln; found as described above when absent. */
  readonly typekiln?: string;
}

export function createStarter(options: StarterOptions): number {
  const dir = path.resolve(options.dir);
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new CliError(`${options.dir} exists and is not empty`);
  const name = path.basename(dir).toLowerCase().replace(/[^a-z0-9-._~]/g, "-");
  const files = starterFiles(name, options.typekiln ?? typekilnSpec(dir));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  console.error(`typekiln new: wrote ${Object.keys(files).join(", ")} in ${options.dir}`);
  if (options.install) {
    // Under npm (npx, npm exec) the npm that runs us; else the one on PATH.
    const npm = process.env.npm_execpath;
    const result = npm !== undefined && npm.endsWith(".js")
      ? spawnSync(process.execPath, [npm, "install"], { cwd: dir, stdio: "inherit" })
      : spawnSync("npm", ["install"], { cwd: dir, stdio: "inherit", shell: process.platform === "win32" });
    if (result.status !== 0) throw new CliError(`npm install failed in ${options.dir}`);
  }
  console.error(`typekiln new: done. cd ${options.dir} && npm run dev (serves on :3000, docs at /docs); npm test runs its test`);
  return 0;
}

/** How the new project should depend on typekiln. */
function typekilnSpec(dir: string): string {
  const own = JSON.parse(readFileSync(path.join(__dirname, "../../package.json"), "utf8")) as { version: string };
  const parent = path.join(process.cwd(), "package.json");
  if (existsSync(parent)) {
    const { dependencies = {}, devDependencies = {} } = JSON.parse(readFileSync(parent, "utf8")) as Record<string, Record<string, string> | undefined>;
    const spec = dependencies.typekiln ?? devDependencies.typekiln;
    if (spec !== undefined && spec.startsWith("file:")) {
      const target = path.resolve(process.cwd(), spec.slice("file:".length));
      return `file:${path.relative(dir, target) || "."}`;
    }
  }
  return `^${own.version}`;
}

function starterFiles(name: string, typekiln: string): Record<string, string> {
  const nodeMajor = process.versions.node.split(".")[0];
  const packageJson = {
    name,
    version: "0.1.0",
    private: true,
    type: "commonjs",
    scripts: {
      dev: "typekiln dev",
      build: "typekiln build",
      check: "typekiln check",
      openapi: "typekiln openapi --out openapi.json",
      start: "node dist/main.js",
      test: "typekiln build && node --test dist/*.test.js",
    },
    dependencies: { typekiln },
    devDependencies: { "@types/node": `^${nodeMajor}`, "ts-patch": "~3.3.0", typescript: "~5.9.0" },
  };
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "Node16",
      moduleResolution: "Node16",
      lib: ["ES2022"],
      types: ["node"],
      strict: true,
      skipLibCheck: true,
      rootDir: "src",
      outDir: "dist",
      sourceMap: true,
      plugins: [{ transform: "typekiln/transformer" }],
    },
    include: ["src"],
  };
  return {
    "package.json": `${JSON.stringify(packageJson, null, 2)}\n`,
    "tsconfig.json": `${JSON.stringify(tsconfig, null, 2)}\n`,
    ".gitignore": "node_modules/\ndist/\n",
    "src/app.ts": APP,
    "src/main.ts": MAIN,
    "src/app.test.ts": TEST,
    "README.md": `# ${name}\n\n${README}`,
  };
}

const APP = `import { App, HttpError, type tags } from "typekiln";

/** A todo as the client sends it. */
export interface TodoCreate {
  title: string & tags.MinLength<1> & tags.MaxLength<200>;
  done?: boolean;
}

export interface Todo {
  id: number;
  title: string;
  done: boolean;
}

export const app = new App({ title: "Todos", version: "0.1.0" });
const todos = new Map<number, Todo>();

/** Add a todo. */
app.post("/todos", { status: 201 }, (todo: TodoCreate): Todo => {
  const stored = { id: todos.size + 1, title: todo.title, done: todo.done ?? false };
  todos.set(stored.id, stored);
  return stored;
});

/** Read one todo. */
app.get("/todos/:id", (id: number): Todo => {
  const todo = todos.get(id);
  if (todo === undefined) throw new HttpError(404, "Todo not found");
  return todo;
});
`;

const MAIN = `import { app } from "./app";

const port = Number(process.env.PORT || 3000);

// gracefulShutdown: SIGTERM or Ctrl-C finishes in-flight requests, then exits.
app.listen(port, "0.0.0.0", { gracefulShutdown: true }).then(
  ({ port: bound, description }) => console.log(\`listening on http://localhost:\${bound} with \${description} (docs: /docs)\`),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
`;

const TEST = `import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { app } from "./app";

let base = "";
before(async () => {
  const { port } = await app.listen(0, "127.0.0.1");
  base = \`http://127.0.0.1:\${port}\`;
});
after(() => app.close());

const post = (body: unknown) =>
  fetch(\`\${base}/todos\`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

test("adds a todo and reads it back", async () => {
  const created = await post({ title: "Try typekiln" });
  assert.equal(created.status, 201);
  assert.deepEqual(await created.json(), { id: 1, title: "Try typekiln", done: false });
  const read = await fetch(\`\${base}/todos/1\`);
  assert.deepEqual(await read.json(), { id: 1, title: "Try typekiln", done: false });
});

test("answers 422 for an empty title", async () => {
  const response = await post({ title: "" });
  assert.equal(response.status, 422);
  const { detail } = (await response.json()) as { detail: { loc: (string | number)[] }[] };
  assert.deepEqual(detail.map((entry) => entry.loc), [["body", "title"]]);
});
`;

const README = `A [typekiln](https://www.npmjs.com/package/typekiln) app.

\`\`\`sh
npm run dev      # builds, serves on http://localhost:3000 (docs at /docs), rebuilds and restarts on every change
npm test         # builds, then runs src/*.test.ts with node --test
npm run check    # every compile error (TK codes included), nothing written
npm run openapi  # writes openapi.json without starting a server
\`\`\`
`;
