import { App, HttpError, Router, use, type Header } from "typekiln";
import { validateOpenApi } from "../../helpers/openapi";

class NotFoundError extends Error {}
class TodoMissing extends NotFoundError {}
class Conflict extends Error {}

const seen: string[] = [];
const audit = (xUser?: Header<string>): void => {
  seen.push(xUser ?? "anonymous");
};

const app = new App({ logger: false, dependencies: [use(audit)] });

const todos = new Router({ prefix: "/todos", tags: ["todos"] });
/** List todos. */
todos.get("/", () => [{ id: 1 }]);
todos.get("/:id", (id: number) => {
  if (id === 404) throw new TodoMissing(`todo ${id}`);
  if (id === 409) throw new Conflict("taken");
  if (id === 500) throw new NotFoundError("generic");
  return { id };
});
todos.onError(TodoMissing, (err) => new HttpError(404, err.message));

const comments = new Router({ prefix: "/comments-of", tags: ["comments"] });
comments.get("/", (): string[] => []);
comments.get("/:id", (id: number) => {
  throw new NotFoundError(`comment ${id}`);
});
comments.onError(NotFoundError, () => undefined); // passes the error on
todos.include(comments);

const users = new Router({ prefix: "/users" });
users.get("/", (): string[] => []);

// FastAPI's `@router.get("")`: the route is the prefix itself.
const items = new Router({ prefix: "/items", tags: ["items"] });
items.get("", () => ({ items: [] as string[] }));

app.include(todos).include(users).include(items);
app.onError(NotFoundError, (err, context) => new HttpError(404, `${context.method} ${context.path}: ${err.message}`));
app.onError(Conflict, (err) => {
  throw new HttpError(409, err.message);
});

let base = "";
beforeAll(async () => {
  const { port } = await app.listen(0, "127.0.0.1");
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => app.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const get = async (path: string): Promise<{ status: number; body: any }> => {
  const response = await fetch(base + path, { headers: { "x-user": "ada" } });
  return { status: response.status, body: await response.json() };
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const document = () => app.openapi() as any;

describe("Router", () => {
  it("serves routes under their router's prefix, nested routers under both", async () => {
    expect(await get("/todos/")).toEqual({ status: 200, body: [{ id: 1 }] });
    expect(await get("/todos/7")).toEqual({ status: 200, body: { id: 7 } });
    expect(await get("/todos/comments-of/")).toEqual({ status: 200, body: [] });
    expect(await get("/users/")).toEqual({ status: 200, body: [] });
  });

  it("runs app-level dependencies for every route, routers' included", async () => {
    seen.length = 0;
    await get("/todos/7");
    await get("/users/");
    expect(seen).toEqual(["ada", "ada"]);
  });

  it("documents prefixed paths, router tags and unique operation ids", () => {
    const { paths } = document();
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(["/todos/", "/todos/{id}", "/todos/comments-of/", "/users/"]));
    expect(paths["/todos/"].get).toMatchObject({ tags: ["todos"], summary: "List todos.", operationId: "get_todos" });
    expect(paths["/todos/comments-of/{id}"].get.tags).toEqual(["todos", "comments"]);
    const ids = Object.values(paths).flatMap((item: any) => Object.values(item).map((op: any) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(paths["/users/"].get.parameters).toEqual([{ name: "x-user", in: "header", required: false, schema: { type: "string" } }]);
    expect(validateOpenApi(document())).toMatchObject({ valid: true });
  });
});

describe("exception handlers", () => {
  it("uses the nearest router's handler for the most specific class", async () => {
    expect(await get("/todos/404")).toEqual({ status: 404, body: { detail: "todo 404" } });
  });

  it("falls back to the app's handler for a broader class, with the route in the context", async () => {
    expect(await get("/todos/500")).toEqual({ status: 404, body: { detail: "GET /todos/:id: generic" } });
  });

  it("passes an error on when a router's handler returns nothing", async () => {
    expect(await get("/todos/comments-of/3")).toEqual({ status: 404, body: { detail: "GET /todos/comments-of/:id: comment 3" } });
  });

  it("answers with an HttpError a handler throws", async () => {
    expect(await get("/todos/409")).toEqual({ status: 409, body: { detail: "taken" } });
  });

  it("serves a router route written \"\" at the prefix itself, and redirects the other spelling", async () => {
    expect(await get("/items")).toEqual({ status: 200, body: { items: [] } });
    const other = await fetch(`${base}/items/`, { redirect: "manual" });
    expect([other.status, other.headers.get("location")]).toEqual([307, "/items"]);
    expect(Object.keys(document().paths)).toContain("/items");
  });

  it("refuses a route written \"\" on the app itself, where it would serve no path", () => {
    const local = new App();
    expect(() => local.get("", () => 1)).toThrow(expect.objectContaining({ code: "TK_RT_BAD_ROUTE_OPTION" }));
  });

  it("rejects a router prefix holding a path parameter", () => {
    const local = new App();
    const bad = new Router({ prefix: "/items/:id" });
    bad.get("/", () => 1);
    expect(() => local.include(bad)).toThrow(expect.objectContaining({ code: "TK_RT_DEP_BAD_PREFIX" }));
  });
});
