import path from "node:path";
import { toolchainProblems, typescriptInstallOf, typescriptProblem } from "../../transformer/toolchain";
import { ROOT } from "../helpers/compile";
import { installedPackage, projectWith, removeProjects } from "../helpers/installs";

// Real installs: this repository's, and TypeScript 7 from the registry (helpers/installs.ts).
const PIN = "npm install -D typescript@5.9 ts-patch@3.3";
const TS7 =
  "TypeScript 7.0.2 is installed: TypeScript 7 is the Go compiler, which cannot run compiler plugins, " +
  `so typekiln cannot build with it. Pin TypeScript 5.9 and ts-patch 3.3: ${PIN}`;

describe("the toolchain check", () => {
  let ts7: string;
  beforeAll(() => {
    ts7 = installedPackage("typescript", "7.0.2");
  });
  afterAll(removeProjects);

  it("finds nothing wrong with this repository's TypeScript 5.9 and ts-patch 3.3", () => {
    expect(toolchainProblems(ROOT)).toEqual([]);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(typescriptProblem(typescriptInstallOf(require("typescript")))).toBeUndefined();
  });

  it("names TypeScript 7 and what to pin, from the module a loader gets", () => {
    // What `require("typescript")` gives in a project with TypeScript 7: its version and nothing else.
    const dir = projectWith({ typescript: ts7 }, {});
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(require.resolve("typescript", { paths: [dir] }));
    expect(Object.keys(loaded)).toEqual(["version", "versionMajorMinor"]);
    expect(typescriptProblem(typescriptInstallOf(loaded))).toBe(TS7);
  });

  it("names TypeScript 7 in a project that installed it, where tspc crashes inside ts-patch", () => {
    const dir = projectWith({ typescript: ts7, "ts-patch": path.join(ROOT, "node_modules/ts-patch") }, {});
    expect(toolchainProblems(dir)).toEqual([TS7]);
  });

  it("names a missing ts-patch and a missing TypeScript", () => {
    const dir = projectWith({ typescript: path.join(ROOT, "node_modules/typescript") }, {});
    expect(toolchainProblems(dir)).toEqual([`ts-patch is not installed: typekiln's plugin runs in ts-patch's compiler (tspc). ${PIN}`]);
    expect(toolchainProblems(projectWith({}, {}))[0]).toBe(`TypeScript is not installed: ${PIN}`);
  });
});
