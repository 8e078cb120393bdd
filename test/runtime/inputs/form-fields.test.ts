/**
 * Per-field form parameters, as FastAPI's `def login(username: str = Form(), password: str = Form())`
 * and `def upload(file: UploadFile = File(), note: str = Form())` (tests/test_tutorial/test_request_forms
 * and test_request_forms_and_files): each `Form<string>` / `Form<number>` / `File` parameter is one
 * field of one urlencoded or multipart body, merged with a `Form<T>` model's fields; the document
 * shows one `Body_<operation>` object. Real servers, real `fetch` bodies, both transports.
 */
import { App, Router, use, type File, type Form, type tags } from "typekiln";
import { validateOpenApi } from "../../helpers/openapi";
import { responseErrors } from "../../helpers/openapi-response";
import { documentAccepts, serve } from "../../helpers/served";

interface Profile {
  name: string;
  age?: number & tags.Type<"uint32">;
}

const app = new App({ logger: false });
// @app.post("/login/") async def login(username: Annotated[str, Form()], password: Annotated[str, Form()])
app.post("/login", (username: Form<string>, password: Form<string>) => ({ username, length: password.length }));
// @app.post("/files/") async def create_file(file: Annotated[bytes, File()], fileb: Annotated[UploadFile, File()], token: Annotated[str, Form()])
app.post("/files", async (file: File, token: Form<string>, note?: Form<string>) => ({
  name: file.name, size: file.size, text: await file.text(), token, note: note ?? null,
}));
/**
 * @param limit How many to keep.
 */
app.post("/search", (terms: Form<string[]>, limit: Form<number & tags.Type<"int32"> & tags.Minimum<1>> = 10, exact?: Form<boolean>) =>
  ({ terms, limit, exact: exact ?? false }));
// A field named apart from its parameter (FastAPI's Form(alias="user-name")).
app.post("/aliased", (userName: Form<string, "user-name">) => ({ userName }));
// A Form<T> model and form fields are one form.
app.post("/profiles", (profile: Form<Profile>, nickname: Form<string>, avatar?: File) =>
  ({ ...profile, nickname, avatar: avatar?.name ?? null }));
// A dependency's form field is a field of the route's form, as FastAPI flattens dependencies' body params.
const signedBy = (signature: Form<string>) => signature.toUpperCase();
app.post("/notes", (text: Form<string>, signer = use(signedBy)) => ({ text, signer }));
app.get("/health", () => ({ ok: true }));
const under = new Router({ prefix: "/accounts" });
under.post("/", (email: Form<string & tags.Format<"email">>) => ({ email }));
app.include(under);

const served = serve(app);
const post = (path: string, body: URLSearchParams | FormData | string, headers: Record<string, string> = {}) =>
  fetch(`http://127.0.0.1:${served.http.port}${path}`, { method: "POST", body, headers });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const answer = async (response: Response): Promise<[number, any]> => [response.status, await response.json()];
const missing = (name: string) => ({ type: "missing", loc: ["body", name], msg: "Field required", input: null });

