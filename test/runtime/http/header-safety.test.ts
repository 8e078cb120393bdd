/**
 * Response splitting: a header name that is not an RFC 9110 token, or a value holding CR, LF or
 * NUL, that user code hands to typekiln is never written. The client gets one plain 500 instead,
 * the app's logger hears about it (with the route's label), and nothing forged follows on the
 * wire. One case per path that writes headers: `HttpError`, `reply()`, `text()`,
 * `ResponseControl` (headers and cookies), `redirect()`, middleware, `cors()`, `FileResponse`,
 * streams and the refusal of a WebSocket upgrade. Every case reads the raw bytes (`Connection: close`, read until
 * the server closes) and ends with the server still answering.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  App, FileResponse, HttpError, ResponseControl, cors, redirect, reply, text, withHeaders,
  type Middleware, type Redirect, type Reply, type Socket, type Text,
} from "typekiln";
import { exchange, expectAlive, rawRequest, type RawExchange } from "../../helpers/http";

interface Ok { ok: boolean }

const logged: string[] = [];
const logger = { error: (message: string) => void logged.push(message) };

const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), "typekiln-header-safety-"));
const file = path.join(sandbox, "report.txt");
fs.writeFileSync(file, "report body\n");

// The app under test, without middleware: the plain write path.
const app = new App({ logger });
app.get("/health", () => ({ ok: true }));

// 1. HttpError headers: a value (the redirect target) or a name from the query.
app.get("/go", (to: string): Ok => {
  throw new HttpError(302, "go", { location: to });
});
app.get("/error-name", (name: string): Ok => {
  throw new HttpError(400, "no", { [name]: "v" });
});

// 2. reply(status, body, headers).
app.get("/variant", (v: string): Reply<201, Ok> => reply(201, { ok: true }, { "x-why": v }));
// Text and Bytes bodies name their own media type.
app.get("/text-type", (type: string): Text => text("hi", type));

// 3. ResponseControl.header(name, value).
app.get("/control", (v: string, response: ResponseControl): Ok => {
  response.header("x-echo", v);
  return { ok: true };
});
app.get("/control-name", (name: string, response: ResponseControl): Ok => {
  response.header(name, "v");
  return { ok: true };
});

// 4. ResponseControl.cookie(name, value, options). The `cookie` package percent-encodes values by
// default; an identity `encode` hands the raw value on, as user code may.
app.get("/cookie-path", (p: string, response: ResponseControl): Ok => {
  response.cookie("session", "s", { path: p });
  return { ok: true };
});
app.get("/cookie-domain", (d: string, response: ResponseControl): Ok => {
  response.cookie("session", "s", { domain: d });
  return { ok: true };
});
app.get("/cookie-raw", (v: string, response: ResponseControl): Ok => {
  response.cookie("session", v, { encode: (value) => value });
  return { ok: true };
});
app.get("/cookie-encoded", (v: string, response: ResponseControl): Ok => {
  response.cookie("session", v);
  return { ok: true };
});

// 5. redirect(location).
app.get("/redirect", (to: string): Redirect<302> => redirect(to, 302));

// 8. FileResponse: its content type, extra headers and download name.
app.get("/file-type", (type: string): FileResponse => new FileResponse(file, { contentType: type }));
app.get("/file-header", (v: string): FileResponse => new FileResponse(file, { headers: { "x-file": v } }));
app.get("/file-name", (name: string): FileResponse => new FileResponse(file, { filename: name }));

// 9. Streams. A stream (JSON Lines, events, bytes) takes no headers from user code: a
// `ResponseControl` parameter turns the route into a plain JSON one (the iterable is serialized
// as an object, `{"id":null}`, not streamed), so that combination is not covered here. The one
// header a bytes stream takes from user code is a Blob's `type`, which the Blob constructor
// itself empties when it holds anything outside U+0020–U+007E.
app.get("/blob", (type: string): Blob => new Blob(["blob body"], { type }));

// 10. A WebSocket upgrade refused with an HttpError, thrown by the upgrade handler itself (an
// upgrade runs no dependencies: a `use(…)` parameter there is compile error TK1306).
app.ws("/ws-gate", {
  upgrade: (mode: string): { mode: string } => {
    if (mode === "bad") throw new HttpError(401, "no", { "www-authenticate": "Bearer\r\nX-Injected: 1" });
    if (mode === "ok") throw new HttpError(401, "no", { "www-authenticate": "Bearer" });
    return { mode };
  },
  open: (ws: Socket<Ok, { mode: string }>) => void ws.send({ ok: true }),
});

// 6. Middleware that writes headers, on an app of its own so the plain app keeps the plain path.
const BAD = "a\r\nX-Injected: 1";
const careless: Middleware = {
  name: "careless",
  onRequest: (request) =>
    request.path === "/mw-early" ? { status: "403 Forbidden", headers: ["x-bad", BAD] } : undefined,
  onResponse: (request, answer) => {
    if (request.path === "/mw-bad") return withHeaders(answer, ["x-bad", BAD]);
    // Echoes a decoded path fragment: a `%0d%0a` in the URL becomes a real line break.
    if (request.path.startsWith("/mw-echo/")) return withHeaders(answer, ["x-echo", decodeURIComponent(request.path.slice(9))]);
    if (request.path === "/mw-ok") return withHeaders(answer, ["x-good", "fine"]);
    return answer;
  },
};
const mwApp = new App({ logger });
mwApp.use(careless);
mwApp.get("/health", () => ({ ok: true }));
mwApp.get("/mw-bad", () => ({ ok: true }));
mwApp.get("/mw-early", () => ({ ok: true }));
mwApp.get("/mw-echo/:tail", (tail: string) => ({ tail }));
mwApp.get("/mw-ok", () => ({ ok: true }));

let port = 0;
let mwPort = 0;
beforeAll(async () => {
  ({ port } = await app.listen(0, "127.0.0.1"));
  ({ port: mwPort } = await mwApp.listen(0, "127.0.0.1"));
});
afterAll(async () => {
  await app.close();
  await mwApp.close();
  fs.rmSync(sandbox, { recursive: true, force: true });
});
beforeEach(() => {
  logged.length = 0;
});
// Every case must leave both servers answering an ordinary request.
afterEach(async () => {
  await expectAlive(port);
  await expectAlive(mwPort);
});

const UPGRADE = {
  Upgrade: "websocket",
  Connection: "Upgrade",
  "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
  "Sec-WebSocket-Version": "13",
};

/** `GET target` as exact bytes, `Connection: close` unless given; everything read until the server closes (or ~1 s). */
const rawGet = (to: number, target: string, headers: Record<string, string> = { Connection: "close" }): Promise<RawExchange> =>
  exchange(to, rawRequest("GET", target, { headers }), { timeout: 1000 });

