/**
 * Marker types that tell the transformer where a handler parameter comes from. Each is a plain
 * alias of the value's own type, so the handler sees `string`, `number`, … and the transformer
 * reads the marker from the parameter's declared type (recognised by this file, not by name).
 */

/**
 * A request header. The parameter's camelCase name becomes the kebab-case header name unless
 * `Name` gives one.
 *
 * @example
 * app.get("/me", (authorization: Header<string>, xRequestId?: Header<string>) => ({ authorization }));
 */
export type Header<T, Name extends string = never> = T;

/**
 * A request cookie, named after the parameter unless `Name` gives one.
 *
 * @example
 * app.get("/session", (session: Cookie<string>) => ({ session }));
 */
export type Cookie<T, Name extends string = never> = T;

/**
 * An object whose properties are query parameters, validated together.
 *
 * @example
 * interface Page { limit?: number; offset?: number }
 * app.get("/items", (page: Query<Page>) => page);
 */
export type Query<T extends object> = T;

/**
 * The JSON request body, for a type the rules would otherwise not place in the body.
 * `Body<T, { embed: true }>` reads it from the body's property named after the parameter
 * (FastAPI's `Body(embed=True)`), as every body parameter is read when a route has several.
 *
 * @example
 * app.post("/tags", (tags: Body<string[]>) => tags.length);
 * app.put("/items/:id", (id: number, item: Body<Item, { embed: true }>) => item); // {"item": {...}}
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export type Body<T, Options extends { readonly embed?: boolean } = { embed: false }> = T;

/**
 * A path parameter, for a handler parameter that must come from the path: the transformer
 * reports an error when the path has no `:name` segment for it. Plain parameters named like a
 * segment are path parameters already.
 *
 * @example
 * app.get("/files/:name", (name: Path<string>) => ({ name }));
 */
export type Path<T> = T;

/**
 * A form body: `application/x-www-form-urlencoded` or `multipart/form-data`. Each property of `T`
 * is one form field, coerced from text like a query value (numbers, booleans, arrays from
 * repeated fields); `File` and `File[]` properties take uploaded files. Declare
 * `Form<T> | Body<T>` to accept a JSON body of the same type too.
 *
 * `Form<string>` (a scalar, a literal union or an array of them) is one field of the form, named
 * after the parameter unless `Name` gives one, as FastAPI's `username: str = Form()`: a route may
 * take several, beside `File` parameters and a `Form<T>` model (all read from one form).
 *
 * @example
 * interface Signup { name: string; age: number; avatar?: File }
 * app.post("/signup", (form: Form<Signup>) => ({ name: form.name, bytes: form.avatar?.size ?? 0 }));
 * app.post("/login", (username: Form<string>, password: Form<string>) => ({ username }));
 */
export type Form<T, Name extends string = never> = T;
