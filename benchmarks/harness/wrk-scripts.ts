/**
 * wrk Lua scripts for the POST scenarios, generated from the contract's corpus so there is one
 * source of truth: S3 sends one valid order; S4 sends the invalid bodies round-robin.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** A quoted Lua string holding `text`'s UTF-8 bytes exactly: printable ASCII as is, the rest escaped. */
const luaString = (text: string): string => {
  let out = '"';
  for (const byte of Buffer.from(text, "utf8")) {
    if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\${byte.toString().padStart(3, "0")}`;
  }
  return `${out}"`;
};

const HEADERS = 'wrk.headers["Content-Type"] = "application/json"';

export const postScript = (body: string): string =>
  ['wrk.method = "POST"', HEADERS, `wrk.body = ${luaString(body)}`, ""].join("\n");

export const rotatingPostScript = (urlPath: string, bodies: readonly string[]): string =>
  [
    'wrk.method = "POST"',
    HEADERS,
    `local bodies = { ${bodies.map(luaString).join(",\n  ")} }`,
    "local i = 0",
    "request = function()",
    "  i = i % #bodies + 1",
    `  return wrk.format(nil, ${luaString(urlPath)}, nil, bodies[i])`,
    "end",
    "",
  ].join("\n");

/** Writes a script under `dir` and returns its path. */
export const writeScript = (dir: string, name: string, source: string): string => {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, source);
  return file;
};
