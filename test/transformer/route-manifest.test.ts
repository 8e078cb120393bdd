import { App, HttpError, type Cookie, type Header, type Query, type RequestContext, type tags } from "typekiln";
import type { RouteManifest, ScalarInput } from "typekiln/manifest";

// These routes are compiled by the real transformer (ts-jest runs ts-patch with test/tsconfig.json).
interface Address {
  city: string;
  zip?: string & tags.Pattern<"^[0-9]{5}$">;
}
/** An order as the client sends it. */
interface OrderCreate {
  sku: string & tags.MinLength<1>;
  quantity: number & tags.Type<"uint32"> & tags.Minimum<1>;
  shipTo: Address;
  note?: string | null;
}
interface Order extends OrderCreate {
  id: number;
}
interface Page {
  limit?: number & tags.Maximum<50>;
  cursor?: string;
}

const app = new App({ title: "Manifest test" });

/**
 * Place an order.
 *
 * The order is checked, stored and returned with its id.
 * @tag orders
 * @param order What to order.
 */
app.post("/orders", { status: 201 }, async (order: OrderCreate): Promise<Order> => ({ id: 1, ...order }));

/**
 * Read an order.
 * @tag orders
 * @deprecated
 */
app.get("/orders/:id", (id: number & tags.Type<"uint32">, verbose: boolean = false): Order => {
  if (id === 0) throw new HttpError(404, "Order not found");
  return { id, sku: verbose ? "v" : "s", quantity: 1, shipTo: { city: "x" } };
});

app.get(
  "/search",
  (
    q: string,
    status: "open" | "closed" = "open",
    ids: number[] = [],
    xTenant?: Header<string>,
    session?: Cookie<string, "sid">,
    page?: Query<Page>,
    ctx?: RequestContext,
  ) => ({ q, status, ids, xTenant, session, page, path: ctx?.path }),
);

app.delete("/orders/:id", (id: number): void => void id);

const byPath = (method: string, path: string): RouteManifest =>
  app.manifests().find((manifest) => manifest.method === method && manifest.path === path)!;
const operation = (manifest: RouteManifest) => JSON.parse(manifest.openapi) as { operation: any; schemas: any };

describe("route manifest", () => {
  it("places a path parameter by its segment and coerces it as a number", () => {
    const [id, verbose] = byPath("get", "/orders/:id").inputs as ScalarInput[];
    expect(id).toMatchObject({ source: "path", name: "id", segment: 0, coerce: "number", required: true });
    expect(verbose).toMatchObject({ source: "query", name: "verbose", coerce: "boolean", required: false });
  });

  it("validates a path parameter with its typia tags", () => {
    const [id] = byPath("get", "/orders/:id").inputs as ScalarInput[];
    expect(id!.validate!(12).success).toBe(true);
    expect(id!.validate!(-1).success).toBe(false);
    expect(id!.validate!(1.5).success).toBe(false);
  });

  it("places scalars in the query, markers in headers and cookies, and Query<T> fields in the query", () => {
    const inputs = byPath("get", "/search").inputs;
    expect(inputs.map((input) => [input.source, "name" in input ? input.name : undefined])).toEqual([
      ["query", "q"],
      ["query", "status"],
      ["query", "ids"],
      ["header", "x-tenant"],
      ["cookie", "sid"],
      ["query-object", undefined],
      ["context", undefined],
    ]);
    expect(inputs[2]).toMatchObject({ coerce: "number", array: true });
    expect(inputs[5]).toMatchObject({ fields: [{ name: "limit", coerce: "number" }, { name: "cursor", coerce: "string" }] });
  });

  it("skips the validator of a plain string and keeps it for literal unions", () => {
    const [q, status] = byPath("get", "/search").inputs as ScalarInput[];
    expect(q!.validate).toBeUndefined();
    expect(status!.validate!("closed").success).toBe(true);
    expect(status!.validate!("other").success).toBe(false);
  });

  it("validates the body with every failing path reported", () => {
    const [body] = byPath("post", "/orders").inputs;
    expect(body!.source).toBe("body");
    const result = (body as { validate: (input: unknown) => any }).validate({ sku: "", quantity: 0, shipTo: { zip: "x" } });
    expect(result.success).toBe(false);
    expect(result.errors.map((error: { path: string }) => error.path).sort()).toEqual(
      ["$input.quantity", "$input.shipTo.city", "$input.shipTo.zip", "$input.sku"].sort(),
    );
  });

  it("serializes only the declared properties of the return type", () => {
    const { response } = byPath("post", "/orders");
    const leaky = { id: 1, sku: "a", quantity: 1, shipTo: { city: "c", secret: 1 }, password: "x" };
    expect(JSON.parse(response.serialize!(leaky))).toEqual({ id: 1, sku: "a", quantity: 1, shipTo: { city: "c" } });
  });

  it("answers 204 with no serializer for a void handler, and takes the status option", () => {
    expect(byPath("delete", "/orders/:id").response).toEqual({ status: 204 });
    expect(byPath("post", "/orders").response.status).toBe(201);
  });

  it("documents summary, description, tags, parameters and the body from JSDoc", () => {
    const { operation: op } = operation(byPath("post", "/orders"));
    expect(op).toMatchObject({
      summary: "Place an order.",
      description: "The order is checked, stored and returned with its id.",
      tags: ["orders"],
      operationId: "post_orders",
      requestBody: {
        required: true,
        description: "What to order.",
        content: { "application/json": { schema: { $ref: "#/components/schemas/OrderCreate" } } },
      },
    });
    expect(Object.keys(op.responses).sort()).toEqual(["201", "400", "413", "422", "500"]);
  });

  it("documents thrown HttpError statuses, deprecation and defaults", () => {
    const { operation: op } = operation(byPath("get", "/orders/:id"));
    expect(op.deprecated).toBe(true);
    expect(op.responses["404"].description).toBe("Order not found");
    expect(op.parameters).toEqual([
      { name: "id", in: "path", required: true, schema: { type: "integer", minimum: 0, maximum: 4294967295 } }, // Type<"uint32">: the range the validator enforces
      { name: "verbose", in: "query", required: false, schema: { type: "boolean", default: false } },
    ]);
  });

  it("emits named component schemas for named types", () => {
    const { schemas } = operation(byPath("post", "/orders"));
    expect(Object.keys(schemas).sort()).toEqual(["Address", "Order", "OrderCreate"]);
    expect(schemas.OrderCreate.description).toBe("An order as the client sends it.");
    expect(schemas.Address.properties.zip).toEqual({ type: "string", pattern: "^[0-9]{5}$" });
  });
});
