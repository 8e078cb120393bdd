/**
 * Exception handlers that answer with any response (FastAPI's `@app.exception_handler`): a
 * RealWorld-style 422 for validation failures, an `HttpError` answered with another body and its
 * headers, a user error class, a router's own handler; and the served document describing the
 * answers the server really sends.
 */
import { App, HttpError, RequestValidationError, Router, reply, use, type Reply, type ValidationErrorEntry, type tags } from "typekiln";
import { client, type Client } from "../../helpers/http";
import { responseErrors } from "../../helpers/openapi-response";

interface ArticleCreate {
  title: string & tags.MinLength<1>;
  body: string;
}

/** RealWorld's error body (https://realworld-docs.netlify.app/specifications/backend/error-handling/). */
interface RealWorldErrors {
  errors: { body: string[] };
}

interface ApiError {
  error: { status: number; message: string };
}

class Conflict extends Error {}

const app = new App({ logger: false });

app.onError(RequestValidationError, (err): Reply<422, RealWorldErrors> =>
  reply(422, { errors: { body: err.errors.map((entry) => `${entry.loc.slice(1).join(".") || entry.loc[0]} ${entry.msg}`) } }));

app.onError(HttpError, (err): Reply<number, ApiError> =>
  reply(err.status, { error: { status: err.status, message: String(err.detail) } }, { ...err.headers, "x-error": "api" }));

// `async`, as FastAPI's handlers usually are.
app.onError(Conflict, async (err): Promise<Reply<409, { conflict: string }>> => reply(409, { conflict: err.message }));

app.post("/articles", { status: 201 }, (article: ArticleCreate): { title: string } => {
  if (article.title === "taken") throw new Conflict("title is taken");
  return { title: article.title };
});

app.get("/articles/:slug", (slug: string, limit: number & tags.Maximum<10> = 5): { slug: string; limit: number } => {
  if (slug === "missing") throw new HttpError(404, "Article not found", { "x-slug": slug });
  return { slug, limit };
});

app.get("/health", () => ({ ok: true }));

// A router's handler answers its own routes' failures first; one that returns nothing passes on.
const legacy = new Router({ prefix: "/legacy" });
legacy.onError(RequestValidationError, async (err): Promise<Reply<400, { message: string }> | undefined> =>
  err.errors.some((entry) => entry.loc[0] === "query") ? reply(400, { message: "bad query" }) : undefined);
legacy.post("/notes", (note: { text: string & tags.MinLength<1> }, page: number = 1) => ({ text: note.text, page }));
app.include(legacy);

// FastAPI's "use the RequestValidationError body" tutorial: the entries and the body as received.
interface EchoedFailure {
  detail: ValidationErrorEntry[];
  body: unknown;
}
const echoing = new Router({ prefix: "/echo" });
echoing.onError(RequestValidationError, (err): Reply<422, EchoedFailure> => reply(422, { detail: [...err.errors], body: err.body }));
const caller = (xCaller?: string) => xCaller ?? "anonymous";
echoing.post("/items", (item: { title: string; size: number }) => item);
echoing.post("/owned", (item: { title: string; size: number }, who = use(caller)) => ({ ...item, who }));
app.include(echoing);

let http: Client;
let document: Record<string, any>;
beforeAll(async () => {
  const { port } = await app.listen(0, "127.0.0.1");
  http = client(port);
  document = (await http.request("/openapi.json")).json;
});
afterAll(() => app.close());

