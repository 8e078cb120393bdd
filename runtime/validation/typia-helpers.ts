/**
 * typia's own helpers that the code it generates for us calls: format and number checks, the
 * validator's error report, the JSON writers for numbers and the rest. They reach compiled code
 * through `generated.ts`, inside the runtime bundle: `scripts/bundle-runtime.mjs` carries them
 * from typia's `lib/internal` into `dist/runtime/index.js`.
 *
 * One bundle instead of one `require` per helper: each `typia/lib/internal/...` costs a lookup
 * through typia's `exports` map and a module of its own, and a typical app needs four or five of
 * them before it can listen (cold start, BENCHMARKS.md S0); in the bundle they are also compiled
 * from the runtime's code cache. And they are the helpers of the typia that generated the calls,
 * typekiln's own, not whichever typia the app's `node_modules` resolves.
 *
 * typia (MIT License, Copyright (c) 2022 Jeongho Nam) is bundled from its published `lib/internal`.
 * `_throwTypeGuardError` is what a serializer calls for a value no member of a union matches.
 * A helper missing here (protobuf, LLM, random, assert) would be imported from typia: none of
 * typekiln's programmers emits one, and the package does not install typia (the transformer
 * carries its own copy, `scripts/bundle-transformer.mjs`).
 */
export { _accessExpressionAsString } from "typia/lib/internal/_accessExpressionAsString";
export { _isBetween } from "typia/lib/internal/_isBetween";
export { _isBigintString } from "typia/lib/internal/_isBigintString";
export { _isFormatByte } from "typia/lib/internal/_isFormatByte";
export { _isFormatDate } from "typia/lib/internal/_isFormatDate";
export { _isFormatDateTime } from "typia/lib/internal/_isFormatDateTime";
export { _isFormatDuration } from "typia/lib/internal/_isFormatDuration";
export { _isFormatEmail } from "typia/lib/internal/_isFormatEmail";
export { _isFormatHostname } from "typia/lib/internal/_isFormatHostname";
export { _isFormatIdnEmail } from "typia/lib/internal/_isFormatIdnEmail";
export { _isFormatIdnHostname } from "typia/lib/internal/_isFormatIdnHostname";
export { _isFormatIpv4 } from "typia/lib/internal/_isFormatIpv4";
export { _isFormatIpv6 } from "typia/lib/internal/_isFormatIpv6";
export { _isFormatIri } from "typia/lib/internal/_isFormatIri";
export { _isFormatIriReference } from "typia/lib/internal/_isFormatIriReference";
export { _isFormatJsonPointer } from "typia/lib/internal/_isFormatJsonPointer";
export { _isFormatPassword } from "typia/lib/internal/_isFormatPassword";
export { _isFormatRegex } from "typia/lib/internal/_isFormatRegex";
export { _isFormatRelativeJsonPointer } from "typia/lib/internal/_isFormatRelativeJsonPointer";
export { _isFormatTime } from "typia/lib/internal/_isFormatTime";
export { _isFormatUri } from "typia/lib/internal/_isFormatUri";
export { _isFormatUriReference } from "typia/lib/internal/_isFormatUriReference";
export { _isFormatUriTemplate } from "typia/lib/internal/_isFormatUriTemplate";
export { _isFormatUrl } from "typia/lib/internal/_isFormatUrl";
export { _isFormatUuid } from "typia/lib/internal/_isFormatUuid";
export { _isTypeFloat } from "typia/lib/internal/_isTypeFloat";
export { _isTypeInt32 } from "typia/lib/internal/_isTypeInt32";
export { _isTypeInt64 } from "typia/lib/internal/_isTypeInt64";
export { _isTypeUint32 } from "typia/lib/internal/_isTypeUint32";
export { _isTypeUint64 } from "typia/lib/internal/_isTypeUint64";
export { _isUniqueItems } from "typia/lib/internal/_isUniqueItems";
export { _jsonStringifyNumber } from "typia/lib/internal/_jsonStringifyNumber";
export { _jsonStringifyRest } from "typia/lib/internal/_jsonStringifyRest";
export { _jsonStringifyTail } from "typia/lib/internal/_jsonStringifyTail";
export { _throwTypeGuardError } from "typia/lib/internal/_throwTypeGuardError";
export { _validateReport } from "typia/lib/internal/_validateReport";
