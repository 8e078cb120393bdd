import {
  App, HttpError, ResponseControl, bytes, html, redirect, reply, text,
  type Bytes, type Html, type Redirect, type Reply, type Text,
} from "typekiln";
import { request } from "../../helpers/node-http";

interface User { id: number; name: string }
interface NotFound { detail: string; id: number }
interface Conflict { detail: string; existing: number }

const users = new Map<number, User>([[1, { id: 1, name: "ada" }]]);
// Each value carries a property its declared type does not have: it must never be written.
const leaky = <T extends object>(value: T): T => ({ ...value, secret: "leak" });

let port = 0;
const app = new App({ logger: false });

/** Read a user; 404 has its own body type. */
app.get("/users/:id", async (id: number): Promise<User | Reply<404, NotFound>> => {
  const user = users.get(id);
  return user === undefined ? reply(404, leaky({ detail: "No such user", id })) : leaky(user);
});

/** Create a user: 201, or 409 with the existing id. */
app.post("/users", (user: { name: string }): Reply<201, User> | Reply<409, Conflict> => {
  const existing = [...users.values()].find((u) => u.name === user.name);
  if (existing !== undefined) return reply(409, leaky({ detail: "Name taken", existing: existing.id }), { "x-existing": String(existing.id) });
  const created = { id: users.size + 1, name: user.name };
  users.set(created.id, created);
  return reply(201, leaky(created));
});

app.post("/login", (name: string, response: ResponseControl): User => {
  response.status = 202;
  response.header("cache-control", "no-store");
  response.cookie("session", `s-${name}`, { httpOnly: true, sameSite: "lax", path: "/" });
  response.cookie("theme", "dark");
  return leaky({ id: 7, name });
});

app.post("/logout", (response: ResponseControl): void => {
  response.deleteCookie("session", { path: "/" });
});

app.get("/control-then-throw", (response: ResponseControl): User => {
  response.header("x-should-not-appear", "1");
  throw new HttpError(403, "no");
});

app.get("/robots.txt", (): Text => text("User-agent: *\nDisallow:"));
app.get("/page", (): Html => html("<h1>Hi</h1>"));
app.get("/blob", (): Bytes => bytes(new Uint8Array([0, 1, 2, 255])));
app.get("/png", (): Bytes => bytes(new Uint8Array([137, 80, 78, 71]), "image/png"));
app.get("/old", (): Redirect => redirect("/new"));
app.post("/form", (): Redirect<303> => redirect("/done", 303));
app.get("/maybe", (kind: "json" | "text" | "gone"): { ok: boolean } | Text | Reply<410> =>
  kind === "json" ? { ok: true } : kind === "text" ? text("ok") : reply(410));

beforeAll(async () => {
  ({ port } = await app.listen(0, "127.0.0.1"));
});
afterAll(() => app.close());

const json = (body: Buffer) => JSON.parse(body.toString());
const responses = (path: string, method: string) =>
  ((app.openapi().paths as Record<string, Record<string, { responses: Record<string, any> }>>)[path]![method]!).responses;

