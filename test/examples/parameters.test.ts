import { app } from "../../examples/parameters/app";

let base = "";
beforeAll(async () => {
  const { port } = await app.listen(0, "127.0.0.1");
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => app.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const get = async (path: string, init?: RequestInit): Promise<[number, any]> => {
  const response = await fetch(base + path, init);
  return [response.status, await response.json()];
};
const postJson = (path: string, body: unknown) =>
  get(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("examples/parameters", () => {
  it("parses a path parameter as a number", async () => {
    expect(await get("/files/42")).toEqual([200, { id: 42 }]);
    const [status, body] = await get("/files/-1");
    expect(status).toBe(422);
    expect(body.detail[0].loc).toEqual(["path", "id"]);
  });

  it("reads query scalars, literal unions with defaults and repeated keys as arrays", async () => {
    expect(await get("/search?q=kiln&tag=a&tag=b")).toEqual([200, { q: "kiln", sort: "asc", tag: ["a", "b"] }]);
    const [status, body] = await get("/search?sort=up");
    expect(status).toBe(422);
    expect(body.detail.map((entry: { type: string; loc: unknown[] }) => [entry.type, entry.loc])).toEqual([
      ["missing", ["query", "q"]],
      ["literal_error", ["query", "sort"]],
    ]);
  });

  it("reads a Query<T> object field by field", async () => {
    expect(await get("/pages?limit=5&cursor=abc")).toEqual([200, { limit: 5, cursor: "abc" }]);
    expect((await get("/pages?limit=0"))[1].detail[0].loc).toEqual(["query", "limit"]);
  });

  it("reads headers by kebab-case name or the name given", async () => {
    const headers = { "accept-language": "fr", "x-api-key": "k1" };
    expect(await get("/lang", { headers })).toEqual([200, { acceptLanguage: "fr", apiKey: "k1" }]);
  });

  it("reads and validates a cookie", async () => {
    expect(await get("/session", { headers: { cookie: "theme=dark; session=abcdefgh" } })).toEqual([
      200,
      { session: "abcdefgh" },
    ]);
    const [status, body] = await get("/session", { headers: { cookie: "session=short" } });
    expect([status, body.detail[0].type, body.detail[0].loc]).toEqual([422, "string_too_short", ["cookie", "session"]]);
  });

  it("validates a discriminated union body", async () => {
    expect(await postJson("/area", { kind: "square", side: 3 })).toEqual([200, { area: 9 }]);
    const [status] = await postJson("/area", { kind: "square", radius: 3 });
    expect(status).toBe(422);
  });

  it("fills in a model field's array and object defaults, documented as its default", async () => {
    expect(await postJson("/drafts", { title: "t" })).toEqual([200, { title: "t", tags: [], meta: { lang: "en" } }]);
    expect(await postJson("/drafts", { title: "t", tags: ["a"] })).toEqual([200, { title: "t", tags: ["a"], meta: { lang: "en" } }]);
    const [, document] = await get("/openapi.json");
    const draft = document.components.schemas.Draft;
    expect([draft.required, draft.properties.tags.default, draft.properties.meta.default]).toEqual([["title"], [], { lang: "en" }]);
  });

  it("takes an array body through Body<T>", async () => {
    expect(await postJson("/tags", ["a", "b", "c"])).toEqual([200, { count: 3 }]);
  });

  it("hands the request context to the handler", async () => {
    expect(await get("/echo?x=1")).toEqual([200, { method: "GET", path: "/echo", query: "x=1" }]);
  });
});
