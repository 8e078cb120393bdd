/**
 * The one contract every benchmark server implements: the request and response types, the
 * business logic they all call (so each server does the same work), and the ten routes of the
 * app, with the correctness gate's corpus; S6's route, its types, its corpus and its database are
 * `articles.ts` and `article-store.ts`. JSON Schemas for the peers are in `servers/json-schemas.ts`.
 * Change a type here and change those with it: the gate catches the servers that disagree.
 */
import type { tags } from "typia";

// ---------------------------------------------------------------- S1: GET /hello

export interface Hello {
  message: string;
}
export const HELLO: Hello = { message: "Hello, World!" };

// ---------------------------------------------------------------- S2: GET /users/:id/orders

export type UserId = number & tags.Type<"uint32">;
export type PageLimit = number & tags.Type<"uint32"> & tags.Minimum<1> & tags.Maximum<100>;
export type PageOffset = number & tags.Type<"uint32">;
export type StatusFilter = "open" | "closed" | "all";
export const PAGE_DEFAULTS = { limit: 20, offset: 0, status: "all" as StatusFilter } as const;

export interface OrderSummary {
  id: number;
  userId: number;
  status: "open" | "closed";
  totalCents: number;
}

export interface OrderPage {
  userId: number;
  status: StatusFilter;
  limit: number;
  offset: number;
  orders: OrderSummary[];
}

/** One order summary, derived from its id so every server answers the same. */
export const orderSummary = (id: number, userId: number, status: StatusFilter): OrderSummary => ({
  id,
  userId,
  status: status === "closed" ? "closed" : "open",
  totalCents: (id * 7919 + userId) % 100_000,
});

/** A page of a user's orders: at most three, numbered from the offset. */
export const listOrders = (userId: number, limit: number, offset: number, status: StatusFilter): OrderPage => {
  const orders: OrderSummary[] = [];
  for (let i = 0; i < Math.min(limit, 3); i++) orders.push(orderSummary(offset + i + 1, userId, status));
  return { userId, status, limit, offset, orders };
};

// ---------------------------------------------------------------- S3/S4: POST /orders

export type Currency = "EUR" | "USD" | "GBP";
export type Channel = "web" | "mobile" | "api";

export interface OrderItem {
  sku: string & tags.MinLength<1> & tags.MaxLength<32>;
  quantity: number & tags.Type<"uint32"> & tags.Minimum<1> & tags.Maximum<1000>;
  unitPriceCents: number & tags.Type<"uint32">;
}

export interface Address {
  line1: string & tags.MinLength<1> & tags.MaxLength<100>;
  city: string & tags.MinLength<1> & tags.MaxLength<60>;
  postalCode: string & tags.Pattern<"^[0-9A-Z -]{3,10}$">;
  country: string & tags.Pattern<"^[A-Z]{2}$">;
}

/** An order as the client sends it: ten fields, a nested object and an array of objects. */
export interface OrderCreate {
  customerId: UserId;
  email: string & tags.Format<"email">;
  currency: Currency;
  channel: Channel;
  items: OrderItem[] & tags.MinItems<1> & tags.MaxItems<50>;
  shipping: Address;
  giftWrap: boolean;
  note?: string & tags.MaxLength<500>;
  couponCode?: string & tags.Pattern<"^[A-Z0-9]{4,12}$">;
  labels?: (string & tags.MinLength<1> & tags.MaxLength<20>)[] & tags.MaxItems<10>;
}

export interface OrderLine {
  sku: string;
  quantity: number;
  unitPriceCents: number;
  lineTotalCents: number;
}

/** The stored order: the input's fields (undeclared ones dropped) plus computed ones. */
export interface Order {
  id: number;
  status: "received";
  customerId: number;
  email: string;
  currency: Currency;
  channel: Channel;
  items: OrderLine[];
  shipping: Address;
  giftWrap: boolean;
  note?: string;
  couponCode?: string;
  labels?: string[];
  itemCount: number;
  totalCents: number;
}

export const ORDER_ID = 1001;
export const GIFT_WRAP_CENTS = 499;

