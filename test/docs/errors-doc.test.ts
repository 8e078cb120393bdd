import fs from "node:fs";
import path from "node:path";
import { HTTP_ERRORS, STARTUP_ERRORS } from "../../runtime/errors/errors";
import { DIAGNOSTICS } from "../../transformer/diagnostics";

const ROOT = path.resolve(__dirname, "../..");
const doc = fs.readFileSync(path.join(ROOT, "docs/errors.md"), "utf8");

// The rows of the markdown table under a `## heading`, as arrays of trimmed cells.
const tableUnder = (heading: string): string[][] => {
  const section = doc.split(/^## /m).find((part) => part.startsWith(heading));
  if (section === undefined) throw new Error(`docs/errors.md has no "## ${heading}" section`);
  return section
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| ---"))
    .slice(1)
    .map((line) => line.slice(2, -2).split(/(?<!\\) \| /).map((cell) => cell.trim().replace(/\\\|/g, "|")));
};

describe("docs/errors.md", () => {
  it("lists every compile error code of the transformer, and no other", () => {
    const documented = tableUnder("Compile errors").map(([code]) => code);
    expect(documented).toEqual(Object.keys(DIAGNOSTICS));
  });

  it("lists every runtime answer with its status and detail", () => {
    const documented = tableUnder("Runtime answers").map(([code, status, detail]) => ({ code, status: Number(status), detail }));
    expect(documented).toEqual(
      Object.values(HTTP_ERRORS).map((entry) => ({ code: entry.code, status: entry.status, detail: entry.message })),
    );
  });

  it("lists every start-up error with its message", () => {
    const documented = tableUnder("Start-up errors").map(([code, message]) => ({ code, message }));
    expect(documented).toEqual(Object.values(STARTUP_ERRORS).map(({ code, message }) => ({ code, message })));
  });

  it("names every 422 entry type the runtime can produce", () => {
    const sources = fs
      .readdirSync(path.join(ROOT, "runtime"), { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts"))
      .map((file) => fs.readFileSync(path.join(ROOT, "runtime", file), "utf8"));
    const produced = new Set(sources.flatMap((source) => [...source.matchAll(/type: "([a-z_0-9]+)",\s*(?:loc|msg)\b/g)].map((match) => match[1]!)));
    const section = doc.split(/^## /m).find((part) => part.startsWith("The 422 entries"))!;
    const named = new Set([...section.matchAll(/`([a-z_0-9]+)`/g)].map((match) => match[1]!));
    expect([...produced].filter((type) => !named.has(type))).toEqual([]);
  });
});
