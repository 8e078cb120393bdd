/**
 * testClient(app): requests sent in process reach the whole app — routing, middleware,
 * dependencies and their overrides, validation, error handlers, streams, uploads, WebSockets —
 * and the lifespan runs only when asked, as with FastAPI's `with TestClient(app)`.
 */
import {
  App, HttpError, compression, cors, testClient, use,
  type File, type Header, type RequestContext, type ServerSentEvent, type Socket, type tags,
} from "typekiln";

interface Item { id: number; name: string }
interface ItemCreate { name: string & tags.MinLength<1> }

interface Detail { detail: { type: string; loc: unknown[] }[] }

const lifespan: string[] = [];
const feed = { release: () => {}, finished: 0 };

class Teapot extends Error {}

function database(): { find: (id: number) => Item | undefined } {
  return { find: (id) => (id === 1 ? { id: 1, name: "real" } : undefined) };
}

const app = new App<{ ready?: boolean }>({ title: "test client", logger: false });
app.use(cors({ origins: ["https://app.example.com"] })).use(compression({ threshold: 100 }));
app.onStartup((state) => {
  lifespan.push("startup");
  state.ready = true;
});
app.onShutdown(() => void lifespan.push("shutdown"));
app.onError(Teapot, () => new HttpError(418, "short and stout"));

app.get("/items/:id", (id: number, verbose: boolean = false, db = use(database)): Item & { verbose: boolean } => {
  const item = db.find(id);
  if (item === undefined) throw new HttpError(404, "Item not found", { "x-missing": String(id) });
  return { ...item, verbose };
});
app.post("/items", { status: 201, bodyLimit: 64 }, (item: ItemCreate): Item => ({ id: 2, name: item.name }));
app.get("/who", (xToken: Header<string>, tag: string[] = []) => ({ token: xToken, tag }));
app.get("/ready", () => ({ ready: app.state.ready === true }));
app.get("/teapot", (): Item => { throw new Teapot(); });
app.get("/big", () => ({ text: "x".repeat(1000) }));
app.get("/broken", (): Item => { throw new Error("secret detail"); });
const slow = { started: () => {}, aborted: "" };
app.get("/slow", async (ctx: RequestContext) => {
  slow.started();
  await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve()));
  slow.aborted = String((ctx.signal.reason as Error | undefined)?.name);
  return { late: true };
});
app.post("/upload", (file: File) => ({ name: file.name, type: file.mediaType, size: file.size }));

app.get("/feed", async function* (): AsyncGenerator<ServerSentEvent<{ n: number }>> {
  try {
    yield { event: "first", data: { n: 1 } };
    await new Promise<void>((resolve) => (feed.release = resolve));
    yield { event: "second", data: { n: 2 } };
  } finally {
    feed.finished++;
  }
});

app.ws("/echo", {
  upgrade: (xToken?: Header<string>) => {
    if (xToken === "bad") throw new HttpError(403, "Forbidden token");
    return { token: xToken ?? "none" };
  },
  open: (ws: Socket<{ echo: string; token: string }, { token: string }>) => void ws.send({ echo: "hello", token: ws.data.token }),
  message: (ws, msg: { text: string & tags.MinLength<1> }) => void ws.send({ echo: msg.text, token: ws.data.token }),
});

const client = testClient(app);
afterAll(() => client.close());

