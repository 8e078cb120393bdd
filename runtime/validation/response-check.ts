/**
 * A handler's result checked against its return type, as FastAPI checks `response_model`: a
 * mismatch is a `ResponseValidationError`, answered 500 and logged with the route and, per wrong
 * field, its `loc` (`["response", "user", "email"]`), pydantic's message and the value.
 */
import type { IValidation } from "@typia/interface";
import { HTTP_ERRORS } from "../errors/errors";
import { appendIssues, type ValidationIssue } from "./validation-error";

export class ResponseValidationError extends Error {
  readonly code = HTTP_ERRORS.RESPONSE_INVALID.code;

  constructor(
    label: string,
    readonly issues: readonly ValidationIssue[],
    /** Production: what the serializer threw on the unchecked result. */
    cause?: unknown,
  ) {
    super(
      `${HTTP_ERRORS.RESPONSE_INVALID.code}: the response of ${label} does not match its return type: ${issues.map(describeIssue).join("; ")}`,
      cause === undefined ? undefined : { cause },
    );
    this.name = "ResponseValidationError";
  }
}

/**
 * typia's errors for a response as pydantic entries located under `response`. `withValues: false`
 * (production) leaves the values out of the log: a response can hold what a log should not.
 */
export function responseIssues(errors: readonly IValidation.IError[], value: unknown, withValues: boolean): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  appendIssues(errors, { source: "response", raw: value, wire: false }, issues);
  return withValues ? issues : issues.map(({ type, loc, msg }) => ({ type, loc, msg, input: undefined }));
}

const describeIssue = (issue: ValidationIssue): string => {
  const where = issue.loc.join(".");
  if (issue.type === "missing" || issue.input === undefined) return `${where}: ${issue.msg}`;
  return `${where}: ${issue.msg}, got ${shown(issue.input)}`;
};

// The value as JSON, cut short; what JSON cannot write (a bigint, a cycle) by its type.
function shown(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  text ??= typeof value === "object" && value !== null ? Object.prototype.toString.call(value) : String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
