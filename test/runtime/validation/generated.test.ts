import { __generated } from "typekiln";
import * as generated from "typekiln/generated";
import * as typiaHelpers from "../../../runtime/validation/typia-helpers";
import { CARRIED_TYPIA_HELPERS } from "../../../runtime/contract/generated-helpers";

// What generated serializers call instead of typia's string writer and `map(...).join(",")`:
// the text must be exactly what JSON.stringify writes, whatever the string holds.
const STRINGS: readonly [string, string][] = [
  ["empty", ""],
  ["plain ASCII", "Leave at the back door, please."],
  ["a quote", 'say "hi"'],
  ["a backslash", "C:\\kiln\\glaze"],
  ["control characters", "tab\there\nnew line\u0000nul\u001funit"],
  ["DEL and C1 controls (JSON leaves them as they are)", "\u007f\u0085"],
  ["a surrogate pair", "kiln 🔥"],
  ["a lone high surrogate", "broken \ud83d end"],
  ["a lone low surrogate", "\ude00 first"],
  ["line and paragraph separators", "a\u2028b\u2029c"],
  ["non-ASCII letters", "Zürich, Ōsaka, Kraków"],
  ["long and plain", "x".repeat(10_000)],
  ["long with a quote at the end", `${"y".repeat(5_000)}"`],
  ["a quote just under the fast-path length", `${"z".repeat(4_094)}"`],
];

const { atLeastCharacters, atMostCharacters, checkEach, jsonJoin, jsonNumber, jsonString, validateReport } = __generated;

describe("atLeastCharacters and atMostCharacters", () => {
  // What JSON Schema and pydantic count: code points, a lone surrogate being one.
  const characters = (text: string): number => [...text].length;
  it.each(STRINGS)("count %s in code points against every bound around its length", (_name, text) => {
    const count = characters(text);
    for (const bound of [0, 1, count - 1, count, count + 1, text.length - 1, text.length, text.length + 1, Math.ceil(text.length / 2)]) {
      if (bound < 0) continue;
      expect([bound, atLeastCharacters(text, bound)]).toEqual([bound, count >= bound]);
      expect([bound, atMostCharacters(text, bound)]).toEqual([bound, count <= bound]);
    }
  });

  it("measure an array by its items", () => {
    expect([atLeastCharacters([1, 2], 2), atLeastCharacters([1], 2), atMostCharacters([1, 2], 1), atMostCharacters([1], 1)])
      .toEqual([true, false, false, true]);
  });
});

describe("jsonString", () => {
  it.each(STRINGS)("writes %s as JSON.stringify does", (_name, text) => {
    expect(jsonString(text)).toBe(JSON.stringify(text));
    expect(JSON.parse(jsonString(text))).toBe(text);
  });
});

describe("jsonNumber", () => {
  it.each([0, -0, 7, -42, 1.5, 0.1 + 0.2, 1e21, 5e-324, -1e-7, Number.MAX_SAFE_INTEGER, NaN, Infinity, -Infinity])(
    "writes %p as typia's String(_jsonStringifyNumber(…)) and JSON.stringify do",
    (value) => {
      expect(jsonNumber(value)).toBe(String(typiaHelpers._jsonStringifyNumber(value)));
      expect(jsonNumber(value)).toBe(JSON.stringify(value));
    },
  );
});

describe("jsonJoin", () => {
  const write = (n: number): string => `{"n":${n}}`;

  it("writes nothing for an empty array", () => {
    expect(jsonJoin([], write)).toBe("");
  });

  it("joins the written items with commas, in order, as map(...).join(',') does", () => {
    for (const items of [[1], [1, 2], [3, 1, 2, 5, 8]]) expect(jsonJoin(items, write)).toBe(items.map(write).join(","));
  });

  it("lets an item writer's error through (the route answers 500), rather than writing broken JSON", () => {
    const sparse = [1, , 3] as number[]; // a hole: map().join() would write `[…,,…]`
    expect(() => jsonJoin(sparse, (n) => n.toFixed(0))).toThrow(TypeError);
  });
});

