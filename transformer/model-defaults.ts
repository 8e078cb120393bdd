/**
 * Defaults of model fields, as pydantic's `tags: list[str] = []` and `meta: dict = {}`: a property
 * of a body, `Query<T>` or `Form<T>` model with `@default <JSON>` in its JSDoc (any JSON value,
 * arrays and objects included), or typia's `tags.Default<V>` (a scalar). The value is read and
 * checked against the property's type at build time (TK1018), documented as the property's
 * `default` (the property is then not required), and filled in before validation when the
 * property is absent, each request with its own copy (`runtime/validation/model-defaults.ts`).
 */
import ts from "typescript";
import { TransformError } from "./diagnostics";
import { isDateType, isSetType } from "./date-plan";

/** A property's default: its JSON text, as the runtime parses it for each request. */
export interface FieldDefault {
  readonly json: string;
  readonly value: unknown;
}

/** The text of a JSDoc `@default` among `tags` (typia's or TypeScript's form of them); undefined without one. */
export const defaultTagText = (tags: readonly { name: string; text?: readonly { text: string }[] }[]): string | undefined => {
  const tag = tags.find((candidate) => candidate.name === "default");
  return tag === undefined ? undefined : (tag.text ?? []).map((part) => part.text).join("").trim();
};

/** The default of `property` (a field of the model `owner`), or undefined; TK1018 when it cannot be read or does not fit the property's type. */
export function fieldDefault(checker: ts.TypeChecker, property: ts.Symbol, owner: string): FieldDefault | undefined {
  const type = checker.getTypeOfSymbol(property);
  const text = defaultTagText(property.getJsDocTags(checker));
  if (text === undefined) {
    const typed = typiaDefault(checker, type);
    return typed === undefined ? undefined : { json: JSON.stringify(typed), value: typed };
  }
  const fail = (reason: string) =>
    new TransformError({ code: "TK1018", node: property.valueDeclaration ?? property.declarations![0]!, args: { name: `${owner}.${property.name}`, reason } });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw fail(`its @default is not a JSON value (${text === "" ? "nothing" : text}): write one, as in @default ["a", "b"] or @default {"lang": "en"}.`);
  }
  if (!fits(checker, value, type)) throw fail(`its @default ${JSON.stringify(value)} is not a ${checker.typeToString(type)}.`);
  return { json: JSON.stringify(value), value };
}

/** Whether a property has a default, without reading it; TK1018 for a `@default` TypeScript did not attach to it. */
export function hasDefault(checker: ts.TypeChecker, property: ts.Symbol): boolean {
  if (property.getJsDocTags(checker).some((tag) => tag.name === "default")) return true;
  const stray = strayDefault(property);
  if (stray !== undefined) {
    throw new TransformError({
      code: "TK1018",
      node: stray,
      args: {
        name: property.name,
        reason: "its /** @default … */ follows another member on the same line, where TypeScript attaches no JSDoc (the default would be dropped): put the comment on a line of its own, above the field.",
      },
    });
  }
  return typiaDefault(checker, checker.getTypeOfSymbol(property)) !== undefined;
}

/**
 * A declaration of `property` preceded on its line by a `/** … @default … *\/` comment that follows
 * another member (`{ kind: "a"; /** @default [] *\/ tags: string[] }`): TypeScript reads a comment
 * after a token on the same line as that token's trailing comment, so it is no JSDoc of the field.
 */
function strayDefault(property: ts.Symbol): ts.Declaration | undefined {
  for (const declaration of property.declarations ?? []) {
    const text = declaration.getSourceFile().text;
    for (const range of ts.getTrailingCommentRanges(text, declaration.pos) ?? []) {
      const comment = text.slice(range.pos, range.end);
      if (comment.startsWith("/**") && /@default\b/.test(comment)) return declaration;
    }
  }
  return undefined;
}

const isTag = (type: ts.Type): boolean => type.getProperty("typia.tag") !== undefined;

// typia's `tags.Default<V>`: a tag whose `kind` is "default", with a literal `value`.
function typiaDefault(checker: ts.TypeChecker, type: ts.Type): string | number | boolean | undefined {
  const members = type.isUnion() ? type.types : [type];
  for (const member of members) {
    if (!member.isIntersection()) continue;
    for (const tag of member.types.filter(isTag)) {
      const info = checker.getNonNullableType(checker.getTypeOfSymbol(tag.getProperty("typia.tag")!));
      const literal = (name: string) => {
        const property = info.getProperty(name);
        return property === undefined ? undefined : literalOf(checker.getTypeOfSymbol(property));
      };
      if (literal("kind") !== "default") continue;
      const value = literal("value");
      if (value !== undefined) return value;
    }
  }
  return undefined;
}

const literalOf = (type: ts.Type): string | number | boolean | undefined => {
  if (type.isStringLiteral() || type.isNumberLiteral()) return type.value;
  if (type.flags & ts.TypeFlags.BooleanLiteral) return (type as ts.Type & { intrinsicName?: string }).intrinsicName === "true";
  return undefined;
};

/** Whether the JSON value `value` is a `type` (tags aside: they are checked with the rest of the input). */
function fits(checker: ts.TypeChecker, value: unknown, type: ts.Type): boolean {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
  if (type.isUnion()) return type.types.some((member) => fits(checker, value, member));
  if (type.isIntersection()) return type.types.filter((member) => !isTag(member)).every((member) => fits(checker, value, member));
  if (value === null) return (type.flags & ts.TypeFlags.Null) !== 0;
  switch (typeof value) {
    case "string":
      return type.isStringLiteral() ? type.value === value : (type.flags & (ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral)) !== 0;
    case "number":
      return type.isNumberLiteral() ? type.value === value : (type.flags & ts.TypeFlags.Number) !== 0;
    case "boolean":
      return type.flags & ts.TypeFlags.BooleanLiteral ? literalOf(type) === value : (type.flags & ts.TypeFlags.Boolean) !== 0;
  }
  // A Date is read from text before defaults are filled in: a default cannot stand for one.
  if (!(type.flags & ts.TypeFlags.Object) || isDateType(type)) return false;
  if (Array.isArray(value)) {
    if (checker.isTupleType(type)) {
      const elements = checker.getTypeArguments(type as ts.TypeReference);
      const tuple = (type as ts.TypeReference).target as ts.TupleType;
      return value.length >= tuple.minLength && (tuple.hasRestElement || value.length <= elements.length) &&
        value.every((item, i) => fits(checker, item, elements[Math.min(i, elements.length - 1)]!));
    }
    if (!checker.isArrayType(type) && !isSetType(type)) return false;
    const element = checker.getTypeArguments(type as ts.TypeReference)[0]!;
    return value.every((item) => fits(checker, item, element));
  }
  if (checker.isArrayType(type) || checker.isTupleType(type) || isSetType(type) || type.getCallSignatures().length > 0) return false;
  const record = value as Record<string, unknown>;
  const indexed = checker.getIndexInfosOfType(type);
  for (const key of Object.keys(record)) {
    const property = type.getProperty(key);
    const target = property === undefined ? indexed[0]?.type : checker.getTypeOfSymbol(property);
    if (target === undefined || !fits(checker, record[key], target)) return false;
  }
  return checker.getPropertiesOfType(type).every((property) =>
    property.flags & ts.SymbolFlags.Optional || Object.hasOwn(record, property.name) || hasDefault(checker, property));
}
