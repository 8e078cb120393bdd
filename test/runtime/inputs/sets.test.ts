import { App, type Body, type Form, type Header, type Query, type tags } from "typekiln";
import { documentAccepts, requestBodySchema, serve } from "../../helpers/served";
import { responseErrors } from "../../helpers/openapi-response";
import { validateOpenApi } from "../../helpers/openapi";
import { compileFiles } from "../../helpers/compile";

interface Post {
  title: string;
  tags: Set<string & tags.MinLength<2>>;
  /** A Set at depth: inside an array of objects, an optional field and a record's values. */
  sections?: { heading: string; ids: Set<number & tags.Type<"uint32">> }[];
  byAuthor?: Record<string, Set<string>>;
}

/** Dates inside a Set are read from their text first, then the Set is made. */
interface Meeting {
  at: Set<Date>;
}

interface Filter {
  tags?: Set<string>;
  ids: Set<number>;
}

interface Node {
  name: string;
  children: Set<string>;
  next?: Node;
}

/** What the handler got: each Set position, as sorted arrays and a flag that it is a Set. */
const seen = (post: Post) => ({
  isSet: post.tags instanceof Set && (post.sections ?? []).every((s) => s.ids instanceof Set) &&
    Object.values(post.byAuthor ?? {}).every((v) => v instanceof Set),
  tags: [...post.tags].sort(),
  ids: (post.sections ?? []).map((s) => [...s.ids]),
});

const app = new App({ logger: false });
app.get("/health", () => ({ ok: true }));
app.post("/posts", (post: Post) => seen(post));
app.post("/meetings", (meeting: Meeting) => ({ isSet: meeting.at instanceof Set, dates: [...meeting.at].map((d) => d instanceof Date && d.toISOString()) }));
app.post("/echo", (post: Post): Post => post);
app.post("/tags", (tags: Body<Set<number>>) => ({ isSet: tags instanceof Set, size: tags.size }));
app.get("/search", (tag: Set<string> = new Set(), q?: string) => ({ isSet: tag instanceof Set, tag: [...tag], q: q ?? null }));
app.get("/header", (xTags: Header<Set<string>>) => ({ isSet: xTags instanceof Set, tags: [...xTags] }));
app.get("/filter", (filter: Query<Filter>) => ({
  isSet: filter.ids instanceof Set && (filter.tags === undefined || filter.tags instanceof Set),
  ids: [...filter.ids],
  tags: filter.tags === undefined ? null : [...filter.tags],
}));
app.post("/form", (form: Form<{ tags: Set<string> }>) => ({ isSet: form.tags instanceof Set, tags: [...form.tags] }));
app.post("/form-field", (label: Form<Set<string>>) => ({ isSet: label instanceof Set, label: [...label] }));
app.get("/labels", (): { labels: Set<string>; nested: { ids: Set<number> }[] } => ({
  labels: new Set(["b", "a", "b"]),
  nested: [{ ids: new Set([3, 1]) }],
}));
/** One value every request gets: writing it must not turn its Sets into arrays. */
const kept: { labels: Set<string>; nested: { ids: Set<number> }[] } = { labels: new Set(["k"]), nested: [{ ids: new Set([7]) }] };
app.get("/kept", (): typeof kept => kept);
app.get("/node", (): Node => ({ name: "root", children: new Set(["x"]), next: { name: "leaf", children: new Set() } }));

const served = serve(app);

describe("Set<T> in a JSON body", () => {
  it("hands the handler a Set at every Set position, duplicates merged", async () => {
    const { status, json } = await served.http.send("/posts", {
      title: "t",
      tags: ["ts", "js", "ts"],
      sections: [{ heading: "h", ids: [1, 2, 1] }],
      byAuthor: { ann: ["x", "x"] },
    });
    expect([status, json]).toEqual([200, { isSet: true, tags: ["js", "ts"], ids: [[1, 2]] }]);
  });

  it("reads the Dates inside a Set before making it", async () => {
    const { json } = await served.http.send("/meetings", { at: ["2024-01-02T03:04:05Z", "2024-01-03"] });
    expect(json).toEqual({ isSet: true, dates: ["2024-01-02T03:04:05.000Z", "2024-01-03T00:00:00.000Z"] });
  });

  it("reports an invalid element at its index in the array sent", async () => {
    const { status, json } = await served.http.send("/posts", { title: "t", tags: ["ok", "ok", "x"], sections: [{ heading: "h", ids: [1, -1] }] });
    expect(status).toBe(422);
    expect(json.detail.map((d: { loc: unknown[] }) => d.loc)).toEqual([
      ["body", "tags", 2],
      ["body", "sections", 0, "ids", 1],
    ]);
  });

  it("refuses a non-array where a Set belongs", async () => {
    const { status, json } = await served.http.send("/posts", { title: "t", tags: "ts" });
    expect(status).toBe(422);
    expect(json.detail[0].loc).toEqual(["body", "tags"]);
  });

  it("reads a whole body that is a Set", async () => {
    const { json } = await served.http.send("/tags", [3, 3, 4]);
    expect(json).toEqual({ isSet: true, size: 2 });
  });

  it("writes the Sets of a result back as arrays", async () => {
    const { status, json } = await served.http.send("/echo", { title: "t", tags: ["ts", "ts", "go"], sections: [{ heading: "h", ids: [2, 2] }] });
    expect([status, json]).toEqual([200, { title: "t", tags: ["ts", "go"], sections: [{ heading: "h", ids: [2] }] }]);
    expect(responseErrors(served.document, "/echo", "post", 200, json)).toEqual([]);
  });

  it("is documented as an array with uniqueItems in the request body", () => {
    const schema = requestBodySchema(served.document, "/posts");
    expect(documentAccepts(served.document, schema, { title: "t", tags: ["ts", "js"] })).toBe(true);
    expect(documentAccepts(served.document, schema, { title: "t", tags: ["ts", "ts"] })).toBe(false);
    const post = served.document.components.schemas.Post;
    expect(post.properties.tags).toEqual({ type: "array", items: { type: "string", minLength: 2 }, uniqueItems: true });
    expect(validateOpenApi(served.document).valid).toBe(true);
  });
});