describe("checkEach", () => {
  it("asks every item, in order, even after one fails, and holds only when all do", () => {
    const asked: [number, number][] = [];
    const positive = (n: number, i: number) => (asked.push([n, i]), n > 0);
    expect(checkEach([3, -1, 2, -5], positive)).toBe(false);
    expect(asked).toEqual([[3, 0], [-1, 1], [2, 2], [-5, 3]]);
    expect(checkEach([1, 2], positive)).toBe(true);
    expect(checkEach([], positive)).toBe(true);
  });
});

describe("validateReport", () => {
  // The calls a reporting pass makes: nested paths after their parent, siblings, an error that
  // is not exceptable, paths that share a prefix without being nested (`.item` and `.items`).
  const CALLS: readonly [boolean, string, string, unknown][] = [
    [true, "$input.items[0].sku", "string", 1],
    [true, "$input.items[0]", "Item", 1],
    [true, "$input.items", "Array<Item>", undefined],
    [true, "$input.item", "string", undefined],
    [true, "$input.itemsCount", "number", "3"],
    [false, "$input.other", "string", 2],
    [true, "$input.email", "string & Format<\"email\">", "x"],
    [true, "$input", "Order", null],
    [true, "$input.note", "(string | undefined)", 5],
  ];

  const run = (report: (exceptable: boolean, error: { path: string; expected: string; value: unknown }) => boolean) =>
    CALLS.map(([exceptable, path, expected, value]) => report(exceptable, { path, expected, value }));

  it("keeps the errors typia's _validateReport keeps, in its order, and returns false as it does", () => {
    const ours: { path: string; expected: string; value: unknown }[] = [];
    const theirs: { path: string; expected: string; value: unknown; description?: string }[] = [];
    expect(run(validateReport(ours as never))).toEqual(run(typiaHelpers._validateReport(theirs as never) as never));
    expect(ours.map(({ path, expected, value }) => ({ path, expected, value })))
      .toEqual(theirs.map(({ path, expected, value }) => ({ path, expected, value })));
    expect(ours.length).toBeGreaterThan(3);
  });

  it("writes no description for a missing value, which typia's does and nothing reads", () => {
    const ours: { description?: string }[] = [];
    validateReport(ours as never)(true, { path: "$input.email", expected: "string", value: undefined });
    expect(ours).toHaveLength(1);
    expect(ours[0]).not.toHaveProperty("description");
  });
});

describe("typia's helpers", () => {
  // What compiled code reads: the runtime bundle's `__generated`, with typia's helpers inside it.
  const names = Object.keys(typiaHelpers).filter((name) => name.startsWith("_"));

  it("carries typia's format and number checks, error report and JSON writers", () => {
    expect(names).toEqual(expect.arrayContaining(["_isFormatEmail", "_isTypeUint32", "_validateReport", "_jsonStringifyNumber", "_accessExpressionAsString"]));
  });

  it("hands on typekiln's own helpers and typia's, and typekiln/generated the same ones", () => {
    expect(Object.keys(__generated).sort()).toEqual(Object.keys(generated).sort());
    expect(Object.keys(__generated)).toEqual(expect.arrayContaining(["jsonString", "jsonNumber", "jsonJoin", "checkEach", ...names]));
  });

  it.each(names)("hands on %s as a plain property, a helper of typia's own lib/internal", (name) => {
    const property = Object.getOwnPropertyDescriptor(__generated, name);
    expect(property).toMatchObject({ writable: true, enumerable: true });
    expect(typeof property?.value).toBe("function");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const own = require(`typia/lib/internal/${name}`) as Record<string, unknown>;
    expect(typeof own[name]).toBe("function");
  });
});

describe("the carried helpers' names", () => {
  it("lists for the transformer exactly typia's helpers the runtime carries", () => {
    expect([...CARRIED_TYPIA_HELPERS].sort()).toEqual(Object.keys(__generated).filter((name) => name.startsWith("_")).sort());
  });
});
