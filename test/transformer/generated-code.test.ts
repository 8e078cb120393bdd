/**
 * The transformer tunes typia's generated code: string literals through `jsonString`, numbers
 * through `jsonNumber`, arrays
 * through `jsonJoin` instead of `map(...).join(",")`, each `RegExp(...)` of a validator built
 * once, outside the per-call functions, and the error-collecting pass checking objects and lists
 * without arrays. The emitted text shows it; a real server shows the answers are the same JSON
 * and the same 422s as before.
 */
import { compileFiles } from "../helpers/compile";
import { client, expectAlive, type Client } from "../helpers/http";
import { app, type Catalogue } from "../fixtures/apps/catalogue";
import { app as readings, type Reading } from "../fixtures/apps/typia-helpers";

const SOURCE = "test/fixtures/apps/catalogue.ts";
const HELPERS_SOURCE = "test/fixtures/apps/typia-helpers.ts";

describe("generated code", () => {
  let emitted: string;
  beforeAll(() => {
    const { outputs, diagnostics } = compileFiles([SOURCE]);
    expect(diagnostics).toEqual([]);
    emitted = outputs.get(SOURCE)!;
  });

  it("imports typekiln's JSON writers and calls them in the serializer", () => {
    expect(emitted).toContain("const __typekiln_generated = __typekiln_runtime.__generated;");
    expect(emitted).toMatch(/__typekiln_generated\.jsonJoin\(input\.lines, /);
    expect(emitted).toMatch(/__typekiln_generated\.jsonString\(input\.title\)/);
    expect(emitted).not.toContain("_jsonStringifyString");
    expect(emitted).toMatch(/__typekiln_generated\.jsonNumber\(input\.quantity\)/);
    expect(emitted).not.toContain("String(__typekiln_generated._jsonStringifyNumber(");
    expect(emitted).not.toMatch(/\.map\([^)]*\)\.join\(","\)/);
  });

  it("collects a validator's errors without an array per object or list", () => {
    expect(emitted).not.toContain(".every(flag => flag)");
    expect(emitted).toMatch(/__typekiln_generated\.checkEach\(input\.lines, /);
  });

  it("builds each pattern once: every RegExp(...) is a constant's initialiser", () => {
    const calls = [...emitted.matchAll(/(\S+\s*=\s*)?RegExp\("([^"]*)"\)/g)];
    expect(calls.length).toBeGreaterThan(0);
    for (const [, assignment] of calls) expect(assignment).toMatch(/^__typekiln_pattern\d+(_\d+)?\s*=\s*$/);
    const sources = calls.map((c) => c[2]).filter((src) => src === "^[a-z]{2}$");
    expect(sources.length).toBeGreaterThan(0);
  });

  it("counts a string's length tags in characters only where its length cannot decide, and an array's in items as typia does", () => {
    expect(emitted).toContain("(input.summary.length <= 80 || __typekiln_generated.atMostCharacters(input.summary, 80))");
    expect(emitted).toContain("(4 <= input.summary.length || __typekiln_generated.atLeastCharacters(input.summary, 2))");
    expect(emitted).toContain("input.lines.length <= 50");
    expect(emitted).not.toMatch(/Characters\(input\.lines/);
  });

  it("builds each manifest in a function of its own, called as the route registers, so the module's top level does not compile it", () => {
    const manifests = [...emitted.matchAll(/(.{0,30})\{ version: 1, method: "(\w+)"/g)];
    expect(manifests.length).toBeGreaterThan(0);
    // `(0, function` and not `(function`, which V8 would compile with the top level anyway.
    for (const [, before] of manifests) expect(before).toMatch(/\(0, function \(\) \{ return $/);
  });
});

describe("generated code, served", () => {
  let http: Client;
  beforeAll(async () => {
    http = client((await app.listen(0, "127.0.0.1")).port);
  });
  afterAll(() => app.close());

  const valid: Catalogue = {
    code: "eu",
    title: 'Glazes "2026" \\ spring\n🔥 \u2028',
    lines: [
      { sku: "KILN-001", quantity: 2, note: "tab\there" },
      { sku: "CONE-06", quantity: 0 },
    ],
    labels: ["a", 'b"', "\ud83d lone"],
    grid: [[1, 2], [], [3]],
  };

  it("writes the same JSON as JSON.stringify of the declared properties", async () => {
    const extra = { ...valid, secret: "dropped", lines: valid.lines.map((l) => ({ ...l, cost: 1 })) };
    const answer = await http.send("/catalogues", extra);
    expect(answer.status).toBe(200);
    // typia writes an object's optional properties first, then the rest in declared order.
    const lines = valid.lines.map(({ sku, quantity, note }) => (note === undefined ? { sku, quantity } : { note, sku, quantity }));
    expect(answer.text).toBe(JSON.stringify({ code: valid.code, title: valid.title, lines, labels: valid.labels, grid: valid.grid }));
    expect(answer.json).toEqual(valid);
  });

  it("writes empty arrays as []", async () => {
    const answer = await http.send("/catalogues", { ...valid, lines: [], labels: [], grid: [] });
    expect(answer.json).toEqual({ ...valid, lines: [], labels: [], grid: [] });
  });

  it("still reports every failing field and item, in order, after the first failure", async () => {
    const answer = await http.send("/catalogues", {
      ...valid,
      code: "EU",
      lines: [{ sku: "ok-1", quantity: 1 }, { sku: "KILN", quantity: -1 }, { sku: "x", quantity: 2 }],
      labels: ["a", 7, "b", null],
      grid: [[1], ["two"]],
    });
    expect(answer.status).toBe(422);
    expect(answer.json.detail.map((d: { loc: unknown[] }) => d.loc)).toEqual([
      ["body", "code"],
      ["body", "lines", 0, "sku"],
      ["body", "lines", 1, "quantity"],
      ["body", "lines", 2, "sku"],
      ["body", "labels", 1],
      ["body", "labels", 3],
      ["body", "grid", 1, 0],
    ]);
  });

  it("checks a hoisted pattern afresh on every request, failing and passing in turn", async () => {
    for (let i = 0; i < 6; i++) {
      const bad = i % 2 === 0;
      const answer = await http.send("/catalogues", { ...valid, code: bad ? "EU" : "eu", lines: [{ sku: bad ? "kiln" : "KILN", quantity: 1 }] });
      expect(answer.status).toBe(bad ? 422 : 200);
      if (bad) {
        expect(answer.json.detail.map((d: { type: string; loc: unknown[] }) => [d.type, d.loc])).toEqual([
          ["string_pattern_mismatch", ["body", "code"]],
          ["string_pattern_mismatch", ["body", "lines", 0, "sku"]],
        ]);
      }
    }
    await expectAlive(http.port);
  });
});

describe("typia's helpers, from the runtime", () => {
  let emitted: string;
  beforeAll(() => {
    const { outputs, diagnostics } = compileFiles([HELPERS_SOURCE]);
    expect(diagnostics).toEqual([]);
    emitted = outputs.get(HELPERS_SOURCE)!;
  });

  it("calls them on the runtime's __generated, with no module of their own to load", () => {
    expect(emitted).not.toContain("typia/lib/internal");
    expect(emitted).not.toContain("typekiln/generated");
    expect(emitted.match(/const __typekiln_generated = __typekiln_runtime\.__generated;/g)).toHaveLength(1);
    for (const helper of ["_isFormatUuid", "_isFormatEmail", "_isFormatDateTime", "_isTypeUint32", "_isTypeInt32", "_accessExpressionAsString"]) {
      expect(emitted).toContain(`__typekiln_generated.${helper}(`);
    }
    // Errors are collected by typekiln's reporter, typia's without the description text.
    expect(emitted).toContain("__typekiln_generated.validateReport(");
    expect(emitted).not.toContain("_validateReport");
    // typia's number writer is called inside `String(…)`, which `jsonNumber` does in one step.
    expect(emitted).toContain("__typekiln_generated.jsonNumber(input.mean)");
  });
});

describe("typia's helpers, served", () => {
  let http: Client;
  beforeAll(async () => {
    http = client((await readings.listen(0, "127.0.0.1")).port);
  });
  afterAll(() => readings.close());

  const valid: Reading = {
    sensor: "0b7c4bd4-5b0e-4c3a-9d7e-2f4c1a8e9b10",
    owner: "kiln@example.com",
    takenAt: "2026-11-24T09:30:00Z",
    count: 4_000_000_000,
    offset: -2_000_000_000,
    scores: { "cone 6": 1.5, glaze: 0 },
    mean: 0.25,
  };

  it("accepts and writes back a valid reading", async () => {
    const answer = await http.send("/readings", valid);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(valid);
  });

  it("reports each failing format, number type and record entry where it is", async () => {
    const answer = await http.send("/readings", {
      ...valid,
      sensor: "not-a-uuid",
      owner: "kiln at example.com",
      takenAt: "yesterday",
      count: -1,
      offset: 2 ** 31,
      scores: { "cone 6": -1, 'say "hi"': "high" },
    });
    expect(answer.status).toBe(422);
    expect(answer.json.detail.map((d: { loc: unknown[] }) => d.loc)).toEqual([
      ["body", "sensor"],
      ["body", "owner"],
      ["body", "takenAt"],
      ["body", "count"],
      ["body", "offset"],
      ["body", "scores", "cone 6"],
      ["body", "scores", 'say "hi"'],
    ]);
    await expectAlive(http.port);
  });

  it("checks a path parameter's number type and writes numbers as JSON", async () => {
    expect((await http.request("/readings/7?mean=1e-7")).json).toEqual({ count: 7, mean: 1e-7 });
    expect((await http.request("/readings/4294967296")).status).toBe(422);
  });
});
