/**
 * Several body parameters are one JSON body with a property per parameter, and
 * `Body<T, { embed: true }>` embeds a single one: FastAPI's body_multiple_params tutorial
 * (tests/test_tutorial/test_body_multiple_params/test_tutorial003.py), its answers and document.
 */
import { App, type Body, type tags } from "typekiln";
import { client, type Client } from "../../helpers/http";
import { validateOpenApi } from "../../helpers/openapi";
import { responseErrors } from "../../helpers/openapi-response";
import { documentAccepts } from "../../helpers/served";

interface Item {
  name: string;
  description?: string | null;
  price: number;
  tax?: number | null;
}
interface User {
  username: string;
  full_name?: string | null;
}

const app = new App({ logger: false });
// @app.put("/items/{item_id}") async def update_item(item_id: int, item: Item, user: User, importance: Annotated[int, Body()])
app.put("/items/:item_id", (item_id: number & tags.Type<"int32">, item: Item, user: User, importance: Body<number & tags.Type<"int32">>) =>
  ({ item_id, importance, item, user }));
// @app.put("/embedded/{item_id}") async def update_item(item_id: int, item: Annotated[Item, Body(embed=True)])
app.put("/embedded/:item_id", (item_id: number, item: Body<Item, { embed: true }>) => ({ item_id, item }));

let http: Client;
beforeAll(async () => {
  http = client((await app.listen(0, "127.0.0.1")).port);
});
afterAll(() => app.close());

const missing = (name: string) => ({ type: "missing", loc: ["body", name], msg: "Field required", input: null });

describe("several body parameters", () => {
  it("reads each from the body's property of its name", async () => {
    const { status, json } = await http.send("/items/5", { importance: 2, item: { name: "Foo", price: 50.5 }, user: { username: "Dave" } }, { method: "PUT" });
    expect([status, json]).toEqual([200, { item_id: 5, importance: 2, item: { name: "Foo", price: 50.5 }, user: { username: "Dave" } }]);
  });

  it.each([["null", "null"], ["[]", "[]"], ["{}", "{}"], ["no body", ""]])("answers each missing at [\"body\", name] for %s", async (_, body) => {
    const { status, json } = await http.send("/items/5", body, { method: "PUT" });
    expect([status, json]).toEqual([422, { detail: [missing("item"), missing("user"), missing("importance")] }]);
  });

  it("reads each property in pydantic's lax mode, as a whole body is read", async () => {
    const sent = { importance: "2", item: { name: "Foo", price: "50.5" }, user: { username: "Dave" } };
    const { status, json } = await http.send("/items/5", sent, { method: "PUT" });
    expect([status, json]).toEqual([200, { item_id: 5, importance: 2, item: { name: "Foo", price: 50.5 }, user: { username: "Dave" } }]);
    const bad = await http.send("/items/5", { ...sent, importance: "two" }, { method: "PUT" });
    expect([bad.status, bad.json.detail.map((d: { type: string; loc: unknown[] }) => [d.type, d.loc])]).toEqual([422, [["int_parsing", ["body", "importance"]]]]);
  });

  it("reports a failure inside one at [\"body\", name, field] with that property as input", async () => {
    const { status, json } = await http.send("/items/5", { importance: 2, item: { price: 50.5 }, user: { username: "Dave" } }, { method: "PUT" });
    expect([status, json]).toEqual([422, { detail: [{ type: "missing", loc: ["body", "item", "name"], msg: "Field required", input: { price: 50.5 } }] }]);
  });

  it("documents one object body with a property per parameter, and the answers agree", async () => {
    const document = (await http.request("/openapi.json")).json;
    expect(validateOpenApi(document)).toMatchObject({ valid: true });
    const body = document.paths["/items/{item_id}"].put.requestBody;
    expect(body.required).toBe(true);
    // FastAPI's name for a body made of several parameters.
    expect(body.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Body_put_items_item_id" });
    expect(document.components.schemas.Body_put_items_item_id).toMatchObject({
      type: "object",
      properties: { item: { $ref: "#/components/schemas/Item" }, user: { $ref: "#/components/schemas/User" }, importance: { type: "integer" } },
      required: ["item", "user", "importance"],
    });
    const bad = await http.send("/items/5", "{}", { method: "PUT" });
    expect(responseErrors(document, "/items/{item_id}", "put", bad.status, bad.json)).toEqual([]);
    // The document takes the bodies the server takes, and refuses the ones it refuses.
    const schema = body.content["application/json"].schema;
    const sent = [
      { importance: 2, item: { name: "Foo", price: 50.5 }, user: { username: "Dave" } },
      { importance: 2, item: { price: 50.5 }, user: { username: "Dave" } },
      {},
    ];
    for (const value of sent) {
      const answer = await http.send("/items/5", value, { method: "PUT" });
      expect([value, documentAccepts(document, schema, value)]).toEqual([value, answer.status === 200]);
    }
    const embedded = document.paths["/embedded/{item_id}"].put.requestBody.content["application/json"].schema;
    expect(documentAccepts(document, embedded, { item: { name: "Foo", price: 1 } })).toBe(true);
    expect(documentAccepts(document, embedded, { name: "Foo", price: 1 })).toBe(false);
  });
});

describe("Body<T, { embed: true }>", () => {
  it("reads a single body parameter from its property", async () => {
    const { status, json } = await http.send("/embedded/3", { item: { name: "Foo", price: 1 } }, { method: "PUT" });
    expect([status, json]).toEqual([200, { item_id: 3, item: { name: "Foo", price: 1 } }]);
  });

  it("answers missing at [\"body\", \"item\"] for the model sent unembedded", async () => {
    const { status, json } = await http.send("/embedded/3", { name: "Foo", price: 1 }, { method: "PUT" });
    expect([status, json]).toEqual([422, { detail: [missing("item")] }]);
  });
});
