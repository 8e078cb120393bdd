/**
 * The contract's types as hand-written JSON Schemas, the way Fastify, Express + Ajv and Hono + Ajv
 * users write them. Request schemas must accept exactly what typia accepts (the gate checks it);
 * response schemas drive Fastify's serializer.
 */
const uint32 = { type: "integer", minimum: 0, maximum: 4294967295 } as const;
const text = (minLength: number, maxLength: number) => ({ type: "string", minLength, maxLength }) as const;
const pattern = (p: string) => ({ type: "string", pattern: p }) as const;
const object = (properties: Record<string, unknown>, required: string[]) =>
  ({ type: "object", properties, required }) as const;

// ------------------------------------------------------------------ requests

export const userIdParams = object({ id: uint32 }, ["id"]);

export const pageQuery = object(
  {
    limit: { ...uint32, minimum: 1, maximum: 100, default: 20 },
    offset: { ...uint32, default: 0 },
    status: { type: "string", enum: ["open", "closed", "all"], default: "all" },
  },
  [],
);

export const productQuery = object({ limit: { ...uint32, minimum: 1, maximum: 100, default: 10 } }, []);

export const articlesQuery = object({ limit: { ...uint32, minimum: 1, maximum: 100, default: 20 } }, []);

const address = object(
  {
    line1: text(1, 100),
    city: text(1, 60),
    postalCode: pattern("^[0-9A-Z -]{3,10}$"),
    country: pattern("^[A-Z]{2}$"),
  },
  ["line1", "city", "postalCode", "country"],
);

export const orderCreate = object(
  {
    customerId: uint32,
    email: { type: "string", format: "email" },
    currency: { type: "string", enum: ["EUR", "USD", "GBP"] },
    channel: { type: "string", enum: ["web", "mobile", "api"] },
    items: {
      type: "array",
      minItems: 1,
      maxItems: 50,
      items: object(
        { sku: text(1, 32), quantity: { ...uint32, minimum: 1, maximum: 1000 }, unitPriceCents: uint32 },
        ["sku", "quantity", "unitPriceCents"],
      ),
    },
    shipping: address,
    giftWrap: { type: "boolean" },
    note: { type: "string", maxLength: 500 },
    couponCode: pattern("^[A-Z0-9]{4,12}$"),
    labels: { type: "array", maxItems: 10, items: text(1, 20) },
  },
  ["customerId", "email", "currency", "channel", "items", "shipping", "giftWrap"],
);

export const userCreate = object({ name: text(1, 100), email: { type: "string", format: "email" } }, ["name", "email"]);

export const cancelRequest = object({ reason: text(1, 200) }, ["reason"]);

// ------------------------------------------------------------------ responses

const int = { type: "integer" } as const;
const str = { type: "string" } as const;

export const hello = object({ message: str }, ["message"]);
export const health = object({ status: str }, ["status"]);
export const version = object({ version: str }, ["version"]);

export const orderSummary = object({ id: int, userId: int, status: str, totalCents: int }, [
  "id",
  "userId",
  "status",
  "totalCents",
]);

export const orderPage = object(
  { userId: int, status: str, limit: int, offset: int, orders: { type: "array", items: orderSummary } },
  ["userId", "status", "limit", "offset", "orders"],
);

export const order = object(
  {
    id: int,
    status: str,
    customerId: int,
    email: str,
    currency: str,
    channel: str,
    items: {
      type: "array",
      items: object({ sku: str, quantity: int, unitPriceCents: int, lineTotalCents: int }, [
        "sku",
        "quantity",
        "unitPriceCents",
        "lineTotalCents",
      ]),
    },
    shipping: object({ line1: str, city: str, postalCode: str, country: str }, ["line1", "city", "postalCode", "country"]),
    giftWrap: { type: "boolean" },
    note: str,
    couponCode: str,
    labels: { type: "array", items: str },
    itemCount: int,
    totalCents: int,
  },
  ["id", "status", "customerId", "email", "currency", "channel", "items", "shipping", "giftWrap", "itemCount", "totalCents"],
);

export const user = object({ id: int, name: str, email: str }, ["id", "name", "email"]);

export const productPage = object(
  { limit: int, products: { type: "array", items: object({ sku: str, name: str }, ["sku", "name"]) } },
  ["limit", "products"],
);

export const cancellation = object({ id: int, status: str, reason: str }, ["id", "status", "reason"]);

const author = object({ id: int, name: str, email: str }, ["id", "name", "email"]);

export const articleList = {
  type: "array",
  items: object(
    { id: int, title: str, slug: str, summary: str, publishedAt: str, readMinutes: int, author },
    ["id", "title", "slug", "summary", "publishedAt", "readMinutes", "author"],
  ),
} as const;
