import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type net from "node:net";
import { App, FileResponse, type ServerSentEvent } from "typekiln";
import { connect, parseHead, sleep, until } from "../../helpers/raw-http";
import { expectAlive } from "../../helpers/http";

interface Chunk {
  text: string;
}

// Big enough that a client that reads nothing fills the socket buffers within a few writes.
const CHUNK = "x".repeat(64 * 1024);
const ended: string[] = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "typekiln-send-timeout-"));
const bigFile = path.join(dir, "big.bin");
fs.writeFileSync(bigFile, Buffer.alloc(32 * 1024 * 1024, 7));

const app = new App({ title: "send timeout", sendTimeout: 400 });
app.get("/health", () => ({ ok: true }));

app.get("/events", { sendTimeout: 300 }, async function* (): AsyncGenerator<ServerSentEvent<Chunk>> {
  try {
    for (;;) yield { data: { text: CHUNK } };
  } finally {
    ended.push("events");
  }
});

// The app's sendTimeout applies to a route that sets none.
app.get("/lines", async function* (): AsyncGenerator<Chunk> {
  try {
    for (;;) yield { text: CHUNK };
  } finally {
    ended.push("lines");
  }
});

app.get("/file", { sendTimeout: 300 }, () => new FileResponse(bigFile));

// A slow but steady reader is not stalled: the connection accepts bytes within every sendTimeout.
// (The clock sees the socket, not the client: on loopback the kernel buffers megabytes, and the
// socket reports room only once a share of them has drained, so the timeout here is longer.)
app.get("/steady", { sendTimeout: 2_000 }, async function* (): AsyncGenerator<Chunk> {
  try {
    for (let i = 0; i < 64; i++) yield { text: CHUNK };
  } finally {
    ended.push("steady");
  }
});

let port = 0;
beforeAll(async () => {
  ({ port } = await app.listen(0, "127.0.0.1"));
});
afterAll(async () => {
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  ended.length = 0;
});
afterEach(() => expectAlive(port));

/** Sends a GET and reads only the response head, then stops reading; resolves once the head is in. */
async function openAndStall(target: string): Promise<{ socket: net.Socket; status: number; closed: () => boolean }> {
  const socket = await connect(port);
  let closed = false;
  socket.on("close", () => (closed = true));
  socket.on("error", () => undefined);
  const head = await new Promise<number>((resolve) => {
    let text = "";
    const onData = (chunk: Buffer): void => {
      text += chunk.toString("latin1");
      const parsed = parseHead(text);
      if (parsed === undefined) return;
      socket.off("data", onData);
      socket.pause(); // from here on the client takes nothing
      resolve(parsed.status);
    };
    socket.on("data", onData);
    socket.write(`GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`);
  });
  return { socket, status: head, closed: () => closed };
}

/** Resumes reading (discarding), so the client sees the close the server already made. */
async function expectClosedByServer(socket: net.Socket, closed: () => boolean): Promise<void> {
  socket.on("data", () => undefined);
  socket.resume();
  await until(closed, 5_000, "the server to close the connection");
}

describe("sendTimeout", () => {
  it("closes a server-sent event stream whose client reads nothing, and its generator's finally runs", async () => {
    const { socket, status, closed } = await openAndStall("/events");
    expect(status).toBe(200);
    await until(() => ended.includes("events"), 5_000, "the generator's finally");
    await expectClosedByServer(socket, closed);
  });

  it("takes the app's sendTimeout for a JSON Lines route that sets none", async () => {
    const started = Date.now();
    const { socket, closed } = await openAndStall("/lines");
    await until(() => ended.includes("lines"), 5_000, "the generator's finally");
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    await expectClosedByServer(socket, closed);
  });

  it("closes a file response whose client reads nothing", async () => {
    const { socket, status, closed } = await openAndStall("/file");
    expect(status).toBe(200);
    await sleep(1_000);
    await expectClosedByServer(socket, closed);
  });

  it("keeps a stream going to a client that reads slowly but steadily", async () => {
    const socket = await connect(port);
    let received = 0;
    let closed = false;
    socket.on("close", () => (closed = true));
    socket.on("data", (chunk: Buffer) => {
      received += chunk.length;
      // Take a little, pause, take again.
      socket.pause();
      setTimeout(() => socket.resume(), 50);
    });
    socket.write("GET /steady HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    await until(() => closed, 20_000, "the whole stream");
    expect(received).toBeGreaterThan(64 * CHUNK.length);
    expect(ended).toEqual(["steady"]);
  });

  it("refuses a sendTimeout that is not a whole number of milliseconds", () => {
    expect(() => new App({ sendTimeout: -1 })).toThrow(expect.objectContaining({ code: "TK_RT_BAD_APP_OPTION" }));
    const other = new App();
    expect(() => other.get("/x", { sendTimeout: 1.5 }, () => ({ ok: true }))).toThrow(expect.objectContaining({ code: "TK_RT_BAD_ROUTE_OPTION" }));
  });
});
