/**
 * Express 5 in its own idiom: `express.json()` for the body, a small Ajv validation middleware
 * per input, `res.json` to answer, an error handler that answers JSON. Defaults otherwise
 * (including Express's ETag on every body).
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";
import type { ValidateFunction } from "ajv";
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
} from "../contract";
import { bearerToken, isKnownToken } from "../articles";
import { openArticleStore, servesArticles } from "../article-store";
import { announceReady, requestedPort } from "./announce";
import { validationError, validators as v } from "./ajv-validators";

/** Validates (and coerces) one part of the request into `res.locals[part]`. */
const validate =
  (part: "params" | "query" | "body", validator: ValidateFunction): RequestHandler =>
  (req, res, next) => {
    const value = part === "body" ? req.body : { ...req[part] };
    if (!validator(value)) return void res.status(400).json(validationError(part, validator));
    res.locals[part] = value;
    next();
  };

const app = express();
app.disable("x-powered-by");
app.use(express.json());

app.get("/hello", (_req, res) => void res.json(HELLO));

app.get("/users/:id/orders", validate("params", v.idParams), validate("query", v.pageQuery), (_req, res) => {
  const { params, query } = res.locals;
  res.json(listOrders(params.id, query.limit, query.offset, query.status));
});

app.post("/orders", validate("body", v.orderCreate), (_req, res) => void res.status(201).json(placeOrder(res.locals.body)));

app.get("/health", (_req, res) => void res.json(HEALTH));
app.get("/version", (_req, res) => void res.json(VERSION));
app.get("/users/:id", validate("params", v.idParams), (_req, res) => void res.json(userOf(res.locals.params.id)));
app.get("/orders/:id", validate("params", v.idParams), (_req, res) =>
  void res.json(orderSummary(res.locals.params.id, 0, "all")),
);
app.get("/products", validate("query", v.productQuery), (_req, res) => void res.json(listProducts(res.locals.query.limit)));
app.post("/users", validate("body", v.userCreate), (_req, res) => void res.status(201).json(createUser(res.locals.body)));
app.post("/orders/:id/cancel", validate("params", v.idParams), validate("body", v.cancelRequest), (_req, res) =>
  void res.json(cancelOrder(res.locals.params.id, res.locals.body)),
);

/** S6's bearer check, as middleware: 401 unless the token is one the service issued. */
const requireToken: RequestHandler = (req, res, next) => {
  const token = bearerToken(req.headers.authorization);
  if (token !== undefined && isKnownToken(token)) return next();
  res.status(401).set("www-authenticate", "Bearer").json({ detail: "Not authenticated" });
};

// Registered before the error handler, once the database is open (S6).
const articleRoutes = express.Router();
app.use(articleRoutes);

app.use((error: { status?: number; type?: string; message?: string }, _req: Request, res: Response, _next: NextFunction) => {
  const status = error.status ?? 500;
  res.status(status).json({ error: error.type ?? "error", message: status < 500 ? error.message : "Internal Server Error" });
});

const listen = async (): Promise<void> => {
  if (servesArticles()) {
    const store = await openArticleStore();
    articleRoutes.get("/articles", requireToken, validate("query", v.articlesQuery), (_req, res) =>
      void res.json(store.latest(res.locals.query.limit)),
    );
  }
  const port = requestedPort();
  const server = app.listen(port, "127.0.0.1", (error?: Error) => {
    if (error) throw error;
    announceReady(port);
  });
  server.keepAliveTimeout = 65_000;
};
void listen();
