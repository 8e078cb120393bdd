/**
 * `testClient(app)`: the in-process client for tests (FastAPI's `TestClient`, Fastify's `inject`,
 * Hono's `app.request`). Every request goes through the whole app on the in-memory transport
 * (`app.request()`); answers are standard `Response`s. The lifespan is explicit, as with FastAPI's
 * `with TestClient(app)`: requests are answered without running start-up hooks; `start()` runs
 * them, `close()` runs the shutdown hooks and ends the app's in-memory serving.
 */
import type { App } from "../app/app";
import { TestSocket, type TestSocketOptions } from "./test-socket";

/** A query parameter's value; arrays repeat the name (`tag=a&tag=b`). */
export type QueryValue = string | number | boolean | bigint | readonly (string | number | boolean | bigint)[];

/**
 * `fetch`'s options, plus `query` (added to the path) and `json` (sent as the body, with
 * `Content-Type: application/json`).
 *
 * @example
 * await client.post("/items", { json: { name: "pen" }, query: { dryRun: true }, headers: { authorization: "Bearer t" } });
 */
export interface TestRequestInit extends RequestInit {
  readonly query?: Readonly<Record<string, QueryValue | undefined>>;
  readonly json?: unknown;
}

/** `client.get(path, init)` and its siblings: `init` without `method`. */
type MethodInit = Omit<TestRequestInit, "method">;

/**
 * Sends requests to `app` in process. Answers are standard `Response`s: `status`, `headers`,
 * `await res.json()`, `await res.text()`, and `res.body` read as it arrives (server-sent events).
 *
 * @example
 * const client = testClient(app);
 * beforeAll(() => client.start()); // runs app.onStartup hooks
 * afterAll(() => client.close());  // runs app.onShutdown hooks
 *
 * it("reads an item", async () => {
 *   const res = await client.get("/items/1", { query: { detail: true } });
 *   expect(res.status).toBe(200);
 *   expect(await res.json()).toEqual({ id: 1, name: "pen" });
 * });
 */
export function testClient<State extends object>(app: App<State>): TestClient<State> {
  return new TestClient(app);
}

export class TestClient<State extends object = Record<string, unknown>> {
  constructor(readonly app: App<State>) {}

  /** A request with any method; `path` may carry a query string, or be a whole URL. */
  request(path: string, init: TestRequestInit = {}): Promise<Response> {
    const { query, json, ...rest } = init;
    let target = path;
    if (query !== undefined) {
      const search = searchOf(query);
      if (search !== "") target += (path.includes("?") ? "&" : "?") + search;
    }
    if (json === undefined) return this.app.request(target, rest);
    const headers = new Headers(rest.headers);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
    return this.app.request(target, { ...rest, headers, body: JSON.stringify(json) });
  }

  get(path: string, init?: MethodInit): Promise<Response> {
    return this.request(path, { ...init, method: "GET" });
  }

  head(path: string, init?: MethodInit): Promise<Response> {
    return this.request(path, { ...init, method: "HEAD" });
  }

  post(path: string, init?: MethodInit): Promise<Response> {
    return this.request(path, { ...init, method: "POST" });
  }

  put(path: string, init?: MethodInit): Promise<Response> {
    return this.request(path, { ...init, method: "PUT" });
  }

  patch(path: string, init?: MethodInit): Promise<Response> {
    return this.request(path, { ...init, method: "PATCH" });
  }

  delete(path: string, init?: MethodInit): Promise<Response> {
    return this.request(path, { ...init, method: "DELETE" });
  }

  options(path: string, init?: MethodInit): Promise<Response> {
    return this.request(path, { ...init, method: "OPTIONS" });
  }

  /**
   * Opens a WebSocket to `path`; resolves once it is open, rejects with the HTTP status when the
   * upgrade is refused.
   *
   * @example
   * const ws = await client.websocket("/rooms/lobby", { query: { user: "ada" } });
   * ws.send({ type: "say", text: "hi" });
   * expect(await ws.receiveJson()).toEqual({ type: "said", user: "ada", text: "hi" });
   * await ws.close();
   */
  async websocket(path: string, options: TestSocketOptions & { readonly query?: TestRequestInit["query"] } = {}): Promise<TestSocket> {
    const { query, ...rest } = options;
    const search = query === undefined ? "" : searchOf(query);
    const target = search === "" ? path : path + (path.includes("?") ? "&" : "?") + search;
    return TestSocket.open(await this.app.connect(), target, rest);
  }

  /** Runs the app's start-up hooks and creates its app-scoped dependencies (`app.start()`). */
  async start(): Promise<this> {
    await this.app.start();
    return this;
  }

  /** Ends the app's in-memory serving (open sockets and streams included) and runs its shutdown hooks (`app.close()`). */
  close(): Promise<void> {
    return this.app.close();
  }
}

function searchOf(query: Readonly<Record<string, QueryValue | undefined>>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value as readonly unknown[]) search.append(name, String(item));
    else search.append(name, String(value));
  }
  return search.toString();
}
