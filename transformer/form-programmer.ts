/**
 * Forms and uploads at build time: `Form<T>` parameters (their fields and coercions), `File` /
 * `File[]` parameters and properties, the checks that keep a route to one body, the route's
 * `upload` limits (read from the literal options) and the OpenAPI request body of a form.
 */
import ts from "typescript";
import type { Coercion, FileInput, FormFieldInput, FormInput, HttpMethod } from "../runtime/contract/manifest";
import type { TransformContext } from "./context";
import { TransformError } from "./diagnostics";
import { literalValue } from "./literal-value";
import type { ClassifiedInput } from "./parameter-classifier";
import { writeSchemas, writeValidator, type TypiaScope } from "./typia-programmers";
import { wireTypeOf } from "./wire-type";
import { defaultPlansOf, setPlansOf } from "./date-plan";
import { fieldDefault } from "./model-defaults";
import { RUNTIME_API } from "./runtime-api";
import { Code, type Emitted } from "./manifest-literal";

/** `File` → `{ array: false }`, `File[]` → `{ array: true }`, anything else → undefined. */
export const fileTypeOf = (context: TransformContext, type: ts.Type): { array: boolean } | undefined => {
  const isFile = (t: ts.Type) => context.api.nameOf(t.aliasSymbol ?? t.symbol) === RUNTIME_API.uploadFile;
  const members = type.isUnion() ? type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null))) : [type];
  if (members.length !== 1) return undefined;
  const single = members[0]!;
  if (isFile(single)) return { array: false };
  if (context.checker.isArrayType(single)) {
    const element = context.checker.getTypeArguments(single as ts.TypeReference)[0];
    if (element !== undefined && isFile(element)) return { array: true };
  }
  return undefined;
};

/** The inputs read from a form: `Form<T>`, `Form<string>` fields and files. */
export const formInputsOf = (inputs: readonly ClassifiedInput[]): ClassifiedInput[] =>
  inputs.filter((input) => input.kind === "form" || input.kind === "file" || input.kind === "form-field");

/**
 * A route reads one body: a form (one `Form<T>`, `Form<string>` fields and files, merged into
 * one form) or a JSON body; and none on GET or HEAD.
 */
export const checkFormInputs = (inputs: readonly ClassifiedInput[], method: HttpMethod): void => {
  const formish = formInputsOf(inputs);
  if (formish.length === 0) return;
  if (method === "get" || method === "head")
    throw new TransformError({ code: "TK1603", node: formish[0]!.parameter, args: { method: method.toUpperCase(), name: formish[0]!.parameterName } });
  const body = inputs.find((input) => input.kind === "body");
  if (body !== undefined)
    throw new TransformError({ code: "TK1601", node: formish[0]!.parameter, args: { name: formish[0]!.parameterName, other: body.parameterName } });
  const forms = inputs.filter((input) => input.kind === "form");
  if (forms.length > 1)
    throw new TransformError({ code: "TK1602", node: forms[1]!.parameter, args: { name: forms[1]!.parameterName, first: forms[0]!.parameterName } });
};

interface FormFieldInfo {
  readonly name: string;
  readonly coerce: Coercion;
  readonly array: boolean;
  readonly file: boolean;
  readonly required: boolean;
  readonly type: ts.Type;
  /** The field's default (`@default` or `tags.Default`), filled in when it is absent. */
  readonly default?: { readonly value: unknown };
}

export const formFields = (context: TransformContext, input: ClassifiedInput): FormFieldInfo[] =>
  context.checker.getPropertiesOfType(input.type).map((property) => {
    const type = context.checker.getNonNullableType(context.checker.getTypeOfSymbol(property));
    const given = fieldDefault(context.checker, property, context.checker.typeToString(input.type));
    const required = (property.flags & ts.SymbolFlags.Optional) === 0 && given === undefined;
    const file = fileTypeOf(context, type);
    if (file !== undefined) return { name: property.name, coerce: "string", array: file.array, file: true, required, type };
    const wire = wireTypeOf(context.checker, type);
    if (!wire.ok)
      throw new TransformError({ code: "TK1604", node: input.parameter, args: { name: `${input.parameterName}.${property.name}`, reason: wire.reason } });
    return { name: property.name, coerce: wire.coerce, array: wire.array, file: false, required, type, ...(given === undefined ? {} : { default: given }) };
  });

