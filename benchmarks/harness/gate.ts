/**
 * The correctness gate, run before any timing: every server answers each happy request with the
 * same status and an equal JSON body, rejects every invalid body and query of the corpus with its
 * own error, refuses S6 without a valid token (401), and runs on the HTTP server its row names
 * (uWS marks its answers with a `uWebSockets` header). Fast because it validates less does not count.
 * The servers that answer in FastAPI's shape (typekiln and the raw floors, `rejectStatus` 422) must
 * give each invalid request the same 422 body: a floor that explained less would do less work.
 */
import { isDeepStrictEqual } from "node:util";
import WebSocket from "ws";
import { BEARER_HEADERS, INVALID_ARTICLE_PATHS, UNAUTHORIZED_ARTICLE_REQUESTS, articleCases } from "../articles";
import { CHAT_MESSAGE, HAPPY_CASES, INVALID_CHAT_MESSAGES, INVALID_ORDER_BODIES, INVALID_PAGE_PATHS, S3_PATH, ackOf } from "../contract";
import type { RunningServer } from "./fleet";

export interface GateReport {
  readonly checks: number;
  readonly failures: readonly string[];
}

interface Answer {
  status: number;
  type: string;
  body: unknown;
  text: string;
  /** Which HTTP server answered: uWS adds a `uWebSockets` header to every answer. */
  transport: "uws" | "node";
}

