/**
 * The one file that calls typia's programmers (`@typia/core`): validators, serializers and JSON
 * schemas for a checker type. typia's own TransformerError becomes ours, with a TK code.
 */
import {
  JsonSchemasProgrammer,
  JsonStringifyProgrammer,
  MetadataCollection,
  MetadataFactory,
  TransformerError as TypiaTransformerError,
  ValidateProgrammer,
  type ITypiaContext,
  type MetadataSchema,
} from "@typia/core";
import ts from "typescript";
import { TransformError, type DiagnosticCode } from "./diagnostics";
import { TypekilnImporter, hoistPatterns, tuneSerializer, tuneValidator } from "./generated-code";
import { NUMBER_KEY_PATTERN } from "../runtime/contract/generated-helpers";
import type { DatePlans } from "../runtime/contract/manifest";
import { manifestLiteral, type EmittedValue } from "./manifest-literal";
import { setsToArrays, withoutSetMessages, withSetsAsArrays } from "./set-metadata";
import { defaultTagText } from "./model-defaults";

/** What typia needs to write code into one file. */
export interface TypiaScope {
  readonly context: ITypiaContext;
  /** A node of the original source: typia calls its `getText()`. */
  readonly modulo: ts.LeftHandSideExpression;
}

export interface WriteProps {
  readonly scope: TypiaScope;
  readonly type: ts.Type;
  readonly name: string;
  /** Where a failure is reported, and with which code. */
  readonly node: ts.Node;
  readonly code: DiagnosticCode;
  readonly args: Record<string, string>;
  /**
   * Where the type holds `Set`s (`setPlansOf`): typia checks and writes them as arrays, and the
   * code is wrapped to turn them into Sets (`read`: a valid input) or out of them (`write`: a result).
   */
  readonly sets?: { readonly plans: DatePlans; readonly direction: "read" | "write" };
  /** Where an input model has fields with defaults (`defaultPlansOf`): they are filled in before the validator runs. */
  readonly defaults?: DatePlans;
}

/**
 * `(input: unknown) => IValidation<T>`, collecting every failing path. With `equals` (a route's
 * `extra: "forbid"`), typia's `validateEquals`: a property the type does not declare is an error.
 */
export const writeValidator = (props: WriteProps & { readonly equals?: boolean }): ts.Expression =>
  translated(props, () => {
    const { context } = props.scope;
    const written = ValidateProgrammer.write({
      context, modulo: props.scope.modulo, type: props.type, name: props.name, config: { equals: props.equals === true },
    });
    return tuned(context, written, tuneValidator);
  });

/** `(input: T) => string`, writing only the declared properties. */
export const writeSerializer = (props: WriteProps): ts.Expression =>
  translated(props, () => {
    const { context } = props.scope;
    const written = JsonStringifyProgrammer.write({ context, modulo: props.scope.modulo, type: props.type, name: props.name });
    return tuned(context, written, tuneSerializer);
  });

/** typia's code with typekiln's rewrites (`generated-code.ts`); their helpers need our importer. */
const tuned = (
  context: ITypiaContext,
  written: ts.Expression,
  tune: (importer: TypekilnImporter, node: ts.Expression, transformer: ts.TransformationContext) => ts.Expression,
): ts.Expression =>
  context.importer instanceof TypekilnImporter
    ? tune(context.importer, written, context.transformer)
    : hoistPatterns(written, context.transformer);

export interface SchemaSet {
  /** One schema (inline or a `$ref`) per requested type, in order. */
  readonly schemas: readonly Record<string, unknown>[];
  /** Named component schemas the schemas refer to. */
  readonly components: Record<string, unknown>;
}

