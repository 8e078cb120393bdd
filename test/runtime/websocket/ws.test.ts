import WebSocket from "ws";
import { App, HttpError, type Cookie, type Header, type Query, type RequestContext, type Socket, type tags } from "typekiln";

type ChatIn =
  | { type: "join"; name: string & tags.MinLength<1> }
  | { type: "say"; text: string & tags.MaxLength<100> };
interface Said { type: "said"; from: string; text: string }
interface Joined { type: "joined"; name: string; room: string }
type ChatOut = Said | Joined;
interface Data { room: string; user: string; secret?: string }

const app = new App({ title: "ws test", logger: false });
const seen: string[] = [];

app.ws("/rooms/:room", {
  upgrade: async (room: string & tags.MinLength<2>, token?: Header<string>, strict: boolean = false): Promise<Data> => {
    if (token === "bad") throw new HttpError(403, "Forbidden token");
    await new Promise((resolve) => setTimeout(resolve, 1));
    return { room, user: token ?? "anon", secret: strict ? "s" : "x" };
  },
  open: (ws: Socket<ChatOut, Data>) => {
    ws.subscribe(ws.data.room);
  },
  message: (ws, msg: ChatIn) => {
    if (msg.type === "join") ws.send({ type: "joined", name: msg.name, room: ws.data.room });
    else ws.publish(ws.data.room, { type: "said", from: ws.data.user, text: msg.text });
  },
  close: (ws, code) => void seen.push(`${ws.data.user}:${code}`),
});

app.ws("/strict", {
  message: (ws: Socket<{ ok: true }>, msg: { n: number }) => void ws.send({ ok: true }),
}, { invalidMessage: "close" });

app.ws("/bytes", {
  message: (ws: Socket<{ size: number }>, data: Uint8Array) => void ws.send({ size: data.byteLength }),
});

interface Point { x: number; y: number }

/**
 * Points, echoed.
 * @param xTrace Correlates a client's sockets.
 */
app.ws<Point>("/points", {
  upgrade: (xTrace?: Header<string>) => ({ trace: xTrace ?? "" }),
  // The extra property must never leave the server: the serializer writes declared ones only.
  message: (ws, point: Point) => void ws.send({ ...point, secret: "hidden" } as Point),
});

interface Where { path: string; query: string; session: string; page: number }
app.ws("/where", {
  upgrade: (ctx: RequestContext, session: Cookie<string>, q: Query<{ page: number & tags.Minimum<1> }>) =>
    ({ path: ctx.path, query: ctx.query, session, page: q.page }),
  open: (ws: Socket<Where, Where>) => void ws.send(ws.data),
});

app.ws("/zip", {
  message: (ws: Socket<{ text: string }>, msg: { text: string }) => void ws.send({ text: msg.text.toUpperCase() }),
}, { compression: true });

let base = "";
beforeAll(async () => {
  const { port } = await app.listen(0, "127.0.0.1");
  base = `ws://127.0.0.1:${port}`;
});
afterAll(() => app.close());

const connect = (path: string, headers: Record<string, string> = {}): Promise<WebSocket> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(base + path, { headers });
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const next = (ws: WebSocket): Promise<any> =>
  new Promise((resolve) => ws.once("message", (data) => resolve(JSON.parse(String(data)))));
const closed = (ws: WebSocket): Promise<[number, string]> =>
  new Promise((resolve) => ws.once("close", (code, reason) => resolve([code, String(reason)])));
const rejection = (path: string, headers: Record<string, string> = {}): Promise<[number, string]> =>
  new Promise((resolve) => {
    const ws = new WebSocket(base + path, { headers });
    ws.once("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve([res.statusCode!, body]));
    });
    ws.once("error", () => undefined);
  });

