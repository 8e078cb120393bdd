import { spawnSync } from "node:child_process";
import path from "node:path";
import { ROOT } from "../helpers/compile";

// VS Code's `$tsc` problem pattern, as its typescript-language-features extension declares it
// (package.json, contributes.problemPatterns "tsc"): what turns a build task's output into problems.
const TSC_PATTERN = /^([^\s].*)[(:](\d+)[,:](\d+)(?:\):\s+|\s+-\s+)(error|warning|info)\s+TS(\d+)\s*:\s*(.*)$/;

const tspc = (pretty: boolean): string[] => {
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, "node_modules/ts-patch/bin/tspc.js"), "-p", "test/fixtures/editor", "--pretty", String(pretty)],
    { cwd: ROOT, encoding: "utf8" },
  );
  expect(result.status).toBe(2);
  // eslint-disable-next-line no-control-regex
  return result.stdout.replace(/\u001b\[[0-9;]*m/g, "").split("\n");
};

describe("compile errors in a terminal", () => {
  it.each([false, true])("match VS Code's $tsc problem matcher (--pretty %s)", (pretty) => {
    const problems = tspc(pretty)
      .map((line) => TSC_PATTERN.exec(line))
      .filter((match) => match !== null)
      .map(([, file, line, column, severity, code, message]) => ({ file, line, column, severity, code, message }));
    expect(problems).toEqual([
      {
        file: "test/fixtures/editor/app.ts",
        line: "5",
        column: "9",
        severity: "error",
        code: "901001",
        message: 'TK1001: Path parameter ":id" of "/users/:id" has no handler parameter named "id".',
      },
      {
        file: "test/fixtures/editor/handlers.ts",
        line: "2",
        column: "25",
        severity: "error",
        code: "901009",
        message: 'TK1009: Parameter "callback" of type () => void cannot be placed: it is not a path, query, header, cookie or body value.',
      },
      {
        file: "test/fixtures/editor/routes.ts",
        line: "5",
        column: "9",
        severity: "error",
        code: "901001",
        message: 'TK1001: Path parameter ":id" of "/items/:id" has no handler parameter named "id".',
      },
    ]);
  });
});
