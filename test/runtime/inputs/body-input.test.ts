import { App, type Body, type tags } from "typekiln";
import { client, exchange, expectAlive, rawRequest, type Client } from "../../helpers/http";

interface UserCreate {
  name: string & tags.MinLength<1>;
  email?: string;
}
interface Note {
  text: string;
}
/** A recursive type, so its validator recurses as deep as the body goes. */
interface Tree {
  a?: Tree;
}

const calls = { users: 0, open: 0 };
const app = new App({ logger: false });
app.get("/health", () => ({ ok: true }));
app.post("/users", (user: UserCreate) => {
  calls.users++;
  return { name: user.name };
});
app.post("/notes", (note?: Note) => ({ got: note === undefined ? "nothing" : note.text }));
app.post("/open", (data: Record<string, unknown>) => {
  calls.open++;
  return { keys: Object.keys(data) };
});
app.post("/tree", (tree: Tree) => ({ ok: tree !== undefined }));
app.post("/tree-echo", (tree: Tree): Tree => tree);
app.post("/list", (list: Body<unknown[]>) => ({ length: list.length }));
app.post("/text", (text: Body<string>) => ({ text }));
app.post("/nullable", (note: Note | null) => ({ got: note === null ? "null" : note.text }));

let http: Client;
let port = 0;
beforeAll(async () => {
  ({ port } = await app.listen(0, "127.0.0.1"));
  http = client(port);
});
afterAll(() => app.close());
// Every case, bad input or not, must leave the server answering an ordinary request.
afterEach(() => expectAlive(port));

describe("well-formed JSON", () => {
  it("passes the parsed body to the handler", async () => {
    const { status, json: body } = await http.send("/users", { name: "Ann", email: "a@b.c" });
    expect([status, body]).toEqual([200, { name: "Ann" }]);
  });
});

describe("malformed JSON", () => {
  it("answers 422 json_invalid in FastAPI's shape and never calls the handler", async () => {
    const before = calls.users;
    const { status, json: body } = await http.send("/users", '{"name": }');
    expect([status, body]).toEqual([422, {
      detail: [{ type: "json_invalid", loc: ["body", 9], msg: "JSON decode error", input: {}, ctx: { error: "Expecting value" } }],
    }]);
    expect(calls.users).toBe(before);
  });

  it("answers json_invalid for a truncated body", async () => {
    const { status, json: body } = await http.send("/users", '{"name":"a"');
    expect([status, body.detail[0].type]).toEqual([422, "json_invalid"]);
  });

  // The parse runs with no stack trace for its SyntaxError (runtime/inputs/json-parse.ts); the process's
  // own setting is untouched by any request.
  it("leaves Error.stackTraceLimit as the process set it", async () => {
    const before = Error.stackTraceLimit;
    Error.stackTraceLimit = 23;
    try {
      expect((await http.send("/users", '{"name":')).status).toBe(422);
      expect((await http.send("/users", { name: "Ann" })).status).toBe(200);
      expect(Error.stackTraceLimit).toBe(23);
    } finally {
      Error.stackTraceLimit = before;
    }
  });
});

describe("a JSON null body", () => {
  // FastAPI reads `null` as no body: `missing` at ["body"], not a type error.
  it("answers 422 missing at [\"body\"] when the type takes no null and the body is required", async () => {
    const before = calls.users;
    const { status, json: body } = await http.send("/users", "null");
    expect([status, body]).toEqual([422, { detail: [{ type: "missing", loc: ["body"], msg: "Field required", input: null }] }]);
    expect(calls.users).toBe(before);
  });

  it("gives an optional body its default", async () => {
    expect(await http.send("/notes", "null")).toMatchObject({ status: 200, json: { got: "nothing" } });
  });

  it("hands null to a type that takes it", async () => {
    expect(await http.send("/nullable", "null")).toMatchObject({ status: 200, json: { got: "null" } });
    expect(await http.send("/nullable", { text: "a" })).toMatchObject({ status: 200, json: { got: "a" } });
  });
});

