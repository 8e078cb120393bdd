import { App, type Body } from "typekiln";
import { client, expectAlive, type Client } from "../../helpers/http";

const app = new App({ logger: false });
app.get("/health", () => ({ ok: true }));
app.post("/json", (value: Body<unknown>) => ({ got: value !== undefined }));

let http: Client;
let port = 0;
beforeAll(async () => {
  ({ port } = await app.listen(0, "127.0.0.1"));
  http = client(port);
});
afterAll(() => app.close());
// Every case, bad input or not, must leave the server answering an ordinary request.
afterEach(() => expectAlive(port));

// Each position and message is what Python's `json.loads` reports for the same text, so a
// client written against FastAPI reads the same `loc` and `ctx.error`.
describe("json_invalid", () => {
  it.each([
    ['{"a": }', 6, "Expecting value"],
    ['{"a":1', 6, "Expecting ',' delimiter"],
    ["{a:1}", 1, "Expecting property name enclosed in double quotes"],
    ['{"a" 1}', 5, "Expecting ':' delimiter"],
    ["[1,]", 3, "Expecting value"],
    ["[1 2]", 3, "Expecting ',' delimiter"],
    ['{"a":1,}', 7, "Expecting property name enclosed in double quotes"],
    ['"abc', 0, "Unterminated string starting at"],
    ['{"a":"b\\', 5, "Unterminated string starting at"],
    ['{"a":1} x', 8, "Extra data"],
    ["01", 1, "Extra data"],
    ['"\u0001"', 1, "Invalid control character at"],
    ['"\\q"', 1, "Invalid \\escape"],
    ['"\\u12"', 2, "Invalid \\uXXXX escape"],
    ['"ab\\u12x"', 4, "Invalid \\uXXXX escape"],
    ['["\u{1F600}",x]', 5, "Expecting value"],
    ['"\u{1F600}\u0001"', 2, "Invalid control character at"],
    ["nul", 0, "Expecting value"],
    ["-", 0, "Expecting value"],
    ["   ", 3, "Expecting value"],
  ])("reports %j at position %i with Python's message %j", async (text, pos, error) => {
    const { status, json } = await http.send("/json", text);
    expect([status, json]).toEqual([422, {
      detail: [{ type: "json_invalid", loc: ["body", pos], msg: "JSON decode error", input: {}, ctx: { error } }],
    }]);
  });

  it("parses a valid body on the same route", async () => {
    expect((await http.send("/json", "[1]")).json).toEqual({ got: true });
  });
});