/** Text that only a forged header or response would put on the wire (after the first status line). */
const FORGED = ["x-injected", "<script>", "http/1.1 200"];

/** The one answer to a refused header: a single plain 500, nothing forged, logged with the route's label. */
function expectRefused(exchanged: RawExchange, label: string | RegExp): void {
  const { received, responses } = exchanged;
  const afterStatusLine = received.slice(received.indexOf("\r\n")).toLowerCase();
  expect({
    statusLines: received.match(/HTTP\/1\.1 /g)?.length ?? 0,
    statusLine: received.slice(0, received.indexOf("\r\n")),
    forged: FORGED.filter((text) => afterStatusLine.includes(text)),
  }).toEqual({ statusLines: 1, statusLine: "HTTP/1.1 500 Internal Server Error", forged: [] });
  const [answer] = responses;
  expect({
    contentType: answer?.headers["content-type"],
    nosniff: answer?.headers["x-content-type-options"],
    body: answer?.body,
  }).toEqual({ contentType: "application/json", nosniff: "nosniff", body: '{"detail":"Internal Server Error"}' });
  expect(logged).toContainEqual(typeof label === "string" ? expect.stringContaining(label) : expect.stringMatching(label));
}

/** The header names of a response's head, lower-case. */
const headerNames = (exchanged: RawExchange): string[] =>
  (exchanged.responses[0]?.head ?? "").split("\r\n").slice(1).map((line) => line.slice(0, line.indexOf(":")).toLowerCase());

const SPLIT = "x%0d%0aContent-Length:%200%0d%0a%0d%0aHTTP/1.1%20200%20OK%0d%0aContent-Type:%20text/html%0d%0a%0d%0a<script>alert(1)</script>";

