/**
 * The in-process client answers what a real socket answers: the same requests are sent to the
 * example apps with testClient(app) and with fetch over loopback on node:http and (where a native
 * build loads) uWS, and the statuses, headers and body bytes must agree. Headers that belong to a
 * connection rather than to the answer (Date, Connection, Keep-Alive, Transfer-Encoding, uWS's
 * own) and the random request id are left out.
 */
import net from "node:net";
import { TestSocket, testClient, type App } from "typekiln";
import { app as users } from "../../examples/users/app";
import { app as notes } from "../../examples/notes/app";
import { app as files } from "../../examples/files/app";
import { app as parameters } from "../../examples/parameters/app";
import { app as chat } from "../../examples/chat/app";
import { AUTO_TRANSPORT } from "../helpers/transport";

interface Case {
  readonly method?: string;
  readonly path: string;
  readonly body?: string | Uint8Array | FormData;
  readonly headers?: Record<string, string>;
}

/** Headers of the connection, not of the answer; and the request id, random by design. */
const CONNECTION_HEADERS = new Set(["date", "connection", "keep-alive", "transfer-encoding", "uwebsockets", "x-request-id"]);

type Seen = [status: number, headers: [string, string][], body: string];

const JSON_HEADERS = { "content-type": "application/json" };
const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");

const usersCases: Case[] = [
  { method: "POST", path: "/users/", body: JSON.stringify({ name: 1 }), headers: JSON_HEADERS },
  { method: "POST", path: "/users/", body: JSON.stringify({ name: "", email: "not-an-email", age: -1 }), headers: JSON_HEADERS },
  { method: "POST", path: "/users/", body: "{bad", headers: JSON_HEADERS },
  { method: "POST", path: "/users/", body: "", headers: JSON_HEADERS },
  { method: "POST", path: "/users/", body: JSON.stringify({ name: "Ada", email: "ada@example.com" }), headers: { "content-type": "text/plain" } },
  { method: "POST", path: "/users/", body: '{"__proto__":{"x":1},"name":"a","email":"a@b.co"}', headers: JSON_HEADERS },
  { method: "POST", path: "/users/", body: "x".repeat(1024 * 1024 + 1), headers: JSON_HEADERS },
  { path: "/users/abc" },
  { path: "/users/999" },
  { path: "/users/%zz" },
  { path: "/users/?limit=0&offset=-1" },
  { path: "/users/?q=nobody" },
  { path: "/whoami", headers: { "user-agent": "parity", "x-request-id": "nope" } },
  { method: "DELETE", path: "/users/" },
  { path: "/users" },
  { path: "/nowhere" },
  { method: "HEAD", path: "/users/999" },
  { path: "/openapi.json" },
  { path: "/docs" },
];

const notesCases: Case[] = [
  { method: "POST", path: "/notes", body: JSON.stringify({ text: "first" }), headers: JSON_HEADERS },
  { path: "/notes/1" },
  { path: "/notes/2" },
  { path: "/notes.txt" },
  { path: "/" },
  { path: "/list" },
  { path: "/openapi.json", headers: { "accept-encoding": "gzip" } },
  { method: "OPTIONS", path: "/notes", headers: { origin: "https://notes.example.com", "access-control-request-method": "POST" } },
  { path: "/notes/1", headers: { origin: "https://evil.example.org" } },
];

const filesCases: Case[] = [
  { path: "/" },
  { path: "/photos.jsonl" },
  { path: "/photos/1/raw" },
  { path: "/photos/1/raw", headers: { range: "bytes=0-3" } },
  { path: "/photos/1/raw", headers: { range: "bytes=999-" } },
  { method: "HEAD", path: "/photos/1/raw" },
  { path: "/photos/99/raw" },
];

const parametersCases: Case[] = [
  { path: "/files/12" },
  { path: "/files/-1" },
  { path: "/search?q=pen&sort=desc&tag=a&tag=b" },
  { path: "/search?sort=sideways" },
  { path: "/pages?page=2&size=10" },
  { path: "/lang", headers: { "accept-language": "fr", "x-api-key": "k" } },
  { path: "/session", headers: { cookie: "session=abcdefgh12" } },
  { path: "/session", headers: { cookie: "session=short" } },
  { method: "POST", path: "/area", body: JSON.stringify({ kind: "square", side: 3 }), headers: JSON_HEADERS },
  { method: "POST", path: "/area", body: JSON.stringify({ kind: "hexagon" }), headers: JSON_HEADERS },
  { method: "POST", path: "/tags", body: JSON.stringify(["a", "b"]), headers: JSON_HEADERS },
  { path: "/echo?x=1&y=%20" },
];

