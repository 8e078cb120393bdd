/**
 * `MinLength`/`MaxLength` count characters (code points), as JSON Schema and pydantic do, wherever
 * they are checked: body, query, path, header, cookie, form and WebSocket message. An emoji is one
 * character and two UTF-16 units. The served document and the server agree: each value the server
 * took or refused is checked against the document's own schema for it (ajv, JSON Schema 2020-12).
 */
import WebSocket from "ws";
import { App, type Cookie, type Form, type Header, type Query, type Socket, type tags } from "typekiln";
import { documentAccepts as verdict, requestBodySchema, serve } from "../../helpers/served";

type Title = string & tags.MaxLength<200>;
type Secret = string & tags.MinLength<8>;

interface Post {
  title: Title;
  secret: Secret;
}

const app = new App({ logger: false });
app.get("/health", () => ({ ok: true }));
app.post("/posts", (post: Post): Post => post);
app.get("/search", (q: Query<{ title: Title }>, secret: Secret) => ({ title: q.title, secret }));
app.get("/posts/:secret", (secret: Secret) => ({ secret }));
app.get("/me", (xSecret: Header<Secret>) => ({ secret: xSecret }));
app.get("/session", (session: Cookie<Secret>) => ({ secret: session }));
app.post("/forms", (form: Form<Post>) => ({ title: form.title, secret: form.secret }));
app.ws("/posts", {
  message: (ws: Socket<{ ok: true }>, post: Post) => void ws.send({ ok: true }),
});

const fire = (n: number): string => "🔥".repeat(n);
const enc = encodeURIComponent;

const served = serve(app);
const documentAccepts = (schema: object, value: unknown): boolean => verdict(served.document, schema, value);
const parameterSchema = (path: string, name: string): object =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  served.document.paths[path].get.parameters.find((p: any) => p.name === name).schema;
const responseSchema = (path: string, method: string, status: number): object =>
  served.document.paths[path][method].responses[status].content["application/json"].schema;

const tooShort = (loc: (string | number)[], input: string) => ({
  type: "string_too_short", loc, msg: "String should have at least 8 characters", input, ctx: { min_length: 8 },
});

describe("a body", () => {
  it("takes 200 emoji under MaxLength<200> and refuses 4 emoji under MinLength<8>, as the document says", async () => {
    const ok = await served.http.send("/posts", { title: fire(200), secret: fire(8) });
    expect([ok.status, ok.json]).toEqual([200, { title: fire(200), secret: fire(8) }]);
    expect(documentAccepts(responseSchema("/posts", "post", 200), ok.json)).toBe(true);
    const requestSchema = requestBodySchema(served.document, "/posts");
    expect(documentAccepts(requestSchema, { title: fire(200), secret: fire(8) })).toBe(true);

    const refused = await served.http.send("/posts", { title: fire(201), secret: fire(4) });
    expect([refused.status, refused.json]).toEqual([422, {
      detail: [
        { type: "string_too_long", loc: ["body", "title"], msg: "String should have at most 200 characters", input: fire(201), ctx: { max_length: 200 } },
        tooShort(["body", "secret"], fire(4)),
      ],
    }]);
    expect(documentAccepts(requestSchema, { title: fire(201), secret: fire(8) })).toBe(false);
    expect(documentAccepts(requestSchema, { title: "t", secret: fire(4) })).toBe(false);
    expect(documentAccepts(responseSchema("/posts", "post", 422), refused.json)).toBe(true);
  });

  it("counts a lone surrogate as one character and ASCII as before", async () => {
    expect((await served.http.send("/posts", { title: "t", secret: "12345678" })).status).toBe(200);
    expect((await served.http.send("/posts", { title: "t", secret: "1234567" })).json.detail).toEqual([tooShort(["body", "secret"], "1234567")]);
    expect((await served.http.send("/posts", { title: "t", secret: "\ud83d".repeat(8) })).status).toBe(200);
    expect((await served.http.send("/posts", { title: "\ud83d".repeat(200) + "🔥", secret: fire(8) })).status).toBe(422);
  });
});

describe("text inputs", () => {
  it("counts characters in a query value", async () => {
    const ok = await served.http.request(`/search?title=${enc(fire(200))}&secret=${enc(fire(8))}`);
    expect([ok.status, ok.json]).toEqual([200, { title: fire(200), secret: fire(8) }]);
    expect(documentAccepts(parameterSchema("/search", "title"), fire(200))).toBe(true);
    const refused = await served.http.request(`/search?title=${enc(fire(200))}&secret=${enc(fire(4))}`);
    expect([refused.status, refused.json]).toEqual([422, { detail: [tooShort(["query", "secret"], fire(4))] }]);
    expect(documentAccepts(parameterSchema("/search", "secret"), fire(4))).toBe(false);
  });

  it("counts characters in a path segment", async () => {
    expect((await served.http.request(`/posts/${enc(fire(8))}`)).json).toEqual({ secret: fire(8) });
    const refused = await served.http.request(`/posts/${enc(fire(4))}`);
    expect([refused.status, refused.json]).toEqual([422, { detail: [tooShort(["path", "secret"], fire(4))] }]);
    expect(documentAccepts(served.document.paths["/posts/{secret}"].get.parameters[0].schema, fire(4))).toBe(false);
  });

  it("counts characters in a cookie", async () => {
    const ok = await served.http.request("/session", { headers: { cookie: `session=${enc(fire(8))}` } });
    expect([ok.status, ok.json]).toEqual([200, { secret: fire(8) }]);
    const refused = await served.http.request("/session", { headers: { cookie: `session=${enc(fire(4))}` } });
    expect([refused.status, refused.json]).toEqual([422, { detail: [tooShort(["cookie", "session"], fire(4))] }]);
    expect(documentAccepts(parameterSchema("/session", "session"), fire(4))).toBe(false);
  });

  // Header values are octets (RFC 9110 5.5): a client sends ASCII there, so only the count of
  // ASCII characters is checked; the check is the same generated code as every other source's.
  it("checks a header's length with the same count", async () => {
    const me = (secret: string) => served.http.request("/me", { headers: { "x-secret": secret } });
    expect((await me("12345678")).json).toEqual({ secret: "12345678" });
    const refused = await me("1234567");
    expect([refused.status, refused.json]).toEqual([422, { detail: [tooShort(["header", "x-secret"], "1234567")] }]);
    expect(documentAccepts(parameterSchema("/me", "x-secret"), "1234567")).toBe(false);
  });

  it("counts characters in a form field", async () => {
    const form = (secret: string) => served.http.request("/forms", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `title=${enc(fire(200))}&secret=${enc(secret)}`,
    });
    expect((await form(fire(8))).json).toEqual({ title: fire(200), secret: fire(8) });
    const refused = await form(fire(4));
    expect([refused.status, refused.json]).toEqual([422, { detail: [tooShort(["body", "secret"], fire(4))] }]);
  });
});

describe("a WebSocket message", () => {
  it("takes 200 emoji under MaxLength<200> and refuses 4 under MinLength<8>", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${served.http.port}/posts`);
    const replies: unknown[] = [];
    ws.on("message", (data) => replies.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => { ws.once("open", resolve); ws.once("error", reject); });
    ws.send(JSON.stringify({ title: fire(200), secret: fire(8) }));
    ws.send(JSON.stringify({ title: fire(200), secret: fire(4) }));
    while (replies.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    ws.close();
    expect(replies).toEqual([
      { ok: true },
      { type: "error", detail: [tooShort(["message", "secret"], fire(4))] },
    ]);
  });
});
