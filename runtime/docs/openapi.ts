/**
 * The OpenAPI 3.1 document: the one place it is assembled. Each route declares its operation in
 * the fragment the transformer wrote into its manifest; the route's options, its routers (tags, a
 * prefix) and the dependencies its app and routers add (their own fragments: parameters,
 * responses, security) complete it; the framework's error schemas are added once. Built on first
 * use: an app that never serves its document never parses a fragment.
 */
import type { DependencyManifest, HttpMethod, OpenApiFragment, RouteManifest } from "../contract/manifest";
import type { RouteOptions } from "../contract/route-options";
import { bodySchemaNameOf, operationIdOf } from "../contract/operation-id";
import type { ErrorHandlers } from "../errors/error-handlers";
import { HttpError } from "../errors/http-error";
import { RequestValidationError } from "../errors/request-validation-error";

/** The document's `info` block. */
export interface OpenApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
}

/** A route as the document needs it: what it declares, and where it was registered. */
export interface DocumentedRoute {
  readonly method: HttpMethod;
  /** The full path, with every router's prefix. */
  readonly path: string;
  /** The manifest the transformer wrote (for the path as written in the registration). */
  readonly manifest: RouteManifest;
  readonly options: RouteOptions;
  /** The routers it came from, if any: the path as written and their tags, outermost first. */
  readonly router?: { readonly written: string; readonly tags: readonly string[] };
  /** The manifests of the dependencies its app, routers and options add, in the order they run. */
  readonly dependencies: readonly DependencyManifest[];
  /** The app's or route's `mediaTypeMismatch`: 415 is documented on a JSON body route. */
  readonly mediaTypeMismatch?: 415 | 422;
  /** The most body bytes the route reads (its plan's limit), written into its 413's description and `x-body-limit`. */
  readonly bodyLimit?: number;
  /** Its routers' and app's exception handlers, nearest first: their declared answers are documented. */
  readonly errorHandlers?: readonly ErrorHandlers[];
}

