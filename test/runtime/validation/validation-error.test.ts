import { App, type Body, type tags } from "typekiln";
import { client, expectAlive, type Client } from "../../helpers/http";

interface Address {
  city: string & tags.MinLength<1>;
  zip?: string & tags.Pattern<"^[0-9]{5}$">;
}
interface Item {
  sku: string;
  quantity: number & tags.Type<"uint32"> & tags.Minimum<1>;
}
/** Every kind of field the 422 mapping has words for. */
interface Order {
  email: string & tags.Format<"email">;
  address: Address;
  items: Item[] & tags.MinItems<1>;
  note?: string | null;
  gift: boolean;
  priority: "low" | "high";
  code: string & tags.MaxLength<4>;
  discount: number & tags.ExclusiveMaximum<1>;
  ref?: string | number;
}
type Shape =
  | { kind: "circle"; radius: number & tags.ExclusiveMinimum<0> }
  | { kind: "square"; side: number & tags.ExclusiveMinimum<0> };

const calls = { orders: 0 };
// Strict JSON bodies (pydantic's strict mode), so a string where a number belongs shows the
// `*_type` words; the default lax reading is tested in test/runtime/inputs/lax-body.test.ts.
const app = new App({ logger: false, strict: true });
app.get("/health", () => ({ ok: true }));
app.post("/orders", (order: Order) => {
  calls.orders++;
  return { items: order.items.length, note: order.note ?? null };
});
app.post("/shapes", (shape: Shape) => ({ kind: shape.kind }));
app.post("/counts", (counts: Body<number[]>) => ({ total: counts.reduce((a, b) => a + b, 0) }));
/** Every field optional: typia's object check alone decides whether an array passes. */
interface Patch {
  note?: string;
  tags?: string[];
}
app.patch("/orders", (patch: Patch) => ({ fields: Object.keys(patch).length }));
interface Labels {
  ids: number[] & tags.UniqueItems;
}
app.post("/labels", (labels: Labels) => ({ count: labels.ids.length }));
enum Roast { Light = "light-roast", Dark = "dark-roast", Medium = "medium-roast" }
/** Literal unions in every place typia checks one: strings listed as declared, not sorted. */
interface Cups {
  sizes: ("tall" | "grande" | "venti")[];
  shots: 303 | 101 | 202;
  milk?: "whole-milk" | "oat-milk" | null;
  roast: Roast;
}
app.post("/cups", (cups: Cups) => ({ cups: cups.sizes.length }));

const valid: Order = {
  email: "ann@example.com",
  address: { city: "Lyon" },
  items: [{ sku: "a", quantity: 1 }],
  gift: false,
  priority: "low",
  code: "AB",
  discount: 0.5,
};

let http: Client;
let port = 0;
beforeAll(async () => {
  ({ port } = await app.listen(0, "127.0.0.1"));
  http = client(port);
});
afterAll(() => app.close());
// Every case, bad input or not, must leave the server answering an ordinary request.
afterEach(() => expectAlive(port));

describe("valid bodies", () => {
  it("accepts a body that meets every constraint", async () => {
    expect((await http.send("/orders", valid)).json).toEqual({ items: 1, note: null });
  });

  it("accepts null for a nullable field and leaves an optional one out", async () => {
    expect((await http.send("/orders", { ...valid, note: null })).status).toBe(200);
    expect((await http.send("/orders", { ...valid, note: "hi" })).json.note).toBe("hi");
  });

  it("accepts each member of a union", async () => {
    expect((await http.send("/orders", { ...valid, ref: "r-1" })).status).toBe(200);
    expect((await http.send("/orders", { ...valid, ref: 7 })).status).toBe(200);
  });

  it("accepts each member of a discriminated union", async () => {
    expect((await http.send("/shapes", { kind: "circle", radius: 1 })).json).toEqual({ kind: "circle" });
    expect((await http.send("/shapes", { kind: "square", side: 2 })).json).toEqual({ kind: "square" });
  });

  it("ignores properties the type does not declare", async () => {
    expect((await http.send("/orders", { ...valid, extra: { deep: true } })).status).toBe(200);
  });
});

