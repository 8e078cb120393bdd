import { App, type Body, type File, type Form, type tags } from "typekiln";

interface Signup {
  name: string & tags.MinLength<1>;
  age: number & tags.Type<"uint32">;
  newsletter?: boolean;
  tags?: string[];
}

interface Note {
  title: string;
  pinned: boolean;
}

const app = new App({ title: "forms" });

/** Sign up with a form. */
app.post("/signup", (form: Form<Signup>) => form);

// Either a form or JSON, same type.
app.post("/notes", (note: Form<Note> | Body<Note>) => note);

interface Profile {
  name: string;
  avatar: File;
  extras?: File[];
}
app.post("/profile", async (profile: Form<Profile>) => ({
  name: profile.name,
  avatar: { name: profile.avatar.name, type: profile.avatar.mediaType, size: profile.avatar.size, text: await profile.avatar.text() },
  extras: (profile.extras ?? []).map((file) => file.name),
}));

let base = "";
beforeAll(async () => {
  const { port } = await app.listen(0, "127.0.0.1");
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => app.close());

const post = (path: string, body: string | URLSearchParams | FormData, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: "POST", body, headers });

describe("Form<T>", () => {
  it("reads application/x-www-form-urlencoded, coercing each field", async () => {
    const response = await post("/signup", new URLSearchParams("name=Ada&age=36&newsletter=on&tags=a&tags=b"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: "Ada", age: 36, newsletter: true, tags: ["a", "b"] });
  });

  it("reads multipart/form-data the same way", async () => {
    const form = new FormData();
    form.append("name", "Ada");
    form.append("age", "36");
    form.append("tags", "x");
    const response = await post("/signup", form);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: "Ada", age: 36, tags: ["x"] });
  });

  it("answers 422 at [\"body\", field] with pydantic's types", async () => {
    const response = await post("/signup", new URLSearchParams("name=&age=old"));
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      detail: [
        expect.objectContaining({ type: "string_too_short", loc: ["body", "name"], input: "" }),
        expect.objectContaining({ type: "int_parsing", loc: ["body", "age"], input: "old" }),
      ],
    });
  });

  it("reports missing fields", async () => {
    const response = await post("/signup", new URLSearchParams("name=Ada"));
    expect(response.status).toBe(422);
    expect(((await response.json()) as { detail: unknown[] }).detail).toEqual([expect.objectContaining({ type: "missing", loc: ["body", "age"] })]);
  });

  it("takes an empty value of an optional field as absent, as a browser sends an empty input", async () => {
    const response = await post("/signup", new URLSearchParams("name=Ada&age=3&newsletter="));
    expect(await response.json()).toEqual({ name: "Ada", age: 3 });
  });

  it("reads past a file sent under a name the form does not declare", async () => {
    const form = new FormData();
    form.append("name", "Ada");
    form.append("junk", new Blob(["x".repeat(100_000)]), "junk.bin");
    form.append("age", "5");
    const response = await post("/signup", form);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: "Ada", age: 5 });
  });

  it("answers 415 for a JSON body on a form-only route", async () => {
    const response = await post("/signup", JSON.stringify({ name: "Ada", age: 1 }), { "content-type": "application/json" });
    expect(response.status).toBe(415);
  });

  it("takes a form or JSON where the route declares Form<T> | Body<T>", async () => {
    const form = await post("/notes", new URLSearchParams("title=t&pinned=true"));
    expect(await form.json()).toEqual({ title: "t", pinned: true });
    const json = await post("/notes", JSON.stringify({ title: "j", pinned: false }), { "content-type": "application/json" });
    expect(await json.json()).toEqual({ title: "j", pinned: false });
    const bad = await post("/notes", JSON.stringify({ title: "j", pinned: "yes" }), { "content-type": "application/json" });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { detail: unknown[] }).detail[0]).toEqual(expect.objectContaining({ type: "bool_type", loc: ["body", "pinned"] }));
  });

  it("answers 413 for a urlencoded form over the body limit", async () => {
    const response = await post("/signup", new URLSearchParams({ name: "x".repeat(2 * 1024 * 1024), age: "1" }));
    expect(response.status).toBe(413);
  });

  it("answers 400 for a multipart body without a boundary", async () => {
    const response = await post("/signup", "name=x", { "content-type": "multipart/form-data" });
    expect(response.status).toBe(400);
  });

  it("takes File fields inside the form", async () => {
    const form = new FormData();
    form.append("name", "Ada");
    form.append("avatar", new Blob(["png bytes"], { type: "image/png" }), "me.png");
    form.append("extras", new Blob(["1"]), "a.txt");
    form.append("extras", new Blob(["2"]), "b.txt");
    const response = await post("/profile", form);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      name: "Ada",
      avatar: { name: "me.png", type: "image/png", size: 9, text: "png bytes" },
      extras: ["a.txt", "b.txt"],
    });
  });

  it("reports a missing file at [\"body\", field]", async () => {
    const form = new FormData();
    form.append("name", "Ada");
    const response = await post("/profile", form);
    expect(response.status).toBe(422);
    expect(((await response.json()) as { detail: unknown[] }).detail).toEqual([expect.objectContaining({ type: "missing", loc: ["body", "avatar"] })]);
  });

  it("documents both encodings (and JSON where declared)", () => {
    const paths = app.openapi().paths as Record<string, Record<string, { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown>; required?: string[] } }> } }>>;
    const signup = paths["/signup"]!.post!.requestBody.content;
    expect(Object.keys(signup)).toEqual(["application/x-www-form-urlencoded", "multipart/form-data"]);
    expect(signup["multipart/form-data"]!.schema.required).toEqual(["name", "age"]);
    expect(Object.keys(paths["/notes"]!.post!.requestBody.content)).toContain("application/json");
    const profile = paths["/profile"]!.post!.requestBody.content;
    expect(Object.keys(profile)).toEqual(["multipart/form-data"]);
    expect(profile["multipart/form-data"]!.schema.properties.avatar).toEqual({ type: "string", format: "binary" });
  });
});
