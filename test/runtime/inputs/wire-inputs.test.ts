import { App, type Cookie, type Header, type Query, type tags } from "typekiln";
import { client, exchange, expectAlive, rawRequest, type Client } from "../../helpers/http";

interface Page {
  q: string;
  limit?: number & tags.Maximum<50>;
  tag?: string[];
}

const app = new App({ logger: false });
app.get("/health", () => ({ ok: true }));

// Path parameters.
app.get("/numbers/:id", (id: number) => ({ id }));
app.get("/counts/:n", (n: number & tags.Type<"uint32">) => ({ n }));
app.get("/sorted/:order", (order: "asc" | "desc") => ({ order }));
app.get("/things/:id", (id: string & tags.Format<"uuid">) => ({ id }));
app.get("/files/:dir/:name", (dir: string, name: string) => ({ dir, name }));

// Query parameters.
app.get(
  "/search",
  (
    q?: string,
    limit: number & tags.Minimum<1> & tags.Maximum<100> = 10,
    page: number & tags.Type<"uint32"> = 1,
    status: "open" | "closed" = "open",
    tag: string[] = [],
    ids: (number & tags.Type<"int32">)[] = [],
    exact: boolean = false,
  ) => ({ q: q ?? null, limit, page, status, tag, ids, exact }),
);
app.get("/required", (q: string & tags.MinLength<3>) => ({ q }));
app.get("/pages", (page: Query<Page>) => page);

// Headers.
app.get(
  "/headers",
  (
    xRequestId: Header<string>,
    acceptLanguage?: Header<string>,
    apiKey?: Header<string, "X-API-Key">,
    xCount?: Header<number & tags.Type<"uint32">>,
    xTags?: Header<string[]>,
  ) => ({ xRequestId, acceptLanguage: acceptLanguage ?? null, apiKey: apiKey ?? null, xCount: xCount ?? null, xTags: xTags ?? null }),
);

// Cookies.
app.get(
  "/session",
  (session: Cookie<string & tags.MinLength<8>>, theme: Cookie<"light" | "dark", "ui-theme"> = "light") => ({ session, theme }),
);

let http: Client;
let port = 0;
beforeAll(async () => {
  ({ port } = await app.listen(0, "127.0.0.1"));
  http = client(port);
});
afterAll(() => app.close());
// Every case, bad input or not, must leave the server answering an ordinary request.
afterEach(() => expectAlive(port));

describe("path parameters", () => {
  it("parses a number", async () => {
    expect((await http.request("/numbers/42.5")).json).toEqual({ id: 42.5 });
  });

  it("answers 422 with loc [path, id] for a path parameter that does not parse", async () => {
    const { status, json } = await http.request("/numbers/abc");
    expect([status, json]).toEqual([422, {
      detail: [{
        type: "float_parsing",
        loc: ["path", "id"],
        msg: "Input should be a valid number, unable to parse string as a number",
        input: "abc",
      }],
    }]);
  });

  it("parses a uint32", async () => {
    expect((await http.request("/counts/7")).json).toEqual({ n: 7 });
  });

  it("answers int_parsing for a uint32 that is not a number", async () => {
    expect((await http.request("/counts/seven")).json.detail).toEqual([{
      type: "int_parsing",
      loc: ["path", "n"],
      msg: "Input should be a valid integer, unable to parse string as an integer",
      input: "seven",
    }]);
  });

  it.each([
    ["-1", { type: "greater_than_equal", msg: "Input should be greater than or equal to 0", ctx: { ge: 0 } }],
    ["4294967296", { type: "less_than_equal", msg: "Input should be less than or equal to 4294967295", ctx: { le: 4294967295 } }],
    ["1.5", { type: "int_from_float", msg: "Input should be a valid integer, got a number with a fractional part" }],
  ])("answers 422 for the uint32 %s", async (text, expected) => {
    const { status, json } = await http.request(`/counts/${text}`);
    expect([status, json.detail]).toEqual([422, [{ ...expected, loc: ["path", "n"], input: text }]]);
  });

  it("takes a member of a literal union", async () => {
    expect((await http.request("/sorted/desc")).json).toEqual({ order: "desc" });
  });

  it("answers literal_error for a value outside a literal union", async () => {
    expect((await http.request("/sorted/up")).json.detail).toEqual([{
      type: "literal_error",
      loc: ["path", "order"],
      msg: "Input should be 'asc' or 'desc'",
      input: "up",
      ctx: { expected: "'asc' or 'desc'" },
    }]);
  });

  it("takes a uuid and refuses text that is not one", async () => {
    const id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    expect((await http.request(`/things/${id}`)).json).toEqual({ id });
    expect((await http.request("/things/not-a-uuid")).json.detail).toEqual([
      { type: "uuid_parsing", loc: ["path", "id"], msg: "Input should be a valid UUID", input: "not-a-uuid" },
    ]);
  });

  it("reads several parameters by position and percent-decodes them", async () => {
    expect((await http.request("/files/my%20dir/a%2Fb.txt")).json).toEqual({ dir: "my dir", name: "a/b.txt" });
  });
});