describe("422 detail items", () => {
  it("reports every failing field of a body, each with its full loc, and never calls the handler", async () => {
    const before = calls.orders;
    const { status, json } = await http.send("/orders", {
      email: "nope",
      address: { city: "", zip: "x" },
      items: [{ sku: "a", quantity: 0 }, { sku: 5, quantity: 1.5 }],
      note: 5,
      gift: "yes",
      priority: "urgent",
      code: "ABCDE",
      discount: 1,
    });
    expect(status).toBe(422);
    expect(json.detail.map((issue: { loc: unknown[]; type: string }) => [issue.loc, issue.type])).toEqual([
      [["body", "email"], "value_error"],
      [["body", "address", "city"], "string_too_short"],
      [["body", "address", "zip"], "string_pattern_mismatch"],
      [["body", "items", 0, "quantity"], "greater_than_equal"],
      [["body", "items", 1, "sku"], "string_type"],
      [["body", "items", 1, "quantity"], "int_from_float"],
      [["body", "note"], "string_type"],
      [["body", "gift"], "bool_type"],
      [["body", "priority"], "literal_error"],
      [["body", "code"], "string_too_long"],
      [["body", "discount"], "less_than"],
    ]);
    expect(calls.orders).toBe(before);
  });

  it("writes missing with the object the field is missing from as input", async () => {
    const { address, ...rest } = valid;
    void address;
    expect((await http.send("/orders", rest)).json.detail).toEqual([
      { type: "missing", loc: ["body", "address"], msg: "Field required", input: rest },
    ]);
  });

  it("writes string_type for a number where a string belongs", async () => {
    expect((await http.send("/orders", { ...valid, items: [{ sku: 1, quantity: 1 }] })).json.detail).toEqual([
      { type: "string_type", loc: ["body", "items", 0, "sku"], msg: "Input should be a valid string", input: 1 },
    ]);
  });

  it("writes int_type for a string where an integer belongs in a body", async () => {
    expect((await http.send("/orders", { ...valid, items: [{ sku: "a", quantity: "2" }] })).json.detail).toEqual([
      { type: "int_type", loc: ["body", "items", 0, "quantity"], msg: "Input should be a valid integer", input: "2" },
    ]);
  });

  it("writes greater_than_equal with ctx.ge", async () => {
    expect((await http.send("/orders", { ...valid, items: [{ sku: "a", quantity: 0 }] })).json.detail).toEqual([{
      type: "greater_than_equal",
      loc: ["body", "items", 0, "quantity"],
      msg: "Input should be greater than or equal to 1",
      input: 0,
      ctx: { ge: 1 },
    }]);
  });

  it("writes string_too_short with ctx.min_length", async () => {
    expect((await http.send("/orders", { ...valid, address: { city: "" } })).json.detail).toEqual([{
      type: "string_too_short",
      loc: ["body", "address", "city"],
      msg: "String should have at least 1 character",
      input: "",
      ctx: { min_length: 1 },
    }]);
  });

  it("describes the same field afresh for each failing value (each expected text is read once, then reused)", async () => {
    const code = async (value: unknown) => (await http.send("/orders", { ...valid, code: value })).json.detail[0];
    for (let round = 0; round < 2; round++) {
      expect(await code(12345)).toMatchObject({ type: "string_type", input: 12345 });
      expect(await code("ABCDE")).toMatchObject({ type: "string_too_long", input: "ABCDE", ctx: { max_length: 4 } });
    }
  });

  it("names the length tag that failed, measuring as the validator does (characters, as pydantic counts)", async () => {
    expect((await http.send("/orders", { ...valid, code: "🔥🔥🔥🔥" })).status).toBe(200);
    expect((await http.send("/orders", { ...valid, code: "🔥🔥🔥🔥🔥" })).json.detail).toEqual([{
      type: "string_too_long",
      loc: ["body", "code"],
      msg: "String should have at most 4 characters",
      input: "🔥🔥🔥🔥🔥",
      ctx: { max_length: 4 },
    }]);
  });

  it("writes literal_error with the members expected, in the order the union declares them", async () => {
    expect((await http.send("/orders", { ...valid, priority: "urgent" })).json.detail).toEqual([{
      type: "literal_error",
      loc: ["body", "priority"],
      msg: "Input should be 'low' or 'high'",
      input: "urgent",
      ctx: { expected: "'low' or 'high'" },
    }]);
  });

  it("names a literal union's members in the order the OpenAPI schema lists them, wherever the union sits", async () => {
    const { status, json } = await http.send("/cups", { sizes: ["tall", "short"], shots: 4, milk: "soy", roast: "blond" });
    expect(status).toBe(422);
    expect(json.detail).toEqual([
      { type: "literal_error", loc: ["body", "sizes", 1], msg: "Input should be 'tall', 'grande' or 'venti'", input: "short", ctx: { expected: "'tall', 'grande' or 'venti'" } },
      // typia orders number literals by value, in its checks and in the schema: FastAPI would say 303, 101 or 202.
      { type: "literal_error", loc: ["body", "shots"], msg: "Input should be 101, 202 or 303", input: 4, ctx: { expected: "101, 202 or 303" } },
      { type: "literal_error", loc: ["body", "milk"], msg: "Input should be 'whole-milk' or 'oat-milk'", input: "soy", ctx: { expected: "'whole-milk' or 'oat-milk'" } },
      { type: "literal_error", loc: ["body", "roast"], msg: "Input should be 'light-roast', 'dark-roast' or 'medium-roast'", input: "blond", ctx: { expected: "'light-roast', 'dark-roast' or 'medium-roast'" } },
    ]);
  });

  it("writes too_short for an array under its MinItems", async () => {
    expect((await http.send("/orders", { ...valid, items: [] })).json.detail).toEqual([{
      type: "too_short",
      loc: ["body", "items"],
      msg: "List should have at least 1 item after validation, not 0",
      input: [],
      ctx: { field_type: "List", min_length: 1, actual_length: 0 },
    }]);
  });

  it("writes list_type for a non-array where an array belongs", async () => {
    expect((await http.send("/orders", { ...valid, items: "a" })).json.detail).toEqual([
      { type: "list_type", loc: ["body", "items"], msg: "Input should be a valid list", input: "a" },
    ]);
  });

  // JSON `null` is no body at all, as FastAPI reads it: `missing` (test/runtime/inputs/body-input.test.ts).
  it("writes model_attributes_type for a body that is not an object", async () => {
    for (const input of [1, "x", true]) {
      expect((await http.send("/orders", JSON.stringify(input))).json.detail).toEqual([{
        type: "model_attributes_type",
        loc: ["body"],
        msg: "Input should be a valid dictionary or object to extract fields from",
        input,
      }]);
    }
  });

  // typia checks an object type with `typeof value === "object"`, which an array passes, and then
  // reports each required field missing; pydantic reports the array once, where the object belongs.
  it("writes one model_attributes_type for an array body, not one missing entry per field", async () => {
    const before = calls.orders;
    for (const input of [[1, 2, 3], [], [valid]]) {
      expect((await http.send("/orders", input)).json.detail).toEqual([{
        type: "model_attributes_type",
        loc: ["body"],
        msg: "Input should be a valid dictionary or object to extract fields from",
        input,
      }]);
    }
    expect(calls.orders).toBe(before);
  });

  it("writes model_attributes_type for an array where a nested object belongs, beside the other errors", async () => {
    const { status, json } = await http.send("/orders", {
      ...valid, address: ["Lyon"], items: [{ sku: "a", quantity: 1 }, ["b", 2]], gift: "no",
    });
    expect([status, json.detail]).toEqual([422, [
      {
        type: "model_attributes_type", loc: ["body", "address"],
        msg: "Input should be a valid dictionary or object to extract fields from", input: ["Lyon"],
      },
      {
        type: "model_attributes_type", loc: ["body", "items", 1],
        msg: "Input should be a valid dictionary or object to extract fields from", input: ["b", 2],
      },
      { type: "bool_type", loc: ["body", "gift"], msg: "Input should be a valid boolean", input: "no" },
    ]]);
  });

  it("rejects an array where an object of optional fields belongs", async () => {
    expect((await http.send("/orders", { note: "x" }, { method: "PATCH" })).json).toEqual({ fields: 1 });
    const { status, json } = await http.send("/orders", ["x"], { method: "PATCH" });
    expect([status, json.detail]).toEqual([422, [{
      type: "model_attributes_type", loc: ["body"],
      msg: "Input should be a valid dictionary or object to extract fields from", input: ["x"],
    }]]);
  });

  it("locates a failing item of an array body by index", async () => {
    expect((await http.send("/counts", [1, "2", 3])).json.detail).toEqual([
      { type: "float_type", loc: ["body", 1], msg: "Input should be a valid number", input: "2" },
    ]);
  });

  // pydantic lists one entry per member of a failed union; typia gives one error naming the union.
  it("writes one type_error naming the union for a value no member takes", async () => {
    expect((await http.send("/orders", { ...valid, ref: true })).json.detail).toEqual([
      { type: "type_error", loc: ["body", "ref"], msg: "Input should be number | string", input: true },
    ]);
  });

  it("reports the failing field of the discriminated member", async () => {
    const { status, json } = await http.send("/shapes", { kind: "square", radius: 3 });
    expect([status, json.detail]).toEqual([422, [
      { type: "missing", loc: ["body", "side"], msg: "Field required", input: { kind: "square", radius: 3 } },
    ]]);
  });

  // FastAPI's list with a uniqueness `AfterValidator` raising ValueError("List should have unique
  // items") answers this (pydantic v2 has no unique-items constraint of its own; compare
  // FastAPI's tests/test_tutorial/test_query_params_str_validations/test_tutorial015.py).
  it("writes value_error for an array with duplicates under UniqueItems, in pydantic's words", async () => {
    expect((await http.send("/labels", { ids: [1, 2] })).status).toBe(200);
    const { status, json } = await http.send("/labels", { ids: [1, 2, 1] });
    expect([status, json]).toEqual([422, {
      detail: [{
        type: "value_error",
        loc: ["body", "ids"],
        msg: "Value error, List should have unique items",
        input: [1, 2, 1],
        ctx: { error: {} },
      }],
    }]);
  });

  it("reports an unknown discriminator", async () => {
    const { status, json } = await http.send("/shapes", { kind: "triangle" });
    expect(status).toBe(422);
    expect(json.detail).toHaveLength(1);
    expect(json.detail[0]).toMatchObject({ loc: ["body"], input: { kind: "triangle" } });
  });
});