/** What the transformer wrote for an exception handler's declared answers (contract ErrorHandlerManifest.openapi). */
interface HandlerDocument {
  readonly responses: Record<string, Record<string, unknown>>;
  readonly schemas: Record<string, unknown>;
  /** The handler may also return nothing: the default answer stays documented. */
  readonly keeps: boolean;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/**
 * The framework's own component schemas. The transformer's operations `$ref` exactly these names
 * for their 422 and `HttpError` responses; their shapes are FastAPI's.
 */
export const FRAMEWORK_SCHEMAS: Readonly<Record<string, unknown>> = {
  HTTPValidationError: {
    title: "HTTPValidationError",
    type: "object",
    properties: { detail: { title: "Detail", type: "array", items: ref("ValidationError") } },
  },
  ValidationError: {
    title: "ValidationError",
    type: "object",
    required: ["type", "loc", "msg"],
    properties: {
      type: { title: "Error Type", type: "string" },
      loc: { title: "Location", type: "array", items: { anyOf: [{ type: "string" }, { type: "integer" }] } },
      msg: { title: "Message", type: "string" },
      input: { title: "Input" },
      ctx: { title: "Context", type: "object" },
    },
  },
  HTTPError: {
    title: "HTTPError",
    type: "object",
    required: ["detail"],
    properties: { detail: { title: "Detail" } },
  },
};

/** `/users/:id` → `/users/{id}`; a trailing `/*path` (the rest of the path) → `/{path}`. */
export const openApiPath = (path: string): string => path.replace(/:([^/]+)/g, "{$1}").replace(/\/\*([^/]+)$/, "/{$1}");

/**
 * The document of an app's routes. A hidden route has no operation, but the security schemes of
 * the dependencies it shares with the app or its routers are still listed.
 *
 * @example
 * buildOpenApi({ title: "Users API", version: "1.0.0" }, routes); // { openapi: "3.1.0", info, paths, components }
 */
export function buildOpenApi(info: OpenApiInfo, routes: readonly DocumentedRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const parsed = new Map<string, HandlerDocument>();
  // The framework's schemas go first: on a name clash the first one is kept, and the generated
  // operations depend on these exact shapes.
  const schemas: Record<string, unknown> = { ...FRAMEWORK_SCHEMAS };
  // Schemes of added dependencies first; a route's own fragment wins on a shared name.
  const added = routes.map((route) => route.dependencies.map((dependency) => JSON.parse(dependency.openapi) as OpenApiFragment));
  const securitySchemes: Record<string, unknown> = {};
  for (const fragment of added.flat()) Object.assign(securitySchemes, fragment.securitySchemes ?? {});
  routes.forEach((route, i) => {
    if (route.options.hidden) return;
    const fragment = JSON.parse(route.manifest.openapi) as OpenApiFragment;
    const operation = withRouter(withOptions(fragment.operation, route.options), route);
    renameBodySchema(operation, fragment);
    for (const [name, schema] of Object.entries(fragment.schemas ?? {})) {
      if (!(name in schemas)) schemas[name] = schema;
    }
    Object.assign(securitySchemes, fragment.securitySchemes ?? {});
    if (route.mediaTypeMismatch === 415 && route.manifest.inputs.some((input) => input.source === "body")) {
      const responses = (operation.responses = { ...(operation.responses as Record<string, unknown>) });
      responses[415] ??= { description: "Unsupported Media Type", content: { "application/json": { schema: ref("HTTPError") } } };
    }
    withBodyLimit(operation, route.bodyLimit);
    const raises = new Set(fragment.raises ?? []);
    for (const dependency of added[i]!) {
      mergeOperation(operation, dependency.operation);
      for (const status of dependency.raises ?? []) raises.add(status);
    }
    for (const handler of documentedHandlers(route, parsed)) {
      for (const [name, schema] of Object.entries(handler.document.schemas)) if (!(name in schemas)) schemas[name] = schema;
      operation.responses = handler.validation
        ? withValidationAnswers(operation.responses as Record<string, unknown>, handler.document)
        : withErrorAnswers(operation.responses as Record<string, unknown>, handler.document, raises);
    }
    (paths[openApiPath(route.path)] ??= {})[route.method] = operation;
  });
  const infoBlock: Record<string, string> = { title: info.title, version: info.version };
  if (info.description !== undefined) infoBlock.description = info.description;
  const components = Object.keys(securitySchemes).length > 0 ? { schemas, securitySchemes } : { schemas };
  return { openapi: "3.1.0", info: infoBlock, paths, components };
}

/**
 * The exception handlers whose declared answers a route's validation failures and `HttpError`s
 * get, outermost first: for each of the two classes, the nearest router's handler, and the next
 * one out while a handler may return nothing (pass the error on).
 */
function documentedHandlers(route: DocumentedRoute, parsed: Map<string, HandlerDocument>): { validation: boolean; document: HandlerDocument }[] {
  const found: { validation: boolean; document: HandlerDocument }[] = [];
  for (const [type, validation] of [[RequestValidationError, true], [HttpError, false]] as const) {
    const chain: HandlerDocument[] = [];
    for (const level of route.errorHandlers ?? []) {
      if (!level.has(type)) continue;
      const manifest = level.manifests().get(type);
      if (manifest === undefined) break;
      let document = parsed.get(manifest.openapi);
      if (document === undefined) parsed.set(manifest.openapi, (document = JSON.parse(manifest.openapi) as HandlerDocument));
      chain.push(document);
      if (!document.keeps) break;
    }
    for (const document of chain.reverse()) found.push({ validation, document });
  }
  return found;
}

/** A route's 422 replaced by what its `RequestValidationError` handler declares (any status: under 422). */
function withValidationAnswers(responses: Record<string, unknown>, handler: HandlerDocument): Record<string, unknown> {
  if (responses[422] === undefined) return responses;
  const out = { ...responses };
  if (!handler.keeps) delete out[422];
  for (const [status, response] of Object.entries(handler.responses)) out[status === "default" ? 422 : status] = response;
  return sortedByStatus(out);
}

/** The responses of the `HttpError`s a route raises, with the bodies its `HttpError` handler declares for them. */
function withErrorAnswers(responses: Record<string, unknown>, handler: HandlerDocument, raises: ReadonlySet<number>): Record<string, unknown> {
  const out = { ...responses };
  for (const status of raises) {
    const existing = out[status] as Record<string, unknown> | undefined;
    const declared = handler.responses[status] ?? handler.responses.default;
    if (existing === undefined || declared === undefined) continue;
    out[status] = { ...declared, description: existing.description };
  }
  return out;
}

const sortedByStatus = (responses: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)));

