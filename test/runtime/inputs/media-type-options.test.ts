/**
 * The app and route options for a JSON body with no or another content type: FastAPI's
 * `strict_content_type=False` (a body without `Content-Type` is parsed as JSON) and typekiln's
 * former 415, kept as `mediaTypeMismatch: 415` and then documented.
 */
import { App, type tags } from "typekiln";
import { client, exchange, rawRequest, type Client } from "../../helpers/http";

interface Item {
  name: string & tags.MinLength<1>;
}

const notAnObject = (input: string) => ({
  detail: [{ type: "model_attributes_type", loc: ["body"], msg: "Input should be a valid dictionary or object to extract fields from", input }],
});

const lax = new App({ logger: false, strictContentType: false });
lax.post("/items", (item: Item) => item);
lax.post("/strict", { strictContentType: true }, (item: Item) => item);

const refusing = new App({ logger: false, mediaTypeMismatch: 415 });
refusing.post("/items", (item: Item) => item);
refusing.post("/validating", { mediaTypeMismatch: 422 }, (item: Item) => item);

let laxHttp: Client;
let refusingHttp: Client;
beforeAll(async () => {
  laxHttp = client((await lax.listen(0, "127.0.0.1")).port);
  refusingHttp = client((await refusing.listen(0, "127.0.0.1")).port);
});
afterAll(() => Promise.all([lax.close(), refusing.close()]));

const withoutContentType = async (http: Client, path: string) => {
  const { responses } = await exchange(http.port, rawRequest("POST", path, { body: '{"name":"a"}' }), { until: 1 });
  return responses.map((r) => [r.status, JSON.parse(r.body)]);
};

describe("strictContentType: false (FastAPI's strict_content_type=False)", () => {
  it("parses a body without a content type as JSON", async () => {
    expect(await withoutContentType(laxHttp, "/items")).toEqual([[200, { name: "a" }]]);
  });

  it("still validates a body of another content type as text", async () => {
    const { status, json } = await laxHttp.send("/items", '{"name":"a"}', { headers: { "content-type": "text/plain" } });
    expect([status, json]).toEqual([422, notAnObject('{"name":"a"}')]);
  });

  it("is overridden by a route's strictContentType: true", async () => {
    expect(await withoutContentType(laxHttp, "/strict")).toEqual([[422, notAnObject('{"name":"a"}')]]);
  });

  it.each(["application/json; charset=utf-8", "application/vnd.api+json"])("accepts %s", async (type) => {
    const { status, json } = await laxHttp.send("/items", { name: "a" }, { headers: { "content-type": type } });
    expect([status, json]).toEqual([200, { name: "a" }]);
  });
});

describe("mediaTypeMismatch: 415", () => {
  it.each(["text/plain", "application/jsonx"])("answers 415 for %s", async (type) => {
    const { status, json } = await refusingHttp.send("/items", '{"name":"a"}', { headers: { "content-type": type } });
    expect([status, json]).toEqual([415, { detail: "Unsupported Media Type" }]);
  });

  it("answers 415 for a body without a content type", async () => {
    expect(await withoutContentType(refusingHttp, "/items")).toEqual([[415, { detail: "Unsupported Media Type" }]]);
  });

  it.each(["application/json; charset=utf-8", "application/vnd.api+json"])("accepts %s", async (type) => {
    const { status, json } = await refusingHttp.send("/items", { name: "a" }, { headers: { "content-type": type } });
    expect([status, json]).toEqual([200, { name: "a" }]);
  });

  it("is overridden by a route's mediaTypeMismatch: 422", async () => {
    const { status, json } = await refusingHttp.send("/validating", '{"name":"a"}', { headers: { "content-type": "text/plain" } });
    expect([status, json]).toEqual([422, notAnObject('{"name":"a"}')]);
  });

  it("documents 415 on the routes that answer it, and only there", async () => {
    const doc = (await refusingHttp.request("/openapi.json")).json as { paths: Record<string, { post: { responses: Record<string, unknown> } }> };
    expect(doc.paths["/items"]!.post.responses["415"]).toEqual({
      description: "Unsupported Media Type", content: { "application/json": { schema: { $ref: "#/components/schemas/HTTPError" } } },
    });
    expect(doc.paths["/validating"]!.post.responses["415"]).toBeUndefined();
  });

  it("refuses other values at start-up", () => {
    expect(() => new App({ mediaTypeMismatch: 400 as 415 })).toThrow(expect.objectContaining({ code: "TK_RT_BAD_APP_OPTION" }));
    expect(() => new App().post("/x", { mediaTypeMismatch: 400 as 415 }, (item: Item) => item)).toThrow(expect.objectContaining({ code: "TK_RT_BAD_ROUTE_OPTION" }));
  });
});
