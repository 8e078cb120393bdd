import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { parseClientJson } from "../../../runtime/inputs/json-parse";

const BUILT = join(__dirname, "..", "..", "..", "dist", "runtime", "inputs", "json-parse.js");

describe("parseClientJson", () => {
  it("parses as JSON.parse does", () => {
    for (const text of ['{"a":[1,2.5,"x",null,true]}', "[]", '"s"', "0", "null"]) {
      expect(parseClientJson(text)).toEqual(JSON.parse(text));
    }
  });

  it("throws JSON.parse's SyntaxError for malformed text, without a stack trace", () => {
    let thrown: unknown;
    try {
      parseClientJson('{"a": }');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(SyntaxError);
    expect((thrown as Error).message).toMatch(/JSON/);
    // With no frames captured, the stack is the header line alone.
    expect((thrown as Error).stack).toBe(`SyntaxError: ${(thrown as Error).message}`);
  });

  it("puts Error.stackTraceLimit back after a valid and after a malformed text", () => {
    const before = Error.stackTraceLimit;
    Error.stackTraceLimit = 17;
    try {
      parseClientJson("[1]");
      expect(Error.stackTraceLimit).toBe(17);
      expect(() => parseClientJson("[1,")).toThrow(SyntaxError);
      expect(Error.stackTraceLimit).toBe(17);
      expect(new Error("after").stack!.split("\n").length).toBeGreaterThan(1);
    } finally {
      Error.stackTraceLimit = before;
    }
  });

  // SES's lockdown freezes `Error`: the limit cannot be lowered, and in strict code assigning it throws.
  it("still parses, and still throws SyntaxError, where Error is frozen", () => {
    const probe = `
      "use strict";
      Object.freeze(Error);
      const { parseClientJson } = require(${JSON.stringify(BUILT)});
      let kind = "none";
      try { parseClientJson("[1,"); } catch (err) { kind = err.constructor.name; }
      process.stdout.write(JSON.stringify({ value: parseClientJson('{"a":1}'), kind, limit: Error.stackTraceLimit }));`;
    const run = spawnSync(process.execPath, ["-e", probe], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ value: { a: 1 }, kind: "SyntaxError", limit: 10 });
  });
});
