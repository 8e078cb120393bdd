/**
 * The one walk of a value along a `DatePlan` (the positions of a type that need more than JSON
 * gives: Dates, Sets, defaults): the plan's array items and object properties are replaced by
 * what the walk's hooks make of them. Only what the plan names is visited. A walk either changes
 * the value's own arrays and objects (a request's value, which nothing else holds), or leaves the
 * value as it was and copies each array and object that holds a change (a handler's value).
 */
import type { DatePlan } from "../contract/manifest";

export type PlanVisit = (value: unknown, plan: DatePlan) => unknown;

/** Called on each planned object before its properties are walked (a default filled in is walked too). */
export type PlanEnter = (object: Record<string, unknown>, plan: DatePlan) => void;

export interface PlanWalk {
  /** Change the value's own arrays and objects (true), or copy what holds a change (false). */
  readonly inPlace: boolean;
  /** What a planned position becomes before its items and properties are walked (a Set read into an array, walked as one). */
  readonly before?: PlanVisit;
  /** What a planned position becomes after its items and properties were walked, innermost first. */
  readonly after?: PlanVisit;
  /** Only in place: it changes the object. */
  readonly enter?: PlanEnter;
}

/** `value` walked along the plan `at` (`shared` holds the plans that `ref`s name). */
export function rewrite(value: unknown, at: DatePlan, shared: readonly DatePlan[], walk: PlanWalk): unknown {
  const plan = at.ref === undefined ? at : shared[at.ref]!;
  const given = value;
  if (walk.before !== undefined) value = walk.before(value, plan);
  if (typeof value === "object" && value !== null) {
    // What `before` made is the walk's own to change, whatever the mode.
    const owned = walk.inPlace || value !== given;
    value = Array.isArray(value)
      ? items(value, plan, shared, walk, owned)
      : properties(value as Record<string, unknown>, plan, shared, walk, owned);
  }
  return walk.after === undefined ? value : walk.after(value, plan);
}

function items(array: unknown[], plan: DatePlan, shared: readonly DatePlan[], walk: PlanWalk, owned: boolean): unknown[] {
  const tuple = plan.tuple;
  const length = tuple !== undefined ? Math.min(array.length, tuple.length) : plan.items !== undefined ? array.length : 0;
  let out = owned ? array : undefined;
  for (let i = 0; i < length; i++) {
    const before = array[i];
    const after = rewrite(before, tuple === undefined ? plan.items! : tuple[i]!, shared, walk);
    if (after !== before) (out ??= array.slice())[i] = after;
  }
  return out ?? array;
}

function properties(object: Record<string, unknown>, plan: DatePlan, shared: readonly DatePlan[], walk: PlanWalk, owned: boolean): Record<string, unknown> {
  walk.enter?.(object, plan);
  let out = owned ? object : undefined;
  const planned = plan.properties;
  if (planned !== undefined) for (const key in planned) if (Object.hasOwn(object, key)) out = put(object, out, key, planned[key]!, shared, walk);
  if (plan.values !== undefined)
    for (const key of Object.keys(object)) if (planned === undefined || !Object.hasOwn(planned, key)) out = put(object, out, key, plan.values, shared, walk);
  return out ?? object;
}

/** `object[key]` walked, written to `out` (a copy of `object` made on the first change when it is not the walk's own). */
function put(
  object: Record<string, unknown>, out: Record<string, unknown> | undefined, key: string, next: DatePlan,
  shared: readonly DatePlan[], walk: PlanWalk,
): Record<string, unknown> | undefined {
  const before = object[key];
  const after = rewrite(before, next, shared, walk);
  if (after !== before) (out ??= { ...object })[key] = after;
  return out;
}