/** OpenAPI 3.1 schemas for several types at once, sharing one set of named components. */
export const writeSchemas = (props: {
  readonly checker: ts.TypeChecker;
  readonly transformer: ts.TransformationContext;
  /** `text`: a value read from text (path, query, header, cookie, form field), where a bigint is parsed from its digits. */
  /** `sets`: a `Set<T>` is documented as an array with `uniqueItems` (where the runtime reads or writes it as one). */
  readonly types: readonly { type: ts.Type; node: ts.Node; code: DiagnosticCode; args: Record<string, string>; text?: boolean; sets?: boolean }[];
}): SchemaSet => {
  const components = new MetadataCollection({ replace: MetadataCollection.replace });
  const metadatas: MetadataSchema[] = props.types.map((entry) => {
    const validate = entry.text === true ? validateText : JsonSchemasProgrammer.validate;
    const result = MetadataFactory.analyze({
      checker: props.checker,
      transformer: props.transformer,
      options: { absorb: true, constant: true, escape: true, validate: entry.sets === true ? withoutSetMessages(validate) : validate },
      components,
      type: entry.type,
    });
    if (result.success && entry.sets === true) setsToArrays({ root: result.data, components, unique: true });
    if (result.success) return result.data;
    throw new TransformError({
      code: entry.code,
      node: entry.node,
      args: { ...entry.args, reason: describeErrors(result.errors) },
    });
  });
  let collection: ReturnType<typeof JsonSchemasProgrammer.writeSchemas<"3.1">>;
  boundIntegerTags([metadatas, components]);
  try {
    collection = JsonSchemasProgrammer.writeSchemas({ version: "3.1", metadatas });
  } catch (error) {
    if (!(error instanceof TypiaTransformerError)) throw error;
    // typia names the failing type by its position: "invalid type on argument - (name, i)".
    const entry = props.types[Number(/(\d+)\)\s*$/.exec(error.message)?.[1] ?? 0)]!;
    throw new TransformError({
      code: entry.code,
      node: entry.node,
      args: { ...entry.args, reason: "it has no JSON form (a function, or a type that absorbs to unknown)." },
    });
  }
  applyTypeBounds(collection.schemas);
  applyTypeBounds(collection.components.schemas);
  nameNumberKeys(components, collection.components.schemas as Record<string, Record<string, unknown>> | undefined);
  documentDefaults(components, collection.components.schemas as Record<string, Record<string, unknown>> | undefined);
  return {
    schemas: collection.schemas as unknown as Record<string, unknown>[],
    components: (collection.components.schemas ?? {}) as Record<string, unknown>,
  };
};

// JSON has no bigint, but text does: a bigint read from a path, query, header or cookie value is
// documented as typia writes it, `{ "type": "integer" }` (any size, as pydantic documents `int`; a
// `Type<"int64">` tag adds its format). A bigint literal type stays refused.
const validateText: typeof JsonSchemasProgrammer.validate = (props) =>
  JsonSchemasProgrammer.validate(props).filter(
    (message) => !(message.includes("bigint") && !props.metadata.constants.some((constant) => constant.type === "bigint")),
  );

const translated = (props: WriteProps, write: () => ts.Expression): ts.Expression => {
  try {
    const { sets, defaults } = props;
    if (sets === undefined && defaults === undefined) return write();
    const { importer } = props.scope.context;
    if (!(importer instanceof TypekilnImporter)) throw new Error("typekiln: Sets and defaults need typekiln's importer for their helpers");
    const wrap = (helper: "readingSets" | "writingSets" | "fillingDefaults", code: ts.Expression, plans: DatePlans) =>
      ts.factory.createCallExpression(importer.helper(helper), undefined, [code, manifestLiteral(plans as unknown as EmittedValue)]);
    let written = sets === undefined ? write() : withSetsAsArrays({ unique: false }, write);
    // Defaults go in first (on the JSON form), Sets are made of the valid value after.
    if (defaults !== undefined) written = wrap("fillingDefaults", written, defaults);
    return sets === undefined ? written : wrap(sets.direction === "read" ? "readingSets" : "writingSets", written, sets.plans);
  } catch (error) {
    if (!(error instanceof TypiaTransformerError)) throw error;
    throw new TransformError({
      code: props.code,
      node: props.node,
      args: { ...props.args, reason: error.message.replace(/\s+/g, " ").trim() },
    });
  }
};

const describeErrors = (errors: readonly MetadataFactory.IError[]): string =>
  errors
    .map((error) => {
      const where = typeof error.explore.property === "string" ? ` at property "${error.explore.property}"` : "";
      return `${error.name}${where}: ${error.messages.join("; ")}`;
    })
    .join("; ");

/**
 * The ranges typia's validators enforce for `tags.Type<…>`, which its JSON schema leaves out
 * (`Type<"uint32">` is written `{"type":"integer","minimum":0}`): the document states what the
 * server refuses. 64-bit bounds are not exactly representable as JSON numbers: `int64` gets its `format`
 * (OpenAPI's registered formats only: there is none for the unsigned ones).
 */
const TYPE_BOUNDS: Readonly<Record<string, Record<string, unknown>>> = {
  int32: { type: "integer", format: "int32", minimum: -2147483648, maximum: 2147483647 },
  uint32: { type: "integer", minimum: 0, maximum: 4294967295 },
  int64: { type: "integer", format: "int64" },
  uint64: { type: "integer", minimum: 0 },
  float: { type: "number", format: "float", minimum: -3.4028234663852886e38, maximum: 3.4028234663852886e38 },
};