/** Prices an order. Builds the response field by field: nothing undeclared is copied. */
export const placeOrder = (input: OrderCreate): Order => {
  const items: OrderLine[] = [];
  let itemCount = 0;
  let totalCents = input.giftWrap ? GIFT_WRAP_CENTS : 0;
  for (const item of input.items) {
    const lineTotalCents = item.quantity * item.unitPriceCents;
    items.push({ sku: item.sku, quantity: item.quantity, unitPriceCents: item.unitPriceCents, lineTotalCents });
    itemCount += item.quantity;
    totalCents += lineTotalCents;
  }
  const { line1, city, postalCode, country } = input.shipping;
  const order: Order = {
    id: ORDER_ID,
    status: "received",
    customerId: input.customerId,
    email: input.email,
    currency: input.currency,
    channel: input.channel,
    items,
    shipping: { line1, city, postalCode, country },
    giftWrap: input.giftWrap,
    itemCount,
    totalCents,
  };
  if (input.note !== undefined) order.note = input.note;
  if (input.couponCode !== undefined) order.couponCode = input.couponCode;
  if (input.labels !== undefined) order.labels = [...input.labels];
  return order;
};

// ---------------------------------------------------------------- the other seven routes (S0)

export interface Health {
  status: "ok";
}
export const HEALTH: Health = { status: "ok" };

export interface Version {
  version: string;
}
export const VERSION: Version = { version: "1.0.0" };

export interface UserCreate {
  name: string & tags.MinLength<1> & tags.MaxLength<100>;
  email: string & tags.Format<"email">;
}
export interface User {
  id: number;
  name: string;
  email: string;
}
export const userOf = (id: number): User => ({ id, name: `user-${id}`, email: `user-${id}@example.com` });
export const createUser = (input: UserCreate): User => ({ id: 1, name: input.name, email: input.email });

export type ProductLimit = number & tags.Type<"uint32"> & tags.Minimum<1> & tags.Maximum<100>;
export interface Product {
  sku: string;
  name: string;
}
export interface ProductPage {
  limit: number;
  products: Product[];
}
export const listProducts = (limit: number): ProductPage => ({
  limit,
  products: [{ sku: "SKU-1", name: "Kiln brick" }].slice(0, limit),
});

export interface CancelRequest {
  reason: string & tags.MinLength<1> & tags.MaxLength<200>;
}
export interface Cancellation {
  id: number;
  status: "cancelled";
  reason: string;
}
export const cancelOrder = (id: number, input: CancelRequest): Cancellation => ({
  id,
  status: "cancelled",
  reason: input.reason,
});

// ---------------------------------------------------------------- S5b: a typed WebSocket message

export interface ChatMessage {
  type: "chat";
  room: string & tags.MinLength<1> & tags.MaxLength<32>;
  seq: number & tags.Type<"uint32">;
  text: string & tags.MaxLength<1000>;
}
export interface ChatAck {
  type: "ack";
  room: string;
  seq: number;
}
export const ackOf = (message: ChatMessage): ChatAck => ({ type: "ack", room: message.room, seq: message.seq });

// ---------------------------------------------------------------- the corpus: requests and answers

/** One request of the correctness gate, with the status and body every server must answer. */
export interface HappyCase {
  readonly name: string;
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly status: number;
  readonly expected: unknown;
}

/** The S3 body: every field set, plus undeclared ones that must not reach the response. */
export const ORDER_BODY: OrderCreate & { internalFlag: boolean } = {
  customerId: 4242,
  email: "ada@example.com",
  currency: "EUR",
  channel: "web",
  items: [
    { sku: "KILN-001", quantity: 2, unitPriceCents: 1999 },
    { sku: "GLAZE-17", quantity: 5, unitPriceCents: 349, internalCost: 120 } as OrderItem,
    { sku: "CONE-06", quantity: 12, unitPriceCents: 85 },
  ],
  shipping: { line1: "12 Clay Street", city: "Stoke-on-Trent", postalCode: "ST1 4AB", country: "GB" },
  giftWrap: true,
  note: "Leave at the back door, please.",
  couponCode: "SPRING24",
  labels: ["priority", "fragile"],
  internalFlag: true,
};

/** The optional fields left out: they must be left out of the response too. */
export const MINIMAL_ORDER_BODY: OrderCreate = {
  customerId: 7,
  email: "grace@example.org",
  currency: "USD",
  channel: "api",
  items: [{ sku: "A", quantity: 1, unitPriceCents: 0 }],
  shipping: { line1: "1 Main St", city: "Springfield", postalCode: "12345", country: "US" },
  giftWrap: false,
};

export const S2_PATH = "/users/123/orders?limit=20&offset=40&status=open";
export const S3_PATH = "/orders";

