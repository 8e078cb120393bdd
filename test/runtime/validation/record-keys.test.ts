/**
 * A `Record<number, T>` takes number keys only, as pydantic's `dict[float, T]` does: a key that is
 * no number is a 422 at `[…, key, "[key]"]` (pydantic's place for a key), not passed on to the
 * handler. The document says the same with `propertyNames`.
 */
import { App } from "typekiln";
import { documentAccepts, requestBodySchema, serve } from "../../helpers/served";

interface Scores {
  name: string;
  byYear: Record<number, number>;
}

const app = new App({ logger: false });
app.get("/health", () => ({ ok: true }));
app.post("/scores", (scores: Scores) => ({ years: Object.keys(scores.byYear) }));
app.post("/labels", (labels: Record<number, string>) => ({ count: Object.keys(labels).length }));

const served = serve(app);

const notANumber = (loc: (string | number)[], input: string) => ({
  type: "float_parsing", loc, msg: "Input should be a valid number, unable to parse string as a number", input,
});

describe("Record<number, T>", () => {
  it("takes number keys", async () => {
    const { status, json } = await served.http.send("/scores", { name: "Ann", byYear: { "2024": 1, "-1": 2, "1.5": 3, "1e3": 4 } });
    expect([status, json]).toEqual([200, { years: ["2024", "-1", "1.5", "1e3"] }]);
  });

  it("answers a key that is no number at [..., key, \"[key]\"], beside the values' own errors", async () => {
    const { status, json } = await served.http.send("/scores", { name: "Ann", byYear: { "2024": "x", abc: 1, "": 2 } });
    expect([status, json]).toEqual([422, {
      detail: [
        notANumber(["body", "byYear", "2024"], "x"),
        notANumber(["body", "byYear", "abc", "[key]"], "abc"),
        notANumber(["body", "byYear", "", "[key]"], ""),
      ],
    }]);
  });

  it("checks the keys of a record body", async () => {
    expect((await served.http.send("/labels", { "1": "a" })).json).toEqual({ count: 1 });
    const { status, json } = await served.http.send("/labels", { one: "a" });
    expect([status, json]).toEqual([422, { detail: [notANumber(["body", "one", "[key]"], "one")] }]);
  });

  it("documents the keys it takes as propertyNames, so the document refuses what the server refuses", () => {
    const schema = requestBodySchema(served.document, "/scores");
    const accepts = (value: unknown) => documentAccepts(served.document, schema, value);
    expect([accepts({ name: "Ann", byYear: { "2024": 1, "1.5": 2 } }), accepts({ name: "Ann", byYear: { abc: 1 } })]).toEqual([true, false]);
  });
});
