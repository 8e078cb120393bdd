import { app } from "../../examples/todo/app";
import { validateOpenApi } from "../helpers/openapi";
import { responseErrors } from "../helpers/openapi-response";

let base = "";
beforeAll(async () => {
  const { port } = await app.listen(0, "127.0.0.1");
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => app.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = async (method: string, path: string, options: { token?: string; json?: unknown } = {}): Promise<{ status: number; challenge: string | null; body: any }> => {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.json !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(base + path, { method, headers, body: options.json === undefined ? undefined : JSON.stringify(options.json) });
  const text = await response.text();
  return { status: response.status, challenge: response.headers.get("www-authenticate"), body: text === "" ? undefined : JSON.parse(text) };
};

const login = async (username: string, password: string, scope?: string) => {
  const form = new URLSearchParams({ grant_type: "password", username, password, ...(scope === undefined ? {} : { scope }) });
  const response = await fetch(`${base}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
  });
  return { status: response.status, body: (await response.json()) as { access_token: string; scope: string; detail?: string } };
};

describe("examples/todo", () => {
  it("logs in with the OAuth2 password form and refuses a wrong password", async () => {
    const ok = await login("alice", "wonderland");
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ access_token: expect.any(String), token_type: "bearer", scope: "todos:read todos:write" });
    expect(await login("alice", "nope")).toEqual({ status: 400, body: { detail: "Incorrect username or password" } });
    expect((await call("GET", "/me", { token: ok.body.access_token })).body).toEqual({ username: "alice", scopes: ["todos:read", "todos:write"] });
  });

  it("greets everyone, and a signed-in user by name (optional auth: autoError: false)", async () => {
    const { body } = await login("bob", "builder");
    expect(await call("GET", "/hello")).toMatchObject({ status: 200, body: { message: "Hello, guest" } });
    expect(await call("GET", "/hello", { token: body.access_token })).toMatchObject({ status: 200, body: { message: "Hello, bob" } });
    expect(await call("GET", "/me")).toMatchObject({ status: 401 }); // the required scheme still answers 401
  });

  it("creates, reads, lists, changes and deletes todos in SQLite", async () => {
    const { body } = await login("alice", "wonderland");
    const token = body.access_token;
    const created = await call("POST", "/todos/", { token, json: { title: "fire the kiln" } });
    expect(created).toMatchObject({ status: 201, body: { title: "fire the kiln", done: false } });
    const id = created.body.id as number;
    expect((await call("GET", `/todos/${id}`, { token })).body).toEqual({ id, title: "fire the kiln", done: false });
    expect((await call("PATCH", `/todos/${id}`, { token, json: { done: true } })).body).toEqual({ id, title: "fire the kiln", done: true });
    expect((await call("GET", "/todos/?done=true", { token })).body).toContainEqual({ id, title: "fire the kiln", done: true });
    expect((await call("DELETE", `/todos/${id}`, { token })).status).toBe(204);
    expect(await call("GET", `/todos/${id}`, { token })).toMatchObject({ status: 404, body: { detail: `Todo ${id} not found` } });
  });

  it("records each created todo in the activity log with a background task", async () => {
    const { body } = await login("alice", "wonderland");
    const token = body.access_token;
    const created = await call("POST", "/todos/", { token, json: { title: "glaze the pots" } });
    expect(created.status).toBe(201);
    let activity: string[] = [];
    for (let i = 0; i < 50 && !activity.includes(`created todo ${created.body.id}: glaze the pots`); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      activity = (await call("GET", "/todos/activity", { token })).body;
    }
    expect(activity[0]).toBe(`created todo ${created.body.id}: glaze the pots`);
  });

  it("keeps each user's todos apart", async () => {
    const alice = (await login("alice", "wonderland")).body.access_token;
    const bob = (await login("bob", "builder")).body.access_token;
    const { body } = await call("POST", "/todos/", { token: alice, json: { title: "alice only" } });
    expect((await call("GET", "/todos/", { token: bob })).body).toEqual([]);
    expect((await call("GET", `/todos/${body.id}`, { token: bob })).status).toBe(404);
  });

  it("answers 401 without a token or with an unknown one, and 403 without the scope", async () => {
    expect(await call("GET", "/todos/")).toMatchObject({ status: 401, challenge: "Bearer" });
    expect(await call("GET", "/todos/", { token: "forged" })).toMatchObject({ status: 401, challenge: expect.stringContaining('error="invalid_token"') });
    const bob = (await login("bob", "builder")).body.access_token;
    expect(await call("POST", "/todos/", { token: bob, json: { title: "x" } })).toMatchObject({
      status: 403,
      challenge: 'Bearer error="insufficient_scope", scope="todos:write"',
    });
    const readOnly = (await login("alice", "wonderland", "todos:read")).body.access_token;
    expect((await call("DELETE", "/todos/1", { token: readOnly })).status).toBe(403);
  });

  it("validates bodies and path parameters after authenticating, answering with the router's error handler", async () => {
    const token = (await login("alice", "wonderland")).body.access_token;
    const bad = await call("POST", "/todos/", { token, json: { title: "" } });
    expect(bad).toMatchObject({ status: 422, body: { errors: { body: ["title: String should have at least 1 character"] } } });
    const path = await call("GET", "/todos/abc", { token });
    expect(path).toMatchObject({ status: 422, body: { errors: { body: ["id: Input should be a valid integer, unable to parse string as an integer"] } } });
    // The served document describes the answers the server really sent.
    const document = (await (await fetch(`${base}/openapi.json`)).json()) as Record<string, unknown>;
    expect(responseErrors(document, "/todos/", "post", 422, bad.body)).toEqual([]);
    expect(responseErrors(document, "/todos/{id}", "get", 422, path.body)).toEqual([]);
    // An unauthenticated caller with an invalid body learns nothing about the schema: 401 first.
    expect((await call("POST", "/todos/", { json: { title: "" } })).status).toBe(401);
    // The token route keeps FastAPI's shape.
    const form = await fetch(`${base}/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "username=alice" });
    expect(((await form.json()) as { detail: unknown[] }).detail[0]).toMatchObject({ type: "missing", loc: ["body", "password"] });
  });

  it("publishes a valid OpenAPI document with its security scheme and per-operation security", () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const document = app.openapi() as any;
    expect(validateOpenApi(document)).toMatchObject({ valid: true });
    expect(document.components.securitySchemes).toEqual({
      oauth2: {
        type: "oauth2",
        flows: {
          password: {
            tokenUrl: "/token",
            scopes: { "todos:read": "Read your todos", "todos:write": "Create, change and delete your todos" },
          },
        },
        description: "Log in as alice / wonderland (read and write) or bob / builder (read only).",
      },
    });
    const { paths } = document;
    expect(paths["/todos/"].get.security).toEqual([{ oauth2: ["todos:read"] }]);
    expect(paths["/todos/"].post.security).toEqual([{ oauth2: ["todos:write"] }]);
    expect(paths["/todos/{id}"].delete.security).toEqual([{ oauth2: ["todos:write"] }]);
    expect(paths["/me"].get.security).toEqual([{ oauth2: [] }]);
    expect(paths["/token"].post.security).toBeUndefined();
    expect(paths["/token"].post.requestBody.content["application/x-www-form-urlencoded"].schema.required).toEqual(["username", "password"]);
    expect(paths["/todos/{id}"].get).toMatchObject({ tags: ["todos"], operationId: "get_todos_id" });
    expect(Object.keys(paths["/todos/"].post.responses)).toEqual(expect.arrayContaining(["201", "401", "403", "422"]));
  });
});
