/**
 * Where a JSON body (or WebSocket message) type holds `Date`s, as a `DatePlans` for the runtime (`date-revive.ts`): JSON
 * has no date, so those positions arrive as ISO 8601 text and are read into Dates before the body
 * is validated, as pydantic reads a `datetime` field. A position that also takes a string keeps
 * its text (`Date | string`). A Date inside a union of object types is TK1015: which member a
 * value belongs to is only known after validation, so which text to read cannot be told.
 *
 * The same walk finds where a type holds `Set`s (`setPlansOf`): JSON arrays there become Sets
 * after validation, and Sets are written as arrays (`runtime/validation/set-values.ts`). A Set in a
 * union of object types, or beside an array in one union, is TK1017, for the same reason.
 */
import ts from "typescript";
import type { DatePlan, DatePlans } from "../runtime/contract/manifest";
import { TransformError } from "./diagnostics";
import { fieldDefault, hasDefault } from "./model-defaults";

/** True for the standard library's `Date`. */
export const isDateType = (type: ts.Type): boolean => {
  const symbol = type.getSymbol();
  return symbol?.name === "Date" && (symbol.declarations ?? []).some((declaration) => declaration.getSourceFile().hasNoDefaultLib);
};

/** True for the standard library's `Set` (and `ReadonlySet`). */
export const isSetType = (type: ts.Type): boolean => {
  const symbol = type.getSymbol();
  return (symbol?.name === "Set" || symbol?.name === "ReadonlySet") &&
    (symbol.declarations ?? []).some((declaration) => declaration.getSourceFile().hasNoDefaultLib);
};

interface PlanProps {
  checker: ts.TypeChecker;
  type: ts.Type;
  node: ts.Node;
  name: string;
  /** What the type is read from (or written as), for TK1015's and TK1017's messages; a body by default. */
  source?: "body" | "message" | "query" | "form" | "response";
}

/** The date plan of a body or WebSocket message type, or undefined when it holds no `Date`. */
export const datePlansOf = (props: PlanProps): DatePlans | undefined => plansOf(props, "date");

/** Where a body, query or response type holds `Set`s, or undefined when it holds none. */
export const setPlansOf = (props: PlanProps): DatePlans | undefined => plansOf(props, "set");

/** Where a body, `Query<T>` or `Form<T>` model has fields with defaults (`model-defaults.ts`), or undefined when it has none. */
export const defaultPlansOf = (props: PlanProps): DatePlans | undefined => plansOf(props, "default");

