import { App, HttpError, Router, use, type Header, type tags } from "typekiln";
import { until } from "../../helpers/raw-http";

// Counters the dependencies below report into; reset per test.
const calls: Record<string, number> = {};
const events: string[] = [];
const count = (name: string) => (calls[name] = (calls[name] ?? 0) + 1);
beforeEach(() => {
  for (const key of Object.keys(calls)) delete calls[key];
  events.length = 0;
});

/** A request-scoped counter: how often is it called per request? */
function requestId(): number {
  return count("requestId");
}

/** Reads the tenant header; nested under `account`. */
function tenant(xTenant: Header<string & tags.MinLength<2>>): string {
  count("tenant");
  return xTenant;
}

async function account(name = use(tenant), limit: number & tags.Maximum<10> = 5): Promise<{ tenant: string; limit: number }> {
  await new Promise((resolve) => setTimeout(resolve, 5));
  return { tenant: name, limit };
}

function* connection(): Generator<{ id: number; open: boolean }> {
  const handle = { id: count("connection"), open: true };
  events.push(`open ${handle.id}`);
  try {
    yield handle;
  } catch (err) {
    events.push(`saw ${(err as Error).message}`);
    throw err;
  } finally {
    handle.open = false;
    events.push(`close ${handle.id}`);
  }
}

async function* session(db = use(connection)): AsyncGenerator<string> {
  events.push("session start");
  try {
    yield `session on ${db.id}`;
  } finally {
    events.push("session end");
  }
}

let settingsCreated = 0;
const settings = () => ({ created: ++settingsCreated });
function* pool(config = use(settings, { scope: "app" })): Generator<{ config: number; closed: boolean }> {
  const value = { config: config.created, closed: false };
  events.push("pool open");
  yield value;
  value.closed = true;
  events.push("pool closed");
}

const verifyKey = (xKey?: Header<string>): void => {
  if (xKey !== "secret") throw new HttpError(401, "Bad key");
};

const clock = (): string => "real";

/** A class as a dependency: its constructor's parameters are query parameters here. */
class Pagination {
  constructor(
    readonly limit: number & tags.Maximum<50> = 10,
    readonly offset: number = 0,
  ) {}
}

const app = new App({ logger: false });

app.get("/twice", (a = use(requestId), b = use(requestId)) => ({ a, b }));

app.get("/nested", (acct = use(account), name = use(tenant)) => ({ ...acct, name, calls: calls.tenant ?? 0 }));

app.get("/teardown", (db = use(connection), s = use(session)) => ({ id: db.id, open: db.open, s }));

app.get("/teardown/throw", (db = use(connection)): { id: number } => {
  throw new Error(`boom ${db.id}`);
});

app.get("/pool", (p = use(pool, { scope: "app" })) => p);

app.get("/slow", async (db = use(connection)): Promise<{ id: number }> => {
  await new Promise((resolve) => setTimeout(resolve, 100));
  return { id: db.id };
});

app.get("/clock", (now = use(clock)) => ({ now }));

app.get("/paged", (page = use(Pagination)) => ({ limit: page.limit, offset: page.offset, isPage: page instanceof Pagination }));

const guarded = new Router({ prefix: "/guarded", dependencies: [use(verifyKey)] });
guarded.get("/", () => ({ ok: true }));
app.include(guarded);

app.get("/route-guarded", { dependencies: [use(verifyKey)] }, () => ({ ok: true }));

// A dependency that gives `undefined`: the parameter's `use()` default re-applies, and must give
// `undefined` too, not typekiln's marker (FastAPI hands the handler `None`).
const nothing = (): undefined => undefined;
const maybeUser = (xUser?: Header<string>): string | undefined => xUser;
function greeting(user = use(maybeUser)): string {
  return user === undefined ? "hello, stranger" : `hello, ${user}`;
}
app.get("/nothing", (v = use(nothing)) => ({ isUndefined: v === undefined, type: typeof v }));
app.get("/greeting", (text = use(greeting), user = use(maybeUser)) => ({ text, user: user ?? null }));

