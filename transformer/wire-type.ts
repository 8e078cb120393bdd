/**
 * Decides how a value read as text (path segment, query value, header, cookie) becomes the
 * parameter's type, or why it cannot.
 */
import ts from "typescript";
import type { Coercion } from "../runtime/contract/manifest";
import { isDateType, isSetType } from "./date-plan";

export type WireType =
  | { readonly ok: true; readonly coerce: Coercion; readonly array: boolean }
  | { readonly ok: false; readonly reason: string };

export const wireTypeOf = (checker: ts.TypeChecker, type: ts.Type): WireType => {
  const atoms = atomsOf(type);
  // A `Set<T>` is read as the array it arrives as (`?tag=a&tag=b`), then made a Set (set-values.ts).
  const arrays = atoms.filter((atom) => checker.isArrayType(atom) || checker.isTupleType(atom) || isSetType(atom));
  if (arrays.length > 0) {
    if (arrays.length !== atoms.length) return fail(checker, type, "it mixes arrays and single values");
    const elements = arrays.flatMap((array) => checker.getTypeArguments(array as ts.TypeReference).flatMap(atomsOf));
    const element = scalarCoercion(elements);
    return element === undefined
      ? fail(checker, type, "its elements are not strings, numbers, booleans, bigints or Dates")
      : { ok: true, coerce: element, array: true };
  }
  const coerce = scalarCoercion(atoms);
  return coerce === undefined
    ? fail(checker, type, "only strings, numbers, booleans, bigints, Dates, their literal unions and arrays of them can be")
    : { ok: true, coerce, array: false };
};

/** True when every member of the type is a scalar or an array of scalars: a query value. */
export const isWireType = (checker: ts.TypeChecker, type: ts.Type): boolean => wireTypeOf(checker, type).ok;

const fail = (checker: ts.TypeChecker, type: ts.Type, reason: string): WireType => ({
  ok: false,
  reason: `${checker.typeToString(type)} cannot be parsed from text: ${reason}.`,
});

// A union's members, with null and undefined dropped and typia's tag objects removed from
// intersections (`number & tags.Maximum<100>` is a number).
const atomsOf = (type: ts.Type): ts.Type[] => {
  if (type.isUnion()) return type.types.flatMap(atomsOf);
  if (type.isIntersection()) {
    const members = type.types.filter((member) => !isTypiaTag(member));
    return members.length === 1 ? atomsOf(members[0]!) : [type];
  }
  if (type.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) return [];
  return [type];
};

const isTypiaTag = (type: ts.Type): boolean => type.getProperty("typia.tag") !== undefined;

const KINDS: readonly [ts.TypeFlags, Coercion][] = [
  [ts.TypeFlags.NumberLike, "number"],
  [ts.TypeFlags.StringLike, "string"],
  [ts.TypeFlags.BooleanLike, "boolean"],
  [ts.TypeFlags.BigIntLike, "bigint"],
];

const scalarCoercion = (atoms: readonly ts.Type[]): Coercion | undefined => {
  const kinds = new Set<Coercion>();
  for (const atom of atoms) {
    const kind = isDateType(atom) ? "date" : KINDS.find(([flag]) => atom.flags & flag)?.[1];
    if (kind === undefined) return undefined;
    kinds.add(kind);
  }
  if (kinds.size === 0) return undefined;
  return kinds.size === 1 ? [...kinds][0] : "auto";
};
