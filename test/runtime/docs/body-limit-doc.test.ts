/**
 * The body limit, which no schema can state, is in the document: each 413 says the route's limit
 * in its description and in `x-body-limit`, and the server answers 413 exactly past it.
 */
import { App, type Form } from "typekiln";
import { client, type Client } from "../../helpers/http";
import { validateOpenApi } from "../../helpers/openapi";

const app = new App({ logger: false, bodyLimit: 64 });
app.post("/notes", (note: { text: string }) => note);
app.post("/small", { bodyLimit: 16 }, (note: { text: string }) => note);
app.post("/form", (form: Form<{ text: string }>) => form);
app.get("/plain", () => ({ ok: true }));

let http: Client;
let document: any; // eslint-disable-line @typescript-eslint/no-explicit-any
beforeAll(async () => {
  http = client((await app.listen(0, "127.0.0.1")).port);
  document = (await http.request("/openapi.json")).json;
});
afterAll(() => app.close());

const limitOf = (path: string, method = "post") => document.paths[path][method].responses["413"]?.["x-body-limit"];

describe("the body limit in the document", () => {
  it("is each body route's own limit, in words and in x-body-limit, in a valid document", () => {
    expect(validateOpenApi(document)).toMatchObject({ valid: true });
    expect(document.paths["/small"].post.responses["413"]).toEqual({
      description: "Content Too Large: the request body is over 16 bytes",
      content: { "application/json": { schema: { $ref: "#/components/schemas/HTTPError" } } },
      "x-body-limit": 16,
    });
    expect([limitOf("/notes"), limitOf("/form"), limitOf("/plain", "get")]).toEqual([64, 64, undefined]);
  });

  it("is where the server answers 413", async () => {
    const limit = limitOf("/small") as number;
    const body = (size: number) => JSON.stringify({ text: "x".repeat(size - '{"text":""}'.length) });
    expect((await http.send("/small", body(limit))).status).toBe(200);
    const over = await http.send("/small", body(limit + 1));
    expect([over.status, over.json]).toEqual([413, { detail: "Request body is too large" }]);
  });
});
