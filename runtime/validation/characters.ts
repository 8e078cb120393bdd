/**
 * String lengths as JSON Schema and pydantic count them: in characters (Unicode code points), not
 * in UTF-16 units as `string.length` does (an emoji is one character, two units). Generated
 * validators call `atLeastCharacters`/`atMostCharacters` only when `length` cannot decide alone
 * (transformer/generated-code.ts): a string has between `length / 2` and `length` characters.
 * Anything else (an array sharing the check with a string in a union) is measured by `length`.
 */

/** The characters of `text`, counting no further than `limit`; a lone surrogate is one. */
export function characterCount(text: string, limit = Infinity): number {
  let count = 0;
  const length = text.length;
  for (let i = 0; i < length && count < limit; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/** `MinLength<min>`: at least `min` characters. */
export function atLeastCharacters(value: string | readonly unknown[], min: number): boolean {
  const length = value.length;
  if (typeof value !== "string" || length < min || length >= 2 * min) return length >= min;
  return characterCount(value, min) >= min;
}

/** `MaxLength<max>`: at most `max` characters. */
export function atMostCharacters(value: string | readonly unknown[], max: number): boolean {
  const length = value.length;
  if (typeof value !== "string" || length <= max || length > 2 * max) return length <= max;
  return characterCount(value, max + 1) <= max;
}
