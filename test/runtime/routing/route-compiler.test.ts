/**
 * Every route goes through one compiler: a route that shapes its response (`Text`, `Reply<S, B>`,
 * `ResponseControl`, `BackgroundTasks`) maps errors, reads forms and streams exactly as a plain one.
 */
import { App, BackgroundTasks, HttpError, ResponseControl, reply, text, type Form, type Reply, type Text } from "typekiln";
import { expectAlive } from "../../helpers/http";

class Gone extends Error {}

interface Signup {
  name: string;
  age: number;
}
interface Row {
  n: number;
}

const ran: string[] = [];
const app = new App({ logger: false });
app.onError(Gone, () => new HttpError(410, "gone"));
app.get("/health", () => ({ ok: true }));

app.get("/plain", (): { ok: boolean } => {
  throw new Gone();
});
app.get("/text", (): Text => {
  throw new Gone();
});
app.get("/variant", (): Reply<201, { ok: boolean }> => {
  throw new Gone();
});
app.get("/control", (response: ResponseControl): { ok: boolean } => {
  response.status = 202;
  throw new Gone();
});
app.get("/tasks", (tasks: BackgroundTasks): { ok: boolean } => {
  tasks.add(() => void ran.push("task of a failed request"));
  throw new Gone();
});
app.get("/async-control", async (response: ResponseControl): Promise<{ ok: boolean }> => {
  response.header("x-a", "1");
  await new Promise((resolve) => setImmediate(resolve));
  throw new Gone();
});

app.post("/signup", (form: Form<Signup>, response: ResponseControl): Signup => {
  response.status = 201;
  response.header("x-form", "yes");
  return form;
});

async function* rows(count: number): AsyncGenerator<Row> {
  for (let n = 1; n <= count; n++) yield { n };
}
// The header is set before the stream starts: a generator's own body runs only once it is read.
app.get("/rows", (response: ResponseControl): AsyncGenerator<Row> => {
  response.header("x-rows", "3");
  return rows(3);
});

app.get("/text-ok", (response: ResponseControl, tasks: BackgroundTasks): Text => {
  response.header("x-kind", "text");
  tasks.add(() => void ran.push("text task"));
  return text("hello");
});
app.get("/variant-ok", (): Reply<201, { ok: boolean }> => reply(201, { ok: true }));

let base = "";
let port = 0;
beforeAll(async () => {
  ({ port } = await app.listen(0, "127.0.0.1"));
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => app.close());
afterEach(() => expectAlive(port));

describe("one route compiler", () => {
  it.each(["/plain", "/text", "/variant", "/control", "/tasks", "/async-control"])(
    "maps an error through app.onError on %s as on a plain route",
    async (path) => {
      const response = await fetch(base + path);
      expect([response.status, await response.json()]).toEqual([410, { detail: "gone" }]);
    },
  );

  it("runs no background task of a request that failed", async () => {
    await fetch(`${base}/tasks`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ran).not.toContain("task of a failed request");
  });

  it("reads a form on a route that also takes ResponseControl", async () => {
    const response = await fetch(`${base}/signup`, { method: "POST", body: new URLSearchParams({ name: "Ada", age: "36" }) });
    expect([response.status, response.headers.get("x-form"), await response.json()]).toEqual([201, "yes", { name: "Ada", age: 36 }]);
  });

  it("streams JSON Lines on a route that also takes ResponseControl, with its headers", async () => {
    const response = await fetch(`${base}/rows`);
    expect([response.status, response.headers.get("content-type"), response.headers.get("x-rows"), await response.text()])
      .toEqual([200, "application/jsonl", "3", '{"n":1}\n{"n":2}\n{"n":3}\n']);
  });

  it("answers shaped responses with their headers and runs their tasks", async () => {
    const response = await fetch(`${base}/text-ok`);
    expect([response.status, response.headers.get("x-kind"), await response.text()]).toEqual([200, "text", "hello"]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ran).toContain("text task");
    const variant = await fetch(`${base}/variant-ok`);
    expect([variant.status, await variant.json()]).toEqual([201, { ok: true }]);
  });
});
