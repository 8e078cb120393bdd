/**
 * Each app owns its dependency teardowns: a request's generator teardown still running when the
 * app shuts down finishes before the app-scoped values close, and another app's shutdown does
 * not wait for it.
 */
import { App, use } from "typekiln";

const order: string[] = [];
let release: () => void = () => undefined;

/** A request-scoped session whose teardown waits until the test releases it. */
export async function* session(): AsyncGenerator<string> {
  try {
    yield "session";
  } finally {
    await new Promise<void>((resolve) => (release = resolve));
    order.push("session closed");
  }
}

/** An app-scoped pool the session came from. */
export async function* pool(): AsyncGenerator<string> {
  try {
    yield "pool";
  } finally {
    order.push("pool closed");
  }
}

const app = new App({ logger: false });
app.get("/work", (s = use(session), p = use(pool, { scope: "app" })) => ({ s, p }));

const other = new App({ logger: false });
other.get("/ping", () => ({ ok: true }));

const settledWithin = <T>(promise: Promise<T>, ms: number): Promise<boolean> =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

describe("dependency teardown per app", () => {
  it("finishes a request's teardown before the app-scoped values close, and only for its own app", async () => {
    const { port } = await app.listen(0, "127.0.0.1");
    await other.listen(0, "127.0.0.1");
    const response = await fetch(`http://127.0.0.1:${port}/work`);
    expect(await response.json()).toEqual({ s: "session", p: "pool" });
    await new Promise((resolve) => setTimeout(resolve, 20)); // the teardown has started and waits

    expect(await settledWithin(other.shutdown({ timeout: 2_000 }), 1_000)).toBe(true);

    const shutdown = app.shutdown({ timeout: 2_000 });
    expect(await settledWithin(shutdown, 200)).toBe(false);
    expect(order).toEqual([]);
    release();
    await shutdown;
    expect(order).toEqual(["session closed", "pool closed"]);
  });
});
