/**
 * typekiln's public surface: everything a user imports from `"typekiln"`. An explicit list:
 * what is not named here is private, whatever `export` says in its own file.
 */

export { App } from "./app";
export type { AppOptions } from "./app-options";
export { HttpError } from "./http-error";
export type { RouteOptions } from "./route-options";
export type { RequestContext } from "./request-context";
export type { Header, Cookie, Query, Body, Path } from "./markers";
export type { Form } from "./markers";
export type { File } from "./upload-file";
export type { ServerSentEvent } from "./server-sent-event";
export { FileResponse, type FileResponseOptions } from "./file-response";
export type { StaticOptions } from "./static-files";
export type { UploadLimits } from "./route-options";

/**
 * typia's constraint tags, for parameter and body types: validated at run time and written into
 * the OpenAPI document.
 *
 * @example
 * interface UserCreate {
 *   name: string & tags.MinLength<1>;
 *   email: string & tags.Format<"email">;
 *   age?: number & tags.Type<"uint32"> & tags.Maximum<150>;
 * }
 */
export type { tags } from "typia";

/**
 * The route manifest types: what the transformer appends to each registration. Users never
 * write one; tools that read routes (SDK generators, tests) may.
 *
 * @example
 * const manifest: RouteManifest = {
 *   version: 1, method: "get", path: "/health", inputs: [],
 *   response: { status: 200, serialize: JSON.stringify },
 *   openapi: JSON.stringify({ operation: { responses: { 200: { description: "OK" } } }, schemas: {} }),
 * };
 */
export type {
  RouteManifest,
  InputManifest,
  ScalarInput,
  QueryObjectInput,
  BodyInput,
  ContextInput,
  ResponseManifest,
  OpenApiFragment,
  HttpMethod,
  InputSource,
  Coercion,
  Validator,
  Serializer,
} from "./manifest";
export type { FormInput, FormField, FileInput, ResponseStreamKind } from "./manifest";
