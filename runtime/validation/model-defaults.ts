/**
 * Defaults of model fields (pydantic's `tags: list[str] = []`), filled in before a body, `Query<T>`
 * or `Form<T>` model is validated: the transformer wraps only the validators of models with a
 * field default in this, with the plan of where they are (`DatePlan.defaults`). Each default is
 * parsed from its JSON text when it is used, so no request shares an array or object with another.
 */
import type { DatePlan, DatePlans } from "../contract/manifest";
import { rewriteInPlace } from "./plan-walk";

/** `validate`, given the value with each absent planned property set to its default (in place: the value is the request's own). */
export function fillingDefaults<R>(validate: (input: unknown) => R, plans: DatePlans): (input: unknown) => R {
  return (input) => validate(rewriteInPlace(input, plans.root, plans.shared, unchanged, fill));
}

const unchanged = (value: unknown): unknown => value;

function fill(object: Record<string, unknown>, plan: DatePlan): void {
  const defaults = plan.defaults;
  if (defaults === undefined) return;
  for (const key in defaults) if (!Object.hasOwn(object, key) || object[key] === undefined) object[key] = JSON.parse(defaults[key]!);
}
