/**
 * JSON bodies read as pydantic's lax mode reads them, FastAPI's default: `"50.5"` for a float and
 * `"5"` for an int are taken; text that spells no number is `float_parsing` / `int_parsing`.
 * The cases of FastAPI's tests/test_tutorial/test_body/test_tutorial001.py, with our own app.
 * `strict: true` (app or route) keeps JSON bodies to their declared types.
 */
import { App, type tags } from "typekiln";
import { client, expectAlive, type Client } from "../../helpers/http";

interface Item {
  name: string;
  description?: string | null;
  price: number;
  tax?: number | null;
}
interface Order {
  quantity: number & tags.Type<"uint32"> & tags.Maximum<100>;
  gift?: boolean;
  sizes?: number[];
}

const app = new App({ logger: false });
app.get("/health", () => ({ ok: true }));
app.post("/items", (item: Item) => ({ name: item.name, description: item.description ?? null, price: item.price, tax: item.tax ?? null }));
app.post("/orders", (order: Order) => ({ quantity: order.quantity, gift: order.gift ?? null, sizes: order.sizes ?? [] }));
app.post("/strict/items", { strict: true }, (item: Item) => ({ price: item.price }));

const strictApp = new App({ logger: false, strict: true });
strictApp.get("/health", () => ({ ok: true }));
strictApp.post("/items", (item: Item) => ({ price: item.price }));
strictApp.post("/lax/items", { strict: false }, (item: Item) => ({ price: item.price }));

let http: Client;
let strictHttp: Client;
beforeAll(async () => {
  http = client((await app.listen(0, "127.0.0.1")).port);
  strictHttp = client((await strictApp.listen(0, "127.0.0.1")).port);
});
afterAll(() => {
  app.close();
  strictApp.close();
});
afterEach(async () => {
  await expectAlive(http.port);
  await expectAlive(strictHttp.port);
});

const FLOAT_PARSING = "Input should be a valid number, unable to parse string as a number";
const INT_PARSING = "Input should be a valid integer, unable to parse string as an integer";

describe("by default (pydantic's lax mode)", () => {
  it("takes a string that spells a float", async () => {
    const { status, json } = await http.send("/items", { name: "Foo", price: "50.5", description: "Some Foo", tax: 0.3 });
    expect([status, json]).toEqual([200, { name: "Foo", description: "Some Foo", price: 50.5, tax: 0.3 }]);
  });

  it("answers float_parsing with the client's text for one that does not", async () => {
    const { status, json } = await http.send("/items", { name: "Foo", price: "twenty" });
    expect([status, json]).toEqual([422, { detail: [{ type: "float_parsing", loc: ["body", "price"], msg: FLOAT_PARSING, input: "twenty" }] }]);
  });

  it("takes a string that spells an integer, a boolean and array items", async () => {
    const { status, json } = await http.send("/orders", { quantity: "5", gift: "true", sizes: ["1", 2, "3.5"] });
    expect([status, json]).toEqual([200, { quantity: 5, gift: true, sizes: [1, 2, 3.5] }]);
  });

  it("answers int_parsing for text with a fraction, and checks a read number's tags with the text as input", async () => {
    const { status, json } = await http.send("/orders", { quantity: "5.5" });
    expect([status, json]).toEqual([422, { detail: [{ type: "int_parsing", loc: ["body", "quantity"], msg: INT_PARSING, input: "5.5" }] }]);
    const over = await http.send("/orders", { quantity: "150", gift: "maybe" });
    expect([over.status, over.json]).toEqual([422, {
      detail: [
        { type: "less_than_equal", loc: ["body", "quantity"], msg: "Input should be less than or equal to 100", input: "150", ctx: { le: 100 } },
        { type: "bool_parsing", loc: ["body", "gift"], msg: "Input should be a valid boolean, unable to interpret input", input: "maybe" },
      ],
    }]);
  });

  it("still refuses a number where a string belongs, as pydantic does", async () => {
    const { status, json } = await http.send("/items", { name: 5, price: "1" });
    expect([status, json]).toEqual([422, { detail: [{ type: "string_type", loc: ["body", "name"], msg: "Input should be a valid string", input: 5 }] }]);
  });
});

describe("strict: true", () => {
  it("as a route option keeps the body to its declared types", async () => {
    const { status, json } = await http.send("/strict/items", { name: "Foo", price: "50.5" });
    expect([status, json]).toEqual([422, { detail: [{ type: "float_type", loc: ["body", "price"], msg: "Input should be a valid number", input: "50.5" }] }]);
  });

  it("as an app option does so for every route that does not set strict: false", async () => {
    expect((await strictHttp.send("/items", { name: "Foo", price: "50.5" })).json.detail[0].type).toBe("float_type");
    expect((await strictHttp.send("/lax/items", { name: "Foo", price: "50.5" })).json).toEqual({ price: 50.5 });
  });

  it("is refused at start-up when it is not a boolean", () => {
    expect(() => new App({ strict: "yes" as never })).toThrow("new App(): option strict must be true or false");
    const other = new App({ logger: false });
    expect(() => other.post("/x", { strict: 1 as never }, (item: Item) => item.price)).toThrow(/strict/);
  });
});
