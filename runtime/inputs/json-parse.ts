/**
 * `JSON.parse` for text a client sent. Malformed text makes `JSON.parse` throw a `SyntaxError`,
 * and V8 captures a stack trace for it, walking up to `Error.stackTraceLimit` frames: several
 * microseconds, more than parsing a typical body, spent on a trace nothing reads (the 422 is built
 * from the text). So the limit is 0 while the text is parsed, and put back afterwards; a realm that
 * froze `Error` (SES's lockdown) keeps its traces.
 */
export function parseClientJson(text: string): unknown {
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 0;
  } catch {
    return JSON.parse(text); // `Error` is frozen and this module is strict
  }
  try {
    return JSON.parse(text);
  } finally {
    Error.stackTraceLimit = limit;
  }
}
