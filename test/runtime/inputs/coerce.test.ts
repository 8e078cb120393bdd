import { App } from "typekiln";
import { client, expectAlive, type Client } from "../../helpers/http";

const app = new App({ logger: false });
app.get("/health", () => ({ ok: true }));
app.get("/number", (n: number) => ({ n }));
app.get("/boolean", (b: boolean) => ({ b }));
app.get("/mixed", (limit: number | "all") => ({ limit }));

let http: Client;
let port = 0;
beforeAll(async () => {
  ({ port } = await app.listen(0, "127.0.0.1"));
  http = client(port);
});
afterAll(() => app.close());
// Every case, bad input or not, must leave the server answering an ordinary request.
afterEach(() => expectAlive(port));

// Query values arrive as text: each is read as its parameter's type the way pydantic's lax mode
// reads it, and text that does not read is handed on for the validator to report.
describe("numbers", () => {
  it.each([
    ["42", 42], ["-2.5", -2.5], [".5", 0.5], ["1e3", 1000], ["%207%20", 7], ["+3", 3],
  ])("reads %s as %s", async (text, value) => {
    expect((await http.request(`/number?n=${text}`)).json).toEqual({ n: value });
  });

  it.each(["0x1f", "0b1", "Infinity", "NaN", "1_000", "", "%20", "1,5"])("refuses %j", async (text) => {
    const { status, json } = await http.request(`/number?n=${text}`);
    expect([status, json.detail[0].type, json.detail[0].loc]).toEqual([422, "float_parsing", ["query", "n"]]);
  });
});

describe("booleans", () => {
  it.each(["true", "1", "yes", "on", "t", "y", "True", "YES"])("reads %s as true", async (text) => {
    expect((await http.request(`/boolean?b=${text}`)).json).toEqual({ b: true });
  });

  it.each(["false", "0", "no", "off", "f", "n", "False"])("reads %s as false", async (text) => {
    expect((await http.request(`/boolean?b=${text}`)).json).toEqual({ b: false });
  });

  it.each(["2", "", "maybe", "truthy"])("refuses %j", async (text) => {
    expect((await http.request(`/boolean?b=${text}`)).json.detail[0]).toMatchObject({ type: "bool_parsing", input: text });
  });
});

describe("mixed unions", () => {
  it("reads text that reads as a number as one, and keeps a string member as text", async () => {
    expect((await http.request("/mixed?limit=5")).json).toEqual({ limit: 5 });
    expect((await http.request("/mixed?limit=all")).json).toEqual({ limit: "all" });
  });

  it("refuses text that is neither", async () => {
    const { status, json } = await http.request("/mixed?limit=some");
    expect([status, json.detail[0].loc, json.detail[0].input]).toEqual([422, ["query", "limit"], "some"]);
  });
});