describe("Form<string> parameters", () => {
  it("reads each from a urlencoded body", async () => {
    expect(await answer(await post("/login", new URLSearchParams({ username: "johndoe", password: "secret" }))))
      .toEqual([200, { username: "johndoe", length: 6 }]);
  });

  it("reads each from a multipart body", async () => {
    const form = new FormData();
    form.append("username", "johndoe");
    form.append("password", "secret");
    expect(await answer(await post("/login", form))).toEqual([200, { username: "johndoe", length: 6 }]);
  });

  it("answers FastAPI's missing at [\"body\", name] for each absent field", async () => {
    expect(await answer(await post("/login", new URLSearchParams({ username: "johndoe" })))).toEqual([422, { detail: [missing("password")] }]);
    expect(await answer(await post("/login", new URLSearchParams()))).toEqual([422, { detail: [missing("username"), missing("password")] }]);
  });

  it("answers 415 for JSON, as a Form<T> route does", async () => {
    const response = await post("/login", JSON.stringify({ username: "a", password: "b" }), { "content-type": "application/json" });
    expect(response.status).toBe(415);
  });

  it("coerces numbers, booleans and repeated fields, with the handler's default for an absent one", async () => {
    expect(await answer(await post("/search", new URLSearchParams("terms=a&terms=b&exact=on")))).toEqual([200, { terms: ["a", "b"], limit: 10, exact: true }]);
    expect(await answer(await post("/search", new URLSearchParams("terms=a&limit=3&limit=5")))).toEqual([200, { terms: ["a"], limit: 5, exact: false }]);
    // A browser's empty input for an optional field is no value: the default applies.
    expect(await answer(await post("/search", new URLSearchParams("terms=a&limit=")))).toEqual([200, { terms: ["a"], limit: 10, exact: false }]);
  });

  it("answers type errors at [\"body\", name] with the text as input", async () => {
    const [status, json] = await answer(await post("/search", new URLSearchParams("terms=a&limit=many&exact=perhaps")));
    expect(status).toBe(422);
    expect(json.detail.map((d: { type: string; loc: unknown[]; input: unknown }) => [d.type, d.loc, d.input])).toEqual([
      ["int_parsing", ["body", "limit"], "many"],
      ["bool_parsing", ["body", "exact"], "perhaps"],
    ]);
    const [low, tooLow] = await answer(await post("/search", new URLSearchParams("terms=a&limit=0")));
    expect([low, tooLow.detail[0].type, tooLow.detail[0].loc]).toEqual([422, "greater_than_equal", ["body", "limit"]]);
  });

  it("reads a field named by the marker", async () => {
    expect(await answer(await post("/aliased", new URLSearchParams({ "user-name": "ada" })))).toEqual([200, { userName: "ada" }]);
    expect(await answer(await post("/aliased", new URLSearchParams({ userName: "ada" })))).toEqual([422, { detail: [missing("user-name")] }]);
  });
});

describe("File and Form<string> parameters", () => {
  it("reads the file and the fields of one multipart body", async () => {
    const form = new FormData();
    form.append("token", "t0k");
    form.append("file", new Blob(["hello"], { type: "text/plain" }), "hello.txt");
    expect(await answer(await post("/files", form))).toEqual([200, { name: "hello.txt", size: 5, text: "hello", token: "t0k", note: null }]);
  });

  it("answers missing for the absent file and field together", async () => {
    const form = new FormData();
    form.append("note", "n");
    expect(await answer(await post("/files", form))).toEqual([422, { detail: [missing("file"), missing("token")] }]);
  });
});

describe("a dependency's Form<string> parameter", () => {
  it("reads its field from the route's form, and reports it missing with the route's", async () => {
    expect(await answer(await post("/notes", new URLSearchParams({ text: "hi", signature: "ada" })))).toEqual([200, { text: "hi", signer: "ADA" }]);
    // FastAPI solves the dependency (and validates its body fields) before the route's own.
    expect(await answer(await post("/notes", new URLSearchParams()))).toEqual([422, { detail: [missing("signature"), missing("text")] }]);
    const body = served.document.paths["/notes"].post.requestBody;
    expect(served.document.components.schemas.Body_post_notes).toMatchObject({ required: ["text", "signature"] });
    expect(body.content["multipart/form-data"].schema).toEqual({ $ref: "#/components/schemas/Body_post_notes" });
  });
});

