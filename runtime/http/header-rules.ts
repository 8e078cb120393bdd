/**
 * What may be written as a response header: a name that is an RFC 9110 token, a value of visible
 * characters, spaces and tabs (RFC 9110 §5.5). A CR or LF in either would end the header early and
 * let whoever chose the text write headers, or a whole second response, of their own (response
 * splitting); a NUL is cut short by some clients and proxies. The rule is node:http's, so both
 * transports refuse the same headers.
 *
 * This is the one rule: the adapter checks every reply against it before writing a byte, and the
 * APIs that take header text from handler code (`ResponseControl.header`, `cors()`) check early
 * with it so the mistake points at the caller.
 */

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Anything but HTAB, SP, VCHAR and obs-text (0x80–0xFF).
const NOT_FIELD_TEXT = /[^\t\x20-\x7e\x80-\xff]/;

/** Why `name: value` may not be written, or `undefined` when it may. */
export function headerFault(name: unknown, value: unknown): string | undefined {
  if (typeof name !== "string" || !TOKEN.test(name)) return `header name ${JSON.stringify(name)} is not an HTTP token`;
  if (typeof value !== "string") return `header ${name} has a ${typeof value} value, not a string`;
  if (NOT_FIELD_TEXT.test(value)) return `header ${name} has a value holding a line break, NUL or other control character`;
  return undefined;
}

/** Throws a `TypeError` naming the fault when `name: value` may not be written. */
export function assertHeader(name: string, value: string): void {
  const fault = headerFault(name, value);
  if (fault !== undefined) throw new TypeError(`typekiln: ${fault}`);
}

/** Header lists already checked once (the framework's constants, a route's precomputed list). */
const vouched = new WeakSet<readonly string[]>();

/**
 * Checks a header list now and marks it, so the adapter skips it on every later reply: for lists
 * built once at start-up. Throws on a bad header, which is a bug where the list is made.
 */
export function vouchedHeaders<T extends readonly string[]>(headers: T): T {
  for (let i = 0; i < headers.length; i += 2) assertHeader(headers[i]!, headers[i + 1]!);
  vouched.add(headers);
  return headers;
}

/** Whether `headers` was checked by `vouchedHeaders` at start-up. */
export const isVouched = (headers: readonly string[]): boolean => vouched.has(headers);

/**
 * Why a flat `[name, value, …]` list may not be written, or `undefined` when it may. A list
 * vouched for at start-up costs one lookup; one built for this reply is checked pair by pair.
 */
export function headersFault(headers: readonly string[]): string | undefined {
  return vouched.has(headers) ? undefined : listFault(headers);
}

/** `headersFault` of a list known not to be vouched for: checked pair by pair. */
export function listFault(headers: readonly string[]): string | undefined {
  if (headers.length % 2 !== 0) return "a header list has a name without a value";
  for (let i = 0; i < headers.length; i += 2) {
    const fault = headerFault(headers[i], headers[i + 1]);
    if (fault !== undefined) return fault;
  }
  return undefined;
}
