/**
 * The node transport's floor: node:http with hand-written routing, validation and serialization.
 * The routes' work is `raw-routes.ts`, the same code the raw uWS floor runs; this file only reads
 * requests (path, query, header, body) and writes answers the way node:http is used without a
 * framework. Same ten routes and answers, and S6 with its database; no WebSockets.
 */
import { createHook } from "node:async_hooks";
import http from "node:http";
import { openArticleStore, servesArticles } from "../article-store";
import { announceReady, requestedPort } from "./announce";
import * as route from "./raw-routes";
import { BODY_LIMIT, JSON_TYPE, type RawAnswer } from "./raw-routes";

const send = (res: http.ServerResponse, answer: RawAnswer, close = false): void => {
  const headers = ["content-type", JSON_TYPE, "content-length", String(Buffer.byteLength(answer.body))];
  if (answer.challenge !== undefined) headers.push("www-authenticate", answer.challenge);
  if (close) headers.push("connection", "close");
  res.writeHead(answer.status, headers).end(answer.body);
};

type Query = Record<string, string | undefined>;
const NO_QUERY: Query = Object.freeze(Object.create(null) as Query);

/** The query string's values by key, the first of a repeated key winning (as uWS's `getQuery`). */
const queryOf = (search: string): Query => {
  if (search === "") return NO_QUERY;
  const query: Query = Object.create(null) as Query;
  for (const pair of search.split("&")) {
    const eq = pair.indexOf("=");
    const key = eq === -1 ? pair : pair.slice(0, eq);
    if (key === "" || query[key] !== undefined) continue;
    const value = eq === -1 ? "" : pair.slice(eq + 1);
    query[key] = /[%+]/.test(value) ? decodeURIComponent(value.replace(/\+/g, " ")) : value;
  }
  return query;
};

/** Reads a JSON body within the limit and answers with what `then` makes of it. */
const readJson = (req: http.IncomingMessage, res: http.ServerResponse, then: (body: unknown) => RawAnswer): void => {
  if (!(req.headers["content-type"] ?? "").startsWith(JSON_TYPE)) return send(res, route.UNSUPPORTED_MEDIA_TYPE);
  const chunks: Buffer[] = [];
  let size = 0;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size <= BODY_LIMIT) chunks.push(chunk);
    else if (!res.headersSent) send(res, route.CONTENT_TOO_LARGE, true);
  });
  req.on("end", () => {
    if (size > BODY_LIMIT) return;
    const text = chunks.length === 1 ? chunks[0]!.toString() : Buffer.concat(chunks).toString();
    send(res, route.withJson(text, then));
  });
};

type ArticlesRoute = ReturnType<typeof route.articles>;

const get = (path: string, search: string, req: http.IncomingMessage, articles: ArticlesRoute | undefined): RawAnswer => {
  switch (path) {
    case "/hello":
      return route.HELLO_ANSWER;
    case "/health":
      return route.HEALTH_ANSWER;
    case "/version":
      return route.VERSION_ANSWER;
    case "/products":
      return route.products(queryOf(search).limit);
    case "/articles":
      return articles === undefined ? route.NOT_FOUND : articles(req.headers.authorization, queryOf(search).limit);
  }
  const parts = path.split("/"); // "", "users", ":id", "orders"
  if (parts.length === 4 && parts[1] === "users" && parts[3] === "orders") {
    const query = queryOf(search);
    return route.userOrders(parts[2]!, query.limit, query.offset, query.status);
  }
  if (parts.length === 3 && parts[1] === "users") return route.user(parts[2]!);
  if (parts.length === 3 && parts[1] === "orders") return route.order(parts[2]!);
  return route.NOT_FOUND;
};

const post = (path: string, req: http.IncomingMessage, res: http.ServerResponse): void => {
  if (path === "/orders") return readJson(req, res, route.createOrder);
  if (path === "/users") return readJson(req, res, route.newUser);
  const parts = path.split("/"); // "", "orders", ":id", "cancel"
  if (parts.length === 4 && parts[1] === "orders" && parts[3] === "cancel") {
    const id = parts[2]!;
    return readJson(req, res, (body) => route.cancel(id, body));
  }
  send(res, route.NOT_FOUND);
};

/**
 * Holds one of node's tick objects for the life of the process, as typekiln's node transport does
 * (runtime/transport/node/tick-shape.ts), so that an idle spell's memory-reducing collection cannot
 * make every later `process.nextTick` five times dearer. Without it, which of the two node servers
 * that slowdown caught decided their ratio; with it in both, the floor measures per-request work.
 */
let tickObject: unknown;
const keepTickObject = (): void => {
  const hook = createHook({ init: (_id, type, _trigger, resource) => void (type === "TickObject" && (tickObject ??= resource)) });
  hook.enable();
  process.nextTick(() => {});
  hook.disable();
};

const listen = async (): Promise<void> => {
  keepTickObject();
  const articles = servesArticles() ? route.articles(await openArticleStore()) : undefined;
  const server = http.createServer((req, res) => {
    const url = req.url ?? "/";
    const mark = url.indexOf("?");
    const path = mark === -1 ? url : url.slice(0, mark);
    if (req.method === "GET") return send(res, get(path, mark === -1 ? "" : url.slice(mark + 1), req, articles));
    if (req.method === "POST") return post(path, req, res);
    send(res, route.NOT_FOUND);
  });
  // Keep-alive connections outlive a wrk run's pauses (node's default closes them after 5 s idle).
  server.keepAliveTimeout = 65_000;
  const port = requestedPort();
  server.listen(port, "127.0.0.1", () => announceReady(port));
};
void listen();
