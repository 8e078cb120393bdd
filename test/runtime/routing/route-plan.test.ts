import { App } from "typekiln";
import { client, expectAlive, type Client } from "../../helpers/http";

interface Profile {
  name: string;
  address: { city: string };
  tags: { label: string }[];
}
interface Created {
  id: number;
}

const logged: [string, unknown][] = [];
const app = new App({ logger: { error: (message, err) => logged.push([message, err]) } });
app.get("/health", () => ({ ok: true }));
app.get("/sync", () => ({ answer: 42 }));
app.get("/async", async () => {
  await new Promise((resolve) => setImmediate(resolve));
  return { answer: 43 };
});
app.get("/throws", () => {
  throw new Error("secret database password");
});
app.get("/rejects", async () => {
  await new Promise((resolve) => setImmediate(resolve));
  throw new Error("async secret token");
});
app.get("/throws-string", () => {
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  throw "a bare string secret";
});
app.get("/bad-getter", (): { name: string } => ({
  get name(): string {
    throw new Error("getter secret");
  },
}));
app.get("/profile", (): Profile => {
  const leaky = {
    name: "Ann",
    password: "hunter2",
    address: { city: "Lyon", apiKey: "k-123" },
    tags: [{ label: "a", internal: true }],
  };
  return leaky;
});
app.get("/class", (): { id: number } => new (class Row {
  id = 1;
  secret = "s";
})());
app.delete("/things/:id", (id: number): void => void id);
app.delete("/async-things/:id", async (id: number): Promise<void> => {
  await Promise.resolve(id);
});
app.post("/created", { status: 201 }, (): Created => ({ id: 7 }));
app.post("/accepted", { status: 202 }, (): void => undefined);
app.get("/thenable", () => ({ then: undefined, value: 1 }));

let http: Client;
let port = 0;
beforeAll(async () => {
  ({ port } = await app.listen(0, "127.0.0.1"));
  http = client(port);
});
afterAll(() => app.close());
// Every case, bad input or not, must leave the server answering an ordinary request.
afterEach(() => expectAlive(port));
beforeEach(() => {
  logged.length = 0;
});

describe("handler results", () => {
  it("answers 200 with the serialized result of a sync handler", async () => {
    const { status, headers, json } = await http.request("/sync");
    expect([status, headers.get("content-type"), json]).toEqual([200, "application/json", { answer: 42 }]);
  });

  it("answers 200 with the resolved result of an async handler", async () => {
    expect((await http.request("/async")).json).toEqual({ answer: 43 });
  });

  it("takes an object whose then is not a function as a plain result", async () => {
    expect((await http.request("/thenable")).json).toEqual({ value: 1 });
  });
});

describe("serialization", () => {
  it("sends only the declared properties, at every depth", async () => {
    const { json, text } = await http.request("/profile");
    expect(json).toEqual({ name: "Ann", address: { city: "Lyon" }, tags: [{ label: "a" }] });
    expect(text).not.toMatch(/hunter2|k-123|internal/);
  });

  it("sends only the declared properties of a class instance", async () => {
    expect((await http.request("/class")).text).toBe('{"id":1}');
  });

  it("answers 204 with no body for a void handler", async () => {
    const { status, headers, text } = await http.request("/things/1", { method: "DELETE" });
    expect([status, headers.get("content-type"), text]).toEqual([204, null, ""]);
  });

  it("answers 204 for an async handler that resolves to void", async () => {
    expect((await http.request("/async-things/1", { method: "DELETE" })).status).toBe(204);
  });

  it("answers with the status option", async () => {
    const { status, json } = await http.request("/created", { method: "POST" });
    expect([status, json]).toEqual([201, { id: 7 }]);
  });

  it("answers with the status option and an empty body for a void handler", async () => {
    const { status, text } = await http.request("/accepted", { method: "POST" });
    expect([status, text]).toEqual([202, ""]);
  });
});

describe("handler failures", () => {
  it.each([
    ["throws", "/throws", "GET /throws failed", "secret database password"],
    ["rejects", "/rejects", "GET /rejects failed", "async secret token"],
  ])("answers 500 with a generic body when the handler %s, and logs the error", async (_, path, label, message) => {
    const { status, headers, text } = await http.request(path);
    expect([status, headers.get("content-type"), text]).toEqual([500, "application/json", '{"detail":"Internal Server Error"}']);
    expect(logged).toHaveLength(1);
    expect(logged[0]![0]).toContain(label);
    expect((logged[0]![1] as Error).message).toBe(message);
  });

  it("answers 500 for a thrown value that is not an Error, and logs it", async () => {
    const { status, text } = await http.request("/throws-string");
    expect([status, text]).toEqual([500, '{"detail":"Internal Server Error"}']);
    expect(logged.map(([, err]) => err)).toEqual(["a bare string secret"]);
  });

  it("answers 500 when serializing the result throws, and logs it", async () => {
    const { status, text } = await http.request("/bad-getter");
    expect([status, text]).toEqual([500, '{"detail":"Internal Server Error"}']);
    expect((logged[0]![1] as Error).message).toBe("getter secret");
  });

  it("answers many concurrent failing and succeeding requests each with its own status", async () => {
    const paths = ["/sync", "/rejects", "/throws", "/async", "/nope"];
    const statuses = await Promise.all(Array.from({ length: 100 }, (_, i) => http.request(paths[i % 5]!).then((r) => r.status)));
    expect(statuses).toEqual(Array.from({ length: 100 }, (_, i) => [200, 500, 500, 200, 404][i % 5]));
  });
});
