/**
 * Keys of a `Record<number, T>`, which typia checks as `"number" === typeof Number(key)`: true of
 * every key, so `{"abc": …}` passed. Generated validators call `isNumberKey` instead
 * (transformer/generated-code.ts) and report a key that is no number at `[…, key, "[key]"]`, as
 * pydantic does for a `dict[int, T]`.
 */
import { NUMBER_KEY_PATTERN } from "../contract/generated-helpers";

const NUMBER_KEY = new RegExp(NUMBER_KEY_PATTERN);

export const isNumberKey = (key: string): boolean => NUMBER_KEY.test(key);
