import WebSocket from "ws";
import { App, type Socket } from "typekiln";

// Socket<Uint8Array>: outbound frames are binary and sent as they are (no JSON on the way out).
const app = new App({ title: "binary ws", logger: false });
app.ws("/echo", { message: (ws: Socket<Uint8Array>, frame: Uint8Array) => void ws.send(frame) });

let port = 0;
beforeAll(async () => ({ port } = await app.listen(0, "127.0.0.1")));
afterAll(() => app.close());

describe("binary WebSocket messages", () => {
  it("echoes a binary frame byte for byte, as a binary frame", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/echo`);
    await new Promise((resolve, reject) => (ws.once("open", resolve), ws.once("error", reject)));
    const payload = Buffer.from([0, 1, 2, 250, 255, 128]);
    const answer = new Promise<[Buffer, boolean]>((resolve) => ws.once("message", (data, isBinary) => resolve([data as Buffer, isBinary])));
    ws.send(payload);
    const [data, isBinary] = await answer;
    expect(isBinary).toBe(true);
    expect(Buffer.compare(data, payload)).toBe(0);
    ws.close();
  });

  it("documents the outbound message as bytes in AsyncAPI", () => {
    const fragment = JSON.parse(app.socketManifests()[0]!.asyncapi);
    expect(JSON.stringify(fragment)).toContain("application/octet-stream");
    expect(app.socketManifests()[0]!.serialize).toBeUndefined();
  });
});
