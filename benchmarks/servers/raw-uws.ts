/**
 * The floor: raw uWebSockets.js with hand-written routing glue, validation and serialization,
 * written the way its examples teach (copy from `req` synchronously, `onAborted` before reading
 * the body, copy body chunks, `cork` writes made outside the request callback). Same ten routes,
 * same answers and a FastAPI-shaped 422 like typekiln's, plus the WebSocket routes of S5.
 */
import * as uWS from "uWebSockets.js";
import {
  HEALTH,
  HELLO,
  VERSION,
  ackOf,
  cancelOrder,
  createUser,
  listOrders,
  listProducts,
  orderSummary,
  placeOrder,
  userOf,
} from "../contract";
import { announceReady, requestedPort } from "./announce";
import * as check from "./raw-validation";
import * as write from "./raw-serialize";

type Issue = check.Issue;
const JSON_TYPE = "application/json";
const BODY_LIMIT = 1024 * 1024;
const HELLO_JSON = JSON.stringify(HELLO);
const HEALTH_JSON = JSON.stringify(HEALTH);
const VERSION_JSON = JSON.stringify(VERSION);
const STATUS_FILTERS = ["open", "closed", "all"] as const;

const ok = (res: uWS.HttpResponse, status: string, body: string): void => {
  res.writeStatus(status).writeHeader("content-type", JSON_TYPE).end(body);
};
const unprocessable = (res: uWS.HttpResponse, detail: Issue[]): void =>
  ok(res, "422 Unprocessable Entity", JSON.stringify({ detail }));

/** Reads a JSON body within the limit and hands over the parsed value, or answers the error. */
const readJson = (res: uWS.HttpResponse, req: uWS.HttpRequest, then: (body: unknown) => void): void => {
  const type = req.getHeader("content-type");
  if (!type.startsWith(JSON_TYPE)) return ok(res, "415 Unsupported Media Type", '{"detail":"Unsupported Media Type"}');
  let aborted = false;
  res.onAborted(() => (aborted = true));
  let chunks: Buffer[] | undefined;
  let size = 0;
  res.onData((chunk, isLast) => {
    if (aborted) return;
    size += chunk.byteLength;
    if (size > BODY_LIMIT) {
      aborted = true;
      return void res.cork(() => res.writeStatus("413 Content Too Large").end('{"detail":"Content Too Large"}', true));
    }
    if (!isLast) return void (chunks ??= []).push(Buffer.from(Buffer.from(chunk)));
    const text = chunks === undefined ? Buffer.from(chunk).toString() : Buffer.concat([...chunks, Buffer.from(chunk)]).toString();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return void res.cork(() =>
        unprocessable(res, [{ type: "json_invalid", loc: ["body"], msg: "JSON decode error", input: text.slice(0, 100) }]),
      );
    }
    res.cork(() => then(body));
  });
};

const app = uWS.App();

app.get("/hello", (res) => ok(res, "200 OK", HELLO_JSON));

app.get("/users/:id/orders", (res, req) => {
  const issues: Issue[] = [];
  const id = check.uintParam(issues, ["path", "id"], req.getParameter(0));
  const limitText = req.getQuery("limit");
  const offsetText = req.getQuery("offset");
  const status = req.getQuery("status") ?? "all";
  const limit = limitText === undefined ? 20 : check.uintParam(issues, ["query", "limit"], limitText, 1, 100);
  const offset = offsetText === undefined ? 0 : check.uintParam(issues, ["query", "offset"], offsetText);
  if (!check.isStatusFilter(status)) check.literalParam(issues, ["query", "status"], status, STATUS_FILTERS);
  if (issues.length > 0) return unprocessable(res, issues);
  ok(res, "200 OK", write.serializePage(listOrders(id, limit, offset, status as (typeof STATUS_FILTERS)[number])));
});

app.post("/orders", (res, req) =>
  readJson(res, req, (body) => {
    if (!check.isOrderCreate(body)) return unprocessable(res, check.orderIssues(body));
    ok(res, "201 Created", write.serializeOrder(placeOrder(body)));
  }),
);

app.get("/health", (res) => ok(res, "200 OK", HEALTH_JSON));
app.get("/version", (res) => ok(res, "200 OK", VERSION_JSON));

app.get("/users/:id", (res, req) => {
  const issues: Issue[] = [];
  const id = check.uintParam(issues, ["path", "id"], req.getParameter(0));
  if (issues.length > 0) return unprocessable(res, issues);
  ok(res, "200 OK", write.serializeUser(userOf(id)));
});

app.get("/orders/:id", (res, req) => {
  const issues: Issue[] = [];
  const id = check.uintParam(issues, ["path", "id"], req.getParameter(0));
  if (issues.length > 0) return unprocessable(res, issues);
  ok(res, "200 OK", write.serializeSummary(orderSummary(id, 0, "all")));
});

app.get("/products", (res, req) => {
  const issues: Issue[] = [];
  const limitText = req.getQuery("limit");
  const limit = limitText === undefined ? 10 : check.uintParam(issues, ["query", "limit"], limitText, 1, 100);
  if (issues.length > 0) return unprocessable(res, issues);
  ok(res, "200 OK", write.serializeProducts(listProducts(limit)));
});

app.post("/users", (res, req) =>
  readJson(res, req, (body) => {
    if (!check.isUserCreate(body)) return unprocessable(res, check.userCreateIssues(body));
    ok(res, "201 Created", write.serializeUser(createUser(body)));
  }),
);

app.post("/orders/:id/cancel", (res, req) => {
  const issues: Issue[] = [];
  const id = check.uintParam(issues, ["path", "id"], req.getParameter(0));
  if (issues.length > 0) return unprocessable(res, issues);
  readJson(res, req, (body) => {
    if (!check.isCancelRequest(body)) return unprocessable(res, check.cancelIssues(body));
    ok(res, "200 OK", write.serializeCancellation(cancelOrder(id, body)));
  });
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

app.any("/*", (res) => ok(res, "404 Not Found", '{"detail":"Not Found"}'));

const port = requestedPort();
app.listen("127.0.0.1", port, (token) => {
  if (!token) throw new Error(`raw uWS could not listen on ${port}`);
  announceReady(port);
});
