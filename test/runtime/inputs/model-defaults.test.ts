import { App, type Form, type Query, type tags } from "typekiln";
import { documentAccepts, requestBodySchema, serve } from "../../helpers/served";
import { validateOpenApi } from "../../helpers/openapi";

interface Meta {
  lang: string;
  /** @default 1 */
  version: number;
}

interface Section {
  heading: string;
  /** @default ["intro"] */
  anchors: string[];
}

interface Post {
  title: string;
  /** @default [] */
  tags: string[];
  /** @default {"lang": "en"} */
  meta: Meta;
  /** typia's tag, applied as well as documented. */
  count?: number & tags.Default<3>;
  /** @default [] */
  labels: Set<string>;
  sections?: Section[];
  /** @default null */
  note: string | null;
}

interface Page {
  /** @default ["new"] */
  sort: string[];
  limit?: number & tags.Default<10>;
}

interface Signup {
  name: string;
  /** @default ["news"] */
  topics: string[];
}

const app = new App({ logger: false });
app.get("/health", () => ({ ok: true }));
app.post("/posts", (post: Post) => {
  const seen = structuredClone({ ...post, labels: [...post.labels], isSet: post.labels instanceof Set });
  // The handler may change what it got: the next request still gets the default as declared.
  post.tags.push("changed");
  post.meta.lang = "changed";
  return seen;
});
app.get("/items", (page: Query<Page>) => page);
app.post("/signup", (form: Form<Signup>) => form);

const served = serve(app);

describe("defaults of body model fields", () => {
  it("fills in each absent field with its default, at any depth", async () => {
    const { status, json } = await served.http.send("/posts", { title: "t", sections: [{ heading: "h" }] });
    expect([status, json]).toEqual([200, {
      title: "t",
      tags: [],
      meta: { lang: "en", version: 1 },
      count: 3,
      labels: [],
      isSet: true,
      sections: [{ heading: "h", anchors: ["intro"] }],
      note: null,
    }]);
  });

  it("gives every request its own copy of an array or object default", async () => {
    await served.http.send("/posts", { title: "a" });
    const { json } = await served.http.send("/posts", { title: "b" });
    expect([json.tags, json.meta]).toEqual([[], { lang: "en", version: 1 }]);
  });

  it("keeps what the client sent", async () => {
    const { json } = await served.http.send("/posts", { title: "t", tags: ["x"], meta: { lang: "de", version: 2 }, count: 5, labels: ["a", "a"], note: "n" });
    expect(json).toMatchObject({ tags: ["x"], meta: { lang: "de", version: 2 }, count: 5, labels: ["a"], note: "n" });
  });

  it("validates what was sent in place of a default as usual", async () => {
    const { status, json } = await served.http.send("/posts", { title: "t", tags: "x" });
    expect(status).toBe(422);
    expect(json.detail.map((d: { loc: unknown[] }) => d.loc)).toEqual([["body", "tags"]]);
  });

  it("echoes the body as sent in a 422, without the defaults filled in (pydantic's input)", async () => {
    const sent = { sections: [{ heading: "h" }] };
    const { status, json } = await served.http.send("/posts", sent);
    expect(status).toBe(422);
    expect(json.detail).toEqual([{ type: "missing", loc: ["body", "title"], msg: "Field required", input: sent }]);
  });

  it("documents each default as the property's default, and the property as not required", () => {
    const post = served.document.components.schemas.Post;
    expect(post.required).toEqual(["title"]);
    expect(post.properties.tags).toMatchObject({ type: "array", default: [] });
    expect(post.properties.meta).toMatchObject({ default: { lang: "en" } });
    expect(post.properties.count).toMatchObject({ type: "number", default: 3 });
    expect(post.properties.labels).toMatchObject({ type: "array", uniqueItems: true, default: [] });
    expect(served.document.components.schemas.Meta.required).toEqual(["lang"]);
    expect(documentAccepts(served.document, requestBodySchema(served.document, "/posts"), { title: "t" })).toBe(true);
    expect(validateOpenApi(served.document).valid).toBe(true);
  });
});

describe("defaults of Query<T> and Form<T> fields", () => {
  it("fills in an absent query field, documented as the parameter's default", async () => {
    expect((await served.http.request("/items")).json).toEqual({ sort: ["new"], limit: 10 });
    expect((await served.http.request("/items?sort=old&limit=2")).json).toEqual({ sort: ["old"], limit: 2 });
    const parameters = served.document.paths["/items"].get.parameters;
    expect(parameters.map((p: { name: string; required: boolean; schema: { default?: unknown } }) => [p.name, p.required, (p as { default?: unknown }).default ?? p.schema.default]))
      .toEqual([["sort", false, ["new"]], ["limit", false, 10]]);
  });

  it("fills in an absent form field, documented in the form's schema", async () => {
    const { json } = await served.http.request("/signup", { method: "POST", body: new URLSearchParams([["name", "ann"]]) });
    expect(json).toEqual({ name: "ann", topics: ["news"] });
    const schema = served.document.paths["/signup"].post.requestBody.content["application/x-www-form-urlencoded"].schema;
    expect([schema.required, schema.properties.topics.default]).toEqual([["name"], ["news"]]);
  });
});
