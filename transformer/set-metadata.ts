/**
 * `Set<T>` on the wire is a JSON array (pydantic's `set[T]`): typia validates a `Set` instance and
 * has no JSON form for one, so for a type that holds a Set, typia is asked to see each `Set<T>` as
 * `T[]`. Its validators then check the array as it arrives (errors at the element's index) and its
 * serializers write an array; the runtime turns arrays into Sets after validation and Sets into
 * arrays before writing (`runtime/validation/set-values.ts`, where a `SetPlan` says). Schemas say
 * `"uniqueItems": true`, as FastAPI documents a `set`; duplicates are merged, never refused.
 *
 * typia reads a type through `MetadataFactory.analyze`, which its programmers call through the
 * namespace object: for the duration of one write, that call is wrapped. Types without a Set are
 * written exactly as before.
 */
import { MetadataArray, MetadataArrayType, MetadataFactory, type MetadataCollection, type MetadataSchema } from "@typia/core";

/** typia's message for a Set in a JSON type, dropped where the Set is read as an array. */
const SET_MESSAGE = /does not support Set type/;

/** typia's `create` constructors, `@internal` in its declarations. */
const arrays = MetadataArray as unknown as { create(props: { type: MetadataArrayType; tags: unknown[][] }): MetadataArray };
const arrayTypes = MetadataArrayType as unknown as {
  create(props: { name: string; value: MetadataSchema; nullables: boolean[]; recursive: boolean; index: number | null }): MetadataArrayType;
};

/** The `UniqueItems` tag typia itself writes for `tags.UniqueItems`, with its schema only: documented, not checked. */
const UNIQUE_ITEMS = { target: "array", name: "UniqueItems", kind: "uniqueItems", value: true, exclusive: true, schema: { uniqueItems: true } };

/** A metadata check (`options.validate`) that lets a Set pass. */
export const withoutSetMessages = <P>(validate: (props: P) => string[]) => (props: P): string[] =>
  validate(props).filter((message) => !SET_MESSAGE.test(message));

/** Runs `write` with typia reading every `Set<T>` as `T[]`; `unique` adds `uniqueItems` for schemas. */
export function withSetsAsArrays<T>(props: { unique: boolean }, write: () => T): T {
  const analyze = MetadataFactory.analyze;
  const patched: typeof analyze = (args) => {
    const validate = args.options.validate;
    const result = analyze({ ...args, options: { ...args.options, validate: validate === undefined ? undefined : withoutSetMessages(validate) } });
    if (result.success) setsToArrays({ root: result.data, components: args.components, unique: props.unique });
    return result;
  };
  const factory = MetadataFactory as { analyze: typeof analyze };
  factory.analyze = patched;
  try {
    return write();
  } finally {
    factory.analyze = analyze;
  }
}

/** Rewrites, in place, each Set of the analysed metadata (the root and its components) as an array. */
export function setsToArrays(props: { root: MetadataSchema; components: MetadataCollection; unique: boolean }): void {
  const seen = new Set<MetadataSchema>();
  const visit = (schema: MetadataSchema | null | undefined): void => {
    if (schema === null || schema === undefined || seen.has(schema)) return;
    seen.add(schema);
    for (const set of schema.sets) {
      visit(set.value);
      const type = arrayTypes.create({ name: `Array<${set.value.getName()}>`, value: set.value, nullables: [false], recursive: false, index: null });
      schema.arrays.push(arrays.create({ type, tags: props.unique ? [[{ ...UNIQUE_ITEMS }]] : [] }));
    }
    if (schema.sets.length > 0) {
      schema.sets.splice(0);
      // typia caches a schema's name on first use; a Set's own name would no longer be right.
      (schema as unknown as { name_?: string }).name_ = undefined;
    }
    for (const array of schema.arrays) visit(array.type.value);
    for (const tuple of schema.tuples) for (const element of tuple.type.elements) visit(element);
    for (const object of schema.objects) for (const property of object.type.properties) visit(property.value);
    for (const alias of schema.aliases) visit(alias.type.value);
    for (const map of schema.maps) visit(map.value);
    visit(schema.rest);
    visit(schema.escaped?.original);
    visit(schema.escaped?.returns);
  };
  visit(props.root);
  for (const object of props.components.objects()) for (const property of object.properties) visit(property.value);
  for (const array of props.components.arrays()) visit(array.value);
  for (const tuple of props.components.tuples()) for (const element of tuple.elements) visit(element);
  for (const alias of props.components.aliases()) visit(alias.value);
}
