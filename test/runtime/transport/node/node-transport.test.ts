/**
 * The node:http transport's own parts: its path table (uWS's matching precedence, checked
 * directly), and, on a real server, the answers node:http gives where uWS gives none, with the
 * framework's JSON bodies. The shared HTTP behaviour of both transports is in ../http-transport.test.ts.
 */
import WebSocket from "ws";
import { App, type Socket } from "typekiln";
import { PathTable } from "../../../../runtime/transport/node/path-table";
import { exchange, expectAlive } from "../../../helpers/http";

describe("path table", () => {
  const table = new PathTable<string>();
  for (const pattern of ["/users/me", "/users/:id", "/users/:id/orders", "/files/*", "/:any/orders", "/", "/users/"]) {
    table.add(pattern, pattern);
  }
  const match = (path: string) => {
    const found = table.match(path);
    return found === undefined ? undefined : [found.value, ...found.params];
  };

  it("prefers a static segment to a parameter, and a parameter to a wildcard, segment by segment", () => {
    expect(match("/users/me")).toEqual(["/users/me"]);
    expect(match("/users/42")).toEqual(["/users/:id", "42"]);
    expect(match("/users/42/orders")).toEqual(["/users/:id/orders", "42"]);
    expect(match("/shops/orders")).toEqual(["/:any/orders", "shops"]);
    // Backtracks: `/users/me/orders` has no static route, so `:id` takes `me`.
    expect(match("/users/me/orders")).toEqual(["/users/:id/orders", "me"]);
  });

  it("gives a parameter one non-empty segment, raw, and a trailing * one segment or more", () => {
    expect(match("/users/a%20b")).toEqual(["/users/:id", "a%20b"]);
    expect(match("/users/")).toEqual(["/users/"]);
    expect(match("/users//orders")).toBeUndefined();
    expect(match("/files/a/b.txt")).toEqual(["/files/*"]);
    expect(match("/files/")).toEqual(["/files/*"]);
    expect(match("/files")).toBeUndefined();
    expect(match("/")).toEqual(["/"]);
    expect(match("/nothing/here")).toBeUndefined();
  });

  it("tells apart static segments that share a prefix, among few siblings and among many", () => {
    for (const count of [3, 20]) {
      const wide = new PathTable<string>();
      const names = Array.from({ length: count }, (_, i) => `item${"s".repeat(i)}`);
      for (const name of names) {
        wide.add(`/${name}/:id`, name);
        wide.add(`/lists/${name}`, `list ${name}`);
      }
      wide.add("/:other/:id", "other");
      for (const name of names) {
        expect(wide.match(`/${name}/7`)).toEqual({ value: name, params: ["7"] });
        expect(wide.match(`/lists/${name}`)?.value).toBe(`list ${name}`);
      }
      expect(wide.match(`/${names[0]}x/7`)).toEqual({ value: "other", params: [`${names[0]}x`, "7"] });
      expect(wide.match("/lists/item/extra")).toBeUndefined();
      expect(wide.match("/lists/ite")).toEqual({ value: "other", params: ["lists", "ite"] });
    }
  });

  it("keeps the first value added for a pattern", () => {
    const twice = new PathTable<number>();
    twice.add("/a/:x", 1);
    twice.add("/a/:y", 2);
    expect(twice.match("/a/b")?.value).toBe(1);
  });
});

describe("the node transport on a real server", () => {
  const app = new App({ transport: "node", logger: false });
  app.get("/health", () => ({ ok: true }));
  app.post("/echo", (body: { text: string }) => body);
  app.ws("/chat", {
    message: (ws: Socket<{ said: string }>, message: { text: string }) => void ws.send({ said: message.text }),
  });
  let port = 0;
  let transport = "";
  const saved = process.env.TYPEKILN_TRANSPORT;

  beforeAll(async () => {
    // This file tests the node transport whichever transport the suite runs on.
    delete process.env.TYPEKILN_TRANSPORT;
    ({ port, transport } = await app.listen(0, "127.0.0.1"));
  });
  afterAll(async () => {
    await app.close();
    if (saved === undefined) delete process.env.TYPEKILN_TRANSPORT;
    else process.env.TYPEKILN_TRANSPORT = saved;
  });
  afterEach(() => expectAlive(port));

  it("serves on node:http when the app asks for it", () => {
    expect(transport).toBe("node");
  });

  it("answers HTTP/1.0 and closes the connection after it", async () => {
    const { responses, closed } = await exchange(port, "GET /health HTTP/1.0\r\n\r\n");
    expect([responses.map((r) => [r.status, r.body]), closed]).toEqual([[[200, '{"ok":true}']], true]);
  });

  it.each([
    ["no Host on HTTP/1.1", "GET /health HTTP/1.1\r\n\r\n", 400, "Malformed request"],
    ["two Host headers", "GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "Malformed request"],
    ["101 header lines", `GET /health HTTP/1.1\r\nHost: x\r\n${"X-A: b\r\n".repeat(100)}\r\n`, 431, "Request header fields too large"],
    ["a 20 KiB header", `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20 * 1024)}\r\n\r\n`, 431, "Request header fields too large"],
    ["a request line that is not HTTP", "G@T /health HTTP/1.1\r\nHost: x\r\n\r\n", 400, "Malformed request"],
    ["Content-Length with Transfer-Encoding", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 11\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 400, "Request body framing is ambiguous"],
    ["a chunk size that is not hex", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", 400, "Malformed request"],
  ])("answers %s with its JSON error and closes", async (_, request, status, detail) => {
    const { responses, closed } = await exchange(port, request);
    expect(responses.map((r) => [r.status, r.headers.connection, r.headers["x-content-type-options"], r.body])).toEqual([
      [status, "close", "nosniff", JSON.stringify({ detail })],
    ]);
    expect(Number.isNaN(Date.parse(responses[0]!.headers.date ?? ""))).toBe(false);
    expect(closed).toBe(true);
  });

  it("answers an upgrade to another protocol on an HTTP route as HTTP", async () => {
    const { responses } = await exchange(port, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n");
    expect(responses.map((r) => [r.status, r.body])).toEqual([[200, '{"ok":true}']]);
  });

  it("answers a WebSocket upgrade on a path without a socket route with the HTTP routes' 404", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/nowhere`);
    const status = await new Promise<number>((resolve) => ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(404);
  });

  it("validates and answers WebSocket messages with the ws package", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/chat`);
    await new Promise((resolve) => ws.once("open", resolve));
    const answer = new Promise<string>((resolve) => ws.once("message", (data) => resolve(String(data))));
    ws.send(JSON.stringify({ text: "hi" }));
    expect(JSON.parse(await answer)).toEqual({ said: "hi" });
    ws.close();
  });
});
