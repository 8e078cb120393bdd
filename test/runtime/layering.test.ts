/**
 * The runtime's folders are its architecture: each folder's README says what it owns and which
 * folders it may import ("May import: …"). This test reads the real import graph of `runtime/`
 * and holds the code to those lines, and to the rules that keep the layers apart.
 */
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const RUNTIME = path.join(ROOT, "runtime");

interface Source {
  /** Path from `runtime/`, e.g. `routing/route-plan.ts`. */
  readonly file: string;
  /** Its folder from `runtime/` (`.` for the top level). */
  readonly folder: string;
  readonly text: string;
  /** Relative imports, resolved to paths from `runtime/`. */
  readonly imports: readonly string[];
  /** Package imports (`uWebSockets.js`, `typia`, …). */
  readonly packages: readonly string[];
}

const SPECIFIER = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*)"([^"]+)"/g;

const sources: Source[] = (fs.readdirSync(RUNTIME, { recursive: true, encoding: "utf8" }) as string[])
  .filter((file) => file.endsWith(".ts"))
  .map((file) => {
    const text = fs.readFileSync(path.join(RUNTIME, file), "utf8");
    const specifiers = [...text.matchAll(SPECIFIER)].map((match) => match[1]!);
    return {
      file,
      folder: path.dirname(file),
      text,
      imports: specifiers.filter((s) => s.startsWith(".")).map((s) => path.join(path.dirname(file), `${s}.ts`)),
      packages: specifiers.filter((s) => !s.startsWith(".") && !s.startsWith("node:")),
    };
  });

const folders = [...new Set(sources.map((source) => source.folder))].filter((folder) => folder !== ".");

/** A folder's allowed imports, from the "May import:" line of its README. */
function allowedBy(folder: string): Set<string> {
  const readme = fs.readFileSync(path.join(RUNTIME, folder, "README.md"), "utf8");
  const line = /^May import: (.*)\.$/m.exec(readme)?.[1];
  if (line === undefined) throw new Error(`runtime/${folder}/README.md has no "May import:" line`);
  return new Set(line === "nothing outside this folder" ? [] : line.split(", "));
}

/** The strongly connected components with more than one member: the import cycles. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (stack.includes(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      component.push(member);
    } while (member !== node);
    if (component.length > 1) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe("runtime layering", () => {
  it("keeps no .ts file at the top of runtime/ but the public entry and the package entry", () => {
    expect(sources.filter((s) => s.folder === ".").map((s) => s.file).sort()).toEqual(["entry.ts", "index.ts"]);
  });

  it("gives every folder a README that says what it owns and what it may import", () => {
    for (const folder of folders) expect(() => allowedBy(folder)).not.toThrow();
  });

  it("imports across folders only what each folder's README allows", () => {
    const forbidden = sources.flatMap((source) => {
      if (source.folder === ".") return [];
      const allowed = allowedBy(source.folder);
      return source.imports
        .map((target) => path.dirname(target))
        .filter((folder) => folder !== source.folder && !allowed.has(folder))
        .map((folder) => `${source.file} imports ${folder}/`);
    });
    expect(forbidden).toEqual([]);
  });

  it("has no import cycle between folders", () => {
    const graph = new Map<string, string[]>();
    for (const source of sources) {
      const out = graph.get(source.folder) ?? [];
      for (const target of source.imports) if (path.dirname(target) !== source.folder) out.push(path.dirname(target));
      graph.set(source.folder, out);
    }
    expect(cycles(graph)).toEqual([]);
  });

  it("has no import cycle between files, type imports included", () => {
    expect(cycles(new Map(sources.map((source) => [source.file, source.imports])))).toEqual([]);
  });

  it("lets only the uWS transport import uWebSockets.js", () => {
    const users = sources.filter((source) => source.packages.includes("uWebSockets.js")).map((source) => source.folder);
    expect([...new Set(users)]).toEqual(["transport/uws"]);
  });

  it("lets the transformer import nothing of the runtime but contract/", () => {
    const transformer = path.join(ROOT, "transformer");
    const reaches = fs.readdirSync(transformer)
      .filter((file) => file.endsWith(".ts"))
      .flatMap((file) => [...fs.readFileSync(path.join(transformer, file), "utf8").matchAll(SPECIFIER)]
        .map((match) => match[1]!)
        .filter((specifier) => specifier.startsWith("../runtime/") && !specifier.startsWith("../runtime/contract/"))
        .map((specifier) => `${file} imports ${specifier}`));
    expect(reaches).toEqual([]);
  });
});
