import WebSocket from "ws";
import { app } from "../../examples/chat/app";
import { validateAsyncApi } from "../helpers/asyncapi";

let port = 0;
beforeAll(async () => {
  ({ port } = await app.listen(0, "127.0.0.1"));
});
afterAll(() => app.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Frame = any;

/** A client that queues every frame it receives, so none is missed between awaits. */
const join = (room: string, user: string): Promise<{ ws: WebSocket; next: () => Promise<Frame> }> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/rooms/${room}?user=${user}`);
    const queue: Frame[] = [];
    const waiting: ((frame: Frame) => void)[] = [];
    ws.on("message", (data) => {
      const frame = JSON.parse(String(data));
      const waiter = waiting.shift();
      if (waiter) waiter(frame);
      else queue.push(frame);
    });
    const next = () => (queue.length > 0 ? Promise.resolve(queue.shift()) : new Promise<Frame>((r) => waiting.push(r)));
    ws.once("open", () => resolve({ ws, next }));
    ws.once("error", reject);
  });

describe("examples/chat (shown in README)", () => {
  it("serves a room to several clients", async () => {
    const ada = await join("lobby", "ada");
    const bob = await join("lobby", "bob");
    const eve = await join("other", "eve");
    expect(await ada.next()).toEqual({ type: "notice", text: "welcome to lobby, ada" });
    expect(await bob.next()).toEqual({ type: "notice", text: "welcome to lobby, bob" });
    await eve.next();
    ada.ws.send(JSON.stringify({ type: "say", text: "hello" }));
    expect(await ada.next()).toEqual({ type: "said", user: "ada", text: "hello" });
    expect(await bob.next()).toEqual({ type: "said", user: "ada", text: "hello" });
    bob.ws.send(JSON.stringify({ type: "typing" }));
    expect(await ada.next()).toEqual({ type: "typing", user: "bob" });

    // An invalid message is answered with an error frame; the socket stays usable.
    ada.ws.send(JSON.stringify({ type: "say", text: "" }));
    const error = await ada.next();
    expect(error).toMatchObject({ type: "error", detail: [{ type: "string_too_short", loc: ["message", "text"] }] });
    ada.ws.send(JSON.stringify({ type: "say", text: "still here" }));
    expect(await bob.next()).toEqual({ type: "said", user: "ada", text: "still here" });

    // An HTTP route broadcasts into the room, and only that room.
    const response = await fetch(`http://127.0.0.1:${port}/rooms/lobby/notices`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "maintenance at noon" }),
    });
    expect(await response.json()).toEqual({ delivered: true });
    expect(await ada.next()).toEqual({ type: "said", user: "ada", text: "still here" });
    expect(await ada.next()).toEqual({ type: "notice", text: "maintenance at noon" });
    expect(await bob.next()).toEqual({ type: "notice", text: "maintenance at noon" });
    eve.ws.send(JSON.stringify({ type: "typing" }));
    for (const client of [ada, bob, eve]) client.ws.close();
  });

  it("refuses a reserved name with 403 and a bad room name with 422", async () => {
    const status = (path: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`);
        ws.once("unexpected-response", (_req, res) => resolve(res.statusCode!));
        ws.once("error", () => undefined);
      });
    expect(await status("/rooms/lobby?user=admin")).toBe(403);
    expect(await status("/rooms/Not%20Valid?user=x")).toBe(422);
    expect(await status("/rooms/lobby")).toBe(422);
  });

  it("serves an AsyncAPI 3.0 document that validates against the official schema", async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const document: any = await (await fetch(`http://127.0.0.1:${port}/asyncapi.json`)).json();
    const result = validateAsyncApi(document);
    expect(result.errors).toBeNull();
    expect(result.valid).toBe(true);
    // The validator is not vacuous: AsyncAPI 2's "publish" is no 3.0 action.
    const broken = { ...document, operations: { bad: { action: "publish", channel: { $ref: "#/channels/rooms_room" } } } };
    expect(validateAsyncApi(broken).valid).toBe(false);
    expect(document.channels.rooms_room.address).toBe("/rooms/{room}");
    expect(Object.keys(document.channels.rooms_room.messages).sort()).toEqual(["error", "notice", "said", "say", "typing", "typing_out"]);
    expect(document.operations["rooms_room.receive"].action).toBe("receive");
    expect(document.operations["rooms_room.send"].messages).toHaveLength(4);
  });

  it("shows the document on a local docs page", async () => {
    const response = await fetch(`http://127.0.0.1:${port}/asyncapi`);
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    expect(html).toContain('const DOCUMENT = "/asyncapi.json"');
    expect(html).not.toMatch(/https?:\/\//);
  });
});
