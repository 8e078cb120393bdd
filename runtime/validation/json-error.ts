/**
 * Where and why a JSON text is invalid, in the words of Python's `json` module, so a 422
 * `json_invalid` carries the same `loc: ["body", position]` and `ctx.error` FastAPI sends.
 * V8's messages name a position only sometimes, so we scan for it ourselves. Runs only after
 * `JSON.parse` has failed, never on a valid body; iterative, so any nesting depth is safe.
 */

export interface JsonSyntaxError {
  /** Character offset of the error, as Python's `JSONDecodeError.pos`. */
  readonly pos: number;
  /** Python's message, e.g. `Expecting value`, `Expecting ',' delimiter`. */
  readonly msg: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING_RUN = /[^"\\\u0000-\u001f]*/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;
const ESCAPES = "\"\\/bfnrt";
const ARRAY = 0;
const OBJECT = 1;

/** The first syntax error in `text`; `undefined` if the text is valid JSON. */
export function locateJsonError(text: string): JsonSyntaxError | undefined {
  const found = scan(text);
  return found === undefined ? undefined : { pos: codePointIndex(text, found.pos), msg: found.msg };
}

/**
 * Python counts positions in code points, JavaScript in UTF-16 units: an emoji before the error
 * is one position there and two here.
 */
function codePointIndex(text: string, utf16Index: number): number {
  let pairs = 0;
  for (let i = 0; i < utf16Index - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { pairs++; i++; }
    }
  }
  return utf16Index - pairs;
}

/** The first syntax error, its position in UTF-16 units. */
function scan(text: string): JsonSyntaxError | undefined {
  const n = text.length;
  const stack: number[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      i++;
    }
  };
  // Returns the error of the string starting at the quote at `i`, or moves `i` past it.
  const scanString = (): JsonSyntaxError | undefined => {
    const start = i;
    i++;
    for (;;) {
      STRING_RUN.lastIndex = i;
      STRING_RUN.test(text);
      i = STRING_RUN.lastIndex;
      if (i >= n) return { pos: start, msg: "Unterminated string starting at" };
      const c = text[i];
      if (c === '"') { i++; return undefined; }
      if (c !== "\\") return { pos: i, msg: "Invalid control character at" };
      const next = text[i + 1];
      if (next === "u") {
        // Python points at the `u`, not the backslash.
        if (!HEX4.test(text.slice(i + 2, i + 6))) return { pos: i + 1, msg: "Invalid \\uXXXX escape" };
        i += 6;
      } else if (next !== undefined && ESCAPES.includes(next)) {
        i += 2;
      } else {
        return next === undefined ? { pos: start, msg: "Unterminated string starting at" } : { pos: i, msg: "Invalid \\escape" };
      }
    }
  };
  // Reads `"key"` and `:` at `i`, leaving `i` at the member's value.
  const scanKey = (): JsonSyntaxError | undefined => {
    skipSpace();
    if (text[i] !== '"') return { pos: i, msg: "Expecting property name enclosed in double quotes" };
    const bad = scanString();
    if (bad) return bad;
    skipSpace();
    if (text[i] !== ":") return { pos: i, msg: "Expecting ':' delimiter" };
    i++;
    return undefined;
  };

  for (;;) {
    // A value is expected at `i`.
    skipSpace();
    const c = text[i];
    let opened = false;
    if (c === "{") {
      i++;
      skipSpace();
      if (text[i] === "}") { i++; } else {
        const bad = scanKey();
        if (bad) return bad;
        stack.push(OBJECT);
        opened = true;
      }
    } else if (c === "[") {
      i++;
      skipSpace();
      if (text[i] === "]") { i++; } else { stack.push(ARRAY); opened = true; }
    } else if (c === '"') {
      const bad = scanString();
      if (bad) return bad;
    } else if (text.startsWith("true", i)) { i += 4; }
    else if (text.startsWith("false", i)) { i += 5; }
    else if (text.startsWith("null", i)) { i += 4; }
    else {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) return { pos: i, msg: "Expecting value" };
      i = NUMBER.lastIndex;
    }
    if (opened) continue;
    // After a complete value: close containers, or find the separator before the next value.
    for (;;) {
      skipSpace();
      if (stack.length === 0) return i < n ? { pos: i, msg: "Extra data" } : undefined;
      const top = stack[stack.length - 1];
      const d = text[i];
      if ((top === ARRAY && d === "]") || (top === OBJECT && d === "}")) {
        stack.pop();
        i++;
        continue;
      }
      if (d !== ",") return { pos: i, msg: "Expecting ',' delimiter" };
      i++;
      if (top === OBJECT) {
        const bad = scanKey();
        if (bad) return bad;
      }
      break;
    }
  }
}