describe("a Form<T> model beside form fields", () => {
  it("reads the model's fields and the parameters' from one form", async () => {
    const form = new FormData();
    form.append("name", "Ada");
    form.append("age", "36");
    form.append("nickname", "ada");
    form.append("avatar", new Blob(["png"]), "me.png");
    expect(await answer(await post("/profiles", form))).toEqual([200, { name: "Ada", age: 36, nickname: "ada", avatar: "me.png" }]);
    expect(await answer(await post("/profiles", new URLSearchParams({ name: "Ada", nickname: "ada" })))).toEqual([200, { name: "Ada", nickname: "ada", avatar: null }]);
  });

  it("reports the model's failures and the fields' together", async () => {
    const [status, json] = await answer(await post("/profiles", new URLSearchParams({ age: "old" })));
    expect(status).toBe(422);
    expect(json.detail.map((d: { type: string; loc: unknown[] }) => [d.type, d.loc])).toEqual([
      ["missing", ["body", "name"]],
      ["int_parsing", ["body", "age"]],
      ["missing", ["body", "nickname"]],
    ]);
  });
});

describe("the document", () => {
  const bodyOf = (path: string) => served.document.paths[path].post.requestBody;
  const schemaOf = (ref: { $ref: string }) => served.document.components.schemas[ref.$ref.split("/").pop()!];

  it("validates, and shows one Body_<operation> object per route with a property per field", () => {
    expect(validateOpenApi(served.document)).toMatchObject({ valid: true });
    const login = bodyOf("/login");
    expect(login.required).toBe(true);
    expect(Object.keys(login.content)).toEqual(["application/x-www-form-urlencoded", "multipart/form-data"]);
    expect(login.content["multipart/form-data"].schema).toEqual({ $ref: "#/components/schemas/Body_post_login" });
    expect(schemaOf(login.content["application/x-www-form-urlencoded"].schema)).toEqual({
      type: "object",
      properties: { username: { type: "string" }, password: { type: "string" } },
      required: ["username", "password"],
    });
    const files = bodyOf("/files");
    expect(Object.keys(files.content)).toEqual(["multipart/form-data"]);
    expect(schemaOf(files.content["multipart/form-data"].schema)).toEqual({
      type: "object",
      properties: { file: { type: "string", format: "binary" }, token: { type: "string" }, note: { type: "string" } },
      required: ["file", "token"],
    });
    expect(schemaOf(bodyOf("/search").content["multipart/form-data"].schema)).toMatchObject({
      properties: { terms: { type: "array", items: { type: "string" } }, limit: { type: "integer", minimum: 1, default: 10, description: "How many to keep." } },
      required: ["terms"],
    });
    expect(schemaOf(bodyOf("/aliased").content["multipart/form-data"].schema)).toMatchObject({ required: ["user-name"] });
    expect(schemaOf(bodyOf("/profiles").content["multipart/form-data"].schema)).toMatchObject({
      properties: { name: {}, age: {}, nickname: {}, avatar: { type: "string", format: "binary" } },
      required: ["name", "nickname"],
    });
  });

  it("names a body under a router's prefix after the route's full path", () => {
    const body = served.document.paths["/accounts/"].post.requestBody;
    expect(body.content["multipart/form-data"].schema).toEqual({ $ref: "#/components/schemas/Body_post_accounts" });
    expect(schemaOf(body.content["multipart/form-data"].schema)).toMatchObject({ required: ["email"] });
    expect(served.document.components.schemas.Body_post).toBeUndefined();
  });

  it("takes the fields the server takes and refuses the ones it refuses", async () => {
    const schema = bodyOf("/search").content["application/x-www-form-urlencoded"].schema;
    const sent: [string, Record<string, unknown>][] = [
      ["terms=a&terms=b&limit=3", { terms: ["a", "b"], limit: 3 }],
      ["terms=a&limit=0", { terms: ["a"], limit: 0 }],
      ["limit=3", { limit: 3 }],
    ];
    for (const [text, fields] of sent) {
      const response = await post("/search", new URLSearchParams(text));
      const json = await response.json();
      expect([text, documentAccepts(served.document, schema, fields)]).toEqual([text, response.status === 200]);
      expect(responseErrors(served.document, "/search", "post", response.status, json)).toEqual([]);
    }
  });
});
