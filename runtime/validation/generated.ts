/**
 * What the code typia generates for us calls. Compiled code reads these through the runtime's
 * `__generated` (see `index.ts`); `typekiln/generated` is this module on its own, for code compiled
 * by earlier versions of the transformer.
 *
 * - In place of a few of typia's own constructs (the transformer rewrites them, see
 *   `transformer/generated-code.ts`): the same results, without the per-call arrays and loops.
 * - String length checks in characters, as JSON Schema counts (`characters.ts`), and the keys of
 *   a `Record<number, T>` (`record-keys.ts`).
 * - `Set<T>` read from and written as a JSON array, around the validators and serializers of
 *   types that hold one (`set-values.ts`).
 * - Model fields' defaults filled in before validation (`model-defaults.ts`).
 * - typia's helpers themselves (`typia-helpers.ts`), added beside these in `index.ts`'s `__generated`
 *   (not re-exported here: their declarations import typia, which the package does not install).
 */
import type { IValidation } from "@typia/interface";

export { atLeastCharacters, atMostCharacters } from "./characters";
export { isNumberKey } from "./record-keys";
export { readingSets, writingSets } from "./set-values";
export { fillingDefaults } from "./model-defaults";

/** Characters a JSON string cannot hold as they are; lone surrogates are left to `JSON.stringify`. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Past this length one native `JSON.stringify` beats a regex test followed by a copy. */
const SHORT = 4096;

/** A JSON string literal: the text quoted as it is unless a character needs escaping. */
export const jsonString = (text: string): string =>
  text.length < SHORT && !NEEDS_ESCAPE.test(text) ? `"${text}"` : JSON.stringify(text);

/**
 * A JSON number as typia writes it, `String(_jsonStringifyNumber(value))` (`null` for NaN and the
 * infinities), in one step: for a number the concatenation gives the same text, about half the
 * cost of a call of `String` here.
 */
export const jsonNumber = (value: number): string => (isFinite(value) ? "" + value : "null");

/** The items of a JSON array, each written by `write`, comma-separated: `map(write).join(",")` without the arrays. */
export function jsonJoin<T>(items: readonly T[], write: (item: T) => string): string {
  const length = items.length;
  if (length === 0) return "";
  let out = write(items[0]!);
  for (let i = 1; i < length; i++) out += "," + write(items[i]!);
  return out;
}

/**
 * Whether `check` holds for every item, asking it of all of them so that an invalid body reports
 * every failing item: `items.map(check).every((ok) => ok)` without the array.
 */
export function checkEach<T>(items: readonly T[], check: (item: T, index: number) => boolean): boolean {
  let ok = true;
  for (let i = 0; i < items.length; i++) if (!check(items[i]!, i)) ok = false;
  return ok;
}

/**
 * The error collector of a validator's reporting pass, in place of typia's `_validateReport`: the
 * same errors in the same order (an error is dropped when it lies under the path of the one before,
 * typia's rule), without the `description` typia writes for each missing value (three strings
 * joined, per error), which nothing in typekiln reads: the 422 is written from `path`, `expected`
 * and `value` (validation-error.ts). `startsWith` asks what typia's `substring(…) !== path` asks,
 * without the substring.
 */
export function validateReport(errors: IValidation.IError[]): (exceptable: boolean, error: IValidation.IError) => false {
  return (exceptable, error) => {
    if (exceptable) {
      const last = errors.length === 0 ? undefined : errors[errors.length - 1]!.path;
      if (last === undefined || error.path.length > last.length || !last.startsWith(error.path)) errors.push(error);
    }
    return false;
  };
}
