/**
 * typekiln as a user writes it: plain types on plain handlers, nothing else. The transformer
 * (`tspc -p benchmarks/tsconfig.json`) turns the types into typia validators, serializers and
 * route manifests; the runtime serves them on uWebSockets.js.
 */
import { App, type Socket, type tags } from "typekiln";
import {
  HEALTH,
  HELLO,
  VERSION,
  cancelOrder,
  createUser,
  listOrders,
  listProducts,
  orderSummary,
  placeOrder,
  userOf,
  type CancelRequest,
  type Cancellation,
  type Health,
  type Hello,
  type Order,
  type OrderCreate,
  type OrderPage,
  type OrderSummary,
  type ProductPage,
  type StatusFilter,
  type User,
  type UserCreate,
  type Version,
  type ChatAck,
  type ChatMessage,
  ackOf,
} from "../contract";
import { announceReady, requestedPort } from "./announce";

type Uint32 = number & tags.Type<"uint32">;

export const app = new App({ title: "typekiln benchmark", version: "1.0.0" });

app.get("/hello", (): Hello => HELLO);

app.get(
  "/users/:id/orders",
  (
    id: Uint32,
    limit: Uint32 & tags.Minimum<1> & tags.Maximum<100> = 20,
    offset: Uint32 = 0,
    status: StatusFilter = "all",
  ): OrderPage => listOrders(id, limit, offset, status),
);

app.post("/orders", { status: 201 }, (order: OrderCreate): Order => placeOrder(order));

app.get("/health", (): Health => HEALTH);
app.get("/version", (): Version => VERSION);
app.get("/users/:id", (id: Uint32): User => userOf(id));
app.get("/orders/:id", (id: Uint32): OrderSummary => orderSummary(id, 0, "all"));
app.get("/products", (limit: Uint32 & tags.Minimum<1> & tags.Maximum<100> = 10): ProductPage => listProducts(limit));
app.post("/users", { status: 201 }, (user: UserCreate): User => createUser(user));
app.post("/orders/:id/cancel", (id: Uint32, request: CancelRequest): Cancellation => cancelOrder(id, request));

// S5: echo each frame as it came; S5b: a typed chat message, validated, answered with its ack.
const sockets = { maxPayloadLength: 64 * 1024, maxBackpressure: 4 * 1024 * 1024, idleTimeout: 120 };
// The echo sends each frame on at once, so it takes uWS's buffer as lent (ArrayBuffer), not a copy.
app.ws("/echo", { message: (ws: Socket<ArrayBuffer>, frame: ArrayBuffer) => void ws.send(frame) }, sockets);
app.ws("/chat", { message: (ws: Socket<ChatAck>, message: ChatMessage) => void ws.send(ackOf(message)) }, sockets);

app.listen(requestedPort()).then(
  ({ port }) => announceReady(port),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