let base = "";
beforeAll(async () => {
  const { port } = await app.listen(0, "127.0.0.1");
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => app.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const get = async (path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> => {
  const response = await fetch(base + path, { headers });
  return { status: response.status, body: await response.json() };
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("dependencies", () => {
  it("hands the handler undefined when a dependency gives undefined, not the use() marker", async () => {
    expect(await (await fetch(`${base}/nothing`)).json()).toEqual({ isUndefined: true, type: "undefined" });
  });

  it("hands a dependency undefined from a sub-dependency that gives undefined", async () => {
    expect(await (await fetch(`${base}/greeting`)).json()).toEqual({ text: "hello, stranger", user: null });
    const named = await fetch(`${base}/greeting`, { headers: { "x-user": "ada" } });
    expect(await named.json()).toEqual({ text: "hello, ada", user: "ada" });
  });

  it("calls a dependency once per request, however many parameters use it", async () => {
    expect(await get("/twice")).toEqual({ status: 200, body: { a: 1, b: 1 } });
    expect(calls.requestId).toBe(1);
    expect((await get("/twice")).body).toEqual({ a: 2, b: 2 });
  });

  it("resolves nested and async dependencies, validating their inputs", async () => {
    const ok = await get("/nested?limit=7", { "x-tenant": "acme" });
    expect(ok).toEqual({ status: 200, body: { tenant: "acme", limit: 7, name: "acme", calls: 1 } });
    const bad = await get("/nested?limit=11", { "x-tenant": "a" });
    expect(bad.status).toBe(422);
    // FastAPI's solve_dependencies: `account` reports its sub-dependency `tenant`'s failure, then
    // its own `limit`; the handler's own `use(tenant)` is solved again and reports it again.
    expect(bad.body.detail.map((issue: { loc: unknown[] }) => issue.loc)).toEqual([["header", "x-tenant"], ["query", "limit"], ["header", "x-tenant"]]);
  });

  it("documents a dependency's inputs in the route's operation", () => {
    const operation = (app.openapi() as any).paths["/nested"].get;
    expect(operation.parameters).toEqual([
      { name: "x-tenant", in: "header", required: true, schema: { type: "string", minLength: 2 } },
      { name: "limit", in: "query", required: false, schema: { type: "number", maximum: 10, default: 5 } },
    ]);
  });

  it("runs generator teardown after the response, last opened first", async () => {
    const { body } = await get("/teardown");
    expect(body).toEqual({ id: 1, open: true, s: "session on 1" });
    await settle();
    expect(events).toEqual(["open 1", "session start", "session end", "close 1"]);
  });

  it("runs teardown after a throwing handler, with the error thrown into the generator", async () => {
    const { status } = await get("/teardown/throw");
    expect(status).toBe(500);
    await settle();
    expect(events).toEqual(["open 1", "saw boom 1", "close 1"]);
    expect((await get("/twice")).status).toBe(200);
  });

  it("still tears down when the client leaves while the handler awaits, and keeps serving", async () => {
    const controller = new AbortController();
    const pending = fetch(`${base}/slow`, { signal: controller.signal }).catch((err: Error) => err.name);
    // Leave once the dependency is open and the handler awaits (it sleeps 100 ms), however slow the machine.
    await until(() => events.includes("open 1"), 5000, "the dependency to open");
    controller.abort();
    expect(await pending).toBe("AbortError");
    await until(() => events.includes("close 1"), 5000, "the teardown");
    expect(events).toEqual(["open 1", "close 1"]);
    expect((await get("/twice")).status).toBe(200);
  });

  it("creates an app-scoped dependency once at start-up and shares it across requests", async () => {
    const first = await get("/pool");
    const second = await get("/pool");
    expect(first.body).toEqual({ config: 1, closed: false });
    expect(second.body).toEqual(first.body);
    expect(settingsCreated).toBe(1); // once, at listen(), however many requests
  });

  it("constructs a class dependency from its constructor's parameters", async () => {
    expect(await get("/paged?limit=5")).toEqual({ status: 200, body: { limit: 5, offset: 0, isPage: true } });
    expect((await get("/paged?limit=99")).status).toBe(422);
    expect((app.openapi() as any).paths["/paged"].get.parameters.map((p: { name: string }) => p.name)).toEqual(["limit", "offset"]);
  });

  it("replaces a dependency with app.override and restores it", async () => {
    app.override(clock, () => "fake");
    expect((await get("/clock")).body).toEqual({ now: "fake" });
    app.override(clock);
    expect((await get("/clock")).body).toEqual({ now: "real" });
  });

  it("runs a router's dependencies before its routes, without passing their result", async () => {
    expect(await get("/guarded/")).toEqual({ status: 401, body: { detail: "Bad key" } });
    expect(await get("/guarded/", { "x-key": "secret" })).toEqual({ status: 200, body: { ok: true } });
    const operation = (app.openapi() as any).paths["/guarded/"].get;
    expect(operation.parameters).toEqual([{ name: "x-key", in: "header", required: false, schema: { type: "string" } }]);
  });

  it("runs a route's own dependencies option", async () => {
    expect((await get("/route-guarded")).status).toBe(401);
    expect(await get("/route-guarded", { "x-key": "secret" })).toEqual({ status: 200, body: { ok: true } });
    expect((app.openapi() as any).paths["/route-guarded"].get.parameters).toEqual([
      { name: "x-key", in: "header", required: false, schema: { type: "string" } },
    ]);
  });
});

describe("app-scoped dependencies", () => {
  it("are torn down at close()", async () => {
    const local = new App({ logger: false });
    local.get("/pool", (p = use(pool, { scope: "app" })) => p);
    await local.listen(0, "127.0.0.1");
    expect(events).toEqual(["pool open"]);
    await local.close();
    expect(events).toEqual(["pool open", "pool closed"]);
  });
});
