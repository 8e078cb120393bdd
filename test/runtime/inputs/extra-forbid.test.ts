/**
 * A route's `extra: "forbid"` is pydantic's `extra="forbid"`: a body property or query parameter
 * the route's types do not declare is a 422 `extra_forbidden`, as FastAPI answers in
 * tests/test_tutorial/test_query_param_models/test_tutorial002.py (our own app and requests), and
 * the document closes the body's schemas with `additionalProperties: false`.
 */
import { App, type Query, type tags } from "typekiln";
import { documentAccepts, requestBodySchema, serve } from "../../helpers/served";

interface Dimensions {
  width: number;
  height: number;
}
interface Item {
  name: string;
  price: number;
  size?: Dimensions;
}
interface FilterParams {
  limit?: number & tags.Maximum<100>;
  order_by?: "created_at" | "updated_at";
  tags?: string[];
}

const app = new App({ logger: false });
app.get("/health", () => ({ ok: true }));
app.post("/items", { extra: "forbid" }, (item: Item): Item => item);
app.post("/open/items", (item: Item) => ({ keys: Object.keys(item) }));
app.get("/items", { extra: "forbid" }, (filter: Query<FilterParams>, q?: string) => ({ ...filter, q: q ?? null }));
app.get("/open/items", (filter: Query<FilterParams>) => filter);

const served = serve(app);

const extra = (loc: (string | number)[], input: unknown) => ({ type: "extra_forbidden", loc, msg: "Extra inputs are not permitted", input });

describe("a JSON body", () => {
  it("answers extra_forbidden for each undeclared property, nested ones included", async () => {
    const item = { name: "Foo", price: 1, size: { width: 1, height: 2 } };
    expect((await served.http.send("/items", item)).json).toEqual(item);
    const { status, json } = await served.http.send("/items", { ...item, tool: "plumbus", size: { width: 1, height: 2, depth: 3 } });
    expect([status, json]).toEqual([422, { detail: [extra(["body", "size", "depth"], 3), extra(["body", "tool"], "plumbus")] }]);
  });

  it("accepts them on a route without the option", async () => {
    expect((await served.http.send("/open/items", { name: "Foo", price: 1, tool: "plumbus" })).json).toEqual({ keys: ["name", "price", "tool"] });
  });

  it("is documented with additionalProperties: false, in closed copies of the shared components, and the document refuses what the server refuses", async () => {
    const { document } = served;
    const schema = requestBodySchema(document, "/items");
    expect(schema).toEqual({ $ref: "#/components/schemas/Item.Closed" });
    expect(document.components.schemas["Item.Closed"].additionalProperties).toBe(false);
    expect(document.components.schemas["Dimensions.Closed"].additionalProperties).toBe(false);
    expect(document.components.schemas.Item.additionalProperties).toBeUndefined();
    expect(requestBodySchema(document, "/open/items")).toEqual({ $ref: "#/components/schemas/Item" });
    const accepts = (value: unknown) => documentAccepts(document, schema, value);
    expect([accepts({ name: "Foo", price: 1 }), accepts({ name: "Foo", price: 1, tool: "x" }), accepts({ name: "Foo", price: 1, size: { width: 1, height: 2, depth: 3 } })])
      .toEqual([true, false, false]);
  });
});

describe("a Query<T> model", () => {
  it("answers extra_forbidden for an undeclared query parameter, as FastAPI does", async () => {
    const ok = await served.http.request("/items?limit=10&order_by=updated_at&tags=tag1&tags=tag2&q=x");
    expect([ok.status, ok.json]).toEqual([200, { limit: 10, order_by: "updated_at", tags: ["tag1", "tag2"], q: "x" }]);
    const { status, json } = await served.http.request("/items?limit=10&order_by=updated_at&tags=tag1&tags=tag2&tool=plumbus");
    expect([status, json]).toEqual([422, { detail: [extra(["query", "tool"], "plumbus")] }]);
  });

  it("accepts them on a route without the option", async () => {
    expect((await served.http.request("/open/items?limit=5&tool=plumbus")).json).toEqual({ limit: 5 });
  });
});