describe("Set<T> as query parameters", () => {
  it("reads a repeated query parameter into a Set", async () => {
    const { json } = await served.http.request("/search?tag=a&tag=b&tag=a&q=x");
    expect(json).toEqual({ isSet: true, tag: ["a", "b"], q: "x" });
  });

  it("reads the Set fields of a Query<T> model, checking each value", async () => {
    expect((await served.http.request("/filter?ids=2&ids=1&ids=2&tags=a")).json).toEqual({ isSet: true, ids: [2, 1], tags: ["a"] });
    const bad = await served.http.request("/filter?ids=1&ids=x");
    expect(bad.status).toBe(422);
    expect(bad.json.detail.map((d: { loc: unknown[] }) => d.loc)).toEqual([["query", "ids", 1]]);
  });

  it("reads a comma-separated header into a Set", async () => {
    const { json } = await served.http.request("/header", { headers: { "x-tags": "a, b, a" } });
    expect(json).toEqual({ isSet: true, tags: ["a", "b"] });
  });

  it("documents each as an array with uniqueItems", () => {
    const search = served.document.paths["/search"].get.parameters.find((p: { name: string }) => p.name === "tag");
    expect(search.schema).toEqual({ type: "array", items: { type: "string" }, uniqueItems: true });
    const ids = served.document.paths["/filter"].get.parameters.find((p: { name: string }) => p.name === "ids");
    expect([ids.required, ids.schema]).toEqual([true, { type: "array", items: { type: "number" }, uniqueItems: true }]);
  });
});

describe("Set<T> in a form", () => {
  it("reads a repeated form field into a Set, documented with uniqueItems", async () => {
    const { json } = await served.http.request("/form", { method: "POST", body: new URLSearchParams([["tags", "a"], ["tags", "a"], ["tags", "b"]]) });
    expect(json).toEqual({ isSet: true, tags: ["a", "b"] });
    const schema = served.document.paths["/form"].post.requestBody.content["application/x-www-form-urlencoded"].schema;
    expect(schema.properties.tags).toEqual({ type: "array", items: { type: "string" }, uniqueItems: true });
  });

  it("reads a repeated Form<Set<T>> field into a Set", async () => {
    const { json } = await served.http.request("/form-field", { method: "POST", body: new URLSearchParams([["label", "x"], ["label", "x"]]) });
    expect(json).toEqual({ isSet: true, label: ["x"] });
  });
});

describe("Set<T> in a response", () => {
  it("writes a Set as a JSON array, at any depth, as the document says", async () => {
    const { status, json } = await served.http.request("/labels");
    expect([status, json]).toEqual([200, { labels: ["b", "a"], nested: [{ ids: [3, 1] }] }]);
    expect(responseErrors(served.document, "/labels", "get", 200, json)).toEqual([]);
    const schema = served.document.paths["/labels"].get.responses["200"].content["application/json"].schema;
    expect(JSON.stringify(schema)).toContain('"uniqueItems":true');
  });

  it("leaves the handler's value as it was: a value written twice is written the same", async () => {
    for (let i = 0; i < 2; i++) {
      const { status, json } = await served.http.request("/kept");
      expect([status, json]).toEqual([200, { labels: ["k"], nested: [{ ids: [7] }] }]);
    }
    expect(kept.labels).toBeInstanceOf(Set);
    expect(kept.nested[0]!.ids).toBeInstanceOf(Set);
  });

  it("writes the Sets of a recursive type", async () => {
    const { json } = await served.http.request("/node");
    expect(json).toEqual({ name: "root", children: ["x"], next: { name: "leaf", children: [] } });
    expect(responseErrors(served.document, "/node", "get", 200, json)).toEqual([]);
  });
});

describe("Set<T> in the generated code", () => {
  it("wraps the validator and serializer of a route with a Set, and of no other route", () => {
    const source = "test/fixtures/apps/sets.ts";
    const { outputs, diagnostics } = compileFiles([source]);
    expect(diagnostics).toEqual([]);
    const emitted = outputs.get(source)!;
    // The body's validator reads Sets; the response's serializer and its check write them.
    expect(emitted.match(/__typekiln_generated\.readingSets\(/g)).toHaveLength(1);
    expect(emitted.match(/__typekiln_generated\.writingSets\(/g)).toHaveLength(2);
    const plain = emitted.slice(emitted.indexOf('"/plain"'));
    expect(plain).not.toMatch(/readingSets|writingSets/);
    // No model here has a field default: nothing fills them in.
    expect(emitted).not.toContain("fillingDefaults");
  });
});
