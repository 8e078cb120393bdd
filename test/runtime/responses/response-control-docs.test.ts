/**
 * Statuses and headers a handler sets through `ResponseControl` are documented from the handler's
 * code (literal statuses, conditionals of literals, literal header names), and the real answers
 * validate against the served document.
 */
import { App, ResponseControl, type tags } from "typekiln";
import { client, type Client } from "../../helpers/http";
import { responseErrors } from "../../helpers/openapi-response";

interface Item {
  id: number & tags.Type<"uint32">;
  name: string;
}

const items = new Map<number, Item>();
const app = new App({ logger: false });
// Created or replaced: FastAPI's `response.status_code = 201 if created else 200`.
app.put("/items/:id", (id: number, item: { name: string }, response: ResponseControl): Item => {
  const created = !items.has(id);
  items.set(id, { id, name: item.name });
  response.status = created ? 201 : 200;
  return { id, name: item.name };
});
// Set only on one branch: the route's own 200 stays documented beside it.
app.post("/tokens", (body: { renew: boolean }, response: ResponseControl) => {
  if (body.renew) {
    response.status = 202;
    response.header("Retry-After", "5");
  }
  return { ok: true };
});

let http: Client;
let document: Record<string, unknown>;
beforeAll(async () => {
  http = client((await app.listen(0, "127.0.0.1")).port);
  document = (await http.request("/openapi.json")).json;
});
afterAll(() => app.close());

const seen = async (path: string, method: string, body: unknown) => {
  const answer = await http.send(path, body, { method });
  return { status: answer.status, headers: answer.headers, body: answer.json };
};

describe("ResponseControl in the document", () => {
  it("documents both statuses of a conditional of literals, and the answers agree", async () => {
    const responses = (document.paths as any)["/items/{id}"].put.responses;
    expect(Object.keys(responses)).toEqual(expect.arrayContaining(["200", "201"]));
    const created = await seen("/items/1", "PUT", { name: "a" });
    const replaced = await seen("/items/1", "PUT", { name: "b" });
    expect([created.status, replaced.status]).toEqual([201, 200]);
    expect(responseErrors(document, "/items/{id}", "put", created.status, created.body)).toEqual([]);
    expect(responseErrors(document, "/items/{id}", "put", replaced.status, replaced.body)).toEqual([]);
  });

  it("keeps the route's status beside a status set on one branch, with the header set there", async () => {
    const responses = (document.paths as any)["/tokens"].post.responses;
    expect(responses["200"].headers).toEqual({ "Retry-After": { schema: { type: "string" } } });
    expect(responses["202"].headers).toEqual({ "Retry-After": { schema: { type: "string" } } });
    const renewed = await seen("/tokens", "POST", { renew: true });
    expect([renewed.status, renewed.headers.get("retry-after")]).toEqual([202, "5"]);
    expect(responseErrors(document, "/tokens", "post", renewed.status, renewed.body)).toEqual([]);
  });
});
