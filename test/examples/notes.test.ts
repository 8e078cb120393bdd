import zlib from "node:zlib";
import { app } from "../../examples/notes/app";
import { request } from "../helpers/node-http";
import { validateOpenApi } from "../helpers/openapi";
import { responseErrors } from "../helpers/openapi-response";

let port = 0;
beforeAll(async () => {
  ({ port } = await app.listen(0, "127.0.0.1"));
});
afterAll(() => app.close());

const json = (body: Buffer) => JSON.parse(body.toString());

describe("examples/notes", () => {
  it("adds a note with 201, Location, a cookie, a request id and CORS headers", async () => {
    const res = await request(port, {
      method: "POST", path: "/notes",
      headers: { "content-type": "application/json", origin: "https://notes.example.com", "x-request-id": "req-1" },
      body: JSON.stringify({ text: "buy clay", extra: "dropped" }),
    });
    expect(res.status).toBe(201);
    expect(json(res.body)).toEqual({ id: 1, text: "buy clay" });
    expect(res.headers.location).toBe("/notes/1");
    expect(res.headers["set-cookie"]).toEqual(["last-note=1; HttpOnly; SameSite=Strict"]);
    expect(res.headers["x-request-id"]).toBe("req-1");
    expect(res.headers["access-control-allow-origin"]).toBe("https://notes.example.com");
    expect(res.headers["access-control-allow-credentials"]).toBe("true");
    const log = await request(port, { path: "/log" });
    expect(json(log.body)).toEqual(["note 1 by request req-1"]);
  });

  it("answers a documented 404 with its own body", async () => {
    const res = await request(port, { path: "/notes/42" });
    expect([res.status, json(res.body)]).toEqual([404, { detail: "Note not found", id: 42 }]);
  });

  it("serves text, HTML and a permanent redirect", async () => {
    const list = await request(port, { path: "/notes.txt" });
    expect([list.headers["content-type"], list.body.toString()]).toEqual(["text/plain; charset=utf-8", "1: buy clay"]);
    const page = await request(port, { path: "/" });
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    const old = await request(port, { path: "/list" });
    expect([old.status, old.headers.location]).toEqual([308, "/notes.txt"]);
  });

  it("compresses a large body and refuses an unknown host", async () => {
    for (let i = 0; i < 40; i++) {
      await request(port, { method: "POST", path: "/notes", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: `note ${i} `.repeat(5) }) });
    }
    const res = await request(port, { path: "/notes.txt", headers: { "accept-encoding": "br" } });
    expect(res.headers["content-encoding"]).toBe("br");
    expect(zlib.brotliDecompressSync(res.body).toString()).toMatch(/^1: buy clay\n2: note 0/);
    expect((await request(port, { path: "/", headers: { host: "evil.test" } })).status).toBe(400);
  });

  it("publishes a valid OpenAPI 3.1 document with every variant", () => {
    const document = app.openapi() as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(validateOpenApi(document)).toMatchObject({ valid: true });
    expect(Object.keys(document.paths["/notes/{id}"]!.get!.responses)).toEqual(expect.arrayContaining(["200", "404"]));
    expect(Object.keys(document.paths["/list"]!.get!.responses)).toEqual(expect.arrayContaining(["308"]));
  });

  it("documents the 201, Location and Set-Cookie its handler sets through ResponseControl, as it answers (last: it adds a note)", async () => {
    const document = JSON.parse((await request(port, { path: "/openapi.json" })).body.toString());
    const responses = document.paths["/notes"].post.responses;
    expect(responses["200"]).toBeUndefined(); // the handler always sets 201
    expect(responses["201"].headers).toEqual({ Location: { schema: { type: "string" } }, "Set-Cookie": { schema: { type: "string" } } });
    const res = await request(port, {
      method: "POST", path: "/notes", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "glaze" }),
    });
    expect([res.status, typeof res.headers.location, res.headers["set-cookie"]?.length]).toEqual([201, "string", 1]);
    expect(responseErrors(document, "/notes", "post", res.status, json(res.body))).toEqual([]);
  });
});