describe("HttpError headers", () => {
  it("answers 500 and writes nothing forged for CRLF in an HttpError header", async () => {
    expectRefused(await rawGet(port, `/go?to=${SPLIT}`), "GET /go");
  });

  it("answers 500 for a bare LF in an HttpError header", async () => {
    expectRefused(await rawGet(port, "/go?to=x%0aX-Injected:%201"), "GET /go");
  });

  it("answers 500 for a NUL in an HttpError header", async () => {
    expectRefused(await rawGet(port, "/go?to=x%00X-Injected:%201"), "GET /go");
  });

  it.each([
    ["a space", "bad%20name"],
    ["CRLF", "x%0d%0aX-Injected:%201"],
    ["a colon", "x-injected:%201"],
  ])("answers 500 for an HttpError header name holding %s", async (_what, name) => {
    expectRefused(await rawGet(port, `/error-name?name=${name}`), "GET /error-name");
  });

  it("still answers a valid HttpError header as given", async () => {
    const exchanged = await rawGet(port, "/go?to=/ok");
    expect([exchanged.responses[0]?.status, exchanged.responses[0]?.headers.location]).toEqual([302, "/ok"]);
    expect(logged).toEqual([]);
  });
});

describe("reply() variants", () => {
  it("answers 500 and writes nothing forged for CRLF in a reply() header", async () => {
    expectRefused(await rawGet(port, `/variant?v=${SPLIT}`), "GET /variant");
  });

  it("still writes a valid reply() header", async () => {
    const exchanged = await rawGet(port, "/variant?v=fine");
    expect([exchanged.responses[0]?.status, exchanged.responses[0]?.headers["x-why"]]).toEqual([201, "fine"]);
  });
});

describe("Text and Bytes media types", () => {
  it("answers 500 and writes nothing forged for CRLF in a text() media type", async () => {
    expectRefused(await rawGet(port, `/text-type?type=text/plain${SPLIT.slice(1)}`), "GET /text-type");
  });

  it("still writes a valid text() media type", async () => {
    const exchanged = await rawGet(port, "/text-type?type=text/csv");
    expect([exchanged.responses[0]?.status, exchanged.responses[0]?.headers["content-type"]]).toEqual([200, "text/csv"]);
  });
});

describe("ResponseControl", () => {
  it("answers 500 and writes nothing forged for CRLF in a ResponseControl header value", async () => {
    expectRefused(await rawGet(port, `/control?v=${SPLIT}`), "GET /control");
  });

  it.each([
    ["a space", "bad%20name"],
    ["CRLF", "x%0d%0aX-Injected:%201"],
  ])("answers 500 for a ResponseControl header name holding %s", async (_what, name) => {
    expectRefused(await rawGet(port, `/control-name?name=${name}`), "GET /control-name");
  });

  it("answers 500 for CRLF in a cookie's path option", async () => {
    expectRefused(await rawGet(port, "/cookie-path?p=/%0d%0aX-Injected:%201"), "GET /cookie-path");
  });

  it("answers 500 for CRLF in a cookie's domain option", async () => {
    expectRefused(await rawGet(port, "/cookie-domain?d=example.com%0d%0aX-Injected:%201"), "GET /cookie-domain");
  });

  it("answers 500 for CRLF in a cookie value written without encoding", async () => {
    expectRefused(await rawGet(port, "/cookie-raw?v=x%0d%0aX-Injected:%201"), "GET /cookie-raw");
  });

  it("still writes a cookie value the cookie package percent-encodes", async () => {
    const exchanged = await rawGet(port, "/cookie-encoded?v=x%0d%0aX-Injected:%201");
    expect(exchanged.responses.map((r) => r.status)).toEqual([200]);
    expect(exchanged.responses[0]?.headers["set-cookie"]).toBe("session=x%0D%0AX-Injected%3A%201");
    expect(headerNames(exchanged)).not.toContain("x-injected");
  });
});

describe("redirect()", () => {
  it("answers 500 and writes nothing forged for CRLF in a redirect's location", async () => {
    expectRefused(await rawGet(port, `/redirect?to=${SPLIT}`), "GET /redirect");
  });

  it("still redirects to a valid location", async () => {
    const exchanged = await rawGet(port, "/redirect?to=/fine");
    expect([exchanged.responses[0]?.status, exchanged.responses[0]?.headers.location]).toEqual([302, "/fine"]);
  });
});