describe("query parameters", () => {
  it("applies the handler's defaults when parameters are absent", async () => {
    expect((await http.request("/search")).json).toEqual({
      q: null, limit: 10, page: 1, status: "open", tag: [], ids: [], exact: false,
    });
  });

  it("reads every parameter when present", async () => {
    expect((await http.request("/search?q=kiln&limit=5&page=2&status=closed&tag=a&ids=3&exact=true")).json).toEqual({
      q: "kiln", limit: 5, page: 2, status: "closed", tag: ["a"], ids: [3], exact: true,
    });
  });

  it("collects repeated keys into an array", async () => {
    expect((await http.request("/search?tag=a&tag=b&ids=1&ids=2")).json).toMatchObject({ tag: ["a", "b"], ids: [1, 2] });
  });

  it("takes the last of repeated keys for a scalar", async () => {
    expect((await http.request("/search?q=a&q=b")).json.q).toBe("b");
  });

  it("percent-decodes values, with + as a space", async () => {
    expect((await http.request("/search?q=a%26b+c")).json.q).toBe("a&b c");
  });

  it("reads booleans written true, false, 1 or 0 (coerce.test.ts has every spelling)", async () => {
    const read = async (text: string) => (await http.request(`/search?exact=${text}`)).json.exact;
    expect([await read("true"), await read("false"), await read("1"), await read("0")]).toEqual([true, false, true, false]);
  });

  it("answers bool_parsing for a boolean it cannot read", async () => {
    expect((await http.request("/search?exact=maybe")).json.detail).toEqual([{
      type: "bool_parsing",
      loc: ["query", "exact"],
      msg: "Input should be a valid boolean, unable to interpret input",
      input: "maybe",
    }]);
  });

  it("answers greater_than_equal and less_than_equal for constraint violations", async () => {
    const low = await http.request("/search?limit=0");
    expect([low.status, low.json.detail]).toEqual([422, [{
      type: "greater_than_equal",
      loc: ["query", "limit"],
      msg: "Input should be greater than or equal to 1",
      input: "0",
      ctx: { ge: 1 },
    }]]);
    expect((await http.request("/search?limit=101")).json.detail).toEqual([{
      type: "less_than_equal",
      loc: ["query", "limit"],
      msg: "Input should be less than or equal to 100",
      input: "101",
      ctx: { le: 100 },
    }]);
  });

  it("answers int_parsing for an integer it cannot read, and for an empty value", async () => {
    expect((await http.request("/search?page=two")).json.detail).toEqual([{
      type: "int_parsing",
      loc: ["query", "page"],
      msg: "Input should be a valid integer, unable to parse string as an integer",
      input: "two",
    }]);
    expect((await http.request("/search?page=")).json.detail[0]).toMatchObject({ type: "int_parsing", input: "" });
  });

  it("locates a failing array item by its index", async () => {
    expect((await http.request("/search?ids=1&ids=x&ids=3")).json.detail).toEqual([{
      type: "int_parsing",
      loc: ["query", "ids", 1],
      msg: "Input should be a valid integer, unable to parse string as an integer",
      input: "x",
    }]);
  });

  // typia's own text names the members sorted ('closed' or 'open'); pydantic keeps the declared order.
  it("answers literal_error for a value outside a literal union, members in declared order", async () => {
    expect((await http.request("/search?status=pending")).json.detail).toEqual([{
      type: "literal_error",
      loc: ["query", "status"],
      msg: "Input should be 'open' or 'closed'",
      input: "pending",
      ctx: { expected: "'open' or 'closed'" },
    }]);
  });

  it("reports every failing parameter of one request", async () => {
    const { json } = await http.request("/search?limit=0&page=x&status=y&exact=z");
    expect(json.detail.map((issue: { loc: unknown[] }) => issue.loc)).toEqual([
      ["query", "limit"], ["query", "page"], ["query", "status"], ["query", "exact"],
    ]);
  });

  it("answers missing for an absent required parameter", async () => {
    const { status, json } = await http.request("/required");
    expect([status, json.detail]).toEqual([422, [{ type: "missing", loc: ["query", "q"], msg: "Field required", input: null }]]);
  });

  it("answers string_too_short for a string under its MinLength", async () => {
    expect((await http.request("/required?q=ab")).json.detail).toEqual([{
      type: "string_too_short",
      loc: ["query", "q"],
      msg: "String should have at least 3 characters",
      input: "ab",
      ctx: { min_length: 3 },
    }]);
  });
});

