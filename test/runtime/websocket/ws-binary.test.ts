import WebSocket from "ws";
import { App, type Socket } from "typekiln";
import { TRANSPORT } from "../../helpers/transport";

// Socket<Uint8Array> and Socket<ArrayBuffer>: outbound frames are binary and sent as they are (no
// JSON on the way out). Inbound, a Uint8Array parameter gets a copy of each frame; an ArrayBuffer
// parameter gets the frame uWS lends, detached once the handler returns.
const app = new App({ title: "binary ws", logger: false });
app.ws("/echo", { message: (ws: Socket<Uint8Array>, frame: Uint8Array) => void ws.send(frame) });
app.ws("/echo-lent", { message: (ws: Socket<ArrayBuffer>, frame: ArrayBuffer) => void ws.send(frame) });

/** What a handler that keeps the previous frame finds in it when the next one arrives. */
interface Kept { previousLength: number; previousFirstByte: number | null; length: number }
let keptCopy: Uint8Array | undefined;
let keptLent: ArrayBuffer | undefined;
app.ws("/keep-copy", {
  message: (ws: Socket<Kept>, frame: Uint8Array) => {
    const previous = keptCopy;
    keptCopy = frame;
    ws.send({ previousLength: previous?.byteLength ?? -1, previousFirstByte: previous?.[0] ?? null, length: frame.byteLength });
  },
});
/** Whether a view can still be made over `buffer` (a detached ArrayBuffer refuses one). */
const viewable = (buffer: ArrayBuffer): boolean => {
  try {
    return new Uint8Array(buffer).byteLength >= 0;
  } catch {
    return false;
  }
};
app.ws("/keep-lent", {
  message: (ws: Socket<Kept & { previousViewable: boolean | null }>, frame: ArrayBuffer) => {
    const previous = keptLent;
    keptLent = frame;
    ws.send({
      previousLength: previous?.byteLength ?? -1,
      previousFirstByte: previous !== undefined && viewable(previous) ? (new Uint8Array(previous)[0] ?? null) : null,
      previousViewable: previous === undefined ? null : viewable(previous),
      length: frame.byteLength,
    });
  },
});

// The route's handle publishes bytes the way its sockets send them: as binary frames, not as JSON.
const feed = app.ws("/feed", {
  open: (ws: Socket<Uint8Array>) => void ws.subscribe("ticks"),
  message: (ws, frame: Uint8Array) => void ws.publish("ticks", frame),
});

let port = 0;
beforeAll(async () => ({ port } = await app.listen(0, "127.0.0.1")));
afterAll(() => app.close());

const connect = async (path: string): Promise<WebSocket> => {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`);
  await new Promise((resolve, reject) => (ws.once("open", resolve), ws.once("error", reject)));
  return ws;
};
const exchange = (ws: WebSocket, data: Buffer | string): Promise<[Buffer, boolean]> => {
  const answer = new Promise<[Buffer, boolean]>((resolve) => ws.once("message", (reply, isBinary) => resolve([reply as Buffer, isBinary])));
  ws.send(data);
  return answer;
};

describe("binary WebSocket messages", () => {
  it.each(["/echo", "/echo-lent"])("%s echoes each binary frame byte for byte, as a binary frame", async (path) => {
    const ws = await connect(path);
    for (const size of [6, 1, 4096, 0, 70, 16_000]) {
      const payload = Buffer.alloc(size, (size % 251) + 1);
      if (size > 0) payload[size - 1] = 0;
      const [data, isBinary] = await exchange(ws, payload);
      expect([isBinary, data.byteLength, Buffer.compare(data, payload)]).toEqual([true, size, 0]);
    }
    ws.close();
  });

  it("gives a Uint8Array handler its own copy: a kept frame still holds its bytes later", async () => {
    keptCopy = undefined;
    const ws = await connect("/keep-copy");
    await exchange(ws, Buffer.from([7, 8, 9]));
    const [reply] = await exchange(ws, Buffer.from([1, 2]));
    expect(JSON.parse(reply.toString())).toEqual({ previousLength: 3, previousFirstByte: 7, length: 2 });
    ws.close();
  });

  // On the node transport the buffer is the handler's own and stays readable (README, "Runtimes and transports").
  (TRANSPORT === "uws" ? it : it.skip)("lends an ArrayBuffer handler uWS's frame: kept past the handler, it reads as empty, never as other bytes", async () => {
    keptLent = undefined;
    const ws = await connect("/keep-lent");
    const [first] = await exchange(ws, Buffer.from([7, 8, 9]));
    expect(JSON.parse(first.toString())).toEqual({ previousLength: -1, previousFirstByte: null, previousViewable: null, length: 3 });
    const [second] = await exchange(ws, Buffer.from([1, 2]));
    // Detached: no bytes left, and no view can be made over it.
    expect(JSON.parse(second.toString())).toEqual({ previousLength: 0, previousFirstByte: null, previousViewable: false, length: 2 });
    ws.close();
  });

  it("answers a text frame on a binary route with an error frame, and the socket stays open", async () => {
    const ws = await connect("/echo-lent");
    const [reply, isBinary] = await exchange(ws, "not bytes");
    expect([isBinary, JSON.parse(reply.toString())]).toEqual([false, {
      type: "error", detail: [{ type: "bytes_type", loc: ["message"], msg: "Input should be a valid bytes", input: null }],
    }]);
    const [data] = await exchange(ws, Buffer.from([5]));
    expect([...data]).toEqual([5]);
    ws.close();
  });

  it("publishes bytes as binary frames, from the route's handle and from a socket", async () => {
    const [a, b] = await Promise.all([connect("/feed"), connect("/feed")]);
    const next = (ws: WebSocket) => new Promise<[Buffer, boolean]>((resolve) => ws.once("message", (data, isBinary) => resolve([data as Buffer, isBinary])));
    const received = Promise.all([next(a), next(b)]);
    expect(feed.publish("ticks", new Uint8Array([0, 1, 250]))).toBe(true);
    for (const [data, isBinary] of await received) expect([isBinary, [...data]]).toEqual([true, [0, 1, 250]]);
    // A socket's own publish reaches the others (not itself), also as binary.
    const atB = next(b);
    a.send(Buffer.from([9, 0, 9]));
    const [data, isBinary] = await atB;
    expect([isBinary, [...data]]).toEqual([true, [9, 0, 9]]);
    a.close();
    b.close();
  });

  it("marks the lent route in its manifest and documents both directions as bytes in AsyncAPI", () => {
    const manifests = new Map(app.socketManifests().map((m) => [m.path, m]));
    expect(manifests.get("/echo")!.inbound).toEqual({ format: "binary" });
    expect(manifests.get("/echo-lent")!.inbound).toEqual({ format: "binary", lent: true });
    for (const path of ["/echo", "/echo-lent"]) {
      expect(manifests.get(path)!.serialize).toBeUndefined();
      expect(manifests.get(path)!.binary).toBe(true);
      expect(manifests.get(path)!.asyncapi).toContain("application/octet-stream");
    }
  });
});
