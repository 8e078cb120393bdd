/**
 * The `Date` positions of a JSON body, read before it is validated: JSON has no date, so a
 * `Date` arrives as ISO 8601 text, and the transformer's `DatePlan` says where such text becomes
 * a `Date` (pydantic's `datetime` fields). Text that does not parse is left as it is, for the
 * validator to report (`datetime_parsing`). Only routes whose body type holds a `Date` have a plan.
 */
import type { DatePlan, DatePlans } from "../contract/manifest";
import { parseDateTime } from "./date-time";

/** `value` with the plan's strings turned into Dates; objects and arrays are changed in place. */
export function reviveDates(value: unknown, plans: DatePlans): unknown {
  return revive(value, plans.root, plans.shared);
}

function revive(value: unknown, at: DatePlan, shared: readonly DatePlan[]): unknown {
  const plan = at.ref === undefined ? at : shared[at.ref]!;
  if (typeof value === "string") return plan.date === true ? (parseDateTime(value) ?? value) : value;
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    if (plan.tuple !== undefined) {
      const length = Math.min(value.length, plan.tuple.length);
      for (let i = 0; i < length; i++) value[i] = revive(value[i], plan.tuple[i]!, shared);
    } else if (plan.items !== undefined) {
      for (let i = 0; i < value.length; i++) value[i] = revive(value[i], plan.items, shared);
    }
    return value;
  }
  const object = value as Record<string, unknown>;
  const properties = plan.properties;
  if (properties !== undefined)
    for (const key in properties) if (Object.hasOwn(object, key)) object[key] = revive(object[key], properties[key]!, shared);
  if (plan.values !== undefined)
    for (const key of Object.keys(object))
      if (properties === undefined || !Object.hasOwn(properties, key)) object[key] = revive(object[key], plan.values, shared);
  return value;
}
