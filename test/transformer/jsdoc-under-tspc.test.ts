import { execFileSync } from "node:child_process";
import path from "node:path";
import type { App } from "typekiln";
import { ROOT } from "../helpers/compile";

// Since TypeScript 5.3 `tsc` skips JSDoc unless a plugin's package.json asks for it
// (`"tsp": { "tscOptions": { "parseAllJsDoc": true } }`): build with the real `tspc` CLI, as users do.
describe("JSDoc under tspc", () => {
  let app: App;
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(ROOT, "node_modules/ts-patch/bin/tspc.js"), "-p", "test/fixtures/jsdoc/tsconfig.json"], {
      cwd: ROOT,
      stdio: "pipe",
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    app = require(path.join(ROOT, "dist/fixtures/jsdoc/app.js")).app;
  });

  it("keeps the summary, description and tags of a route", () => {
    const { operation } = JSON.parse(app.manifests()[0]!.openapi);
    expect(operation).toMatchObject({
      summary: "Search the catalogue.",
      description: "Matches names and descriptions.",
      tags: ["catalogue"],
    });
  });

  it("documents and enforces comment tags on properties", () => {
    const [manifest] = app.manifests();
    expect(JSON.parse(manifest!.openapi).schemas.Search.properties).toEqual({
      q: { type: "string", minLength: 2, description: "Words to look for." },
      limit: { type: "number", minimum: 1, maximum: 50 },
    });
    const body = manifest!.inputs[0] as { validate: (input: unknown) => { errors: { path: string }[] } };
    expect(body.validate({ q: "a", limit: 0 }).errors.map((error) => error.path)).toEqual(["$input.q", "$input.limit"]);
  });
});