export const HAPPY_CASES: readonly HappyCase[] = [
  { name: "S1 hello", method: "GET", path: "/hello", status: 200, expected: HELLO },
  { name: "S2 page", method: "GET", path: S2_PATH, status: 200, expected: listOrders(123, 20, 40, "open") },
  { name: "S2 defaults", method: "GET", path: "/users/9/orders", status: 200, expected: listOrders(9, 20, 0, "all") },
  { name: "S2 limit 1", method: "GET", path: "/users/0/orders?limit=1&status=closed", status: 200, expected: listOrders(0, 1, 0, "closed") },
  { name: "S3 order", method: "POST", path: S3_PATH, body: JSON.stringify(ORDER_BODY), status: 201, expected: placeOrder(ORDER_BODY) },
  { name: "S3 minimal order", method: "POST", path: S3_PATH, body: JSON.stringify(MINIMAL_ORDER_BODY), status: 201, expected: placeOrder(MINIMAL_ORDER_BODY) },
  { name: "health", method: "GET", path: "/health", status: 200, expected: HEALTH },
  { name: "version", method: "GET", path: "/version", status: 200, expected: VERSION },
  { name: "user", method: "GET", path: "/users/77", status: 200, expected: userOf(77) },
  { name: "order summary", method: "GET", path: "/orders/5", status: 200, expected: orderSummary(5, 0, "all") },
  { name: "products", method: "GET", path: "/products?limit=5", status: 200, expected: listProducts(5) },
  { name: "create user", method: "POST", path: "/users", body: '{"name":"Ada","email":"ada@example.com"}', status: 201, expected: createUser({ name: "Ada", email: "ada@example.com" }) },
  { name: "cancel order", method: "POST", path: "/orders/5/cancel", body: '{"reason":"changed my mind"}', status: 200, expected: cancelOrder(5, { reason: "changed my mind" }) },
];

const order = (patch: (body: Record<string, any>) => void): string => {
  const body: Record<string, any> = structuredClone(ORDER_BODY);
  patch(body);
  return JSON.stringify(body);
};

/** S4: bodies every server must reject with its own validation error. */
export const INVALID_ORDER_BODIES: readonly { readonly name: string; readonly body: string }[] = [
  { name: "malformed JSON", body: JSON.stringify(ORDER_BODY).slice(0, 60) },
  { name: "not an object", body: "[1,2,3]" },
  { name: "null body", body: "null" },
  { name: "id as digit string", body: order((b) => (b.customerId = "4242")) },
  { name: "negative id", body: order((b) => (b.customerId = -1)) },
  { name: "missing email", body: order((b) => delete b.email) },
  { name: "bad email", body: order((b) => (b.email = "not-an-email")) },
  { name: "bad enum", body: order((b) => (b.currency = "JPY")) },
  { name: "boolean as string", body: order((b) => (b.giftWrap = "true")) },
  { name: "empty items", body: order((b) => (b.items = [])) },
  { name: "items not an array", body: order((b) => (b.items = b.items[0])) },
  { name: "nested: quantity 0", body: order((b) => (b.items[1].quantity = 0)) },
  { name: "nested: fractional quantity", body: order((b) => (b.items[0].quantity = 1.5)) },
  { name: "nested: empty sku", body: order((b) => (b.items[2].sku = "")) },
  { name: "nested: bad country", body: order((b) => (b.shipping.country = "Britain")) },
  { name: "nested: missing city", body: order((b) => delete b.shipping.city) },
  { name: "note too long", body: order((b) => (b.note = "x".repeat(501))) },
  { name: "bad coupon", body: order((b) => (b.couponCode = "spring-24")) },
  { name: "several errors", body: order((b) => ((b.customerId = 1.5), (b.shipping = "home"), delete b.channel)) },
];

/** S2 requests every server must reject. */
export const INVALID_PAGE_PATHS: readonly string[] = [
  "/users/abc/orders",
  "/users/-1/orders",
  "/users/4294967296/orders",
  "/users/123/orders?limit=0",
  "/users/123/orders?limit=101",
  "/users/123/orders?limit=2.5",
  "/users/123/orders?limit=ten",
  "/users/123/orders?offset=-1",
  "/users/123/orders?status=pending",
];

/** S5b: the message sent, the answer expected, and messages that must be refused. */
export const CHAT_MESSAGE: ChatMessage = { type: "chat", room: "lobby", seq: 42, text: "Hello from the benchmark client!" };
export const INVALID_CHAT_MESSAGES: readonly string[] = [
  '{"type":"chat","room":"","seq":1,"text":"x"}',
  '{"type":"chat","room":"lobby","seq":-1,"text":"x"}',
  '{"type":"shout","room":"lobby","seq":1,"text":"x"}',
  '{"type":"chat","room":"lobby","seq":1}',
  "{nope",
];
