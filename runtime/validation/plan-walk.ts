/**
 * The one walk of a value along a `DatePlan` (the positions of a type that need more than JSON
 * gives: Dates, Sets), changing it in place: the plan's array items and object properties are
 * replaced by what `visit` makes of them, innermost first. Only what the plan names is visited.
 */
import type { DatePlan } from "../contract/manifest";

export type PlanVisit = (value: unknown, plan: DatePlan) => unknown;

/** Called on each planned object before its properties are walked (a default filled in is walked too). */
export type PlanEnter = (object: Record<string, unknown>, plan: DatePlan) => void;

/** `visit(value, plan)` after each planned item and property of `value` was replaced the same way. */
export function rewriteInPlace(value: unknown, at: DatePlan, shared: readonly DatePlan[], visit: PlanVisit, enter?: PlanEnter): unknown {
  const plan = at.ref === undefined ? at : shared[at.ref]!;
  if (typeof value !== "object" || value === null) return visit(value, plan);
  if (Array.isArray(value)) {
    if (plan.tuple !== undefined) {
      const length = Math.min(value.length, plan.tuple.length);
      for (let i = 0; i < length; i++) value[i] = rewriteInPlace(value[i], plan.tuple[i]!, shared, visit, enter);
    } else if (plan.items !== undefined) {
      for (let i = 0; i < value.length; i++) value[i] = rewriteInPlace(value[i], plan.items, shared, visit, enter);
    }
    return visit(value, plan);
  }
  const object = value as Record<string, unknown>;
  enter?.(object, plan);
  const properties = plan.properties;
  if (properties !== undefined)
    for (const key in properties) if (Object.hasOwn(object, key)) object[key] = rewriteInPlace(object[key], properties[key]!, shared, visit, enter);
  if (plan.values !== undefined)
    for (const key of Object.keys(object))
      if (properties === undefined || !Object.hasOwn(properties, key)) object[key] = rewriteInPlace(object[key], plan.values, shared, visit, enter);
  return visit(value, plan);
}