const BOUND_MARKER = "x-typekiln-type";

/** Replaces each marker with its type's `format` and range, keeping any tighter bound already there. */
function applyTypeBounds(value: unknown, seen = new Set<object>()): void {
  if (typeof value !== "object" || value === null || seen.has(value)) return;
  seen.add(value);
  const schema = value as Record<string, unknown>;
  const marked = schema[BOUND_MARKER];
  if (typeof marked === "string") {
    delete schema[BOUND_MARKER];
    const bounds = TYPE_BOUNDS[marked] ?? {};
    if (bounds.format !== undefined && schema.format === undefined) schema.format = bounds.format;
    if (typeof bounds.minimum === "number" && !(typeof schema.minimum === "number" && schema.minimum >= bounds.minimum) && schema.exclusiveMinimum === undefined) {
      schema.minimum = bounds.minimum;
    }
    if (typeof bounds.maximum === "number" && !(typeof schema.maximum === "number" && schema.maximum <= bounds.maximum) && schema.exclusiveMaximum === undefined) {
      schema.maximum = bounds.maximum;
    }
  }
  for (const key of Object.keys(schema)) applyTypeBounds(schema[key], seen);
}

/** Marks every `Type<…>` tag in the analysed metadata (types and their components) for `applyTypeBounds`. */
function boundIntegerTags(roots: readonly unknown[]): void {
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (typeof value !== "object" || value === null || seen.has(value)) return;
    seen.add(value);
    const tag = value as { kind?: unknown; value?: unknown; schema?: unknown };
    if (tag.kind === "type" && typeof tag.value === "string" && TYPE_BOUNDS[tag.value] !== undefined && typeof tag.schema === "object") {
      // A marker, resolved once the schema is written (`applyTypeBounds`): merged here, the type's
      // bounds could override a tighter `Minimum`/`Maximum` tag of the same value.
      tag.schema = { ...(tag.schema as object), [BOUND_MARKER]: tag.value };
      return;
    }
    if (value instanceof Map) for (const entry of value.values()) visit(entry);
    else for (const key of Object.keys(value)) visit((value as Record<string, unknown>)[key]);
  };
  for (const root of roots) visit(root);
}

/**
 * A `Record<number, T>` accepts only number keys (its validator calls `isNumberKey`,
 * generated-code.ts); typia's schema says nothing of keys. Its component gets the same rule as
 * `propertyNames`, so the document refuses what the server refuses.
 */
function nameNumberKeys(collection: MetadataCollection, schemas: Record<string, Record<string, unknown>> | undefined): void {
  if (schemas === undefined) return;
  for (const object of collection.objects()) {
    const [only, ...others] = object.properties;
    if (only === undefined || others.length > 0 || only.key.isSoleLiteral()) continue;
    const key = only.key;
    const numeric = key.atomics.length === 1 && key.atomics[0]!.type === "number" && key.constants.length === 0 && key.templates.length === 0;
    const schema = schemas[object.name];
    if (numeric && schema !== undefined) schema.propertyNames = { pattern: NUMBER_KEY_PATTERN };
  }
}

/**
 * A model field's `@default` (typia leaves it out) as its property schema's `default`, and every
 * property with a `default` (typia writes `tags.Default`'s) left out of `required`: it may be
 * absent, as pydantic documents a field with a default. A `@default` that is no JSON is TK1018
 * where the default is applied; the document leaves it out.
 */
function documentDefaults(collection: MetadataCollection, schemas: Record<string, Record<string, unknown>> | undefined): void {
  if (schemas === undefined) return;
  for (const object of collection.objects()) {
    const schema = schemas[object.name];
    const properties = schema?.properties as Record<string, Record<string, unknown>> | undefined;
    if (schema === undefined || properties === undefined) continue;
    for (const property of object.properties) {
      // `getSoleLiteral` is typia's own, `@internal` in its declarations.
      const key = (property.key as unknown as { getSoleLiteral(): string | null }).getSoleLiteral();
      const text = defaultTagText(property.jsDocTags);
      if (key === null || text === undefined || properties[key] === undefined) continue;
      try {
        properties[key]!.default = JSON.parse(text);
      } catch {
        // reported as TK1018 where the default would be applied
      }
    }
    if (!Array.isArray(schema.required)) continue;
    const required = (schema.required as string[]).filter((key) => properties[key]?.default === undefined);
    if (required.length > 0) schema.required = required;
    else delete schema.required;
  }
}
