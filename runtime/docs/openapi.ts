/**
 * The OpenAPI 3.1 document, assembled from the fragments the transformer wrote into each route
 * manifest, plus the error schemas every generated operation refers to. Built on first use: an
 * app that never serves its document never parses a fragment.
 */
import type { HttpMethod, OpenApiFragment, RouteManifest } from "../contract/manifest";
import type { RouteOptions } from "../contract/route-options";

/** The document's `info` block. */
export interface OpenApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
}

/** A route as the document needs it. */
export interface DocumentedRoute {
  readonly method: HttpMethod;
  readonly path: string;
  readonly manifest: RouteManifest;
  readonly options: RouteOptions;
  /** What routers and app-level dependencies add to the operation. */
  readonly decorate?: (operation: Record<string, unknown>) => Record<string, unknown>;
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

/** `/users/:id` → `/users/{id}`. */
export const openApiPath = (path: string): string => path.replace(/:([^/]+)/g, "{$1}");

export function buildOpenApi(info: OpenApiInfo, routes: readonly DocumentedRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  // The framework's schemas go first: on a name clash the first one is kept, and the generated
  // operations depend on these exact shapes.
  const schemas: Record<string, unknown> = { ...FRAMEWORK_SCHEMAS };
  const securitySchemes: Record<string, unknown> = {};
  for (const route of routes) {
    if (route.options.hidden) continue;
    const fragment = JSON.parse(route.manifest.openapi) as OpenApiFragment;
    for (const [name, schema] of Object.entries(fragment.schemas ?? {})) {
      if (!(name in schemas)) schemas[name] = schema;
    }
    Object.assign(securitySchemes, fragment.securitySchemes ?? {});
    const key = openApiPath(route.path);
    const operation = withOptions(fragment.operation, route.options);
    (paths[key] ??= {})[route.method] = route.decorate === undefined ? operation : route.decorate(operation);
  }
  const infoBlock: Record<string, string> = { title: info.title, version: info.version };
  if (info.description !== undefined) infoBlock.description = info.description;
  const components = Object.keys(securitySchemes).length > 0 ? { schemas, securitySchemes } : { schemas };
  return { openapi: "3.1.0", info: infoBlock, paths, components };
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
