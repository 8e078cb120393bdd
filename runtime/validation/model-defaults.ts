/**
 * Defaults of model fields (pydantic's `tags: list[str] = []`), filled in before a body, `Query<T>`
 * or `Form<T>` model is validated: the transformer wraps only the validators of models with a
 * field default in this, with the plan of where they are (`DatePlan.defaults`). Each default is
 * parsed from its JSON text when it is used, so no request shares an array or object with another.
 */
import type { DatePlan, DatePlans } from "../contract/manifest";
import { rewrite } from "./plan-walk";

/**
 * `validate`, given the value with each absent planned property set to its default (in place: the
 * value is the request's own). When the value is refused, the defaults are taken out again, so a
 * 422 echoes what the client sent, as pydantic's `input` does.
 */
export function fillingDefaults<R>(validate: (input: unknown) => R, plans: DatePlans): (input: unknown) => R {
  return (input) => {
    const filled: Filled = [];
    const result = validate(rewrite(input, plans.root, plans.shared, { inPlace: true, enter: (object, plan) => fill(object, plan, filled) }));
    if (filled.length > 0 && (result as { success?: unknown }).success === false) unfill(filled);
    return result;
  };
}

/** The objects and keys a default was written to, and whether the key was there (as `undefined`). */
type Filled = [object: Record<string, unknown>, key: string, present: boolean][];

function fill(object: Record<string, unknown>, plan: DatePlan, filled: Filled): void {
  const defaults = plan.defaults;
  if (defaults === undefined) return;
  for (const key in defaults) {
    const present = Object.hasOwn(object, key);
    if (present && object[key] !== undefined) continue;
    object[key] = JSON.parse(defaults[key]!);
    filled.push([object, key, present]);
  }
}

function unfill(filled: Filled): void {
  for (let i = filled.length - 1; i >= 0; i--) {
    const [object, key, present] = filled[i]!;
    if (present) object[key] = undefined;
    else delete object[key];
  }
}
