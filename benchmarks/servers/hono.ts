/**
 * Hono on @hono/node-server in its own idiom: `validator()` middleware per input (backed by the
 * same Ajv validators as Express), `c.json` to answer, Hono's own 400 for malformed JSON.
 */
import { serve } from "@hono/node-server";
import type { ValidateFunction } from "ajv";
import { Hono } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import { validator } from "hono/validator";
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
import { isKnownToken } from "../articles";
import { openArticleStore, servesArticles } from "../article-store";
import { announceReady, requestedPort } from "./announce";
import { validationError, validators as v } from "./ajv-validators";

/** Hono's `validator` around an Ajv validator; values are copied so Ajv may coerce them. */
const check = <T>(target: "param" | "query" | "json", ajv: ValidateFunction) =>
  validator(target, (value, c) => {
    const input = target === "json" ? value : { ...(value as object) };
    if (!ajv(input)) return c.json(validationError(target, ajv), 400);
    return input as T;
  });

interface IdParams {
  id: number;
}
interface PageQuery {
  limit: number;
  offset: number;
  status: StatusFilter;
}

const app = new Hono();

app.get("/hello", (c) => c.json(HELLO));

app.get("/users/:id/orders", check<IdParams>("param", v.idParams), check<PageQuery>("query", v.pageQuery), (c) => {
  const { id } = c.req.valid("param");
  const { limit, offset, status } = c.req.valid("query");
  return c.json(listOrders(id, limit, offset, status));
});

app.post("/orders", check<OrderCreate>("json", v.orderCreate), (c) => c.json(placeOrder(c.req.valid("json")), 201));

app.get("/health", (c) => c.json(HEALTH));
app.get("/version", (c) => c.json(VERSION));
app.get("/users/:id", check<IdParams>("param", v.idParams), (c) => c.json(userOf(c.req.valid("param").id)));
app.get("/orders/:id", check<IdParams>("param", v.idParams), (c) =>
  c.json(orderSummary(c.req.valid("param").id, 0, "all")),
);
app.get("/products", check<{ limit: number }>("query", v.productQuery), (c) =>
  c.json(listProducts(c.req.valid("query").limit)),
);
app.post("/users", check<UserCreate>("json", v.userCreate), (c) => c.json(createUser(c.req.valid("json")), 201));
app.post("/orders/:id/cancel", check<IdParams>("param", v.idParams), check<CancelRequest>("json", v.cancelRequest), (c) =>
  c.json(cancelOrder(c.req.valid("param").id, c.req.valid("json"))),
);

const listen = async (): Promise<void> => {
  if (servesArticles()) {
    // S6: Hono's own bearer middleware, asking the same token check as every server.
    const store = await openArticleStore();
    app.get("/articles", bearerAuth({ verifyToken: isKnownToken }), check<{ limit: number }>("query", v.articlesQuery), (c) =>
      c.json(store.latest(c.req.valid("query").limit)),
    );
  }
  const port = requestedPort();
  serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }, () => announceReady(port));
};
void listen();