describe("empty bodies", () => {
  it("answers 422 missing for a JSON content type and an empty body when the body is required", async () => {
    const before = calls.users;
    const { status, json: body } = await http.send("/users", "");
    expect([status, body]).toEqual([422, { detail: [{ type: "missing", loc: ["body"], msg: "Field required", input: null }] }]);
    expect(calls.users).toBe(before);
  });

  it("answers 422 missing for a POST with no body and no content type", async () => {
    const { responses } = await exchange(port, rawRequest("POST", "/users", { headers: { "Content-Length": 0 } }), { until: 1 });
    expect(responses.map((r) => [r.status, JSON.parse(r.body).detail[0].type])).toEqual([[422, "missing"]]);
  });

  it("passes undefined to an optional body parameter when the body is empty", async () => {
    expect((await http.send("/notes", "", { headers: {} })).json).toEqual({ got: "nothing" });
    expect((await http.send("/notes", { text: "hi" })).json).toEqual({ got: "hi" });
  });
});

describe("media types", () => {
  // FastAPI (routing.py, get_request_handler) parses only application/json and application/*+json;
  // any other body is validated as its bytes: 422 model_attributes_type at ["body"], the text echoed
  // (tests/test_tutorial/test_body/test_tutorial001.py, test_wrong_headers).
  const notAnObject = (input: string) => ({
    detail: [{ type: "model_attributes_type", loc: ["body"], msg: "Input should be a valid dictionary or object to extract fields from", input }],
  });

  it.each(["text/plain", "text/json", "application/jsonx", "application/geo+json-seq", "multipart/form-data; boundary=x"])(
    "validates a body sent as %s as text: 422 model_attributes_type, as FastAPI",
    async (type) => {
      const before = calls.users;
      const { status, json: body } = await http.send("/users", '{"name": "Foo", "price": 50.5}', { headers: { "content-type": type } });
      expect([status, body]).toEqual([422, notAnObject('{"name": "Foo", "price": 50.5}')]);
      expect(calls.users).toBe(before);
    },
  );

  it("validates a body without a content type as text: 422, as FastAPI's strict_content_type", async () => {
    const { responses } = await exchange(port, rawRequest("POST", "/users", { body: '{"name":"a"}' }), { until: 1 });
    expect(responses.map((r) => [r.status, r.headers["content-type"], JSON.parse(r.body)])).toEqual([
      [422, "application/json", notAnObject('{"name":"a"}')],
    ]);
  });

  it("answers dict_type for a dictionary body sent as text", async () => {
    const { status, json: body } = await http.send("/open", '{"a":1}', { headers: { "content-type": "text/plain" } });
    expect([status, body]).toEqual([422, { detail: [{ type: "dict_type", loc: ["body"], msg: "Input should be a valid dictionary", input: '{"a":1}' }] }]);
  });

  it("hands a string body the text, as pydantic accepts bytes for a str", async () => {
    const { status, json: body } = await http.send("/text", "plain words", { headers: { "content-type": "text/plain" } });
    expect([status, body]).toEqual([200, { text: "plain words" }]);
  });

  it("documents no 415 for a JSON body route by default", async () => {
    const doc = (await http.request("/openapi.json")).json as { paths: Record<string, { post: { responses: object } }> };
    expect(Object.keys(doc.paths["/users"]!.post.responses).sort()).toEqual(["200", "400", "413", "422", "500"]);
  });

  it.each([
    "application/json",
    "application/json; charset=utf-8",
    "Application/JSON",
    "application/vnd.x+json",
    "application/vnd.api+json",
    "application/+json",
    "application/merge-patch+json; charset=utf-8",
  ])("accepts %s", async (type) => {
    const { status, json: body } = await http.send("/users", { name: "a" }, { headers: { "content-type": type } });
    expect([status, body]).toEqual([200, { name: "a" }]);
  });

  it("tolerates a byte order mark before the JSON text", async () => {
    expect((await http.send("/users", '\ufeff{"name":"bom"}')).json).toEqual({ name: "bom" });
  });

  // A scalar header is its first line on both transports (uWS's getHeader), Content-Type included.
  it.each([
    ["application/json", "text/plain", [200, { name: "a" }]],
    ["text/plain", "application/json", [422, notAnObject('{"name":"a"}')]],
    ["", "application/json", [422, notAnObject('{"name":"a"}')]],
  ])("reads the first of two Content-Type lines (%j, then %j)", async (first, second, expected) => {
    const request = rawRequest("POST", "/users", { headers: { "Content-Type": first, "content-type": second }, body: '{"name":"a"}' });
    const { responses } = await exchange(port, request, { until: 1 });
    expect(responses.map((r) => [r.status, JSON.parse(r.body)])).toEqual([expected]);
  });
});

