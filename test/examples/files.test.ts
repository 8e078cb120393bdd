import { app } from "../../examples/files/app";
import { validateOpenApi } from "../helpers/openapi";

let base = "";
beforeAll(async () => {
  const { port } = await app.listen(0, "127.0.0.1");
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => app.close());

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

const upload = (caption: string, bytes: Uint8Array, type: string, name = "kiln.png") => {
  const form = new FormData();
  form.append("caption", caption);
  form.append("photo", new Blob([bytes], { type }), name);
  return fetch(`${base}/photos`, { method: "POST", body: form });
};

/** Reads server-sent events from a streamed body until `count` have arrived. */
async function readEvents(response: Response, count: number): Promise<{ event?: string; id?: string; data: unknown }[]> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const events: { event?: string; id?: string; data: unknown }[] = [];
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = text.indexOf("\n\n")) !== -1) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      if (block.startsWith(":")) continue; // a keep-alive comment
      const fields = Object.fromEntries(block.split("\n").map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)]));
      events.push({ event: fields.event, id: fields.id, data: JSON.parse(fields.data!) });
    }
  }
  await reader.cancel();
  return events;
}

describe("examples/files", () => {
  it("serves the upload page: a form posting multipart to /photos", async () => {
    const response = await fetch(`${base}/`);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await response.text();
    expect(html).toContain('<form action="/photos" method="post" enctype="multipart/form-data">');
    expect(html).toContain('name="photo"');
    expect(html).toContain('new EventSource("/feed")');
  });

  it("takes an upload, announces it on the live feed, exports it and gives the file back", async () => {
    const feed = await fetch(`${base}/feed`);
    expect(feed.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const created = await upload("first light", PNG, "image/png");
    expect(created.status).toBe(201);
    const photo = { id: 1, caption: "first light", name: "kiln.png", mediaType: "image/png", size: PNG.length };
    expect(await created.json()).toEqual(photo);
    expect(await readEvents(feed, 1)).toEqual([{ event: "photo", id: "1", data: photo }]);

    const exported = await fetch(`${base}/photos.jsonl`);
    expect(exported.headers.get("content-type")).toBe("application/jsonl");
    expect(await exported.text()).toBe(`${JSON.stringify(photo)}\n`);

    const raw = await fetch(`${base}/photos/1/raw`);
    expect(raw.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await raw.arrayBuffer())).toEqual(PNG);
    const again = await fetch(`${base}/photos/1/raw`, { headers: { "if-none-match": raw.headers.get("etag")! } });
    expect(again.status).toBe(304);
    const head = await fetch(`${base}/photos/1/raw`, { headers: { range: "bytes=0-3" } });
    expect(head.status).toBe(206);
    expect(new Uint8Array(await head.arrayBuffer())).toEqual(PNG.subarray(0, 4));
  });

  it("replays what a reconnecting client missed after Last-Event-ID", async () => {
    await upload("second", PNG, "image/png");
    const feed = await fetch(`${base}/feed`, { headers: { "last-event-id": "1" } });
    const [event] = await readEvents(feed, 1);
    expect(event).toEqual(expect.objectContaining({ id: "2", data: expect.objectContaining({ caption: "second" }) }));
  });

  it("refuses a file of another type with 415 and an empty caption with 422", async () => {
    expect((await upload("notes", new TextEncoder().encode("hello"), "text/plain", "notes.txt")).status).toBe(415);
    const invalid = await upload("", PNG, "image/png");
    expect(invalid.status).toBe(422);
    expect(((await invalid.json()) as { detail: { loc: unknown }[] }).detail[0]!.loc).toEqual(["body", "caption"]);
  });

  it("answers 404 for a photo that does not exist", async () => {
    expect((await fetch(`${base}/photos/99/raw`)).status).toBe(404);
  });

  it("documents the upload form, the JSON Lines export and the event feed in a valid OpenAPI 3.1 document", async () => {
    const document = (await (await fetch(`${base}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { encoding?: unknown }>; description?: string }; responses: Record<string, { content?: Record<string, unknown> }> }>>;
    };
    const result = validateOpenApi(document);
    expect(result.errors).toBeNull();
    expect(result.valid).toBe(true);
    const upload = document.paths["/photos"]!.post!;
    expect(Object.keys(upload.requestBody!.content)).toEqual(["multipart/form-data"]);
    expect(upload.requestBody!.content["multipart/form-data"]!.encoding).toEqual({ photo: { contentType: "image/png, image/jpeg, image/gif, image/webp" } });
    expect(upload.requestBody!.description).toContain(`at most ${5 * 1024 * 1024} bytes`);
    expect(Object.keys(upload.responses)).toEqual(expect.arrayContaining(["201", "413", "415", "422"]));
    expect(Object.keys(document.paths["/photos.jsonl"]!.get!.responses["200"]!.content!)).toEqual(["application/jsonl"]);
    expect(Object.keys(document.paths["/feed"]!.get!.responses["200"]!.content!)).toEqual(["text/event-stream"]);
    expect(Object.keys(document.paths["/photos/{id}/raw"]!.get!.responses)).toEqual(expect.arrayContaining(["200", "206", "304", "404"]));
    expect(document.paths["/"]).toBeUndefined();
  });

  it("serves the docs page for them", async () => {
    expect((await fetch(`${base}/docs`)).status).toBe(200);
  });
});
