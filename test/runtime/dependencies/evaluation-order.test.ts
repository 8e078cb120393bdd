/**
 * When dependencies run and when their teardowns run, as current FastAPI does them:
 * each dependency runs once its own inputs are valid, so its HttpError (a 401) wins over a 422 for
 * the body (solve_dependencies); generator teardowns see the failure before the answer is chosen,
 * so an HttpError raised there is the answer; `scope: "function"` closes before the response,
 * the default request scope after it (after a stream's last item).
 */
import { App, HttpError, RequestValidationError, Router, httpBearer, use, type Header, type RequestContext, type tags } from "typekiln";
import { client, type Client } from "../../helpers/http";

const events: string[] = [];
const calls: Record<string, number> = {};
beforeEach(() => {
  events.length = 0;
  for (const key of Object.keys(calls)) delete calls[key];
});
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

const bearer = httpBearer();

function currentUser(token = use(bearer)): { name: string } {
  calls.currentUser = (calls.currentUser ?? 0) + 1;
  if (token !== "good") throw new HttpError(401, "Invalid token");
  return { name: "ada" };
}

/** Not called when its own query parameter is invalid. */
function paging(limit: number & tags.Maximum<10> = 5): number {
  calls.paging = (calls.paging ?? 0) + 1;
  return limit;
}

const forbidden = (xRole?: Header<string>): void => {
  if (xRole !== "admin") throw new HttpError(403, "Admins only");
};

interface ItemCreate {
  name: string & tags.MinLength<1>;
}

class Conflict extends Error {}

function* transaction(): Generator<string> {
  events.push("begin");
  try {
    yield "tx";
    events.push("commit");
  } catch (err) {
    events.push(`rollback ${(err as Error).constructor.name}`);
    if (err instanceof Conflict) throw new HttpError(409, "Rolled back: conflict");
    throw err;
  } finally {
    events.push("end");
  }
}

async function* swallowing(): AsyncGenerator<string> {
  try {
    yield "s";
  } catch {
    events.push("swallowed");
  }
}

function* checkedOnExit(): Generator<string> {
  yield "checked";
  events.push("exit check");
  throw new HttpError(503, "Could not commit");
}

function* session(): Generator<{ open: boolean }> {
  const handle = { open: true };
  events.push("session open");
  try {
    yield handle;
  } finally {
    handle.open = false;
    events.push("session closed");
  }
}

const app = new App({ logger: false });

app.post("/items", (item: ItemCreate, user = use(currentUser)) => ({ name: item.name, by: user.name }));
app.get("/listing", (q: number, page = use(paging), admin = use(forbidden)) => ({ q, page, admin }));
app.post("/tx", (item: ItemCreate, tx = use(transaction)) => {
  if (item.name === "dup") throw new Conflict("dup");
  return { tx };
});
app.get("/swallow", (s = use(swallowing)): { s: string } => {
  throw new HttpError(404, "Not here");
});
app.get("/exit-check", (c = use(checkedOnExit, { scope: "function" })) => {
  events.push("handler");
  return { c };
});
app.get("/exit-check-late", (c = use(checkedOnExit)) => ({ c }));
app.get("/stream", async function* (db = use(session)): AsyncGenerator<{ n: number; open: boolean }> {
  for (let n = 1; n <= 3; n++) {
    events.push(`item ${n}`);
    yield { n, open: db.open };
  }
});
app.get("/stream-early", async function* (db = use(session, { scope: "function" })): AsyncGenerator<{ n: number; open: boolean }> {
  events.push("item 1");
  yield { n: 1, open: db.open };
});

// A router's dependency runs before the route's own inputs are judged, as FastAPI's
// `APIRouter(dependencies=[…])` are solved first.
const verifyKey = (xKey?: Header<string>): void => {
  if (xKey !== "secret") throw new HttpError(401, "Bad key");
};
const guarded = new Router({ prefix: "/guarded", dependencies: [use(verifyKey)] });
guarded.post("/items", (item: ItemCreate) => ({ name: item.name }));
app.include(guarded);

