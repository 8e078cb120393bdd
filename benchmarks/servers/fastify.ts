/**
 * Fastify 5 in its own idiom: JSON Schema for params, query, body and response (Ajv validates,
 * fast-json-stringify serializes), logging off, its own 400 on invalid input.
 *
 * One deviation from the defaults, the one Fastify's docs show for it: the body is validated by
 * an Ajv that does not coerce types. Fastify's default (`coerceTypes: "array"`) would accept
 * `"customerId": "4242"` or wrap a lone item in an array, which typia (and the gate) reject.
 */
import Ajv from "ajv";
import addFormats from "ajv-formats";
import Fastify, { type onRequestHookHandler } from "fastify";
import { bearerToken, isKnownToken } from "../articles";
import { openArticleStore, servesArticles } from "../article-store";
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
  type OrderCreate,
  type StatusFilter,
  type UserCreate,
} from "../contract";
import { announceReady, requestedPort } from "./announce";
import * as schema from "./json-schemas";

const ajv = (coerceTypes: boolean | "array") => {
  const instance = new Ajv({ coerceTypes, useDefaults: true, removeAdditional: true, allErrors: false });
  addFormats(instance);
  return instance;
};
const strict = ajv(false);
const coercing = ajv("array");

const app = Fastify({ logger: false });
app.setValidatorCompiler(({ schema: s, httpPart }) => (httpPart === "body" ? strict : coercing).compile(s));

interface IdParams {
  id: number;
}
interface PageQuery {
  limit: number;
  offset: number;
  status: StatusFilter;
}

app.get("/hello", { schema: { response: { 200: schema.hello } } }, async () => HELLO);

app.get<{ Params: IdParams; Querystring: PageQuery }>(
  "/users/:id/orders",
  { schema: { params: schema.userIdParams, querystring: schema.pageQuery, response: { 200: schema.orderPage } } },
  async (request) => listOrders(request.params.id, request.query.limit, request.query.offset, request.query.status),
);

app.post<{ Body: OrderCreate }>(
  "/orders",
  { schema: { body: schema.orderCreate, response: { 201: schema.order } } },
  async (request, reply) => reply.code(201).send(placeOrder(request.body)),
);

app.get("/health", { schema: { response: { 200: schema.health } } }, async () => HEALTH);
app.get("/version", { schema: { response: { 200: schema.version } } }, async () => VERSION);

app.get<{ Params: IdParams }>(
  "/users/:id",
  { schema: { params: schema.userIdParams, response: { 200: schema.user } } },
  async (request) => userOf(request.params.id),
);

app.get<{ Params: IdParams }>(
  "/orders/:id",
  { schema: { params: schema.userIdParams, response: { 200: schema.orderSummary } } },
  async (request) => orderSummary(request.params.id, 0, "all"),
);

app.get<{ Querystring: { limit: number } }>(
  "/products",
  { schema: { querystring: schema.productQuery, response: { 200: schema.productPage } } },
  async (request) => listProducts(request.query.limit),
);

app.post<{ Body: UserCreate }>(
  "/users",
  { schema: { body: schema.userCreate, response: { 201: schema.user } } },
  async (request, reply) => reply.code(201).send(createUser(request.body)),
);

app.post<{ Params: IdParams; Body: CancelRequest }>(
  "/orders/:id/cancel",
  { schema: { params: schema.userIdParams, body: schema.cancelRequest, response: { 200: schema.cancellation } } },
  async (request) => cancelOrder(request.params.id, request.body),
);

/** S6's bearer check, a route's onRequest hook: 401 unless the token is one the service issued. */
const requireToken: onRequestHookHandler = (request, reply, done) => {
  const token = bearerToken(request.headers.authorization);
  if (token !== undefined && isKnownToken(token)) return done();
  void reply.code(401).header("www-authenticate", "Bearer").send({ detail: "Not authenticated" });
};

const listen = async (): Promise<void> => {
  if (servesArticles()) {
    const store = await openArticleStore();
    app.get<{ Querystring: { limit: number } }>(
      "/articles",
      { onRequest: requireToken, schema: { querystring: schema.articlesQuery, response: { 200: schema.articleList } } },
      async (request) => store.latest(request.query.limit),
    );
  }
  const port = requestedPort();
  await app.listen({ port, host: "127.0.0.1" });
  announceReady(port);
};
listen().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