const ask = async (
  server: RunningServer,
  method: string,
  path: string,
  body?: string,
  headers: Readonly<Record<string, string>> = {},
): Promise<Answer> => {
  const response = await fetch(`http://127.0.0.1:${server.port}${path}`, {
    method,
    body,
    headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const transport = response.headers.has("uwebsockets") ? "uws" : "node";
  return { status: response.status, type: response.headers.get("content-type") ?? "", body: parsed, text, transport };
};

/** What a FastAPI-shaped 422 must hold: a non-empty `detail` list of `{type, loc, msg, input}`. */
const fastApiProblem = (body: unknown, where: string): string | undefined => {
  const detail = (body as { detail?: unknown } | undefined)?.detail;
  if (!Array.isArray(detail) || detail.length === 0) return "no detail list";
  for (const entry of detail as Record<string, unknown>[]) {
    if (typeof entry.type !== "string" || typeof entry.msg !== "string" || !("input" in entry)) return "entry lacks type/msg/input";
    if (!Array.isArray(entry.loc) || entry.loc[0] !== where) return `loc does not start with "${where}"`;
  }
  return undefined;
};

const checkRejection = (server: RunningServer, answer: Answer, where: string): string | undefined => {
  if (answer.status !== server.spec.rejectStatus) return `status ${answer.status}, expected ${server.spec.rejectStatus}`;
  // The peers answer in their own idiom (Hono's malformed-JSON error is plain text): status only.
  if (server.spec.rejectStatus !== 422) return undefined;
  if (answer.body === undefined) return `error body is not JSON: ${answer.text.slice(0, 80)}`;
  return fastApiProblem(answer.body, where);
};

const socketRoundTrip = (port: number, path: string, messages: readonly (string | Buffer)[]): Promise<(string | Buffer)[]> =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`);
    const answers: (string | Buffer)[] = [];
    const timer = setTimeout(() => (socket.terminate(), reject(new Error("no answer within 5 s"))), 5000);
    socket.on("open", () => messages.forEach((m) => socket.send(m)));
    socket.on("message", (data: Buffer, isBinary: boolean) => {
      answers.push(isBinary ? data : data.toString());
      if (answers.length === messages.length) {
        clearTimeout(timer);
        socket.close();
        resolve(answers);
      }
    });
    socket.on("error", (error) => (clearTimeout(timer), reject(error)));
  });

const checkWebSocket = async (server: RunningServer, fail: (what: string) => void): Promise<number> => {
  const payloads = [Buffer.alloc(20, "a"), Buffer.alloc(4096, "b")];
  const echoes = await socketRoundTrip(server.port, "/echo", payloads);
  payloads.forEach((payload, i) => {
    const echo = echoes[i];
    if (!Buffer.isBuffer(echo) || !payload.equals(echo)) fail(`WS echo of ${payload.length} B differs`);
  });
  const chat = [JSON.stringify(CHAT_MESSAGE), ...INVALID_CHAT_MESSAGES];
  const answers = await socketRoundTrip(server.port, "/chat", chat);
  if (!isDeepStrictEqual(JSON.parse(String(answers[0])), ackOf(CHAT_MESSAGE))) fail(`WS chat ack differs: ${answers[0]}`);
  answers.slice(1).forEach((a, i) => {
    if ((JSON.parse(String(a)) as { type?: string }).type !== "error") fail(`WS chat accepted ${INVALID_CHAT_MESSAGES[i]}`);
  });
  return payloads.length + chat.length;
};

export const runGate = async (servers: readonly RunningServer[]): Promise<GateReport> => {
  const failures: string[] = [];
  const cases = [...HAPPY_CASES, ...articleCases()];
  let checks = 0;
  // The first FastAPI-shaped 422 seen for each invalid request, and whose it was.
  const first = new Map<string, { label: string; answer: Answer }>();
  for (const server of servers) {
    const fail = (what: string) => failures.push(`${server.spec.label}: ${what}`);
    const sameAsOthers = (request: string, answer: Answer): void => {
      if (server.spec.rejectStatus !== 422) return;
      checks++;
      const seen = first.get(request);
      if (seen === undefined) first.set(request, { label: server.spec.label, answer });
      else if (!isDeepStrictEqual(answer.body, seen.answer.body))
        fail(`${request}: 422 differs from ${seen.label}'s\n    got      ${answer.text}\n    expected ${seen.answer.text}`);
    };
    const transports = new Set<string>();
    for (const c of cases) {
      checks++;
      const answer = await ask(server, c.method, c.path, c.body, c.headers);
      transports.add(answer.transport);
      if (answer.status !== c.status) fail(`${c.name}: status ${answer.status}, expected ${c.status}: ${answer.text.slice(0, 200)}`);
      else if (!answer.type.startsWith("application/json")) fail(`${c.name}: content-type "${answer.type}"`);
      else if (!isDeepStrictEqual(answer.body, c.expected))
        fail(`${c.name}: body differs\n    got      ${answer.text}\n    expected ${JSON.stringify(c.expected)}`);
    }
    checks++;
    if (transports.size !== 1 || !transports.has(server.spec.transport))
      fail(`runs on ${[...transports].join(" and ")} (by the uWebSockets header), expected ${server.spec.transport}`);
    for (const invalid of INVALID_ORDER_BODIES) {
      checks++;
      const answer = await ask(server, "POST", S3_PATH, invalid.body);
      const problem = checkRejection(server, answer, "body");
      if (problem !== undefined) fail(`invalid body "${invalid.name}": ${problem}`);
      else if (server.spec.rejectStatus === 422 && invalid.name === "malformed JSON") {
        const type = (answer.body as { detail: { type: string }[] }).detail[0]!.type;
        if (type !== "json_invalid") fail(`malformed JSON answered type "${type}", expected "json_invalid"`);
      }
      if (problem === undefined) sameAsOthers(`invalid body "${invalid.name}"`, answer);
    }
    for (const path of INVALID_PAGE_PATHS) {
      checks++;
      const answer = await ask(server, "GET", path);
      const where = path.includes("?") ? "query" : "path";
      const problem = checkRejection(server, answer, where);
      if (problem !== undefined) fail(`invalid request ${path}: ${problem}`);
      else sameAsOthers(`invalid request ${path}`, answer);
    }
    for (const path of INVALID_ARTICLE_PATHS) {
      checks++;
      const answer = await ask(server, "GET", path, undefined, BEARER_HEADERS);
      const problem = checkRejection(server, answer, "query");
      if (problem !== undefined) fail(`invalid request ${path}: ${problem}`);
      else sameAsOthers(`invalid request ${path}`, answer);
    }
    for (const request of UNAUTHORIZED_ARTICLE_REQUESTS) {
      checks++;
      const answer = await ask(server, "GET", "/articles", undefined, request.headers);
      if (answer.status !== 401) fail(`S6 with ${request.name}: status ${answer.status}, expected 401`);
    }
    if (server.spec.websocket) {
      try {
        checks += await checkWebSocket(server, fail);
      } catch (error) {
        fail(`WebSocket: ${(error as Error).message}`);
      }
    }
  }
  return { checks, failures };
};