/** The manifest entry of a `Form<T>`, `Form<string>` or `File` parameter. */
export const writeFormInput = (props: { context: TransformContext; scope: TypiaScope; input: ClassifiedInput }): Emitted<FormInput | FileInput | FormFieldInput> => {
  const { context, scope, input } = props;
  const { index } = input;
  // The parameter's type, validated by generated code; TK1604 where typia cannot. A Set arrives as an array.
  const sets = setPlansOf({ checker: context.checker, type: input.type, node: input.parameter, name: input.parameterName, source: "form" });
  const validator = () => new Code(writeValidator({
    scope,
    type: input.type,
    name: context.checker.typeToString(input.type),
    node: input.parameter,
    code: "TK1604",
    args: { name: input.parameterName },
    sets: sets === undefined ? undefined : { plans: sets, direction: "read" },
    defaults: input.kind === "form"
      ? defaultPlansOf({ checker: context.checker, type: input.type, node: input.parameter, name: input.parameterName, source: "form" })
      : undefined,
  }));
  if (input.kind === "file")
    return { source: "file", index, name: input.name, array: fileTypeOf(context, input.type)!.array, required: input.required };
  if (input.kind === "form-field") {
    const wire = wireTypeOf(context.checker, input.type);
    if (!wire.ok) throw new TransformError({ code: "TK1604", node: input.parameter, args: { name: input.parameterName, reason: wire.reason } });
    // A plain `string` accepts any text: no validator to run.
    const validate = input.type.flags & ts.TypeFlags.String ? undefined : validator();
    return { source: "form-field", index, name: input.name, coerce: wire.coerce, array: wire.array, required: input.required, validate };
  }
  const fields = formFields(context, input).map(({ name, coerce, array, file, required }) => ({
    name, coerce, array, file: file ? true : undefined, required,
  }));
  return { source: "form", index, fields, required: input.required, validate: validator(), json: input.json ? true : undefined };
};

/**
 * The route's `upload` option as the transformer reads it: literals, where a number may be
 * arithmetic over literals and `const`s (`64 * MB`); TK1605 for anything else.
 */
export const readUploadOption = (context: TransformContext, options: ts.ObjectLiteralExpression | undefined): Record<string, unknown> => {
  const property = options?.properties.find((p) => p.name !== undefined && p.name.getText() === "upload");
  if (property === undefined) return {};
  const fail = () => new TransformError({ code: "TK1605", node: property });
  if (!ts.isPropertyAssignment(property) || !ts.isObjectLiteralExpression(property.initializer)) throw fail();
  const limits: Record<string, unknown> = {};
  for (const entry of property.initializer.properties) {
    if (!ts.isPropertyAssignment(entry) || !(ts.isIdentifier(entry.name) || ts.isStringLiteral(entry.name))) throw fail();
    const literal = literalValue(entry.initializer);
    const value = literal.ok ? literal.value : numberOf(context.checker, entry.initializer);
    if (value === undefined) throw fail();
    limits[entry.name.text] = value;
  }
  return limits;
};

const numberOf = (checker: ts.TypeChecker, node: ts.Expression, depth = 0): number | undefined => {
  if (depth > 20) return undefined;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isParenthesizedExpression(node)) return numberOf(checker, node.expression, depth + 1);
  if (ts.isBinaryExpression(node)) {
    const left = numberOf(checker, node.left, depth + 1);
    const right = numberOf(checker, node.right, depth + 1);
    if (left === undefined || right === undefined) return undefined;
    switch (node.operatorToken.kind) {
      case ts.SyntaxKind.AsteriskToken: return left * right;
      case ts.SyntaxKind.PlusToken: return left + right;
      case ts.SyntaxKind.MinusToken: return left - right;
      case ts.SyntaxKind.AsteriskAsteriskToken: return left ** right;
      default: return undefined;
    }
  }
  if (ts.isIdentifier(node)) {
    const declaration = checker.getSymbolAtLocation(node)?.valueDeclaration;
    if (declaration !== undefined && ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined &&
      ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)
      return numberOf(checker, declaration.initializer, depth + 1);
  }
  return undefined;
};

