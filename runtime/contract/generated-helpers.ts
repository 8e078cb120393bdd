/**
 * The names the runtime's `__generated` module offers to the code the transformer writes: typia's
 * helpers that typekiln carries (so generated code does not import typia at run time) and
 * typekiln's own replacements. The transformer reads this list; it never loads the runtime.
 * A test keeps it equal to what `validation/generated.ts` exports.
 */

/** typia's helpers carried in `validation/typia-helpers.ts`, by typia's names. */
export const CARRIED_TYPIA_HELPERS = [
  "_accessExpressionAsString", "_isBetween", "_isBigintString", "_isFormatByte", "_isFormatDate",
  "_isFormatDateTime", "_isFormatDuration", "_isFormatEmail", "_isFormatHostname", "_isFormatIdnEmail",
  "_isFormatIdnHostname", "_isFormatIpv4", "_isFormatIpv6", "_isFormatIri", "_isFormatIriReference",
  "_isFormatJsonPointer", "_isFormatPassword", "_isFormatRegex", "_isFormatRelativeJsonPointer",
  "_isFormatTime", "_isFormatUri", "_isFormatUriReference", "_isFormatUriTemplate", "_isFormatUrl",
  "_isFormatUuid", "_isTypeFloat", "_isTypeInt32", "_isTypeInt64", "_isTypeUint32", "_isTypeUint64",
  "_isUniqueItems", "_jsonStringifyNumber", "_jsonStringifyRest", "_jsonStringifyTail", "_throwTypeGuardError",
  "_validateReport",
] as const;

/**
 * The keys a `Record<number, T>` takes: decimal numbers, as pydantic reads a `dict[float, T]`'s
 * keys. Generated validators test it (`validation/record-keys.ts`) and the document states it as
 * the record's `propertyNames` pattern, so both say the same.
 */
export const NUMBER_KEY_PATTERN = "^[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?$";
