/**
 * `Set<T>` at the boundary, as pydantic's `set[T]`: JSON has no set, so a Set travels as an array.
 * The transformer has typia check (and write) those positions as arrays, and wraps only the
 * validators and serializers of types that hold a Set in these: arrays become Sets once a value is
 * valid (duplicates merged, as pydantic merges them), and Sets become arrays before a value is
 * checked or written. The plan (`DatePlan` with `set`) says where; nothing else is walked.
 */
import type { IValidation } from "@typia/interface";
import type { DatePlan, DatePlans } from "../contract/manifest";
import { rewrite, type PlanWalk } from "./plan-walk";

/** `validate`, with the planned arrays of a valid value read into Sets (in place: the value is the request's own). */
export function readingSets<T>(validate: (input: unknown) => IValidation<T>, plans: DatePlans): (input: unknown) => IValidation<T> {
  return (input) => {
    const result = validate(input);
    if (result.success) (result as { data: unknown }).data = rewrite(result.data, plans.root, plans.shared, TO_SETS);
    return result;
  };
}

/** `write` (a serializer or a response validator) of the value with its planned Sets as arrays; the handler's value is not changed. */
export function writingSets<R>(write: (input: unknown) => R, plans: DatePlans): (input: unknown) => R {
  return (input) => write(rewrite(input, plans.root, plans.shared, TO_ARRAYS));
}

const TO_SETS: PlanWalk = {
  inPlace: true,
  after: (value: unknown, plan: DatePlan): unknown => (plan.set === true && Array.isArray(value) ? new Set(value) : value),
};

// A Set becomes an array before its items are walked; what holds one is copied on the way up.
const TO_ARRAYS: PlanWalk = {
  inPlace: false,
  before: (value: unknown): unknown => (value instanceof Set ? [...value] : value),
};
