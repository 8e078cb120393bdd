/**
 * The floor: raw uWebSockets.js with hand-written routing glue, validation and serialization,
 * written the way its examples teach (copy from `req` synchronously, `onAborted` before reading
 * the body, copy body chunks, `cork` writes made outside the request callback). Same ten routes,
 * same answers and a FastAPI-shaped 422 like typekiln's (the routes' work is `raw-routes.ts`, shared
 * with the node:http floor), plus the WebSocket routes of S5 and, with its database, S6.
 */
import * as uWS from "uWebSockets.js";
import { openArticleStore, servesArticles } from "../article-store";
import { ackOf } from "../contract";
import { announceReady, requestedPort } from "./announce";
import * as route from "./raw-routes";
import { BODY_LIMIT, JSON_TYPE, type RawAnswer } from "./raw-routes";
import * as check from "./raw-validation";
import * as write from "./raw-serialize";

const STATUS_LINES: Readonly<Record<number, string>> = {
  200: "200 OK",
  201: "201 Created",
  401: "401 Unauthorized",
  404: "404 Not Found",
  413: "413 Content Too Large",
  415: "415 Unsupported Media Type",
  422: "422 Unprocessable Entity",
};

const send = (res: uWS.HttpResponse, answer: RawAnswer, close = false): void => {
  res.writeStatus(STATUS_LINES[answer.status]!).writeHeader("content-type", JSON_TYPE);
  if (answer.challenge !== undefined) res.writeHeader("www-authenticate", answer.challenge);
  res.end(answer.body, close);
};

/** Reads a JSON body within the limit and answers with what `then` makes of it. */
const readJson = (res: uWS.HttpResponse, req: uWS.HttpRequest, then: (body: unknown) => RawAnswer): void => {
  const type = req.getHeader("content-type");
  if (!type.startsWith(JSON_TYPE)) return send(res, route.UNSUPPORTED_MEDIA_TYPE);
  let aborted = false;
  res.onAborted(() => (aborted = true));
  let chunks: Buffer[] | undefined;
  let size = 0;
  res.onData((chunk, isLast) => {
    if (aborted) return;
    size += chunk.byteLength;
    if (size > BODY_LIMIT) {
      aborted = true;
      return void res.cork(() => send(res, route.CONTENT_TOO_LARGE, true));
    }
    if (!isLast) return void (chunks ??= []).push(Buffer.from(Buffer.from(chunk)));
    const text = chunks === undefined ? Buffer.from(chunk).toString() : Buffer.concat([...chunks, Buffer.from(chunk)]).toString();
    const answer = route.withJson(text, then);
    res.cork(() => send(res, answer));
  });
};

const app = uWS.App();

app.get("/hello", (res) => send(res, route.HELLO_ANSWER));
app.get("/users/:id/orders", (res, req) =>
  send(res, route.userOrders(req.getParameter(0)!, req.getQuery("limit"), req.getQuery("offset"), req.getQuery("status"))),
);
app.post("/orders", (res, req) => readJson(res, req, route.createOrder));
app.get("/health", (res) => send(res, route.HEALTH_ANSWER));
app.get("/version", (res) => send(res, route.VERSION_ANSWER));
app.get("/users/:id", (res, req) => send(res, route.user(req.getParameter(0)!)));
app.get("/orders/:id", (res, req) => send(res, route.order(req.getParameter(0)!)));
app.get("/products", (res, req) => send(res, route.products(req.getQuery("limit"))));
app.post("/users", (res, req) => readJson(res, req, route.newUser));
app.post("/orders/:id/cancel", (res, req) => {
  const id = req.getParameter(0)!;
  readJson(res, req, (body) => route.cancel(id, body));
});

const socketOptions = {
  compression: uWS.DISABLED,
  maxPayloadLength: 64 * 1024,
  maxBackpressure: 4 * 1024 * 1024,
  idleTimeout: 120,
};

app.ws("/echo", { ...socketOptions, message: (ws, message, isBinary) => void ws.send(message, isBinary) });

app.ws("/chat", {
  ...socketOptions,
  message: (ws, message) => {
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(message).toString());
    } catch {
      return void ws.send('{"type":"error","detail":"json_invalid"}');
    }
    if (!check.isChatMessage(value)) return void ws.send('{"type":"error","detail":"invalid message"}');
    ws.send(write.serializeAck(ackOf(value)));
  },
});

app.any("/*", (res) => send(res, route.NOT_FOUND));

const listen = async (): Promise<void> => {
  if (servesArticles()) {
    const articles = route.articles(await openArticleStore());
    app.get("/articles", (res, req) => send(res, articles(req.getHeader("authorization"), req.getQuery("limit"))));
  }
  const port = requestedPort();
  app.listen("127.0.0.1", port, (token) => {
    if (!token) throw new Error(`raw uWS could not listen on ${port}`);
    announceReady(port);
  });
};
void listen();
