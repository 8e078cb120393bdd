/**
 * The `Date` positions of a JSON body, read before it is validated: JSON has no date, so a
 * `Date` arrives as ISO 8601 text, and the transformer's `DatePlan` says where such text becomes
 * a `Date` (pydantic's `datetime` fields). Text that does not parse is left as it is, for the
 * validator to report (`datetime_parsing`). Only routes whose body type holds a `Date` have a plan.
 */
import type { DatePlan, DatePlans } from "../contract/manifest";
import { rewrite, type PlanWalk } from "../validation/plan-walk";
import { parseDateTime } from "./date-time";

/** `value` with the plan's strings turned into Dates; objects and arrays are changed in place. */
export function reviveDates(value: unknown, plans: DatePlans): unknown {
  return rewrite(value, plans.root, plans.shared, REVIVE);
}

// Text that does not parse stays text, for the validator to report.
const REVIVE: PlanWalk = {
  inPlace: true,
  after: (value: unknown, plan: DatePlan): unknown =>
    typeof value === "string" && plan.date === true ? (parseDateTime(value) ?? value) : value,
};