describe("middleware", () => {
  it("answers 500 and writes nothing forged when onResponse adds a header holding CRLF", async () => {
    expectRefused(await rawGet(mwPort, "/mw-bad"), "GET /mw-bad");
  });

  it("answers 500 when onResponse echoes a decoded path fragment holding CRLF", async () => {
    expectRefused(await rawGet(mwPort, "/mw-echo/x%0d%0aX-Injected:%201"), "GET /mw-echo/");
  });

  it("answers 500 when onRequest answers early with a header holding CRLF", async () => {
    expectRefused(await rawGet(mwPort, "/mw-early"), "GET /mw-early");
  });

  it("still writes a valid middleware header", async () => {
    const exchanged = await rawGet(mwPort, "/mw-ok");
    expect([exchanged.responses[0]?.status, exchanged.responses[0]?.headers["x-good"]]).toEqual([200, "fine"]);
  });
});

describe("cors()", () => {
  it("refuses an exposeHeaders entry holding CRLF at start-up", () => {
    expect(() => cors({ origins: ["https://app.example.com"], exposeHeaders: ["x-ok\r\nX-Injected: 1"] })).toThrow(
      expect.objectContaining({ name: "TypekilnError", code: "TK_RT_BAD_MIDDLEWARE_OPTION" }),
    );
  });

  it("still takes valid exposeHeaders", () => {
    expect(() => cors({ origins: ["https://app.example.com"], exposeHeaders: ["x-request-id", "x-total"] })).not.toThrow();
  });
});

describe("FileResponse", () => {
  it("answers 500 and writes nothing forged for CRLF in a FileResponse content type", async () => {
    expectRefused(await rawGet(port, `/file-type?type=text/plain${SPLIT.slice(1)}`), "GET /file-type");
  });

  it("answers 500 and writes nothing forged for CRLF in a FileResponse header", async () => {
    expectRefused(await rawGet(port, `/file-header?v=${SPLIT}`), "GET /file-header");
  });

  it("sanitises CRLF in a FileResponse filename and still sends the file", async () => {
    const exchanged = await rawGet(port, "/file-name?name=a%0d%0aX-Injected:%201%0aB.txt");
    expect(exchanged.received.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    const [answer] = exchanged.responses;
    expect([answer?.status, answer?.body]).toEqual([200, "report body\n"]);
    expect(answer?.headers["content-disposition"]).toMatch(/^attachment; filename="/);
    expect(answer?.headers["content-disposition"]).not.toMatch(/[\r\n\0]/);
    expect(headerNames(exchanged)).not.toContain("x-injected");
  });

  it("still writes a valid FileResponse header", async () => {
    const exchanged = await rawGet(port, "/file-header?v=fine");
    expect([exchanged.responses[0]?.status, exchanged.responses[0]?.headers["x-file"]]).toEqual([200, "fine"]);
  });
});

describe("streams", () => {
  it("writes nothing forged for CRLF in a streamed Blob's type", async () => {
    const exchanged = await rawGet(port, `/blob?type=text/plain${SPLIT.slice(1)}`);
    expect(exchanged.received.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    const [answer] = exchanged.responses;
    expect([answer?.status, answer?.headers["content-type"], answer?.body]).toEqual([200, "application/octet-stream", "blob body"]);
    expect(headerNames(exchanged)).not.toContain("x-injected");
    expect(exchanged.received).not.toContain("<script>");
  });

  it("still writes a streamed Blob's valid type", async () => {
    const exchanged = await rawGet(port, "/blob?type=text/csv");
    expect([exchanged.responses[0]?.status, exchanged.responses[0]?.headers["content-type"]]).toEqual([200, "text/csv"]);
  });
});

describe("WebSocket upgrades", () => {
  it("answers 500 and writes nothing forged for CRLF in the HttpError that refuses an upgrade", async () => {
    // A socket route's label is `WS <path>`; GET, the upgrade request's method, is accepted too.
    expectRefused(await rawGet(port, "/ws-gate?mode=bad", UPGRADE), /(?:WS|GET) \/ws-gate\b/);
  });

  it("still refuses an upgrade with a valid HttpError header", async () => {
    const exchanged = await rawGet(port, "/ws-gate?mode=ok", UPGRADE);
    expect([exchanged.responses[0]?.status, exchanged.responses[0]?.headers["www-authenticate"]]).toEqual([401, "Bearer"]);
  });
});
