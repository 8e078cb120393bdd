/**
 * Builds the OpenAPI 3.1 operation of one route from its classified inputs, return type and JSDoc.
 * Pure data: the manifest programmer embeds the result as JSON text.
 */
import type { OpenApiFragment } from "../runtime/contract/manifest";
import type { RouteDoc } from "./jsdoc";
import { bodySchemaNameOf, operationIdOf } from "../runtime/contract/operation-id";

export interface DocumentedParameter {
  readonly in: "path" | "query" | "header" | "cookie";
  readonly name: string;
  readonly required: boolean;
  readonly schema: Record<string, unknown>;
  readonly default?: { readonly value: unknown };
  readonly description?: string;
}

export interface OperationProps {
  readonly method: string;
  readonly path: string;
  readonly doc: RouteDoc;
  readonly parameters: readonly DocumentedParameter[];
  readonly body?: { readonly required: boolean; readonly schema: Record<string, unknown>; readonly description?: string };
  readonly status: number;
  /** Absent when the route answers with no body. */
  readonly responseSchema?: Record<string, unknown>;
  /** Statuses the handler throws as HttpError, with a description where one is known. */
  readonly thrown: ReadonlyMap<number, string>;
  readonly components: Record<string, unknown>;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Record<string, unknown>) => ({ "application/json": { schema } });
/** A documented error answer with the framework's `{"detail": …}` body. */
export const errorResponse = (description: string) => ({ description, content: json(ref("HTTPError")) });

/** The 422 answer, FastAPI's `HTTPValidationError`. */
export const validationErrorResponse = () => ({ description: "Validation Error", content: json(ref("HTTPValidationError")) });

/**
 * What the runtime may answer to any request body before the handler runs: 400, 413 (the runtime
 * writes the route's limit into its description). A JSON body of another media type is validated
 * as text (422, FastAPI's answer): the runtime adds 415 where the app or route asks for it.
 */
export const addBodyErrorResponses = (responses: Record<string, unknown>): void => {
  responses[400] ??= errorResponse("Malformed Request");
  responses[413] ??= errorResponse("Content Too Large");
};

/**
 * Moves the operation's request body schema (the same under each media type) into the components
 * as `Body_<operationId>`, as FastAPI documents a body made of several parameters.
 */
export const nameRequestBody = (operation: Record<string, unknown>, schemas: Record<string, unknown>): void => {
  const content = (operation.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)?.content;
  if (content === undefined) return;
  const name = bodySchemaNameOf(operation.operationId as string);
  for (const media of Object.values(content)) {
    if (media.schema === undefined) continue;
    schemas[name] ??= media.schema;
    media.schema = ref(name);
  }
};

/** A form route refuses a body of another media type: 415. */
export const unsupportedMediaTypeResponse = () => errorResponse("Unsupported Media Type");

export const buildOperation = (props: OperationProps): OpenApiFragment => {
  const { doc } = props;
  const responses: Record<string, unknown> = {
    [props.status]: {
      description: doc.returns || (props.responseSchema === undefined ? "No Content" : "Successful Response"),
      ...(props.responseSchema === undefined ? {} : { content: json(props.responseSchema) }),
    },
  };
  for (const [status, description] of props.thrown) responses[status] = errorResponse(description || "Error");
  if (props.body !== undefined) addBodyErrorResponses(responses);
  if (props.body !== undefined || props.parameters.length > 0) responses[422] ??= validationErrorResponse();
  responses[500] ??= errorResponse("Internal Server Error");

  const operation: Record<string, unknown> = {
    ...(doc.tags.length > 0 ? { tags: doc.tags } : {}),
    ...(doc.summary !== undefined ? { summary: doc.summary } : {}),
    ...(doc.description !== undefined ? { description: doc.description } : {}),
    operationId: doc.operationId ?? operationIdOf(props.method, props.path),
    ...(props.parameters.length > 0 ? { parameters: props.parameters.map(parameterObject) } : {}),
    ...(props.body !== undefined
      ? {
          requestBody: {
            required: props.body.required,
            ...(props.body.description ? { description: props.body.description } : {}),
            content: json(props.body.schema),
          },
        }
      : {}),
    responses,
    ...(doc.deprecated ? { deprecated: true } : {}),
  };
  return props.thrown.size === 0
    ? { operation, schemas: props.components }
    : { operation, schemas: props.components, raises: [...props.thrown.keys()] };
};

const parameterObject = (parameter: DocumentedParameter) => ({
  name: parameter.name,
  in: parameter.in,
  required: parameter.required,
  ...(parameter.description ? { description: parameter.description } : {}),
  schema: parameter.default === undefined ? parameter.schema : { ...parameter.schema, default: parameter.default.value },
});

