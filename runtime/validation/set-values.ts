/**
 * `Set<T>` at the boundary, as pydantic's `set[T]`: JSON has no set, so a Set travels as an array.
 * The transformer has typia check (and write) those positions as arrays, and wraps only the
 * validators and serializers of types that hold a Set in these: arrays become Sets once a value is
 * valid (duplicates merged, as pydantic merges them), and Sets become arrays before a value is
 * checked or written. The plan (`DatePlan` with `set`) says where; nothing else is walked.
 */
import type { IValidation } from "@typia/interface";
import type { DatePlan, DatePlans } from "../contract/manifest";
import { rewriteInPlace } from "./plan-walk";

/** `validate`, with the planned arrays of a valid value read into Sets (in place: the value is the request's own). */
export function readingSets<T>(validate: (input: unknown) => IValidation<T>, plans: DatePlans): (input: unknown) => IValidation<T> {
  return (input) => {
    const result = validate(input);
    if (result.success) (result as { data: unknown }).data = rewriteInPlace(result.data, plans.root, plans.shared, toSet);
    return result;
  };
}

/** `write` (a serializer or a response validator) of the value with its planned Sets as arrays; the handler's value is not changed. */
export function writingSets<R>(write: (input: unknown) => R, plans: DatePlans): (input: unknown) => R {
  return (input) => write(toArrays(input, plans.root, plans.shared));
}

const toSet = (value: unknown, plan: DatePlan): unknown => (plan.set === true && Array.isArray(value) ? new Set(value) : value);

// Copies what holds a Set on the way down, so that the handler's objects stay as they were.
function toArrays(value: unknown, at: DatePlan, shared: readonly DatePlan[]): unknown {
  const plan = at.ref === undefined ? at : shared[at.ref]!;
  if (typeof value !== "object" || value === null) return value;
  if (value instanceof Set) return arrayItems([...value], plan, shared, true);
  if (Array.isArray(value)) return arrayItems(value, plan, shared, false);
  const object = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  const write = (key: string, next: DatePlan): void => {
    const before = object[key];
    const after = toArrays(before, next, shared);
    if (after !== before) (copy ??= { ...object })[key] = after;
  };
  const properties = plan.properties;
  if (properties !== undefined) for (const key in properties) if (Object.hasOwn(object, key)) write(key, properties[key]!);
  if (plan.values !== undefined)
    for (const key of Object.keys(object)) if (properties === undefined || !Object.hasOwn(properties, key)) write(key, plan.values);
  return copy ?? value;
}

function arrayItems(items: unknown[], plan: DatePlan, shared: readonly DatePlan[], own: boolean): unknown[] {
  let out = own ? items : undefined;
  const each = (i: number, next: DatePlan): void => {
    const after = toArrays(items[i], next, shared);
    if (after !== items[i]) (out ??= items.slice())[i] = after;
  };
  if (plan.tuple !== undefined) for (let i = 0; i < Math.min(items.length, plan.tuple.length); i++) each(i, plan.tuple[i]!);
  else if (plan.items !== undefined) for (let i = 0; i < items.length; i++) each(i, plan.items);
  return out ?? items;
}
