/**
 * ISO 8601 / RFC 3339 text into a `Date`, for `Date` inputs: path, query, header, cookie and form
 * values, and the `Date` positions of a JSON body (`date-revive.ts`). Accepts what pydantic's
 * `datetime` accepts as text: `2032-04-23T10:20:30.400+02:30`, `Z`, a space for `T`, minutes
 * without seconds, a date alone (midnight). A time without an offset is read as UTC (a JS `Date`
 * has no naive time, and the server's zone must not decide). Impossible fields (February 30th,
 * 24:00) are refused. Unix timestamps are not read (pydantic reads them; typekiln documents
 * `format: date-time`).
 */

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2})?)?)?$/;

/** The instant `text` names, or undefined when it is not an ISO 8601 date or date-time. */
export function parseDateTime(text: string): Date | undefined {
  const match = DATE_TIME.exec(text);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = Number(match[4] ?? 0);
  const minute = Number(match[5] ?? 0);
  const second = Number(match[6] ?? 0);
  const millisecond = Number((match[7] ?? "").padEnd(3, "0").slice(0, 3));
  const offsetHours = Number(match[10] ?? 0);
  const offsetMinutes = Number(match[11] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millisecond);
  const offset = (offsetHours * 60 + offsetMinutes) * 60_000;
  return match[9] === "-" ? new Date(date.getTime() + offset) : new Date(date.getTime() - offset);
}

const daysIn = (year: number, month: number): number =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