function plansOf(props: PlanProps, mark: "date" | "set" | "default"): DatePlans | undefined {
  const { checker } = props;
  const marked = mark === "date" ? isDateType : mark === "set" ? isSetType : (type: ts.Type) => hasDefaults(checker, type);
  const holds = new Map<ts.Type, boolean>();
  const objects = new Map<ts.Type, { index?: number; plan?: DatePlan; visiting: boolean }>();
  const shared: DatePlan[] = [];

  // Whether a Date is reachable from `type` (a cycle adds nothing: another path would find it).
  const holdsMarked = (type: ts.Type): boolean => {
    const known = holds.get(type);
    if (known !== undefined) return known;
    holds.set(type, false);
    const found = marked(type) || childrenOf(checker, type).some(holdsMarked);
    holds.set(type, found);
    return found;
  };

  const planFor = (alternatives: readonly ts.Type[]): DatePlan | undefined => {
    const atoms = alternatives.flatMap(atomsOf);
    if (!atoms.some(holdsMarked)) return undefined;
    const plan: { -readonly [K in keyof DatePlan]: DatePlan[K] } = {};
    if (mark === "date" && atoms.some(isDateType) && !atoms.some(isStringLike)) plan.date = true;
    const lists = atoms.filter((atom) => checker.isArrayType(atom) || checker.isTupleType(atom) || isSetType(atom));
    if (mark === "set" && lists.some(isSetType)) {
      if (lists.length > 1)
        throw new TransformError({
          code: "TK1017",
          node: props.node,
          args: { source: props.source ?? "body", name: props.name, type: lists.map((list) => checker.typeToString(list)).join(" | ") },
        });
      plan.set = true;
    }
    if (lists.length === 1 && checker.isTupleType(lists[0]!)) {
      const tuple = checker.getTypeArguments(lists[0] as ts.TypeReference).map((element) => planFor([element]));
      if (tuple.some((element) => element !== undefined)) plan.tuple = tuple.map((element) => element ?? {});
    } else if (lists.length > 0) {
      const items = planFor(lists.flatMap((list) => checker.getTypeArguments(list as ts.TypeReference)));
      if (items !== undefined) plan.items = items;
    }
    // Every object member counts, with a Date or not: `{ at: Date } | { at: string }` is ambiguous.
    const records = atoms.filter(
      (atom) => !isDateType(atom) && !lists.includes(atom) && (atom.flags & ts.TypeFlags.Object || atom.isIntersection()),
    );
    const members = records.map((record) => checker.typeToString(record)).join(" | ");
    if (records.length > 1 && records.some(holdsMarked) && mark === "default")
      throw new TransformError({
        code: "TK1018",
        node: props.node,
        args: {
          name: props.name,
          reason: `a field with a default is inside a union of object types (${members}): which member a value belongs to is known only after validation, so whether to fill the field in cannot be told. Declare the default in the handler, or give the members one shared field outside the union.`,
        },
      });
    if (records.length > 1 && records.some(holdsMarked))
      throw new TransformError({
        code: mark === "date" ? "TK1015" : "TK1017",
        node: props.node,
        args: { source: props.source ?? "body", name: props.name, type: records.map((record) => checker.typeToString(record)).join(" | ") },
      });
    if (records.length === 1 && holdsMarked(records[0]!)) Object.assign(plan, objectPlan(records[0]!));
    return Object.keys(plan).length === 0 ? undefined : plan;
  };

  // An object type's plan, once per type; a type met again while its own plan is being made
  // (a tree of nodes) is referred to through `shared`.
  const objectPlan = (type: ts.Type): DatePlan => {
    const known = objects.get(type);
    if (known?.visiting) return { ref: (known.index ??= shared.push({}) - 1) };
    if (known?.plan !== undefined) return known.plan;
    const entry: { index?: number; plan?: DatePlan; visiting: boolean } = { visiting: true };
    objects.set(type, entry);
    const properties: Record<string, DatePlan> = {};
    const defaults: Record<string, string> = {};
    for (const property of checker.getPropertiesOfType(type)) {
      const plan = planFor([checker.getTypeOfSymbol(property)]);
      if (plan !== undefined) properties[property.name] = plan;
      const given = mark === "default" ? fieldDefault(checker, property, checker.typeToString(type)) : undefined;
      if (given !== undefined) defaults[property.name] = given.json;
    }
    const values = planFor(checker.getIndexInfosOfType(type).map((info) => info.type));
    const plan: DatePlan = {
      ...(Object.keys(defaults).length > 0 ? { defaults } : {}),
      ...(Object.keys(properties).length > 0 ? { properties } : {}),
      ...(values === undefined ? {} : { values }),
    };
    entry.visiting = false;
    if (entry.index !== undefined) {
      shared[entry.index] = plan;
      entry.plan = { ref: entry.index };
    } else entry.plan = plan;
    return entry.plan;
  };

  const root = planFor([props.type]);
  return root === undefined ? undefined : { root, shared };
}

// An object type with a field that has a default.
const hasDefaults = (checker: ts.TypeChecker, type: ts.Type): boolean =>
  (type.flags & ts.TypeFlags.Object) !== 0 && !isDateType(type) && !isSetType(type) && !checker.isArrayType(type) && !checker.isTupleType(type) &&
  checker.getPropertiesOfType(type).some((property) => hasDefault(checker, property));

const isStringLike = (type: ts.Type): boolean => (type.flags & ts.TypeFlags.StringLike) !== 0;

// A union's members, without null and undefined, and without typia's tag objects
// (`Date & tags.Something` is a Date).
const atomsOf = (type: ts.Type): ts.Type[] => {
  if (type.isUnion()) return type.types.flatMap(atomsOf);
  if (type.isIntersection()) {
    const members = type.types.filter((member) => member.getProperty("typia.tag") === undefined);
    return members.length === 1 ? atomsOf(members[0]!) : [type];
  }
  if (type.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) return [];
  return [type];
};

const childrenOf = (checker: ts.TypeChecker, type: ts.Type): ts.Type[] => {
  if (type.isUnionOrIntersection()) return type.types;
  if (!(type.flags & ts.TypeFlags.Object) || isDateType(type)) return [];
  if (checker.isArrayType(type) || checker.isTupleType(type) || isSetType(type)) return [...checker.getTypeArguments(type as ts.TypeReference)];
  return [
    ...checker.getPropertiesOfType(type).map((property) => checker.getTypeOfSymbol(property)),
    ...checker.getIndexInfosOfType(type).map((info) => info.type),
  ];
};