/**
 * A schema cannot say how large a body may be: the 413's description says it in words, and
 * `x-body-limit` in bytes, for tools (a proxy's limit, a client's check before sending).
 */
function withBodyLimit(operation: Record<string, unknown>, limit: number | undefined): void {
  const responses = operation.responses as Record<string, Record<string, unknown>> | undefined;
  const tooLarge = responses?.[413];
  if (limit === undefined || tooLarge === undefined) return;
  const description = `Content Too Large: the request body is over ${limit} bytes`;
  operation.responses = { ...responses, 413: { ...tooLarge, description, "x-body-limit": limit } };
}

/** Route options win over what JSDoc gave the transformer; tags are added to, not replaced. */
function withOptions(operation: Record<string, unknown>, options: RouteOptions): Record<string, unknown> {
  const merged = { ...operation };
  if (options.tags !== undefined && options.tags.length > 0) {
    const existing = Array.isArray(operation.tags) ? (operation.tags as string[]) : [];
    merged.tags = [...new Set([...existing, ...options.tags])];
  }
  if (options.summary !== undefined) merged.summary = options.summary;
  if (options.deprecated) merged.deprecated = true;
  return merged;
}

/** Its routers' tags go first; under a prefix, the generated operationId follows the full path. */
function withRouter(operation: Record<string, unknown>, route: DocumentedRoute): Record<string, unknown> {
  const { router } = route;
  if (router === undefined) return operation;
  if (router.tags.length > 0) operation.tags = [...new Set([...router.tags, ...((operation.tags as string[] | undefined) ?? [])])];
  // Two routers may both register `/`: the id follows the full path unless JSDoc named one.
  if (router.written !== route.path && operation.operationId === operationIdOf(route.method, router.written))
    operation.operationId = operationIdOf(route.method, route.path);
  return operation;
}

/**
 * A `Body_<operationId>` request body follows an operationId a router's prefix changed, so two
 * routers' `/` routes do not share one name for different bodies.
 */
function renameBodySchema(operation: Record<string, unknown>, fragment: OpenApiFragment): void {
  const written = bodySchemaNameOf(fragment.operation.operationId as string);
  const schemas = fragment.schemas;
  if (operation.operationId === fragment.operation.operationId || schemas?.[written] === undefined) return;
  const name = bodySchemaNameOf(operation.operationId as string);
  schemas[name] = schemas[written];
  delete schemas[written];
  const content = (operation.requestBody as { content?: Record<string, { schema?: { $ref?: string } }> } | undefined)?.content ?? {};
  for (const media of Object.values(content))
    if (media.schema?.$ref === `#/components/schemas/${written}`) media.schema = ref(name);
}

/** A dependency's parameters, responses and security added to an operation, without duplicates. */
function mergeOperation(target: Record<string, unknown>, extra: Record<string, unknown>): void {
  const parameters = [...((target.parameters as { name: string; in: string }[] | undefined) ?? [])];
  for (const parameter of (extra.parameters as { name: string; in: string }[] | undefined) ?? [])
    if (!parameters.some((p) => p.name === parameter.name && p.in === parameter.in)) parameters.push(parameter);
  if (parameters.length > 0) target.parameters = parameters;
  target.responses = { ...((extra.responses as object | undefined) ?? {}), ...(target.responses as object) };
  // One requirement object: every scheme a route's graph reaches is required (AND), scopes joined.
  const requirement: Record<string, string[]> = {};
  for (const source of [target.security, extra.security] as (Record<string, string[]>[] | undefined)[])
    for (const entry of source ?? [])
      for (const [scheme, scopes] of Object.entries(entry))
        requirement[scheme] = [...new Set([...(requirement[scheme] ?? []), ...scopes])];
  if (Object.keys(requirement).length > 0) target.security = [requirement];
}
