/**
 * A dependency declares its scope once where it is defined (`dependency(fn, { scope })`), so every
 * `use(db)` gets the same instance, as FastAPI's `Depends(get_db)` has one scope wherever it is
 * used; a use that names another scope fails to build (TK1109) or, where the compiler could not
 * see it, to start (TK_RT_DEP_SCOPE_CONFLICT).
 */
import { App, Router, dependency, use } from "typekiln";
import { client, type Client } from "../../helpers/http";

const events: string[] = [];
let opened = 0;

function* openDatabase() {
  const db = { id: ++opened };
  events.push(`open ${db.id}`);
  try {
    yield db;
  } finally {
    events.push(`close ${db.id}`);
  }
}
export const database = dependency(openDatabase, { scope: "app" });
/** Declared inline, request-scoped: a new value per request, however it is used. */
export const requestId = dependency(() => ++opened, { scope: "request" });

const app = new App({ logger: false });
app.get("/a", (db = use(database)) => ({ db: db.id }));
app.get("/b", (db = use(database), id = use(requestId)) => ({ db: db.id, id }));
const router = new Router({ prefix: "/r", dependencies: [use(database)] });
router.get("/c", (db = use(database)) => ({ db: db.id }));
app.include(router);

let http: Client;
beforeAll(async () => {
  http = client((await app.listen(0, "127.0.0.1")).port);
});

describe("dependency(fn, { scope })", () => {
  it("gives every use(db) the one app-scoped instance, opened at listen()", async () => {
    expect(events).toEqual(["open 1"]);
    const answers = await Promise.all(["/a", "/b", "/r/c", "/a"].map(async (path) => (await http.request(path)).json.db));
    expect(answers).toEqual([1, 1, 1, 1]);
    expect(events).toEqual(["open 1"]);
  });

  it("keeps a request-scoped declaration per request", async () => {
    const first = (await http.request("/b")).json.id;
    expect((await http.request("/b")).json.id).toBe(first + 1);
  });

  it("closes the app-scoped instance at close()", async () => {
    await app.close();
    expect(events).toEqual(["open 1", "close 1"]);
  });

  it("refuses at start-up a use the compiler could not tie to the declaration", () => {
    const other = new App({ logger: false });
    // `openDatabase` itself is the function `database` marked: used request-scoped, it conflicts.
    expect(() => other.get("/raw", (db = use(openDatabase)) => ({ db: db.id }))).toThrow(
      expect.objectContaining({
        code: "TK_RT_DEP_SCOPE_CONFLICT",
        message: 'typekiln: GET /raw: openDatabase is declared with dependency(fn, { scope: "app" }) but used with scope "request"',
      }),
    );
  });
});
