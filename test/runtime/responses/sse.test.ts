import { App, type Header, type ServerSentEvent } from "typekiln";
import { connect, parseHead, sleep, until } from "../../helpers/raw-http";

interface Tick {
  n: number;
  label: string;
}

const state = { finallyRan: 0, lastEventId: undefined as string | undefined, release: () => {}, finished: [] as string[] };
const app = new App({ title: "sse" });

/** A feed of ticks; resumes after `Last-Event-ID`. */
app.get("/ticks", async function* (lastEventId?: Header<string, "Last-Event-ID">): AsyncGenerator<ServerSentEvent<Tick>> {
  state.lastEventId = lastEventId;
  const start = Number(lastEventId ?? 0) + 1;
  try {
    for (let n = start; n < start + 3; n++) {
      yield { event: "tick", id: String(n), data: { n, label: `line\nbreak ${n}`, extra: "dropped" } as Tick };
      await sleep(20);
    }
    yield { data: { n: 0, label: "done" }, retry: 1500 };
  } finally {
    state.finallyRan++;
  }
});

// Sends one event, then stays silent: only keep-alive comments flow.
app.get("/quiet", { keepAlive: 50 }, async function* (client: string = ""): AsyncGenerator<ServerSentEvent<Tick>> {
  try {
    yield { data: { n: 1, label: "hello" } };
    await new Promise((resolve) => setTimeout(resolve, 2_000).unref());
  } finally {
    state.finished.push(client);
  }
});

// Nothing to send until the test releases it.
app.get("/late", async function* (): AsyncGenerator<ServerSentEvent<Tick>> {
  await new Promise<void>((resolve) => (state.release = resolve));
  yield { data: { n: 1, label: "late" } };
});

let port = 0;
let base = "";
beforeAll(async () => {
  ({ port } = await app.listen(0, "127.0.0.1"));
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => app.close());

describe("server-sent events", () => {
  it("streams typed events with the event-stream headers", async () => {
    const response = await fetch(`${base}/ticks`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8"); // FastAPI's EventSourceResponse
    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect(response.headers.get("x-accel-buffering")).toBe("no");
    expect(await response.text()).toBe(
      ": open\n\n" +
      'event: tick\nid: 1\ndata: {"n":1,"label":"line\\nbreak 1"}\n\n' +
        'event: tick\nid: 2\ndata: {"n":2,"label":"line\\nbreak 2"}\n\n' +
        'event: tick\nid: 3\ndata: {"n":3,"label":"line\\nbreak 3"}\n\n' +
        'retry: 1500\ndata: {"n":0,"label":"done"}\n\n',
    );
  });

  it("sends Connection: keep-alive", async () => {
    const socket = await connect(port);
    let text = "";
    socket.on("data", (chunk) => (text += chunk.toString()));
    socket.write("GET /ticks HTTP/1.1\r\nHost: x\r\n\r\n");
    await until(() => text.includes('"done"'), 5000, "the last event");
    socket.destroy();
    expect(parseHead(text)!.headers.connection).toBe("keep-alive");
  });

  it("hands Last-Event-ID to the handler", async () => {
    const response = await fetch(`${base}/ticks`, { headers: { "last-event-id": "41" } });
    const text = await response.text();
    expect(state.lastEventId).toBe("41");
    expect(text.startsWith(': open\n\nevent: tick\nid: 42\ndata: {"n":42,')).toBe(true);
  });

  it("delivers each event as it is produced", async () => {
    const response = await fetch(`${base}/quiet`);
    const reader = response.body!.getReader();
    let text = "";
    while (!text.includes("hello")) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toBe(': open\n\ndata: {"n":1,"label":"hello"}\n\n');
    await reader.cancel();
  });

  it("writes keep-alive comments while the handler is silent, and stops the generator once the client left", async () => {
    const socket = await connect(port);
    let text = "";
    socket.on("data", (chunk) => (text += chunk.toString()));
    socket.write("GET /quiet?client=leaver HTTP/1.1\r\nHost: x\r\n\r\n");
    await until(() => (text.match(/: keep-alive/g) ?? []).length >= 2, 5000, "two keep-alive comments");
    socket.destroy();
    // The server answers others at once; the generator sits in its 2 s wait, and its `return()`
    // (so its `finally`) runs as soon as that wait is over.
    expect((await fetch(`${base}/ticks`)).status).toBe(200);
    expect(state.finished).not.toContain("leaver");
    await until(() => state.finished.includes("leaver"), 4000, "the generator's finally");
  });

  it("documents the event stream with the data schema", () => {
    const paths = app.openapi().paths as Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: { properties: Record<string, unknown> } }> }> }>>;
    const content = paths["/ticks"]!.get!.responses["200"]!.content;
    expect(Object.keys(content)).toEqual(["text/event-stream"]);
    const data = content["text/event-stream"]!.schema.properties.data as { contentMediaType: string; contentSchema: unknown };
    expect(data.contentMediaType).toBe("application/json");
    expect(JSON.stringify(data.contentSchema)).toContain("Tick");
    const parameters = (paths["/ticks"]!.get as unknown as { parameters: { name: string; in: string }[] }).parameters;
    expect(parameters).toEqual([expect.objectContaining({ name: "last-event-id", in: "header" })]);
  });
});

describe("the response head", () => {
  it("is sent with an opening comment before the first event is ready", async () => {
    const socket = await connect(port);
    let text = "";
    socket.on("data", (chunk) => (text += chunk.toString()));
    socket.write("GET /late HTTP/1.1\r\nHost: x\r\n\r\n");
    await until(() => parseHead(text) !== undefined, 2000, "the response head");
    await until(() => parseHead(text)!.rest.includes(": open\n\n"), 2000, "the opening comment");
    expect(text).not.toContain("late");
    state.release();
    await until(() => text.endsWith("0\r\n\r\n"), 2000, "the event and the end");
    expect(parseHead(text)!.rest).toBe('8\r\n: open\n\n\r\n1e\r\ndata: {"n":1,"label":"late"}\n\n\r\n0\r\n\r\n');
    socket.destroy();
  });
});
