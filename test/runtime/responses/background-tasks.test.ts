import { App, BackgroundTasks, HttpError } from "typekiln";
import { request } from "../../helpers/node-http";

const events: string[] = [];
const logged: string[] = [];
let release: () => void = () => undefined;
const gate = () => new Promise<void>((resolve) => { release = resolve; });

let port = 0;
const app = new App({ logger: { error: (message) => void logged.push(message) } });

app.post("/signup", (email: string, tasks: BackgroundTasks) => {
  tasks.add(async (to: string) => {
    events.push(`task started for ${to}`);
    await gate();
    events.push("task finished");
  }, email);
  events.push("handler returned");
  return { queued: tasks.size };
});

app.post("/failing", async (tasks: BackgroundTasks) => {
  tasks.add(() => { throw new Error("task bug"); });
  tasks.add(() => { events.push("second task ran"); });
  return { ok: true };
});

app.post("/throws", (tasks: BackgroundTasks): { ok: boolean } => {
  tasks.add(() => { events.push("must not run"); });
  throw new HttpError(400, "bad");
});

beforeAll(async () => {
  ({ port } = await app.listen(0, "127.0.0.1"));
});
afterAll(() => app.close());
beforeEach(() => { events.length = 0; logged.length = 0; });

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe("BackgroundTasks", () => {
  it("runs a task after the response: the client has it while the task still waits", async () => {
    const res = await request(port, { method: "POST", path: "/signup?email=a@b.c" });
    expect([res.status, JSON.parse(res.body.toString())]).toEqual([200, { queued: 1 }]);
    await waitFor(() => events.length >= 2);
    expect(events).toEqual(["handler returned", "task started for a@b.c"]); // not finished yet
    release();
    await waitFor(() => events.length === 3);
    expect(events[2]).toBe("task finished");
  });

  it("logs a failing task, runs the next one and keeps serving", async () => {
    const res = await request(port, { method: "POST", path: "/failing" });
    expect(res.status).toBe(200);
    await waitFor(() => events.includes("second task ran"));
    expect(logged).toEqual(["typekiln: a background task of POST /failing failed"]);
    const again = await request(port, { method: "POST", path: "/failing" });
    expect(again.status).toBe(200);
  });

  it("drops the tasks of a handler that throws", async () => {
    expect((await request(port, { method: "POST", path: "/throws" })).status).toBe(400);
    await new Promise((r) => setTimeout(r, 50));
    expect(events).toEqual([]);
  });

  it("lets one app's graceful shutdown wait for its own tasks only, not another app's", async () => {
    const other = new App({ logger: false });
    other.get("/ping", () => ({ ok: true }));
    await other.listen(0, "127.0.0.1");
    // A task of this file's app that waits until released.
    await request(port, { method: "POST", path: "/signup?email=held@example.com" });
    await waitFor(() => events.includes("task started for held@example.com"));
    const started = Date.now();
    const result = await other.shutdown({ timeout: 2_000 });
    expect(result.forced).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(events).not.toContain("task finished");
    release();
    await waitFor(() => events.includes("task finished"));
  });
});
