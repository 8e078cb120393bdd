/**
 * The raw servers' routes, written once for both floors (raw uWebSockets.js and raw node:http):
 * each takes the request's strings (path parameters, query values, a header, the parsed body) and
 * returns the answer to write, validated and serialized by hand (`raw-validation.ts`,
 * `raw-serialize.ts`). The server files only read requests and write answers in their library's
 * idiom, so both floors do the same work on every route.
 */
import { ARTICLE_LIMIT_DEFAULT, bearerToken, isKnownToken } from "../articles";
import type { ArticleStore } from "../article-store";
import * as contract from "../contract";
import * as check from "./raw-validation";
import { decodeError } from "./raw-json-error";
import * as write from "./raw-serialize";

export interface RawAnswer {
  readonly status: number;
  readonly body: string;
  /** `WWW-Authenticate`, on a 401. */
  readonly challenge?: string;
}

type Issue = check.Issue;
export const JSON_TYPE = "application/json";
export const BODY_LIMIT = 1024 * 1024;
// In the order the union declares them, as FastAPI's literal_error names them.
const STATUS_FILTERS = ["open", "closed", "all"] as const;

const answer = (status: number, body: string): RawAnswer => ({ status, body });
const unprocessable = (detail: Issue[]): RawAnswer => answer(422, JSON.stringify({ detail }));

export const HELLO_ANSWER = answer(200, JSON.stringify(contract.HELLO));
export const HEALTH_ANSWER = answer(200, JSON.stringify(contract.HEALTH));
export const VERSION_ANSWER = answer(200, JSON.stringify(contract.VERSION));
export const NOT_FOUND = answer(404, '{"detail":"Not Found"}');
export const UNSUPPORTED_MEDIA_TYPE = answer(415, '{"detail":"Unsupported Media Type"}');
export const CONTENT_TOO_LARGE = answer(413, '{"detail":"Content Too Large"}');
const NOT_AUTHENTICATED: RawAnswer = { status: 401, body: '{"detail":"Not authenticated"}', challenge: "Bearer" };
const INVALID_TOKEN: RawAnswer = {
  status: 401,
  body: '{"detail":"Invalid authentication credentials"}',
  challenge: 'Bearer error="invalid_token"',
};

/** Parses a request body's text and hands it to `route`, or answers FastAPI's `json_invalid`. */
export const withJson = (text: string, route: (body: unknown) => RawAnswer): RawAnswer => {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const { pos, msg } = decodeError(text);
    return unprocessable([{ type: "json_invalid", loc: ["body", pos], msg: "JSON decode error", input: {}, ctx: { error: msg } }]);
  }
  return route(body);
};

/** `GET /users/:id/orders?limit&offset&status` (S2); absent query values are undefined. */
export const userOrders = (idText: string, limitText?: string, offsetText?: string, statusText = "all"): RawAnswer => {
  const issues: Issue[] = [];
  const id = check.uintParam(issues, ["path", "id"], idText);
  const limit = limitText === undefined ? 20 : check.uintParam(issues, ["query", "limit"], limitText, 1, 100);
  const offset = offsetText === undefined ? 0 : check.uintParam(issues, ["query", "offset"], offsetText);
  if (!check.isStatusFilter(statusText)) check.literalParam(issues, ["query", "status"], statusText, STATUS_FILTERS);
  if (issues.length > 0) return unprocessable(issues);
  return answer(200, write.serializePage(contract.listOrders(id, limit, offset, statusText as contract.StatusFilter)));
};

/** `POST /orders` (S3, S4). */
export const createOrder = (body: unknown): RawAnswer =>
  check.isOrderCreate(body) ? answer(201, write.serializeOrder(contract.placeOrder(body))) : unprocessable(check.orderIssues(body));

/** A route with one `:id` path parameter. */
const byId =
  (serialize: (id: number) => string) =>
  (idText: string): RawAnswer => {
    const issues: Issue[] = [];
    const id = check.uintParam(issues, ["path", "id"], idText);
    return issues.length > 0 ? unprocessable(issues) : answer(200, serialize(id));
  };

export const user = byId((id) => write.serializeUser(contract.userOf(id)));
export const order = byId((id) => write.serializeSummary(contract.orderSummary(id, 0, "all")));

export const products = (limitText?: string): RawAnswer => {
  const issues: Issue[] = [];
  const limit = limitText === undefined ? 10 : check.uintParam(issues, ["query", "limit"], limitText, 1, 100);
  return issues.length > 0 ? unprocessable(issues) : answer(200, write.serializeProducts(contract.listProducts(limit)));
};

export const newUser = (body: unknown): RawAnswer =>
  check.isUserCreate(body) ? answer(201, write.serializeUser(contract.createUser(body))) : unprocessable(check.userCreateIssues(body));

export const cancel = (idText: string, body: unknown): RawAnswer => {
  const issues: Issue[] = [];
  const id = check.uintParam(issues, ["path", "id"], idText);
  if (issues.length > 0) return unprocessable(issues);
  if (!check.isCancelRequest(body)) return unprocessable(check.cancelIssues(body));
  return answer(200, write.serializeCancellation(contract.cancelOrder(id, body)));
};

/** `GET /articles?limit` behind a bearer token (S6): the token first, then the query, then the database. */
export const articles =
  (store: ArticleStore) =>
  (authorization: string | undefined, limitText?: string): RawAnswer => {
    const token = bearerToken(authorization);
    if (token === undefined) return NOT_AUTHENTICATED;
    if (!isKnownToken(token)) return INVALID_TOKEN;
    const issues: Issue[] = [];
    const limit = limitText === undefined ? ARTICLE_LIMIT_DEFAULT : check.uintParam(issues, ["query", "limit"], limitText, 1, 100);
    return issues.length > 0 ? unprocessable(issues) : answer(200, write.serializeArticles(store.latest(limit)));
  };
