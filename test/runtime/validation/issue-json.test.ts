import { issuesJson, validationReply } from "../../../runtime/validation/issue-json";
import type { ValidationIssue } from "../../../runtime/validation/validation-error";

// The 422's detail list is written by hand; it must be the text JSON.stringify writes for the
// same entries, whatever they hold.
const order = { customerId: 4242, email: "ada@example.com", items: [{ sku: "A", quantity: 1 }], note: 'say "hi"\n' };
const ISSUES: readonly [string, ValidationIssue][] = [
  ["a plain string error", { type: "string_type", loc: ["body", "email"], msg: "Input should be a valid string", input: 42 }],
  ["an index in loc, and a ctx", { type: "greater_than_equal", loc: ["body", "items", 1, "quantity"], msg: "Input should be greater than or equal to 1", input: 0, ctx: { ge: 1 } }],
  ["quotes in msg and ctx", { type: "literal_error", loc: ["body", "currency"], msg: "Input should be 'EUR', 'USD' or 'GBP'", input: "JPY", ctx: { expected: "'EUR', 'USD' or 'GBP'" } }],
  ["a whole object echoed", { type: "missing", loc: ["body", "shipping"], msg: "Field required", input: order }],
  ["null echoed", { type: "missing", loc: ["body"], msg: "Field required", input: null }],
  ["booleans and arrays echoed", { type: "list_type", loc: ["body", "labels"], msg: "Input should be a valid list", input: [true, false, null, 1.5] }],
  ["characters JSON must escape", { type: "string_type", loc: ["query", 'we"ird\\key\u0001'], msg: "tab\tnew line\n", input: "\ud83d lone \u2028" }],
  ["non-finite numbers (written null)", { type: "finite_number", loc: ["body", "x"], msg: "Input should be a finite number", input: Infinity, ctx: { limit: NaN } }],
  ["a bigint from a coerced wire value", { type: "less_than_equal", loc: ["query", "n"], msg: "Input should be less than or equal to 5", input: 12345678901234567890n }],
  ["no input at all", { type: "missing", loc: ["body"], msg: "Field required", input: undefined }],
  ["nested ctx", { type: "too_short", loc: ["body", "items"], msg: "List should have at least 1 item after validation, not 0", input: [], ctx: { field_type: "List", min_length: 1, actual_length: 0 } }],
];

const stringify = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));

describe("issuesJson", () => {
  it.each(ISSUES)("writes %s as JSON.stringify does", (_name, issue) => {
    expect(issuesJson([issue])).toBe(stringify([issue]));
  });

  it("writes a list of several, and an empty one, as JSON.stringify does", () => {
    const all = ISSUES.map(([, issue]) => issue);
    expect(issuesJson(all)).toBe(stringify(all));
    expect(issuesJson([])).toBe("[]");
  });

  it("leaves out an input JSON cannot hold, as JSON.stringify does", () => {
    const issue = { type: "value_error", loc: ["body"], msg: "Value error", input: () => 1 } as ValidationIssue;
    expect(issuesJson([issue])).toBe(JSON.stringify([issue]));
  });
});

describe("validationReply", () => {
  it("answers 422 with {detail: [...]}, as JSON", () => {
    const [, issue] = ISSUES[1]!;
    const reply = validationReply([issue]);
    expect(reply.status).toBe("422 Unprocessable Content");
    expect(reply.headers).toEqual(["content-type", "application/json"]);
    expect(JSON.parse(reply.body as string)).toEqual({ detail: [issue] });
    expect(reply.body).toBe(JSON.stringify({ detail: [issue] }));
  });
});
