import { App, HttpError, type tags } from "typekiln";
import { client, expectAlive, type Client } from "../../helpers/http";
import { validateOpenApi } from "../../helpers/openapi";

/** A user as the client sends it. */
interface UserCreate {
  name: string & tags.MinLength<1>;
  age?: number & tags.Type<"uint32">;
}
interface User extends UserCreate {
  id: number;
}

const app = new App({ title: "Docs test", version: "2.0.0", description: "What the document says.", logger: false });
app.get("/health", () => ({ ok: true }));

/**
 * Create a user.
 * @tag users
 */
app.post("/users", { status: 201, tags: ["admin"] }, (user: UserCreate): User => ({ id: 1, ...user }));

/** Read one user. */
app.get("/users/:id", { summary: "Fetch a user", deprecated: true }, (id: number & tags.Type<"uint32">): User => {
  if (id === 0) throw new HttpError(404, "User not found");
  return { id, name: "a" };
});
app.get("/internal", { hidden: true }, () => ({ secret: true }));

let http: Client;
let port = 0;
beforeAll(async () => {
  ({ port } = await app.listen(0, "127.0.0.1"));
  http = client(port);
});
afterAll(() => app.close());
// Every case, bad input or not, must leave the server answering an ordinary request.
afterEach(() => expectAlive(port));

describe("/openapi.json", () => {
  it("serves the document app.openapi() builds", async () => {
    const { status, headers, json } = await http.request("/openapi.json");
    expect([status, headers.get("content-type")]).toEqual([200, "application/json"]);
    expect(json).toEqual(app.openapi());
  });

  it("is a valid OpenAPI 3.1 document", async () => {
    const { json } = await http.request("/openapi.json");
    expect(validateOpenApi(json)).toMatchObject({ valid: true, version: "3.1" });
  });

  it("writes the info block from the app's options", async () => {
    const { json } = await http.request("/openapi.json");
    expect([json.openapi, json.info]).toEqual(["3.1.0", { title: "Docs test", version: "2.0.0", description: "What the document says." }]);
  });

  it("documents each route under its OpenAPI path, leaving out hidden routes and the docs pages", async () => {
    const { json } = await http.request("/openapi.json");
    expect(Object.keys(json.paths).sort()).toEqual(["/health", "/users", "/users/{id}"]);
    expect(Object.keys(json.paths["/users/{id}"])).toEqual(["get"]);
  });

  it("adds option tags to JSDoc tags and lets options set the summary and deprecation", async () => {
    const { json } = await http.request("/openapi.json");
    expect(json.paths["/users"].post).toMatchObject({ summary: "Create a user.", tags: ["users", "admin"] });
    expect(json.paths["/users/{id}"].get).toMatchObject({ summary: "Fetch a user", deprecated: true });
  });

  it("documents the status option, thrown HttpErrors and the 422 shape", async () => {
    const { json } = await http.request("/openapi.json");
    expect(Object.keys(json.paths["/users"].post.responses)).toContain("201");
    const get = json.paths["/users/{id}"].get;
    expect(get.responses["404"].description).toBe("User not found");
    expect(JSON.stringify(get.responses["422"])).toContain("#/components/schemas/HTTPValidationError");
  });

  it("holds the framework's error schemas and the routes' named schemas", async () => {
    const { json } = await http.request("/openapi.json");
    expect(Object.keys(json.components.schemas)).toEqual(expect.arrayContaining(["HTTPValidationError", "ValidationError", "HTTPError", "UserCreate", "User"]));
    expect(json.components.schemas.UserCreate.description).toBe("A user as the client sends it.");
  });
});

describe("app.openapi()", () => {
  it("rebuilds the document when a route is added", () => {
    const local = new App();
    local.get("/a", () => 1);
    expect(Object.keys(local.openapi().paths as object)).toEqual(["/a"]);
    local.get("/b", () => 2);
    expect(Object.keys(local.openapi().paths as object)).toEqual(["/a", "/b"]);
  });
});