/** A stream that never ends on its own: the client leaves. */
app.get("/endless", async function* (ctx: RequestContext, db = use(session)): AsyncGenerator<{ n: number; open: boolean }> {
  for (let n = 1; !ctx.signal.aborted; n++) {
    yield { n, open: db.open };
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
});

let http: Client;
beforeAll(async () => {
  const { port } = await app.listen(0, "127.0.0.1");
  http = client(port);
});
afterAll(() => app.close());

describe("order of evaluation (FastAPI's solve_dependencies)", () => {
  it("answers an unauthenticated caller with an invalid body 401, not 422", async () => {
    const answer = await http.send("/items", { name: "" });
    expect([answer.status, answer.json]).toEqual([401, { detail: "Not authenticated" }]);
    expect(answer.headers.get("www-authenticate")).toBe("Bearer");
    const bad = await http.send("/items", { name: "" }, { headers: { "content-type": "application/json", authorization: "Bearer bad" } });
    expect([bad.status, bad.json]).toEqual([401, { detail: "Invalid token" }]);
  });

  it("runs a router's dependency before judging the route's body", async () => {
    const answer = await http.send("/guarded/items", { name: "" });
    expect([answer.status, answer.json]).toEqual([401, { detail: "Bad key" }]);
    const keyed = await http.send("/guarded/items", { name: "" }, { headers: { "content-type": "application/json", "x-key": "secret" } });
    expect([keyed.status, keyed.json.detail[0].loc]).toEqual([422, ["body", "name"]]);
  });

  it("answers an authenticated caller with an invalid body 422, after running the dependency", async () => {
    const answer = await http.send("/items", { name: "" }, { headers: { "content-type": "application/json", authorization: "Bearer good" } });
    expect(answer.status).toBe(422);
    expect(answer.json).toEqual({
      detail: [{ type: "string_too_short", loc: ["body", "name"], msg: "String should have at least 1 character", input: "", ctx: { min_length: 1 } }],
    });
    expect(calls.currentUser).toBe(1);
  });

  it("skips a dependency whose own input is invalid, still runs the next one, and lets its HttpError win", async () => {
    const forbiddenAnswer = await http.request("/listing?q=x&limit=99");
    expect([forbiddenAnswer.status, forbiddenAnswer.json]).toEqual([403, { detail: "Admins only" }]);
    expect(calls.paging).toBeUndefined();
    const invalid = await http.request("/listing?q=x&limit=99", { headers: { "x-role": "admin" } });
    expect(invalid.status).toBe(422);
    // The dependency's failure first, then the handler's own parameters.
    expect(invalid.json.detail.map((entry: { loc: unknown[] }) => entry.loc)).toEqual([["query", "limit"], ["query", "q"]]);
  });
});

describe("generator teardown (FastAPI's dependencies with yield)", () => {
  it("lets an HttpError raised in a teardown's catch decide the answer", async () => {
    const answer = await http.send("/tx", { name: "dup" });
    expect([answer.status, answer.json]).toEqual([409, { detail: "Rolled back: conflict" }]);
    // The teardown ran before the answer was written.
    expect(events).toEqual(["begin", "rollback Conflict", "end"]);
  });

  it("throws a validation failure found after the dependency was entered into it", async () => {
    const answer = await http.send("/tx", { name: "" });
    expect(answer.status).toBe(422);
    expect(events).toEqual(["begin", `rollback ${RequestValidationError.name}`, "end"]);
  });

  it("commits after the response on success (request scope)", async () => {
    const answer = await http.send("/tx", { name: "ok" });
    expect([answer.status, answer.json]).toEqual([200, { tx: "tx" }]);
    await settle();
    expect(events).toEqual(["begin", "commit", "end"]);
  });

  it("answers 500 when a teardown catches the error and does not rethrow it, as FastAPI does", async () => {
    const answer = await http.request("/swallow");
    expect([answer.status, answer.json]).toEqual([500, { detail: "Internal Server Error" }]);
    expect(events).toEqual(["swallowed"]);
  });

  it("closes a scope: \"function\" generator before the response, and what it throws is the answer", async () => {
    const answer = await http.request("/exit-check");
    expect([answer.status, answer.json]).toEqual([503, { detail: "Could not commit" }]);
    expect(events).toEqual(["handler", "exit check"]);
  });

  it("cannot change a response already sent: a request-scoped teardown's error after success is only logged", async () => {
    const answer = await http.request("/exit-check-late");
    expect([answer.status, answer.json]).toEqual([200, { c: "checked" }]);
    await settle();
    expect(events).toEqual(["exit check"]);
  });

  it("keeps a request-scoped dependency open until a stream's last item is sent", async () => {
    const answer = await http.request("/stream");
    expect(answer.status).toBe(200);
    expect(answer.text.trim().split("\n").map((line) => JSON.parse(line))).toEqual([
      { n: 1, open: true }, { n: 2, open: true }, { n: 3, open: true },
    ]);
    await settle();
    expect(events).toEqual(["session open", "item 1", "item 2", "item 3", "session closed"]);
  });

  it("closes a request-scoped dependency when the client leaves a stream", async () => {
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${http.port}/endless`, { signal: controller.signal });
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(JSON.parse(first.split("\n")[0]!)).toEqual({ n: 1, open: true });
    controller.abort();
    for (let i = 0; i < 50 && !events.includes("session closed"); i++) await settle();
    expect(events).toEqual(["session open", "session closed"]);
  });

  it("closes a scope: \"function\" dependency before the stream starts", async () => {
    const answer = await http.request("/stream-early");
    expect(answer.text.trim()).toBe(JSON.stringify({ n: 1, open: false }));
    expect(events).toEqual(["session open", "session closed", "item 1"]);
  });
});