describe("Query<T> objects", () => {
  it("gathers the object's fields from the query, arrays included", async () => {
    expect((await http.request("/pages?q=hi&limit=5&tag=x&tag=y&other=1")).json).toEqual({ q: "hi", limit: 5, tag: ["x", "y"] });
  });

  it("leaves absent optional fields out", async () => {
    expect((await http.request("/pages?q=hi")).json).toEqual({ q: "hi" });
  });

  it("locates failures by field name and reports a missing field with the fields it got", async () => {
    const { status, json } = await http.request("/pages?limit=99");
    expect([status, json.detail]).toEqual([422, [
      { type: "missing", loc: ["query", "q"], msg: "Field required", input: { limit: "99" } },
      { type: "less_than_equal", loc: ["query", "limit"], msg: "Input should be less than or equal to 50", input: "99", ctx: { le: 50 } },
    ]]);
  });
});

describe("headers", () => {
  const required = { "x-request-id": "r1" };

  it("reads a header by the kebab-case form of the parameter name", async () => {
    expect((await http.request("/headers", { headers: { ...required, "accept-language": "fr" } })).json).toMatchObject({
      xRequestId: "r1",
      acceptLanguage: "fr",
    });
  });

  it("reads a header by the name the marker gives, in any case", async () => {
    expect((await http.request("/headers", { headers: { ...required, "x-api-key": "k1" } })).json.apiKey).toBe("k1");
    expect((await http.request("/headers", { headers: { ...required, "X-API-KEY": "k2" } })).json.apiKey).toBe("k2");
  });

  it("answers missing with loc [header, name] for an absent required header", async () => {
    const { status, json } = await http.request("/headers");
    expect([status, json.detail]).toEqual([422, [{ type: "missing", loc: ["header", "x-request-id"], msg: "Field required", input: null }]]);
  });

  it("coerces and validates a numeric header", async () => {
    expect((await http.request("/headers", { headers: { ...required, "x-count": "3" } })).json.xCount).toBe(3);
    expect((await http.request("/headers", { headers: { ...required, "x-count": "-3" } })).json.detail).toEqual([{
      type: "greater_than_equal",
      loc: ["header", "x-count"],
      msg: "Input should be greater than or equal to 0",
      input: "-3",
      ctx: { ge: 0 },
    }]);
  });

  it("splits a list header on commas", async () => {
    expect((await http.request("/headers", { headers: { ...required, "x-tags": "a, b,c" } })).json.xTags).toEqual(["a", "b", "c"]);
  });

  it("joins repeated lines of a list header and takes the first line of a scalar one", async () => {
    const request = rawRequest("GET", "/headers", {
      headers: { "x-request-id": "first", "X-Tags": "a", "x-tags": "b, c", "X-Request-Id": "second" },
    });
    const { responses } = await exchange(port, request, { until: 1 });
    expect(JSON.parse(responses[0]!.body)).toMatchObject({ xRequestId: "first", xTags: ["a", "b", "c"] });
  });
});

describe("cookies", () => {
  it("reads cookies by parameter name and by the name the marker gives", async () => {
    const { json } = await http.request("/session", { headers: { cookie: "other=1; session=abcdefgh; ui-theme=dark" } });
    expect(json).toEqual({ session: "abcdefgh", theme: "dark" });
  });

  it("percent-decodes cookie values", async () => {
    expect((await http.request("/session", { headers: { cookie: "session=abc%20defgh" } })).json.session).toBe("abc defgh");
  });

  it("answers missing with loc [cookie, name] without a Cookie header", async () => {
    const { status, json } = await http.request("/session");
    expect([status, json.detail]).toEqual([422, [{ type: "missing", loc: ["cookie", "session"], msg: "Field required", input: null }]]);
  });

  it("validates cookie values", async () => {
    const { json } = await http.request("/session", { headers: { cookie: "session=short; ui-theme=blue" } });
    expect(json.detail).toEqual([
      { type: "string_too_short", loc: ["cookie", "session"], msg: "String should have at least 8 characters", input: "short", ctx: { min_length: 8 } },
      { type: "literal_error", loc: ["cookie", "ui-theme"], msg: "Input should be 'light' or 'dark'", input: "blue", ctx: { expected: "'light' or 'dark'" } },
    ]);
  });
});
