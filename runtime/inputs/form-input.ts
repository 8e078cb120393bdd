/**
 * Readers for `Form<T>`, `Form<string>` and `File` parameters, over a form the body consumer
 * (form-body.ts) has already parsed: text fields are coerced like query values and validated by
 * the generated code (a `Form<T>` as one object); files are handed over as they are. Errors are
 * located at `["body", field]`, as FastAPI locates form fields.
 */
import type { FileInput, FormFieldInput, FormInput } from "../contract/manifest";
import type { File } from "./upload-file";
import { COERCERS } from "./coerce";
import { EMPTY_BODY } from "./body-input";
import { appendIssues, missingIssue, type ValidationIssue } from "../validation/validation-error";

/** A parsed form: repeated fields keep every value, in order; files by field name. */
export interface ParsedForm {
  /** Null-prototype: `__proto__` is just a field name. */
  readonly fields: Readonly<Record<string, string[]>>;
  readonly files: ReadonlyMap<string, readonly File[]>;
}

/** What the form readers look at. */
export interface FormSources {
  readonly form: ParsedForm | undefined;
  /** The parsed JSON body, for `Form<T> | Body<T>` routes sent JSON. */
  readonly body: unknown;
}

type FormReader = (sources: FormSources, issues: ValidationIssue[]) => unknown;

const tooMany = (name: string, count: number): ValidationIssue => ({
  type: "too_long",
  loc: ["body", name],
  msg: "Expected one file, got several",
  input: count,
});

/** A `Form<T>` parameter. */
export function formReader(input: FormInput): FormReader {
  const fields = input.fields.map((f) => ({ ...f, coerce: COERCERS[f.coerce] }));
  const { validate, required, json } = input;
  return (s, issues) => {
    const form = s.form;
    if (form === undefined) {
      if (json === true && s.body !== EMPTY_BODY && s.body !== undefined) {
        const result = validate(s.body);
        if (result.success) return result.data;
        appendIssues(result.errors, { source: "body", raw: s.body }, issues);
        return undefined;
      }
      if (required) issues.push(missingIssue(["body"]));
      return undefined;
    }
    const raw: Record<string, unknown> = Object.create(null);
    const value: Record<string, unknown> = {};
    for (const field of fields) {
      if (field.file === true) {
        const files = form.files.get(field.name);
        if (files === undefined || files.length === 0) continue;
        if (!field.array && files.length > 1) {
          issues.push(tooMany(field.name, files.length));
          continue;
        }
        raw[field.name] = value[field.name] = field.array ? files : files[0];
        continue;
      }
      const text = fieldText(form, field);
      if (text === undefined) continue; // absent fields stay absent: typia reports required ones
      raw[field.name] = text;
      value[field.name] = typeof text === "string" ? field.coerce(text) : text.map(field.coerce);
    }
    const result = validate(value);
    if (result.success) return result.data;
    appendIssues(result.errors, { source: "body", raw, wire: true }, issues);
    return undefined;
  };
}

/**
 * A field's text: every value of a repeated field for an array, else the last; `undefined` when
 * absent. A browser sends "" for an empty input: for an optional field that means absent.
 */
function fieldText(form: ParsedForm, field: { readonly name: string; readonly array: boolean; readonly required: boolean }): string | string[] | undefined {
  let texts = form.fields[field.name];
  if (texts !== undefined && !field.required) texts = texts.filter((text) => text !== "");
  if (texts === undefined || texts.length === 0) return undefined;
  return field.array ? texts : texts[texts.length - 1]!;
}

/** A `Form<string>` parameter: one field, `missing` at ["body", name] when a required one is absent. */
export function formFieldReader(input: FormFieldInput): FormReader {
  const { name, required, validate } = input;
  const coerce = COERCERS[input.coerce];
  return (s, issues) => {
    const text = s.form === undefined ? undefined : fieldText(s.form, input);
    if (text === undefined) {
      if (required) issues.push(missingIssue(["body", name]));
      return undefined; // absent and optional: the handler's own default applies
    }
    const value = typeof text === "string" ? coerce(text) : text.map(coerce);
    if (validate === undefined) return value;
    const result = validate(value);
    if (result.success) return result.data;
    appendIssues(result.errors, { source: "body", name, raw: text, wire: true }, issues);
    return undefined;
  };
}

/** A `File` or `File[]` parameter. */
export function fileReader(input: FileInput): FormReader {
  const { name, array, required } = input;
  return (s, issues) => {
    const files = s.form?.files.get(name);
    if (files === undefined || files.length === 0) {
      if (required) issues.push(missingIssue(["body", name]));
      return undefined;
    }
    if (!array && files.length > 1) {
      issues.push(tooMany(name, files.length));
      return undefined;
    }
    return array ? files : files[0];
  };
}
