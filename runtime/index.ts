/**
 * typekiln's public surface: everything a user imports from `"typekiln"`. An explicit list:
 * what is not named here is private, whatever `export` says in its own file.
 */

import * as generatedModule from "./validation/generated";
import * as typiaHelpers from "./validation/typia-helpers";

export { App } from "./app/app";
export type { AppOptions } from "./app/app-options";
export type { Logger } from "./contract/logger";
export { HttpError } from "./errors/http-error";
export { RequestValidationError, type ValidationErrorEntry } from "./errors/request-validation-error";
export type { RouteOptions } from "./contract/route-options";
export type { RequestContext } from "./contract/request-context";
export type { Header, Cookie, Query, Body, Path } from "./contract/markers";
export type { Socket, SocketHandlers, SocketOptions, SocketRoute, SendResult } from "./websocket/socket";
// Middleware, standard pieces and the request lifecycle (see each file).
export type { Middleware, MiddlewareRequest } from "./middleware/middleware";
/** A reply as middleware sees it: status line, flat header list, body. */
export type { WireReply } from "./contract/wire";
export { withHeaders, headerOf, statusOf } from "./middleware/middleware";
export { cors, type CorsOptions } from "./middleware/cors";
export { compression, type CompressionOptions, type Encoding } from "./middleware/compression";
export { trustedHosts } from "./middleware/trusted-hosts";
export { requestId, type RequestIdOptions } from "./middleware/request-id";
export { BackgroundTasks } from "./responses/background-tasks";
export { ResponseControl, type CookieOptions } from "./responses/response-control";
export { Reply, reply, Text, text, Html, html, Bytes, bytes, Redirect, redirect, type RedirectStatus } from "./responses/responses";
export type { LifespanHook, Listening, ListenOptions, GracefulShutdownOptions, ShutdownOptions, ShutdownResult } from "./app/lifecycle";
export { use, dependency, type UseOptions, type DependencyOptions, type Dependency, type Resolved } from "./dependencies/dependencies";
export { Router, type RouterOptions, type ExceptionHandler } from "./routing/route-group";
export type { ErrorClass, ErrorHandler, ErrorContext } from "./errors/error-handlers";
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
  type OptionalScheme,
} from "./dependencies/security";
export { SecurityScopes } from "./dependencies/security-scopes";
export type { OAuth2PasswordForm } from "./inputs/password-form";
export type { Form } from "./contract/markers";
export type { File } from "./inputs/upload-file";
export type { ServerSentEvent } from "./contract/server-sent-event";
export { FileResponse, type FileResponseOptions } from "./responses/file-response";
export type { StaticOptions } from "./routing/static-files";
export type { UploadLimits } from "./contract/route-options";
// Testing in process: requests, server-sent events and WebSockets without a port.
export { testClient, TestClient, type TestRequestInit, type QueryValue } from "./testing/test-client";
export { TestSocket, type TestSocketOptions, type TestMessage, type TestClose } from "./testing/test-socket";

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
export type { tags } from "@typia/interface";

// The manifest types (RouteManifest, SocketManifest, …) are the type-only entry `typekiln/manifest`.

/**
 * What the transformer's output calls: typekiln's JSON writers (`generated.ts`) and typia's
 * helpers (`typia-helpers.ts`, typed loosely here so that no declaration the package ships
 * imports typia). Compiled code reads it once, `const __typekiln_generated = …__generated`, so
 * the helpers come with the runtime bundle (and its code cache) instead of modules of their own.
 * Copied into plain properties (a module namespace holds getters): generated code reads them on
 * every call.
 * @internal Not an API: its members follow the transformer.
 */
export const __generated: typeof generatedModule & Readonly<Record<`_${string}`, (...args: never[]) => unknown>> =
  { ...generatedModule, ...typiaHelpers };
