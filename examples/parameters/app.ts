import { App, type Body, type Cookie, type Header, type Query, type RequestContext, type tags } from "typekiln";

interface Page {
  limit?: number & tags.Minimum<1> & tags.Maximum<100>;
  cursor?: string;
}

interface Draft {
  title: string;
  /** @default [] */
  tags: string[];
  /** @default {"lang": "en"} */
  meta: { lang: string };
}

type Shape =
  | { kind: "circle"; radius: number & tags.ExclusiveMinimum<0> }
  | { kind: "square"; side: number & tags.ExclusiveMinimum<0> };

export const app = new App({ title: "Where parameters come from", version: "1.0.0" });

// `id` matches `:id`: a path parameter, parsed as a number.
app.get("/files/:id", (id: number & tags.Type<"uint32">) => ({ id }));

// Scalars, literal unions and arrays of them are query parameters; a default is documented.
app.get("/search", (q: string, sort: "asc" | "desc" = "asc", tag: string[] = []) => ({ q, sort, tag }));

// `Query<T>`: an object whose properties are query parameters.
app.get("/pages", (page: Query<Page>) => page);

// `Header<T>`: `acceptLanguage` reads `accept-language`; a second argument names the header.
app.get("/lang", (acceptLanguage: Header<string>, apiKey?: Header<string, "X-API-Key">) => ({ acceptLanguage, apiKey }));

// `Cookie<T>`: the cookie named after the parameter.
app.get("/session", (session: Cookie<string & tags.MinLength<8>>) => ({ session }));

// An object type is the JSON body; unions are checked member by member.
app.post("/area", (shape: Shape) => ({ area: shape.kind === "circle" ? Math.PI * shape.radius ** 2 : shape.side ** 2 }));

// A model field's `@default` (any JSON value) applies when the field is absent, and is documented.
app.post("/drafts", (draft: Draft) => draft);

// `Body<T>` puts a type in the body that would otherwise be a query parameter.
app.post("/tags", (tags: Body<string[]>) => ({ count: tags.length }));

// `RequestContext`: method, path, raw query, all headers, client address and an abort signal.
app.get("/echo", (ctx: RequestContext) => ({ method: ctx.method, path: ctx.path, query: ctx.query }));
