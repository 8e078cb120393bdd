/**
 * typekiln's public surface: everything a user imports from `"typekiln"`. An explicit list:
 * what is not named here is private, whatever `export` says in its own file.
 */

import * as generatedModule from "./generated";

export { App } from "./app";
export type { AppOptions } from "./app-options";
export type { Logger } from "./logger";
export { HttpError } from "./http-error";
export type { RouteOptions } from "./route-options";
export type { RequestContext } from "./request-context";
export type { Header, Cookie, Query, Body, Path } from "./markers";
export type { Socket, SocketHandlers, SocketOptions, SocketRoute, SendResult } from "./socket";
/**
 * The socket manifest types: what the transformer appends to each `app.ws` registration.
 *
 * @example
 * const fragment = JSON.parse(manifest.asyncapi) as AsyncApiFragment; // channel, messages, schemas
 */
export type { SocketManifest, InboundManifest, AsyncApiFragment } from "./socket-manifest";

// Middleware, standard pieces and the request lifecycle (see each file).
export type { Middleware, MiddlewareRequest } from "./middleware";
/** A reply as middleware sees it: status line, flat header list, body. */
export type { Reply as WireReply } from "./reply";
export { withHeaders, headerOf, statusOf } from "./middleware";
export { cors, type CorsOptions } from "./cors";
export { compression, type CompressionOptions, type Encoding } from "./compression";
export { trustedHosts } from "./trusted-hosts";
export { requestId, type RequestIdOptions } from "./request-id";
export { BackgroundTasks } from "./background-tasks";
export { ResponseControl, type CookieOptions } from "./response-control";
export { Reply, reply, Text, text, Html, html, Bytes, bytes, Redirect, redirect, type RedirectStatus } from "./responses";
export type { LifespanHook, ListenOptions, GracefulShutdownOptions, ShutdownOptions, ShutdownResult } from "./lifecycle";
export { use, type UseOptions, type Dependency, type Resolved } from "./dependencies";
export { Router, type RouterOptions } from "./route-group";
export type { ErrorClass, ErrorHandler, ErrorContext } from "./error-handlers";
export {
  httpBearer,
  httpBasic,
  apiKey,
  oauth2Password,
  safeEqual,
  type HttpBearer,
  type HttpBasic,
  type BasicCredentials,
  type ApiKey,
  type OAuth2Password,
} from "./security";
export { SecurityScopes } from "./security-scopes";
export type { OAuth2PasswordForm } from "./password-form";
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
  SuppliedInput,
  PasswordFormInput,
  DependencyPlan,
  DependencyNode,
  DependencyManifest,
  ValueRef,
  ResponseManifest,
  ResponseVariant,
  OpenApiFragment,
  HttpMethod,
  InputSource,
  Coercion,
  Validator,
  Serializer,
} from "./manifest";
export type { FormInput, FormField, FileInput, ResponseStreamKind } from "./manifest";

/**
 * What the transformer's output calls: typekiln's JSON writers and typia's helpers
 * (`generated.ts`). Compiled code reads it once, `const __typekiln_generated = …__generated`, so
 * the helpers come with the runtime bundle (and its code cache) instead of modules of their own.
 * Copied into plain properties (a module namespace holds getters): generated code reads them on
 * every call.
 * @internal Not an API: its members follow the transformer.
 */
export const __generated: typeof generatedModule = { ...generatedModule };
