/**
 * typekiln as a user writes it: plain types on plain handlers, nothing else. The transformer
 * (`tspc -p benchmarks/tsconfig.json`) turns the types into typia validators, serializers and
 * route manifests; the runtime serves them on uWebSockets.js, or on node:http when the harness sets
 * `TYPEKILN_TRANSPORT=node` (the `typekiln-node` row). Run as a script it listens; `s6-profile.ts`
 * imports it to time its S6 pieces.
 */
import { App, httpBearer, use, type Socket, type tags } from "typekiln";
import { ARTICLE_LIMIT_DEFAULT, isKnownToken, type Article, type ArticleLimit } from "../articles";
import { openArticleStore, servesArticles, type ArticleStore } from "../article-store";
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

// `strict`: the contract's invalid bodies ("1001" for an id, "true" for a boolean) are refused by
// every server, as pydantic's strict mode does; typekiln's default reads JSON bodies laxly, as FastAPI.
export const app = new App({ title: "typekiln benchmark", version: "1.0.0", strict: true });

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

// S6: a bearer token checked by a dependency, then the latest articles from SQLite (an app-scoped
// dependency: opened once at listen). `BENCH_ARTICLES=0` (cold starts) leaves both out.
export const bearer = httpBearer();

/** The caller's token, if the service issued it; 401 otherwise. */
export const caller = (token = use(bearer)): string => {
  if (!isKnownToken(token)) throw bearer.invalidToken();
  return token;
};

if (servesArticles())
  app.get(
    "/articles",
    { dependencies: [use(caller)] },
    (limit: ArticleLimit = ARTICLE_LIMIT_DEFAULT, store: ArticleStore = use(openArticleStore, { scope: "app" })): Article[] =>
      store.latest(limit),
  );

if (require.main === module)
  app.listen(requestedPort()).then(
    ({ port }) => announceReady(port),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
