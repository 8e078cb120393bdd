/**
 * What a JSON input type (a body, a `Query<T>` model) holds that plain JSON data cannot: members
 * with behaviour (methods, function properties, accessors: TK1013) and `bigint` (JSON has no
 * bigint; TK1011). typia validates such types without complaint, and the handler then fails.
 */
import ts from "typescript";

export interface Unrepresentable {
  /** The dotted path of the member from the input's root (`"price.format"`). */
  readonly member: string;
  readonly what: "method" | "function property" | "accessor" | "bigint";
  /** The type that declares the member, as written. */
  readonly type: string;
}

/**
 * The first member of `type` that plain JSON data cannot hold, or undefined. `bigint: false` for
 * inputs read from text (a `Query<T>` model), where a bigint is parsed from its digits.
 */
export function unrepresentableIn(props: {
  program: ts.Program;
  checker: ts.TypeChecker;
  type: ts.Type;
  bigint: boolean;
}): Unrepresentable | undefined {
  const { program, checker } = props;
  const seen = new Set<ts.Type>();
  const visit = (current: ts.Type, path: string): Unrepresentable | undefined => {
    if (seen.has(current)) return undefined;
    seen.add(current);
    if (props.bigint && current.flags & ts.TypeFlags.BigIntLike) return { member: path, what: "bigint", type: checker.typeToString(current) };
    if (current.isUnionOrIntersection()) {
      for (const member of current.types) {
        const found = visit(member, path);
        if (found !== undefined) return found;
      }
      return undefined;
    }
    if (!(current.flags & ts.TypeFlags.Object) || isTypiaTag(current) || isLibraryType(program, current)) return undefined;
    if (checker.isArrayType(current) || checker.isTupleType(current)) {
      for (const element of checker.getTypeArguments(current as ts.TypeReference)) {
        const found = visit(element, path);
        if (found !== undefined) return found;
      }
      return undefined;
    }
    for (const info of checker.getIndexInfosOfType(current)) {
      const found = visit(info.type, path);
      if (found !== undefined) return found;
    }
    for (const property of checker.getPropertiesOfType(current)) {
      const where = path === "" ? property.name : `${path}.${property.name}`;
      const what = behaviourOf(checker, property);
      if (what !== undefined) return { member: where, what, type: checker.typeToString(current) };
      const found = visit(checker.getTypeOfSymbol(property), where);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return visit(props.type, "");
}

function behaviourOf(checker: ts.TypeChecker, property: ts.Symbol): Unrepresentable["what"] | undefined {
  if (property.flags & ts.SymbolFlags.Method) return "method";
  if (property.flags & ts.SymbolFlags.Accessor) return "accessor";
  const type = checker.getNonNullableType(checker.getTypeOfSymbol(property));
  const members = type.isUnion() ? type.types : [type];
  return members.some((member) => member.getCallSignatures().length > 0) ? "function property" : undefined;
}

const isTypiaTag = (type: ts.Type): boolean => type.getProperty("typia.tag") !== undefined;

// Date, Map, Uint8Array and the rest of the standard library are typia's to accept or refuse.
const isLibraryType = (program: ts.Program, type: ts.Type): boolean => {
  const declaration = (type.aliasSymbol ?? type.getSymbol())?.declarations?.[0];
  return declaration !== undefined && program.isSourceFileDefaultLibrary(declaration.getSourceFile());
};