describe("app.ws", () => {
  it("answers a typed message with a typed message", async () => {
    const ws = await connect("/rooms/lobby", { token: "ada" });
    const reply = next(ws);
    ws.send(JSON.stringify({ type: "join", name: "Ada" }));
    expect(await reply).toEqual({ type: "joined", name: "Ada", room: "lobby" });
    ws.close();
  });

  it("answers an invalid message with an error frame and stays usable", async () => {
    const ws = await connect("/rooms/lobby");
    let reply = next(ws);
    ws.send(JSON.stringify({ type: "join", name: "" }));
    const error = await reply;
    expect(error.type).toBe("error");
    expect(error.detail[0]).toMatchObject({ type: "string_too_short", loc: ["message", "name"] });
    reply = next(ws);
    ws.send("{not json");
    expect((await reply).detail[0]).toMatchObject({ type: "json_invalid", loc: ["message", 1] });
    reply = next(ws);
    ws.send(JSON.stringify({ type: "join", name: "Bo" }));
    expect(await reply).toEqual({ type: "joined", name: "Bo", room: "lobby" });
    ws.close();
  });

  it("closes with 1007 on an invalid message when configured", async () => {
    const ws = await connect("/strict");
    const done = closed(ws);
    ws.send(JSON.stringify({ n: "x" }));
    expect(await done).toEqual([1007, "Invalid message"]);
  });

  it("hands binary messages over as Uint8Array", async () => {
    const ws = await connect("/bytes");
    const reply = next(ws);
    ws.send(Buffer.from([1, 2, 3]));
    expect(await reply).toEqual({ size: 3 });
    const error = next(ws);
    ws.send("text");
    expect((await error).detail[0]).toMatchObject({ type: "bytes_type", loc: ["message"] });
    ws.close();
  });

  it("refuses an upgrade whose parameters fail validation with 422", async () => {
    const [status, body] = await rejection("/rooms/x");
    expect(status).toBe(422);
    expect(JSON.parse(body).detail[0]).toMatchObject({ type: "string_too_short", loc: ["path", "room"] });
  });

  it("refuses an upgrade with the status of a thrown HttpError", async () => {
    expect(await rejection("/rooms/lobby", { token: "bad" })).toEqual([403, JSON.stringify({ detail: "Forbidden token" })]);
  });

  it("takes the outbound type from a type argument and writes only its declared properties", async () => {
    const ws = await connect("/points");
    const reply = next(ws);
    ws.send(JSON.stringify({ x: 1, y: 2 }));
    expect(await reply).toEqual({ x: 1, y: 2 });
    ws.close();
  });

  it("places the upgrade's parameters and reads the message formats into the socket manifests", () => {
    const byPath = new Map(app.socketManifests().map((manifest) => [manifest.path, manifest]));
    expect(byPath.get("/rooms/:room")!.upgrade.map((input) => [input.source, "name" in input ? input.name : undefined])).toEqual([
      ["path", "room"],
      ["header", "token"],
      ["query", "strict"],
    ]);
    expect(byPath.get("/rooms/:room")!.inbound.format).toBe("json");
    expect(byPath.get("/bytes")!.inbound.format).toBe("binary");
    expect(byPath.get("/where")!.inbound.format).toBe("none");
    expect(byPath.get("/where")!.serialize).toBeDefined();
  });

  it("documents each socket as an AsyncAPI channel, from its types and JSDoc", () => {
    const document = app.asyncapi() as any;
    expect(document.asyncapi).toBe("3.0.0");
    const points = document.channels.points;
    expect(points.summary).toBe("Points, echoed.");
    expect(points.bindings.ws.headers).toEqual({
      type: "object",
      properties: { "x-trace": { type: "string", description: "Correlates a client's sockets." } },
    });
    expect(Object.keys(points.messages)).toEqual(["Point", "Point_out", "error"]);
    expect(document.components.schemas.Point).toMatchObject({ type: "object", required: ["x", "y"] });
    expect(document.channels.rooms_room.parameters).toEqual({ room: {} });
    expect(document.channels.bytes.messages.binary.$ref).toBe("#/components/messages/bytes.binary");
    // `invalidMessage: "close"` sends no error frame, so none is documented.
    expect(Object.keys(document.channels.strict.messages)).not.toContain("error");
  });

  it("gives the upgrade cookies, a Query<T> object and the request context", async () => {
    const ws = new WebSocket(base + "/where?page=2", { headers: { cookie: "session=abc" } });
    expect(await next(ws)).toEqual({ path: "/where", query: "page=2", session: "abc", page: 2 });
    ws.close();
    const [status, body] = await rejection("/where?page=0", { cookie: "session=abc" });
    expect([status, JSON.parse(body).detail[0].loc]).toEqual([422, ["query", "page"]]);
  });

  it("negotiates permessage-deflate when compression is on", async () => {
    const ws = await connect("/zip");
    expect(ws.extensions).toContain("permessage-deflate");
    const reply = next(ws);
    ws.send(JSON.stringify({ text: "ab".repeat(4000) }));
    expect(await reply).toEqual({ text: "AB".repeat(4000) });
    ws.close();
    const plain = await connect("/points");
    expect(plain.extensions).toBe("");
    plain.close();
  });

  it("answers a plain GET on a socket path with 404", async () => {
    expect((await fetch(base.replace("ws:", "http:") + "/rooms/lobby")).status).toBe(404);
  });

  it("publishes to the other subscribers of a topic", async () => {
    const [a, b] = await Promise.all([connect("/rooms/r1", { token: "a" }), connect("/rooms/r1", { token: "b" })]);
    const got = next(b);
    a.send(JSON.stringify({ type: "say", text: "hi" }));
    expect(await got).toEqual({ type: "said", from: "a", text: "hi" });
    a.close();
    b.close();
  });
});

describe("app.ws registration", () => {
  it("refuses an idle timeout uWS would abort on", () => {
    const other = new App();
    expect(() => other.ws("/t", { open: (ws: Socket<never>) => void ws }, { idleTimeout: 5 })).toThrow(
      expect.objectContaining({ code: "TK_RT_BAD_ROUTE_OPTION" }),
    );
  });

  it("refuses a second socket on the same path shape", () => {
    const other = new App();
    other.ws("/t/:a", { open: (ws: Socket<never>) => void ws });
    expect(() => other.ws("/t/:b", { open: (ws: Socket<never>) => void ws })).toThrow(
      expect.objectContaining({ code: "TK_RT_DUPLICATE_ROUTE" }),
    );
  });

  it("names the fix when the transformer did not run", () => {
    const untransformed = new App() as unknown as { ws: (path: string, handlers: object) => unknown };
    expect(() => untransformed.ws("/t", {})).toThrow(expect.objectContaining({ code: "TK_RT_NO_MANIFEST" }));
  });

  it("serves no AsyncAPI document for an app without sockets", async () => {
    const plain = new App({ logger: false });
    plain.get("/", () => ({ ok: true }));
    const { port } = await plain.listen(0, "127.0.0.1");
    expect((await fetch(`http://127.0.0.1:${port}/asyncapi.json`)).status).toBe(404);
    await plain.close();
  });
});