describe("exception handlers", () => {
  it("answers a validation failure with the RequestValidationError handler's typed body", async () => {
    const answer = await http.send("/articles", { body: "text", title: "" });
    expect(answer.status).toBe(422);
    expect(answer.headers.get("content-type")).toBe("application/json");
    expect(answer.json).toEqual({ errors: { body: ["title String should have at least 1 character"] } });
    expect((await http.send("/articles", { title: "t" })).json).toEqual({ errors: { body: ["body Field required"] } });
    expect(responseErrors(document, "/articles", "post", 422, answer.json)).toEqual([]);
  });

  it("passes malformed JSON (FastAPI's json_invalid) to the same handler", async () => {
    const answer = await http.send("/articles", "{not json");
    expect([answer.status, answer.json]).toEqual([422, { errors: { body: ["1 JSON decode error"] } }]);
  });

  it("passes query and path failures to it too", async () => {
    const answer = await http.request("/articles/a?limit=11");
    expect([answer.status, answer.json]).toEqual([422, { errors: { body: ["limit Input should be less than or equal to 10"] } }]);
  });

  it("answers an HttpError with the HttpError handler's body, status and headers", async () => {
    const answer = await http.request("/articles/missing");
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ error: { status: 404, message: "Article not found" } });
    expect(answer.headers.get("x-slug")).toBe("missing");
    expect(answer.headers.get("x-error")).toBe("api");
    expect(responseErrors(document, "/articles/{slug}", "get", 404, answer.json)).toEqual([]);
    // The old `{"detail": …}` shape is not what the document promises any more.
    expect(responseErrors(document, "/articles/{slug}", "get", 404, { detail: "Article not found" })).not.toEqual([]);
  });

  it("answers a user error class with its (async) handler's reply", async () => {
    const answer = await http.send("/articles", { title: "taken", body: "b" });
    expect([answer.status, answer.json]).toEqual([409, { conflict: "title is taken" }]);
    expect(responseErrors(document, "/articles", "post", 201, { title: "t" })).toEqual([]);
  });

  it("documents the handlers' bodies in place of HTTPValidationError and HTTPError", () => {
    const post = document.paths["/articles"].post.responses;
    expect(post[422].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/RealWorldErrors" });
    expect(document.components.schemas.RealWorldErrors).toMatchObject({ type: "object", required: ["errors"] });
    const get = document.paths["/articles/{slug}"].get.responses;
    expect(get[404]).toEqual({ description: "Article not found", content: { "application/json": { schema: { $ref: "#/components/schemas/ApiError" } } } });
    expect(get[422].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/RealWorldErrors" });
  });

  it("gives the handler the body as received, also on a route with dependencies and for malformed JSON", async () => {
    for (const path of ["/echo/items", "/echo/owned"]) {
      const answer = await http.send(path, { title: "towel", size: "XL" });
      expect(answer.status).toBe(422);
      expect(answer.json).toEqual({
        // pydantic's lax mode (the default) reads text where a number belongs: "XL" spells none.
        detail: [{ type: "float_parsing", loc: ["body", "size"], msg: "Input should be a valid number, unable to parse string as a number", input: "XL" }],
        body: { title: "towel", size: "XL" },
      });
      expect(responseErrors(document, path, "post", 422, answer.json)).toEqual([]);
    }
    const malformed = await http.send("/echo/items", "{\"title\":");
    expect(malformed.json).toMatchObject({ detail: [{ type: "json_invalid" }], body: "{\"title\":" });
  });

  it("lets a router's handler answer first, and falls back to the app's when it returns nothing", async () => {
    const query = await http.send("/legacy/notes?page=x", { text: "a" });
    expect([query.status, query.json]).toEqual([400, { message: "bad query" }]);
    const body = await http.send("/legacy/notes", { text: "" });
    expect([body.status, body.json]).toEqual([422, { errors: { body: ["text String should have at least 1 character"] } }]);
    const responses = document.paths["/legacy/notes"].post.responses;
    expect(Object.keys(responses)).toEqual(expect.arrayContaining(["400", "422"]));
    expect(responseErrors(document, "/legacy/notes", "post", 400, query.json)).toEqual([]);
    // The router's handler may pass the failure on, so the app's answer stays documented.
    expect(responseErrors(document, "/legacy/notes", "post", 422, body.json)).toEqual([]);
  });
});
