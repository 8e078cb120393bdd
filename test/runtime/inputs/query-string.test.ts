import { parse } from "node:querystring";
import { wantedPairs } from "../../../runtime/inputs/query-string";

// Routes with named query parameters read only their pairs; what they read must be exactly what
// `querystring.parse` gives for those keys, whatever the client sends.
const pick = (query: string, wanted: readonly string[]) =>
  Object.fromEntries(Object.entries(parse(query)).filter(([key]) => wanted.includes(key)));

describe("wantedPairs", () => {
  const wanted = ["a", "b", "a b", "a+", "é", "&", "=", "limit", "%41", ""];
  const read = wantedPairs(wanted);
  // The slots as a map of the keys present, to compare with querystring's.
  const parseWanted = (query: string) =>
    Object.fromEntries(read(query).flatMap((value, i) => (value === undefined ? [] : [[wanted[i], value]])));

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
    expect(parseWanted(query)).toEqual(pick(query, wanted));
  });

  it("stops after querystring's 1000 pairs, empty ones included", () => {
    for (const query of ["&".repeat(1500) + "a=1", "x=1&".repeat(999) + "a=1", "x=1&".repeat(1000) + "a=1"])
      expect(parseWanted(query)).toEqual(pick(query, wanted));
  });

  it("agrees with querystring on random texts made of the awkward characters", () => {
    const alphabet = ["a", "b", "=", "&", "&", "+", "%", "2", "B", "z", "é", "%2", "%26", "%3D", "%C3%A9", "%E0%A4%A"];
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    for (let i = 0; i < 20_000; i++) {
      let query = "";
      for (let j = random(20); j > 0; j--) query += alphabet[random(alphabet.length)];
      expect([query, parseWanted(query)]).toEqual([query, pick(query, wanted)]);
    }
  });

  it("keeps other keys out, `__proto__` included, and gives one slot per wanted key in its order", () => {
    const slots = wantedPairs(["limit", "status"])("__proto__=x&constructor=y&status=open&limit=5&limit=6");
    expect(slots).toEqual([["5", "6"], "open"]);
    expect(wantedPairs(["limit", "status"])("")).toEqual([undefined, undefined]);
  });

  it("finds a key spelled with escapes only by decoding it", () => {
    // "a+" is "a " once decoded, and "%41" is "A": neither names itself.
    expect(parseWanted("a+=1&%41=2&a%2B=3&%2541=4")).toEqual({ "a+": "3", "%41": "4" });
  });
});
