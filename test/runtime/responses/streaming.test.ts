import Ajv2020 from "ajv/dist/2020";
import { validateOpenApi } from "../../helpers/openapi";
import { Readable } from "node:stream";
import { App, type tags } from "typekiln";
import { connect, parseHead, sleep, until } from "../../helpers/raw-http";

interface Row {
  id: number & tags.Type<"uint32">;
  name: string;
}

const state = { produced: 0, finallyRan: 0, release: () => {} };
const logged: string[] = [];
const app = new App({ title: "streaming", logger: { error: (message) => logged.push(message) } });

/** Export rows as JSON Lines. */
app.get("/rows", async function* (count: number = 3): AsyncGenerator<Row> {
  for (let id = 1; id <= count; id++) yield { id, name: `row ${id}`, secret: "never sent" } as Row;
});

// The first item goes out, then the generator waits until the test releases it.
app.get("/gated", async function* (): AsyncGenerator<Row> {
  yield { id: 1, name: "first" };
  await new Promise<void>((resolve) => (state.release = resolve));
  yield { id: 2, name: "second" };
});

// Endless: counts what it produced and whether its `finally` ran.
app.get("/endless", async function* (): AsyncGenerator<Row> {
  try {
    for (let id = 1; ; id++) {
      state.produced++;
      yield { id, name: "x".repeat(1000) };
    }
  } finally {
    state.finallyRan++;
  }
});

app.get("/fails", async function* (): AsyncGenerator<Row> {
  yield { id: 1, name: "one" };
  throw new Error("boom");
});

app.get("/readable", (): Readable => Readable.from([Buffer.from("hello "), Buffer.from("world")]));
app.get("/web", (): ReadableStream<Uint8Array> =>
  new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("web bytes")); c.close(); } }));
app.get("/bytes", (): Uint8Array => new TextEncoder().encode("plain bytes"));

let port = 0;
let base = "";
beforeAll(async () => {
  ({ port } = await app.listen(0, "127.0.0.1"));
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => app.close());
beforeEach(() => {
  state.produced = 0;
  state.finallyRan = 0;
});

describe("JSON Lines", () => {
  it("streams each item serialized by the generated code, one per line", async () => {
    const response = await fetch(`${base}/rows?count=3`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/jsonl");
    expect(await response.text()).toBe('{"id":1,"name":"row 1"}\n{"id":2,"name":"row 2"}\n{"id":3,"name":"row 3"}\n');
  });

  it("still validates the handler's inputs first", async () => {
    const response = await fetch(`${base}/rows?count=abc`);
    expect(response.status).toBe(422);
  });

  it("delivers the first item before the generator finishes", async () => {
    const response = await fetch(`${base}/gated`);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('{"id":1,"name":"first"}\n');
    state.release();
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
    expect(rest).toBe('{"id":2,"name":"second"}\n');
  });

  it("stops the generator (its finally runs) when the client disconnects", async () => {
    const socket = await connect(port);
    socket.write("GET /endless HTTP/1.1\r\nHost: x\r\n\r\n");
    await new Promise((resolve) => socket.once("data", resolve));
    socket.destroy();
    await until(() => state.finallyRan === 1, 5000, "the generator's finally");
    const produced = state.produced;
    await sleep(100);
    expect(state.produced).toBe(produced);
    expect((await fetch(`${base}/rows?count=1`)).status).toBe(200);
  });

  it("keeps memory bounded for a paused reader: items are pulled only as the socket drains", async () => {
    const socket = await connect(port);
    socket.write("GET /endless HTTP/1.1\r\nHost: x\r\n\r\n");
    await new Promise((resolve) => socket.once("data", resolve));
    socket.pause();
    await sleep(500);
    const whilePaused = state.produced;
    await sleep(500);
    // ~1 KB items: what sits in the kernel's and uWS's buffers, never an unbounded run.
    expect(state.produced).toBe(whilePaused);
    expect(whilePaused).toBeLessThan(20_000);
    console.log(`paused reader: ${whilePaused} items of ~1 KB produced, then none for 500 ms`);
    let received = 0;
    socket.on("data", (chunk: Buffer) => (received += chunk.length));
    socket.resume();
    await until(() => state.produced > whilePaused + 1000, 5000, "production to resume");
    expect(received).toBeGreaterThan(0);
    socket.destroy();
    await until(() => state.finallyRan === 1, 5000, "the generator's finally");
  });

  it("cuts the connection when the generator throws mid-stream, and the server lives on", async () => {
    const socket = await connect(port);
    let text = "";
    socket.on("data", (chunk) => (text += chunk.toString()));
    socket.write("GET /fails HTTP/1.1\r\nHost: x\r\n\r\n");
    await new Promise((resolve) => socket.once("close", resolve));
    const head = parseHead(text)!;
    expect(head.status).toBe(200);
    expect(head.rest).toContain('{"id":1,"name":"one"}');
    expect(head.rest.endsWith("0\r\n\r\n")).toBe(false); // no terminating chunk: visibly truncated
    expect(logged).toContain("typekiln: GET /fails: the response stream failed");
    expect((await fetch(`${base}/rows?count=1`)).status).toBe(200);
  });

  it("answers HEAD with the headers and no body, without running the stream", async () => {
    const response = await fetch(`${base}/rows`, { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/jsonl");
  });
});

describe("byte streams", () => {
  it("sends a Node Readable as bytes", async () => {
    const response = await fetch(`${base}/readable`);
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect(await response.text()).toBe("hello world");
  });

  it("sends a web ReadableStream as bytes", async () => {
    expect(await (await fetch(`${base}/web`)).text()).toBe("web bytes");
  });

  it("sends a Uint8Array as bytes with its length", async () => {
    const response = await fetch(`${base}/bytes`);
    expect(response.headers.get("content-length")).toBe("11");
    expect(await response.text()).toBe("plain bytes");
  });
});

describe("OpenAPI", () => {
  it("documents JSON Lines as text with the item schema in x-itemSchema, which each line it sends matches", async () => {
    const document = app.openapi() as { paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, Record<string, unknown>> }> }>> };
    expect(validateOpenApi(document)).toMatchObject({ valid: true });
    const paths = document.paths;
    const jsonl = paths["/rows"]!.get!.responses["200"]!.content;
    expect(Object.keys(jsonl)).toEqual(["application/jsonl"]);
    expect(jsonl["application/jsonl"]!.schema).toEqual({ type: "string", description: "JSON Lines: one JSON value per line, each matching x-itemSchema." });
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ ...document, $id: "doc" });
    const line = ajv.compile({ $ref: "doc#/paths/~1rows/get/responses/200/content/application~1jsonl/x-itemSchema" });
    const lines = (await (await fetch(`${base}/rows?count=2`)).text()).trimEnd().split("\n").map((text) => JSON.parse(text));
    expect(lines.map((value) => [line(value), value])).toEqual([[true, { id: 1, name: "row 1" }], [true, { id: 2, name: "row 2" }]]);
    expect(line({ id: "1" })).toBe(false);
    expect(paths["/readable"]!.get!.responses["200"]!.content).toEqual({ "application/octet-stream": { schema: { type: "string", format: "binary" } } });
  });
});
