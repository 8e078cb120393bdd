/**
 * `/openapi.json`, Swagger UI at `/docs` and ReDoc at `/redoc`, served from the installed
 * `swagger-ui-dist` package and the ReDoc bundle the package ships in `dist/assets`
 * (`scripts/copy-docs-assets.mjs`): never a CDN, docs work offline. Each asset is read from disk
 * on its first request and kept in memory.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { JSON_HEADERS, type WireReply } from "../responses/reply";
import { statusLine } from "../http/status-line";

/** Where each docs page lives; `false` turns it off. */
export interface DocsPaths {
  readonly openapi: string | false;
  readonly swagger: string | false;
  readonly redoc: string | false;
}

/** A framework GET route: its path and how to build its (cached) reply. */
export interface DocsRoute {
  readonly path: string;
  readonly build: () => WireReply;
}

/** A 200 with a body of `contentType`: every framework page and asset is one. */
export const ok = (contentType: string, body: string | Uint8Array): WireReply =>
  ({ status: statusLine(200), headers: ["content-type", contentType], body });

export const HTML = "text/html; charset=utf-8";
const JS = "text/javascript; charset=utf-8";
const CSS = "text/css; charset=utf-8";

const swaggerFile = (name: string) => (): WireReply => {
  const dir = dirname(require.resolve("swagger-ui-dist/package.json"));
  const type = name.endsWith(".css") ? CSS : name.endsWith(".png") ? "image/png" : JS;
  return ok(type, readFileSync(join(dir, name)));
};

/** `base` joined with a file name, without a double slash when `base` is `/`. */
const under = (base: string, name: string): string => `${base.replace(/\/+$/, "")}/${name}`;

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A JS string literal that cannot close the surrounding `<script>`. */
export const jsString = (text: string): string => JSON.stringify(text).replace(/</g, "\\u003c");

function swaggerPage(title: string, base: string, openapi: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)} - Swagger UI</title>
<link rel="stylesheet" type="text/css" href="${escapeHtml(under(base, "swagger-ui.css"))}">
<link rel="icon" type="image/png" href="${escapeHtml(under(base, "favicon-32x32.png"))}">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${escapeHtml(under(base, "swagger-ui-bundle.js"))}"></script>
<script>
window.ui = SwaggerUIBundle({
  url: ${jsString(openapi)},
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});
</script>
</body>
</html>
`;
}

function redocPage(title: string, base: string, openapi: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - ReDoc</title>
<style>body { margin: 0; padding: 0; }</style>
</head>
<body>
<redoc spec-url="${escapeHtml(openapi)}"></redoc>
<script src="${escapeHtml(under(base, "redoc.standalone.js"))}"></script>
</body>
</html>
`;
}

/**
 * The docs routes for these paths. Without a document there is nothing to show, so turning off
 * `openapi` turns off the pages too (as FastAPI does).
 */
export function docsRoutes(paths: DocsPaths, title: string, openapiJson: () => string): DocsRoute[] {
  const { openapi, swagger, redoc } = paths;
  if (openapi === false) return [];
  const routes: DocsRoute[] = [{ path: openapi, build: () => ok(JSON_HEADERS[1], openapiJson()) }];
  if (swagger !== false) {
    routes.push({ path: swagger, build: () => ok(HTML, swaggerPage(title, swagger, openapi)) });
    for (const name of ["swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png"]) {
      routes.push({ path: under(swagger, name), build: swaggerFile(name) });
    }
  }
  if (redoc !== false) {
    routes.push({ path: redoc, build: () => ok(HTML, redocPage(title, redoc, openapi)) });
    routes.push({
      path: under(redoc, "redoc.standalone.js"),
      // Read beside the runtime bundle, dist/runtime/index.js, the only build of this file that runs.
      build: () => ok(JS, readFileSync(join(__dirname, "../assets/redoc.standalone.js"))),
    });
  }
  return routes;
}