describe("testClient", () => {
  it("answers a JSON route with status, headers and body", async () => {
    const res = await client.get("/items/1", { query: { verbose: true } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await res.json()).toEqual({ id: 1, name: "real", verbose: true });
  });

  it("sends headers and repeated query parameters", async () => {
    const res = await client.get("/who", { headers: { "x-token": "t1" }, query: { tag: ["a", "b"] } });
    expect(await res.json()).toEqual({ token: "t1", tag: ["a", "b"] });
    expect((await client.get("/who")).status).toBe(422);
  });

  it("answers HttpError with its status, detail and headers", async () => {
    const res = await client.get("/items/7");
    expect([res.status, res.headers.get("x-missing"), await res.json()]).toEqual([404, "7", { detail: "Item not found" }]);
  });

  it("runs the app's error handlers", async () => {
    const res = await client.get("/teapot");
    expect([res.status, await res.json()]).toEqual([418, { detail: "short and stout" }]);
  });

  it("uses a dependency's override while it is set", async () => {
    app.override(database, () => ({ find: (id: number) => ({ id, name: "fake" }) }));
    try {
      expect(await (await client.get("/items/7")).json()).toEqual({ id: 7, name: "fake", verbose: false });
    } finally {
      app.override(database);
    }
    expect((await client.get("/items/7")).status).toBe(404);
  });

  it("validates JSON bodies with FastAPI's 422s", async () => {
    const created = await client.post("/items", { json: { name: "pen" } });
    expect([created.status, await created.json()]).toEqual([201, { id: 2, name: "pen" }]);
    const invalid = await client.post("/items", { json: { name: "" } });
    expect(invalid.status).toBe(422);
    expect(((await invalid.json()) as Detail).detail[0]).toMatchObject({ type: "string_too_short", loc: ["body", "name"] });
    const malformed = await client.post("/items", { body: "{bad", headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(422);
    expect(((await malformed.json()) as Detail).detail[0].type).toBe("json_invalid");
    // fetch's default text/plain: validated as its text, as FastAPI does.
    const text = await client.post("/items", { body: '{"name":"pen"}' });
    expect([text.status, ((await text.json()) as Detail).detail[0]!.loc]).toEqual([422, ["body"]]);
  });

  it("answers 413 for a body over the route's limit, declared or chunked, and closes the connection", async () => {
    const declared = await client.post("/items", { json: { name: "x".repeat(100) } });
    expect([declared.status, declared.headers.get("connection")]).toEqual([413, "close"]);
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(Buffer.from('{"name":"0123456789"'));
        controller.close();
      },
    });
    const chunked = await client.post("/items", { body: chunks, headers: { "content-type": "application/json" }, duplex: "half" } as RequestInit);
    expect([chunked.status, chunked.headers.get("connection")]).toEqual([413, "close"]);
    expect((await client.get("/items/1")).status).toBe(200); // the next request gets a fresh connection
  });

  it("answers a handler's crash with the generic 500, leaking nothing, and keeps serving", async () => {
    const res = await client.get("/broken");
    expect([res.status, await res.json()]).toEqual([500, { detail: "Internal Server Error" }]);
    expect((await client.get("/items/1")).status).toBe(200);
  });

  it("aborts the handler's signal when the client aborts the request", async () => {
    const controller = new AbortController();
    const started = new Promise<void>((resolve) => (slow.started = resolve));
    const pending = client.get("/slow", { signal: controller.signal });
    await started;
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    for (let i = 0; i < 100 && slow.aborted === ""; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(slow.aborted).toBe("AbortError");
    expect((await client.get("/items/1")).status).toBe(200);
  });

  it("answers 404 JSON, 405 with Allow, HEAD without a body", async () => {
    expect([(await client.get("/nowhere")).status, await (await client.get("/nowhere")).json()]).toEqual([404, { detail: "Not Found" }]);
    const notAllowed = await client.delete("/items/1");
    expect([notAllowed.status, notAllowed.headers.get("allow")]).toEqual([405, "GET, HEAD"]);
    const head = await client.head("/items/1");
    const get = await client.get("/items/1");
    expect([head.status, head.headers.get("content-length"), await head.text()]).toEqual([200, get.headers.get("content-length"), ""]);
  });

  it("runs middleware: CORS preflight and gzip, decoded as fetch decodes it", async () => {
    const preflight = await client.options("/items/1", {
      headers: { origin: "https://app.example.com", "access-control-request-method": "GET" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    const big = await client.get("/big", { headers: { "accept-encoding": "gzip" } });
    expect(big.headers.get("content-encoding")).toBe("gzip");
    expect(await big.json()).toEqual({ text: "x".repeat(1000) });
  });

  it("uploads a multipart file from FormData", async () => {
    const form = new FormData();
    form.append("file", new Blob(["hello world"], { type: "text/plain" }), "hello.txt");
    const res = await client.post("/upload", { body: form });
    expect(await res.json()).toEqual({ name: "hello.txt", type: "text/plain", size: 11 });
  });

  it("streams server-sent events as they are sent", async () => {
    const res = await client.get("/feed");
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const reader = res.body!.getReader();
    let seen = "";
    while (!seen.includes("event: first")) seen += Buffer.from((await reader.read()).value!).toString();
    expect(seen).toContain('data: {"n":1}');
    expect(feed.finished).toBe(0);
    feed.release();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) seen += Buffer.from(chunk.value).toString();
    expect(seen).toContain('event: second\ndata: {"n":2}');
    expect(feed.finished).toBe(1);
  });

  it("talks to a WebSocket: messages both ways, validation errors, close", async () => {
    const ws = await client.websocket("/echo", { headers: { "x-token": "t1" } });
    expect(await ws.receiveJson()).toEqual({ echo: "hello", token: "t1" });
    ws.send({ text: "hi" });
    expect(await ws.receiveJson()).toEqual({ echo: "hi", token: "t1" });
    ws.send({ text: "" });
    expect(await ws.receiveJson()).toMatchObject({ type: "error", detail: [{ type: "string_too_short" }] });
    expect(await ws.close(1000, "bye")).toEqual({ code: 1000, reason: "bye" });
  });

  it("rejects a refused upgrade with the status and body the app answered", async () => {
    await expect(client.websocket("/echo", { headers: { "x-token": "bad" } }))
      .rejects.toMatchObject({ status: 403, body: JSON.stringify({ detail: "Forbidden token" }) });
  });

  it("runs start-up hooks only at start(), and shutdown hooks at close()", async () => {
    expect(lifespan).toEqual([]);
    expect(await (await client.get("/ready")).json()).toEqual({ ready: false });
    await client.start();
    expect(lifespan).toEqual(["startup"]);
    expect(await (await client.get("/ready")).json()).toEqual({ ready: true });
    await client.close();
    expect(lifespan).toEqual(["startup", "shutdown"]);
    // The app serves in memory again on the next request.
    expect((await client.get("/items/1")).status).toBe(200);
  });

  it("refuses routes added once the app is served in memory", () => {
    expect(() => app.get("/late", () => 1)).toThrow(/TK_RT_LATE_ROUTE|after/);
  });
});