describe("prototype poisoning", () => {
  it.each([
    ["__proto__ at the top", '{"__proto__":{"polluted":true}}'],
    ["__proto__ deep inside arrays", '{"a":{"b":[1,{"c":{"__proto__":{"polluted":true}}}]}}'],
    ["__proto__ spelled with \\u005f", '{"\\u005f_proto__":{"polluted":true}}'],
    ["__proto__ spelled with a trailing escape", '{"__proto\\u005f_":{"polluted":true}}'],
    ["constructor.prototype at the top", '{"constructor":{"prototype":{"polluted":true}}}'],
    ["constructor.prototype deep inside", '{"x":[{"y":{"constructor":{"prototype":{"polluted":true}}}}]}'],
    ["constructor.prototype spelled with escapes", '{"\\u0063onstructor":{"prototyp\\u0065":{"polluted":true}}}'],
    ["constructor.prototype with a constructor spelled plainly and nothing else escaped", '{"constructor":{"prototype":{"polluted":true}},"protocol":"h2"}'],
  ])("answers 400 for %s and leaves Object.prototype untouched", async (_, text) => {
    const before = calls.open;
    const { status, json: body } = await http.send("/open", text);
    expect([status, body]).toEqual([400, { detail: "Body contains a forbidden prototype property" }]);
    expect(calls.open).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, "polluted")).toBe(false);
  });

  it("accepts text that spells proto where no key is forbidden", async () => {
    const { status, json: body } = await http.send("/open", '{"protocol":"h2","note":"__proto__ and constructor.prototype, as text"}');
    expect([status, body]).toEqual([200, { keys: ["protocol", "note"] }]);
  });

  it("accepts a constructor key that holds no prototype", async () => {
    const { status, json: body } = await http.send("/open", '{"constructor":{"name":"x"},"prototype":1}');
    expect([status, body]).toEqual([200, { keys: ["constructor", "prototype"] }]);
  });
});

describe("deeply nested bodies", () => {
  const nested = (depth: number): string => '{"a":'.repeat(depth - 1) + "{}" + "}".repeat(depth - 1);

  it("accepts a body nested 1,000 levels deep and echoes it", async () => {
    const { status, text } = await http.send("/tree-echo", nested(1000));
    expect([status, text]).toEqual([200, nested(1000)]);
  });

  it("answers 400 for a body nested 1,001 levels deep", async () => {
    const { status, json: body } = await http.send("/tree-echo", nested(1001));
    expect([status, body]).toEqual([400, { detail: "Body is nested too deeply" }]);
  });

  it("answers a 10,000-deep body with 400, never 500, even on a route that echoes it", async () => {
    for (const path of ["/tree", "/tree-echo", "/users", "/list"]) {
      const { status, json: body } = await http.send(path, nested(10_000));
      expect([path, status, body]).toEqual([path, 400, { detail: "Body is nested too deeply" }]);
    }
  });

  it("answers 400 for 100,000 nested arrays", async () => {
    const { status, json: body } = await http.send("/list", "[".repeat(100_000) + "]".repeat(100_000));
    expect([status, body]).toEqual([400, { detail: "Body is nested too deeply" }]);
  });

  it("counts brackets inside strings as text, not nesting", async () => {
    const { status, json: body } = await http.send("/list", JSON.stringify(["[".repeat(5000), "{".repeat(5000)]));
    expect([status, body]).toEqual([200, { length: 2 }]);
  });

  it("answers 422 json_invalid for 100,000 unclosed arrays", async () => {
    const { status, json: body } = await http.send("/list", "[".repeat(100_000));
    expect([status, body.detail[0].type, body.detail[0].ctx.error]).toEqual([422, "json_invalid", "Expecting value"]);
  });
});

describe("keep-alive", () => {
  it("keeps the connection open across 422 and 400 answers", async () => {
    const post = (type: string, body: string) => rawRequest("POST", "/users", { headers: { "Content-Type": type }, body });
    const { responses, closed } = await exchange(
      port,
      Buffer.concat([
        post("text/plain", "{}"),
        post("application/json", "{bad"),
        post("application/json", '{"__proto__":{}}'),
        post("application/json", '{"name":"a"}'),
      ]),
      { until: 4 },
    );
    expect(responses.map((r) => r.status)).toEqual([422, 422, 400, 200]);
    expect(closed).toBe(false);
  });
});