function seen(response: Response, body: Buffer): Seen {
  const headers = [...response.headers].filter(([name]) => !CONNECTION_HEADERS.has(name)).sort(([a], [b]) => a.localeCompare(b));
  return [response.status, headers, body.toString("latin1")];
}

const init = ({ method = "GET", body, headers = {} }: Case): RequestInit => ({
  method, headers, redirect: "manual", ...(body === undefined ? {} : { body }),
});

/** The answers over loopback, on `transport`; `start` runs the lifespan as listen() does. */
async function overSocket(app: App<object>, transport: "uws" | "node", cases: readonly Case[]): Promise<Seen[]> {
  process.env.TYPEKILN_TRANSPORT = transport;
  const listening = await app.listen(0, "127.0.0.1");
  try {
    expect(listening.transport).toBe(transport);
    const out: Seen[] = [];
    for (const c of cases) {
      const response = await fetch(`http://127.0.0.1:${listening.port}${c.path}`, init(c));
      out.push(seen(response, Buffer.from(await response.arrayBuffer())));
    }
    return out;
  } finally {
    await app.close();
  }
}

async function inProcess(app: App<object>, cases: readonly Case[]): Promise<Seen[]> {
  const client = await testClient(app).start();
  try {
    const out: Seen[] = [];
    for (const c of cases) {
      const response = await client.request(`http://127.0.0.1${c.path}`, init(c));
      out.push(seen(response, Buffer.from(await response.arrayBuffer())));
    }
    return out;
  } finally {
    await client.close();
  }
}

const TRANSPORTS: readonly ("uws" | "node")[] = AUTO_TRANSPORT === "uws" ? ["uws", "node"] : ["node"];

const saved = process.env.TYPEKILN_TRANSPORT;
afterAll(() => {
  if (saved === undefined) delete process.env.TYPEKILN_TRANSPORT;
  else process.env.TYPEKILN_TRANSPORT = saved;
});

describe.each([
  ["users", users, usersCases],
  ["notes", notes, notesCases],
  ["files", files, filesCases],
  ["parameters", parameters, parametersCases],
] as [string, App<object>, Case[]][])("testClient on examples/%s", (name, app, cases) => {
  beforeAll(async () => {
    if (name !== "files") return;
    // One photo to download, uploaded through the client.
    const form = new FormData();
    form.append("caption", "a pixel");
    form.append("photo", new Blob([PNG], { type: "image/png" }), "pixel.png");
    const created = await testClient(app).post("/photos", { body: form });
    expect(created.status).toBe(201);
    await app.close();
  });

  it.each(TRANSPORTS)("answers what %s answers over a socket: status, headers, body bytes", async (transport) => {
    const socket = await overSocket(app, transport, cases);
    const memory = await inProcess(app, cases);
    expect(memory).toEqual(socket);
    // The cases reach successes and errors, not one blanket answer.
    const statuses = new Set(memory.map(([status]) => status));
    expect(statuses.has(200) && statuses.size >= 2).toBe(true);
  });
});

/** Two members of a room: what each receives, in order. */
async function chatScript(open: (path: string) => Promise<TestSocket>): Promise<unknown[]> {
  const ada = await open("/rooms/lobby?user=ada");
  const bob = await open("/rooms/lobby?user=bob");
  const frames: unknown[] = [await ada.receiveJson(), await bob.receiveJson()];
  ada.send({ type: "say", text: "hello" });
  frames.push(await ada.receiveJson(), await bob.receiveJson());
  bob.send({ type: "typing" });
  frames.push(await ada.receiveJson());
  ada.send({ type: "say", text: "" });
  frames.push(await ada.receiveJson());
  frames.push(await ada.close(1000, "bye"), await bob.close());
  const refused = await open("/rooms/lobby?user=admin").then(() => "opened", (err: { status: number; body: string }) => [err.status, err.body]);
  frames.push(refused);
  return frames;
}

describe("testClient on examples/chat", () => {
  it.each(TRANSPORTS)("receives the frames a socket on %s receives", async (transport) => {
    process.env.TYPEKILN_TRANSPORT = transport;
    const { port } = await chat.listen(0, "127.0.0.1");
    let socket: unknown[];
    try {
      socket = await chatScript((path) => TestSocket.open(net.connect(port, "127.0.0.1"), path));
    } finally {
      await chat.close();
    }
    const client = testClient(chat);
    try {
      const memory = await chatScript((path) => client.websocket(path));
      expect(memory).toEqual(socket);
      expect(memory[memory.length - 1]).toEqual([403, JSON.stringify({ detail: "Reserved name" })]);
    } finally {
      await client.close();
    }
  });
});