const MIB = 1024 * 1024;
/** The runtime's defaults (runtime/inputs/form-body.ts), repeated for the document. */
const DEFAULT_LIMITS = { fileSize: 10 * MIB, totalSize: 50 * MIB, files: 10 };

const BINARY = { type: "string", format: "binary" };

/** The OpenAPI request body of a route with form or file inputs, and the components it uses. */
export const formRequestBody = (props: {
  context: TransformContext;
  scope: TypiaScope;
  inputs: readonly ClassifiedInput[];
  upload: Record<string, unknown>;
  descriptions: ReadonlyMap<string, string>;
}): { requestBody: Record<string, unknown>; components: Record<string, unknown> } | undefined => {
  const { context, inputs } = props;
  const formish = formInputsOf(inputs);
  if (formish.length === 0) return undefined;
  const fields: { name: string; required: boolean; file?: { array: boolean }; type?: ts.Type; node: ts.Node; default?: unknown; description?: string }[] = [];
  for (const input of formish) {
    if (input.kind === "file") fields.push({ name: input.name, required: input.required, file: fileTypeOf(context, input.type), node: input.parameter });
    else if (input.kind === "form-field") {
      const initial = literalValue(input.parameter.initializer);
      const description = props.descriptions.get(input.parameterName);
      fields.push({
        name: input.name, required: input.required, type: input.type, node: input.parameter,
        ...(initial.ok ? { default: initial.value } : {}), ...(description === undefined ? {} : { description }),
      });
    } else
      for (const field of formFields(context, input))
        fields.push({
          name: field.name, required: field.required, ...(field.file ? { file: { array: field.array } } : { type: field.type }), node: input.parameter,
          ...(field.default === undefined ? {} : { default: field.default.value }),
        });
  }
  const typed = fields.filter((field) => field.type !== undefined);
  const set = writeSchemas({
    checker: context.checker,
    transformer: props.scope.context.transformer,
    types: typed.map((field) => ({ type: field.type!, node: field.node, code: "TK1604" as const, text: true, sets: true, args: { name: field.name, reason: "" } })),
  });
  const properties: Record<string, unknown> = {};
  for (const field of fields) {
    const schema = field.file === undefined
      ? set.schemas[typed.indexOf(field)]!
      : field.file.array ? { type: "array", items: BINARY } : BINARY;
    properties[field.name] = {
      ...schema,
      ...("default" in field ? { default: field.default } : {}),
      ...(field.description === undefined ? {} : { description: field.description }),
    };
  }
  // A `Form<T>` field and a `Form<string>` parameter may name the same field: both read it.
  const required = [...new Set(fields.filter((field) => field.required).map((field) => field.name))];
  const schema = { type: "object", properties, ...(required.length > 0 ? { required } : {}) };
  const files = fields.filter((field) => field.file !== undefined);
  const limits: Record<string, unknown> = { ...DEFAULT_LIMITS, ...props.upload };
  const types = Array.isArray(limits.types) ? (limits.types as string[]) : undefined;
  const multipart: Record<string, unknown> = { schema };
  if (files.length > 0 && types !== undefined)
    multipart.encoding = Object.fromEntries(files.map((field) => [field.name, { contentType: types.join(", ") }]));
  const content: Record<string, unknown> = files.length > 0
    ? { "multipart/form-data": multipart }
    : { "application/x-www-form-urlencoded": { schema }, "multipart/form-data": multipart };
  const form = formish.find((input) => input.kind === "form");
  if (form?.json === true) content["application/json"] = { schema };
  // A field's own description is its property's; a model's or a file's describes the body.
  const described = formish.filter((input) => input.kind !== "form-field").map((input) => props.descriptions.get(input.parameterName)).filter(Boolean);
  if (files.length > 0)
    described.push(
      `Files: at most ${limits.fileSize} bytes each, ${limits.totalSize} bytes in all, ${limits.files} files` +
        (types === undefined ? "." : `; types ${types.join(", ")}.`),
    );
  return {
    requestBody: {
      required: formish.some((input) => input.required),
      ...(described.length > 0 ? { description: described.join("\n\n") } : {}),
      content,
    },
    components: set.components,
  };
};


