import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../helpers/compile";
import { tempProject, type TempProject } from "../helpers/project";

const CLEAN = `import { App } from "typekiln";
export const app = new App({ title: "Clean", version: "1.0.0" });
app.get("/users/:id", (id: number) => ({ id }));
`;

describe("typekiln check", () => {
  let project: TempProject;
  beforeAll(() => {
    project = tempProject({ "src/app.ts": CLEAN });
  });
  afterAll(() => project.remove());

  it("exits 1 and prints TK1001 at its source location, as tsc prints errors for a path parameter without a handler parameter", () => {
    project.write("src/app.ts", readFileSync(path.join(ROOT, "test/fixtures/invalid/tk1001-path-parameter-without-handler-parameter.ts"), "utf8"));
    const result = project.run("check");
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^src\/app\.ts\(4,\d+\): error TS901001: TK1001: Path parameter ":id" of "\/users\/:id" has no handler parameter named "id"\.$/m);
    expect(result.stderr).toContain("typekiln check: 1 error");
    expect(existsSync(path.join(project.dir, "dist"))).toBe(false);
  });

  it("exits 0 and writes nothing for a project without errors", () => {
    project.write("src/app.ts", CLEAN);
    const result = project.run("check");
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
    expect(existsSync(path.join(project.dir, "dist"))).toBe(false);
  });

  it("reports TypeScript's own errors with their TS codes", () => {
    project.write("src/app.ts", `${CLEAN}export const count: number = "three";\n`);
    const result = project.run("check");
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^src\/app\.ts\(4,14\): error TS2322: /m);
  });
});

describe("typekiln build", () => {
  it("writes the app with its route manifests, and exits 1 on a TK error", () => {
    const project = tempProject({ "src/app.ts": CLEAN });
    try {
      expect(project.run("build").status).toBe(0);
      expect(readFileSync(path.join(project.dir, "dist/app.js"), "utf8")).toContain("version: 1");
      project.write("src/app.ts", CLEAN.replace("(id: number)", "(userId: number)"));
      const failed = project.run("build");
      expect(failed.status).toBe(1);
      expect(failed.stderr).toContain("error TS901001: TK1001: ");
    } finally {
      project.remove();
    }
  });
});
