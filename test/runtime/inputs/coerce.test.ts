import { App, type Query, type tags } from "typekiln";
import { client, expectAlive, type Client } from "../../helpers/http";

const app = new App({ logger: false });
app.get("/health", () => ({ ok: true }));
app.get("/number", (n: number) => ({ n }));
app.get("/boolean", (b: boolean) => ({ b }));
app.get("/mixed", (limit: number | "all") => ({ limit }));
app.get("/bigints/:id", (id: bigint, step?: bigint & tags.Type<"uint64">, page: Query<{ ids?: bigint[] }> = {}) => ({
  id: String(id), step: step === undefined ? null : String(step), ids: (page.ids ?? []).map((n) => `${typeof n}:${n}`),
}));

let http: Client;
let port = 0;
beforeAll(async () => {
  ({ port } = await app.listen(0, "127.0.0.1"));
  http = client(port);
});
afterAll(() => app.close());
// Every case, bad input or not, must leave the server answering an ordinary request.
afterEach(() => expectAlive(port));

// Query values arrive as text: each is read as its parameter's type the way pydantic's lax mode
// reads it, and text that does not read is handed on for the validator to report.
describe("numbers", () => {
  it.each([
    ["42", 42], ["-2.5", -2.5], [".5", 0.5], ["1e3", 1000], ["%207%20", 7], ["+3", 3],
  ])("reads %s as %s", async (text, value) => {
    expect((await http.request(`/number?n=${text}`)).json).toEqual({ n: value });
  });

  it.each(["0x1f", "0b1", "Infinity", "NaN", "1_000", "", "%20", "1,5"])("refuses %j", async (text) => {
    const { status, json } = await http.request(`/number?n=${text}`);
    expect([status, json.detail[0].type, json.detail[0].loc]).toEqual([422, "float_parsing", ["query", "n"]]);
  });
});

describe("booleans", () => {
  it.each(["true", "1", "yes", "on", "t", "y", "True", "YES"])("reads %s as true", async (text) => {
    expect((await http.request(`/boolean?b=${text}`)).json).toEqual({ b: true });
  });

  it.each(["false", "0", "no", "off", "f", "n", "False"])("reads %s as false", async (text) => {
    expect((await http.request(`/boolean?b=${text}`)).json).toEqual({ b: false });
  });

  it.each(["2", "", "maybe", "truthy"])("refuses %j", async (text) => {
    expect((await http.request(`/boolean?b=${text}`)).json.detail[0]).toMatchObject({ type: "bool_parsing", input: text });
  });
});

describe("mixed unions", () => {
  it("reads text that reads as a number as one, and keeps a string member as text", async () => {
    expect((await http.request("/mixed?limit=5")).json).toEqual({ limit: 5 });
    expect((await http.request("/mixed?limit=all")).json).toEqual({ limit: "all" });
  });

  it("refuses text that is neither", async () => {
    const { status, json } = await http.request("/mixed?limit=some");
    expect([status, json.detail[0].loc, json.detail[0].input]).toEqual([422, ["query", "limit"], "some"]);
  });
});

// JSON has no bigint, but text does: a bigint path or query value is read from its digits, whole,
// past 2^53 included, as pydantic reads an `int`.
describe("bigints", () => {
  it("reads decimal digits as a bigint, past 2^53 included", async () => {
    const { status, json } = await http.request("/bigints/-123456789012345678901234567890?step=7&ids=1&ids=9007199254740993");
    expect([status, json]).toEqual([200, { id: "-123456789012345678901234567890", step: "7", ids: ["bigint:1", "bigint:9007199254740993"] }]);
  });

  it.each(["abc", "1.5", "1e3", "0x10", "%20"])("refuses %j with int_parsing", async (text) => {
    const { status, json } = await http.request(`/bigints/${text}`);
    expect([status, json.detail]).toEqual([422, [{
      type: "int_parsing", loc: ["path", "id"], msg: "Input should be a valid integer, unable to parse string as an integer", input: decodeURIComponent(text),
    }]]);
  });

  it("checks a Type tag's range on the bigint", async () => {
    const { status, json } = await http.request("/bigints/1?step=-1");
    expect([status, json.detail]).toEqual([422, [{
      type: "greater_than_equal", loc: ["query", "step"], msg: "Input should be greater than or equal to 0", input: "-1", ctx: { ge: 0 },
    }]]);
  });

  it("documents bigints as integers", async () => {
    const { json } = await http.request("/openapi.json");
    const parameters = json.paths["/bigints/{id}"].get.parameters as { name: string; schema: unknown }[];
    expect(Object.fromEntries(parameters.map((p) => [p.name, p.schema]))).toEqual({
      id: { type: "integer" },
      step: { type: "integer", minimum: 0 },
      ids: { type: "array", items: { type: "integer" } },
    });
  });
});