describe("alternative statuses declared in the return type", () => {
  it("writes each variant with its own status and serializer, leaking nothing", async () => {
    const found = await request(port, { path: "/users/1" });
    expect([found.status, json(found.body)]).toEqual([200, { id: 1, name: "ada" }]);
    const missing = await request(port, { path: "/users/9" });
    expect([missing.status, json(missing.body)]).toEqual([404, { detail: "No such user", id: 9 }]);
    const post = (name: string) =>
      request(port, { method: "POST", path: "/users", headers: { "content-type": "application/json" }, body: JSON.stringify({ name }) });
    const created = await post("grace");
    expect([created.status, json(created.body)]).toEqual([201, { id: 2, name: "grace" }]);
    const taken = await post("ada");
    expect([taken.status, json(taken.body), taken.headers["x-existing"]]).toEqual([409, { detail: "Name taken", existing: 1 }, "1"]);
  });

  it("documents each variant under its status with its own schema", () => {
    const read = responses("/users/{id}", "get");
    expect(read["200"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/User" });
    expect(read["404"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/NotFound" });
    const create = responses("/users", "post");
    expect(create["200"]).toBeUndefined();
    expect(create["201"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/User" });
    expect(create["409"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Conflict" });
    const schemas = (app.openapi().components as { schemas: Record<string, { properties: object }> }).schemas;
    expect(Object.keys(schemas.Conflict!.properties)).toEqual(["detail", "existing"]);
  });

  it("mixes JSON, text and a bodiless variant in one route", async () => {
    const a = await request(port, { path: "/maybe?kind=json" });
    expect([a.status, a.headers["content-type"], a.body.toString()]).toEqual([200, "application/json", '{"ok":true}']);
    const b = await request(port, { path: "/maybe?kind=text" });
    expect([b.status, b.headers["content-type"], b.body.toString()]).toEqual([200, "text/plain; charset=utf-8", "ok"]);
    const c = await request(port, { path: "/maybe?kind=gone" });
    expect([c.status, c.body.length]).toEqual([410, 0]);
    const doc = responses("/maybe", "get");
    expect(Object.keys(doc["200"].content).sort()).toEqual(["application/json", "text/plain"]);
    expect(doc["410"].content).toBeUndefined();
  });
});

describe("ResponseControl", () => {
  it("sets status, headers and cookies and keeps the typed body", async () => {
    const res = await request(port, { method: "POST", path: "/login?name=ada" });
    expect(res.status).toBe(202);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.headers["set-cookie"]).toEqual(["session=s-ada; Path=/; HttpOnly; SameSite=Lax", "theme=dark"]);
    expect(json(res.body)).toEqual({ id: 7, name: "ada" });
  });

  it("deletes a cookie with an expired one", async () => {
    const res = await request(port, { method: "POST", path: "/logout" });
    expect(res.status).toBe(204);
    expect(res.headers["set-cookie"]).toEqual(["session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT"]);
  });

  it("is dropped when the handler throws", async () => {
    const res = await request(port, { path: "/control-then-throw" });
    expect(res.status).toBe(403);
    expect(res.headers["x-should-not-appear"]).toBeUndefined();
  });
});

describe("text, HTML, bytes and redirects", () => {
  it.each([
    ["/robots.txt", "text/plain; charset=utf-8", Buffer.from("User-agent: *\nDisallow:")],
    ["/page", "text/html; charset=utf-8", Buffer.from("<h1>Hi</h1>")],
    ["/blob", "application/octet-stream", Buffer.from([0, 1, 2, 255])],
    ["/png", "image/png", Buffer.from([137, 80, 78, 71])],
  ])("serves %s as %s", async (path, type, body) => {
    const res = await request(port, { path });
    expect([res.status, res.headers["content-type"]]).toEqual([200, type]);
    expect(res.body.equals(body)).toBe(true);
  });

  it("documents the media types", () => {
    expect(Object.keys(responses("/robots.txt", "get")["200"].content)).toEqual(["text/plain"]);
    expect(Object.keys(responses("/page", "get")["200"].content)).toEqual(["text/html"]);
    expect(responses("/blob", "get")["200"].content["application/octet-stream"].schema).toEqual({ type: "string", contentMediaType: "application/octet-stream" });
  });

  it("redirects with 307 by default, or the declared status, and documents Location", async () => {
    const old = await request(port, { path: "/old" });
    expect([old.status, old.headers.location]).toEqual([307, "/new"]);
    const form = await request(port, { method: "POST", path: "/form" });
    expect([form.status, form.headers.location]).toEqual([303, "/done"]);
    const doc = responses("/old", "get");
    expect(doc["200"]).toBeUndefined();
    expect(doc["307"].headers.Location.schema).toEqual({ type: "string" });
    expect(responses("/form", "post")["303"]).toBeDefined();
  });
});

describe("header injection", () => {
  const unsafe = new App({ logger: false });
  let unsafePort = 0;
  unsafe.get("/split", (): Redirect => redirect("/x\r\nset-cookie: evil=1"));
  unsafe.get("/reply-header", (): Reply<200, { ok: boolean }> => reply(200, { ok: true }, { "x-a": "1\r\nx-b: 2" }));
  unsafe.get("/control", (response: ResponseControl): { ok: boolean } => {
    response.header("x-a", "1\nx-b: 2");
    return { ok: true };
  });
  beforeAll(async () => {
    ({ port: unsafePort } = await unsafe.listen(0, "127.0.0.1"));
  });
  afterAll(() => unsafe.close());

  it.each(["/split", "/reply-header", "/control"])("answers 500 rather than split a response (%s)", async (path) => {
    const res = await request(unsafePort, { path });
    expect(res.status).toBe(500);
    expect(res.headers["set-cookie"]).toBeUndefined();
    expect(res.headers["x-b"]).toBeUndefined();
  });
});
