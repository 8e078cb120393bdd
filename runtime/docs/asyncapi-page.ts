/**
 * `/asyncapi.json` and a small docs page at `/asyncapi` that renders it: one section per channel,
 * what clients send and what the server sends, each message's schema. Self-contained HTML (no
 * CDN, no bundle): the page fetches the document and builds the DOM with `textContent` only.
 */
import { HTML, escapeHtml, jsString, ok, type DocsRoute } from "./docs-pages";
import { JSON_HEADERS } from "../responses/reply";

/** Where the AsyncAPI document and its page live; `false` turns one off. */
export interface AsyncApiPaths {
  readonly document: string | false;
  readonly page: string | false;
}


// Runs in the browser: keep it plain ES2017 and free of innerHTML.
const SCRIPT = `
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
const resolve = (doc, ref) => ref.slice(2).split("/").reduce((o, k) => (o || {})[k.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
const deref = (doc, v) => (v && v.$ref ? deref(doc, resolve(doc, v.$ref)) : v);
function render(doc) {
  const root = document.getElementById("asyncapi");
  document.title = doc.info.title + " - AsyncAPI";
  root.append(el("h1", doc.info.title + " " + doc.info.version));
  if (doc.info.description) root.append(el("p", doc.info.description));
  const ops = Object.values(doc.operations || {});
  for (const [id, channel] of Object.entries(doc.channels || {})) {
    const section = el("section", undefined, "channel");
    section.id = "channel-" + id;
    section.append(el("h2", "WS " + channel.address));
    if (channel.summary) section.append(el("p", channel.summary));
    if (channel.description) section.append(el("p", channel.description));
    const params = Object.entries(channel.parameters || {});
    if (params.length) {
      const list = el("ul");
      for (const [name, p] of params) list.append(el("li", "{" + name + "}" + (p.description ? ": " + p.description : "")));
      section.append(el("h3", "Path parameters"), list);
    }
    const ws = (channel.bindings || {}).ws;
    if (ws && ws.query) section.append(el("h3", "Query"), el("pre", JSON.stringify(ws.query, null, 2)));
    if (ws && ws.headers) section.append(el("h3", "Headers"), el("pre", JSON.stringify(ws.headers, null, 2)));
    for (const [action, title] of [["receive", "Client sends"], ["send", "Server sends"]]) {
      const op = ops.find((o) => o.action === action && o.channel.$ref === "#/channels/" + id);
      if (!op) continue;
      section.append(el("h3", title));
      for (const ref of op.messages) {
        const message = deref(doc, ref);
        const box = el("details", undefined, "message");
        box.append(el("summary", message.name || message.title || ref.$ref));
        if (message.summary) box.append(el("p", message.summary));
        box.append(el("pre", JSON.stringify(deref(doc, message.payload), null, 2)));
        section.append(box);
      }
    }
    root.append(section);
  }
  const schemas = Object.entries((doc.components || {}).schemas || {});
  if (schemas.length) {
    root.append(el("h2", "Schemas"));
    for (const [name, schema] of schemas) {
      const box = el("details", undefined, "message");
      box.id = "schema-" + name;
      box.append(el("summary", name), el("pre", JSON.stringify(schema, null, 2)));
      root.append(box);
    }
  }
}
fetch(DOCUMENT).then((r) => r.json()).then(render, (e) => document.getElementById("asyncapi").append(el("p", "Cannot load " + DOCUMENT + ": " + e)));
`;

function asyncApiPage(title: string, documentPath: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - AsyncAPI</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1f2328; }
h2 { border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; font-family: ui-monospace, monospace; }
.channel { margin-bottom: 2rem; }
details.message { border: 1px solid #d0d7de; border-radius: 6px; padding: .4rem .8rem; margin: .4rem 0; }
summary { cursor: pointer; font-weight: 600; font-family: ui-monospace, monospace; }
pre { background: #f6f8fa; padding: .6rem; overflow-x: auto; font-size: 13px; }
</style>
</head>
<body>
<main id="asyncapi"></main>
<script>
const DOCUMENT = ${jsString(documentPath)};
${SCRIPT}
</script>
</body>
</html>
`;
}

/** The document route and its page, for the paths that are on. */
export function asyncApiRoutes(paths: AsyncApiPaths, title: string, documentJson: () => string): DocsRoute[] {
  if (paths.document === false) return [];
  const document = paths.document;
  const routes: DocsRoute[] = [{ path: document, build: () => ok(JSON_HEADERS[1], documentJson()) }];
  if (paths.page !== false) routes.push({ path: paths.page, build: () => ok(HTML, asyncApiPage(title, document)) });
  return routes;
}
