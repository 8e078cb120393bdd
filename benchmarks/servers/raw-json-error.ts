/**
 * The raw floors' answer to a body `JSON.parse` refused: where and why, in the words of Python's
 * `json` module, as FastAPI's `json_invalid` entry gives them (`loc: ["body", pos]`, `ctx.error`).
 * Hand-written for the floors (a recursive descent over the text), so they do the work typekiln
 * does for the same body; it runs only after `JSON.parse` has failed.
 */

/** Python's `JSONDecodeError`: its message and character position. */
export interface DecodeError {
  readonly msg: string;
  readonly pos: number;
}

class Fault {
  constructor(readonly msg: string, readonly pos: number) {}
}

const SPACE = /[ \t\n\r]*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const PLAIN = /[^"\\\u0000-\u001f]*/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

const sticky = (re: RegExp, text: string, at: number): number => {
  re.lastIndex = at;
  return re.test(text) ? re.lastIndex : -1;
};

/** The first error in `text` (which `JSON.parse` refused), as Python reports it. */
export function decodeError(text: string): DecodeError {
  try {
    const end = space(text, value(text, space(text, 0)));
    return end < text.length ? new Fault("Extra data", end) : new Fault("Expecting value", 0);
  } catch (fault) {
    if (!(fault instanceof Fault)) throw fault;
    // Python counts characters in code points.
    const before = text.slice(0, fault.pos);
    return { msg: fault.msg, pos: fault.pos - (before.length - [...before].length) };
  }
}

const space = (text: string, at: number): number => sticky(SPACE, text, at);

/** The index just past the value at `at`. */
function value(text: string, at: number): number {
  const c = text[at];
  if (c === "{") return object(text, at);
  if (c === "[") return array(text, at);
  if (c === '"') return string(text, at);
  for (const word of ["true", "false", "null"]) if (text.startsWith(word, at)) return at + word.length;
  const end = sticky(NUMBER, text, at);
  if (end === -1) throw new Fault("Expecting value", at);
  return end;
}

function string(text: string, start: number): number {
  let at = start + 1;
  for (;;) {
    at = sticky(PLAIN, text, at);
    const c = text[at];
    if (c === undefined) throw new Fault("Unterminated string starting at", start);
    if (c === '"') return at + 1;
    if (c !== "\\") throw new Fault("Invalid control character at", at);
    const escaped = text[at + 1];
    if (escaped === undefined) throw new Fault("Unterminated string starting at", start);
    if (escaped === "u") {
      if (sticky(HEX4, text, at + 2) === -1) throw new Fault("Invalid \\uXXXX escape", at + 1);
      at += 6;
    } else if ('"\\/bfnrt'.includes(escaped)) at += 2;
    else throw new Fault("Invalid \\escape", at);
  }
}

function object(text: string, open: number): number {
  let at = space(text, open + 1);
  if (text[at] === "}") return at + 1;
  for (;;) {
    if (text[at] !== '"') throw new Fault("Expecting property name enclosed in double quotes", at);
    at = space(text, string(text, at));
    if (text[at] !== ":") throw new Fault("Expecting ':' delimiter", at);
    at = space(text, value(text, space(text, at + 1)));
    if (text[at] === "}") return at + 1;
    if (text[at] !== ",") throw new Fault("Expecting ',' delimiter", at);
    at = space(text, at + 1);
  }
}

function array(text: string, open: number): number {
  let at = space(text, open + 1);
  if (text[at] === "]") return at + 1;
  for (;;) {
    at = space(text, value(text, at));
    if (text[at] === "]") return at + 1;
    if (text[at] !== ",") throw new Fault("Expecting ',' delimiter", at);
    at = space(text, at + 1);
  }
}
