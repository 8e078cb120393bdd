import { parse } from "node:querystring";
import { parseWanted } from "../../runtime/query-string";

// Routes with named query parameters read only their pairs; what they read must be exactly what
// `querystring.parse` gives for those keys, whatever the client sends.
const pick = (query: string, wanted: ReadonlySet<string>) =>
  Object.fromEntries(Object.entries(parse(query)).filter(([key]) => wanted.has(key)));

describe("parseWanted", () => {
  const wanted = new Set(["a", "b", "a b", "a+", "é", "&", "=", "limit"]);

  it.each([
    ["plain pairs", "limit=20&offset=40&status=open"],
    ["a key without a value, and an empty pair", "a&&b="],
    ["repeated keys, which become a list", "a=1&a=2&b=x&a=3"],
    ["plus signs as spaces, in keys and values", "a+b=c+d&a%2B=%2B"],
    ["percent escapes, valid and malformed", "é=%C3%A9&%C3%A9=%zz%E0%A4%A&b=%"],
    ["encoded separators", "%26=%3D&%3D=%26"],
    ["a value holding `=`", "a=b=c"],
    ["an empty key", "=x&a"],
  ])("reads %s as querystring does", (_name, query) => {
    expect({ ...parseWanted(query, wanted) }).toEqual(pick(query, wanted));
  });

  it("stops after querystring's 1000 pairs, empty ones included", () => {
    for (const query of ["&".repeat(1500) + "a=1", "x=1&".repeat(999) + "a=1", "x=1&".repeat(1000) + "a=1"])
      expect({ ...parseWanted(query, wanted) }).toEqual(pick(query, wanted));
  });

  it("agrees with querystring on random texts made of the awkward characters", () => {
    const alphabet = ["a", "b", "=", "&", "&", "+", "%", "2", "B", "z", "é", "%2", "%26", "%3D", "%C3%A9", "%E0%A4%A"];
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    for (let i = 0; i < 20_000; i++) {
      let query = "";
      for (let j = random(20); j > 0; j--) query += alphabet[random(alphabet.length)];
      expect([query, { ...parseWanted(query, wanted) }]).toEqual([query, pick(query, wanted)]);
    }
  });

  it("keeps other keys out, `__proto__` included, in a null-prototype map", () => {
    const read = parseWanted("__proto__=x&constructor=y&limit=5", wanted);
    expect(Object.getPrototypeOf(read)).toBeNull();
    expect({ ...read }).toEqual({ limit: "5" });
  });
});
