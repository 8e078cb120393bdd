/**
 * The route manifest: the one data structure that crosses from the transformer to the runtime.
 *
 * The transformer appends one manifest literal to every route registration it recognises
 * (`app.get(path, handler)` becomes `app.get(path, handler, manifest)`). Everything in it was
 * decided at build time; the runtime only reads it once, at registration, to build the route's
 * request plan. The transformer imports these types only, never runtime behaviour.
 */
import type { IValidation } from "@typia/interface";

/** Version of the manifest format; bumped when its shape changes incompatibly. */
export const MANIFEST_VERSION = 1;

/**
 * What the transformer appends in place of a manifest when a registration has a compile error (a
 * TK diagnostic). tsc still emits the file (watch mode, `noEmitOnError` off), so the runtime meets
 * the registration: it refuses it with that error (`TK_RT_BUILD_FAILED`) rather than taking the
 * route for one built without the plugin.
 */
export interface BuildFailure {
  /** The diagnostic: `TK1001 at src/app.ts:3:9: Path parameter ":id" of …`. */
  readonly buildFailure: string;
}

/** The diagnostic `value` carries when it is a {@link BuildFailure}. */
export const buildFailureOf = (value: unknown): string | undefined =>
  typeof value === "object" && value !== null && typeof (value as Partial<BuildFailure>).buildFailure === "string"
    ? (value as BuildFailure).buildFailure
    : undefined;

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete" | "head" | "options";

/** A generated typia validator (`ValidateProgrammer`): collects every failing path. */
export type Validator = (input: unknown) => IValidation<unknown>;

/** A generated typia serializer (`JsonStringifyProgrammer`): writes only declared properties. */
export type Serializer = (input: any) => string;

/**
 * How a wire string (path segment, query value, header, cookie) becomes a typed value before it
 * is validated. Decided from the parameter's type: `number` for numeric types and numeric literal
 * unions, `boolean`, `bigint`, `date` (ISO 8601 text to a `Date`), `string` for strings and string literal unions, and `auto` for a
 * mixed union (a number or boolean when the text reads as one, else the string).
 */
export type Coercion = "string" | "number" | "boolean" | "bigint" | "date" | "auto";

/** Where an input comes from; also the first element of a validation error's `loc`. */
export type InputSource = "path" | "query" | "header" | "cookie" | "body";

interface InputBase {
  /** Position of the handler parameter that receives this input. */
  readonly index: number;
}

/** One value read from the path, the query string, a header or a cookie. */
export interface ScalarInput extends InputBase {
  readonly source: "path" | "query" | "header" | "cookie";
  /** The name on the wire: the path parameter, query key, lower-case header name or cookie name. */
  readonly name: string;
  readonly coerce: Coercion;
  /** The parameter is an array (`?tag=a&tag=b`); only for query and header inputs. */
  readonly array: boolean;
  /** False when the parameter is optional or has a default (the handler's default then applies). */
  readonly required: boolean;
  /** For path inputs: the position of `:name` among the path's parameters (uWS `getParameter`). */
  readonly segment?: number;
  /**
   * For path inputs: the path's trailing `*name`, which takes the rest of the path, `/` included
   * (FastAPI's `{name:path}`); its `segment` is the number of `:name` parameters before it.
   */
  readonly wildcard?: boolean;
  /** Absent when any string is valid (a plain `string` parameter): nothing to check. */
  readonly validate?: Validator;
}

/** A `Query<T>` parameter: an object whose properties are query parameters. */
export interface QueryObjectInput extends InputBase {
  readonly source: "query-object";
  readonly fields: readonly { readonly name: string; readonly coerce: Coercion; readonly array: boolean }[];
  readonly validate: Validator;
  /** The route's `extra: "forbid"`: a query parameter no input of the route declares is a 422 `extra_forbidden`. */
  readonly extra?: "forbid";
}

/** The JSON request body. */
export interface BodyInput extends InputBase {
  readonly source: "body";
  readonly required: boolean;
  /** With the route's `extra: "forbid"`, typia's `validateEquals`: an undeclared property is an error. */
  readonly validate: Validator;
  readonly extra?: "forbid";
  /**
   * The body's property this parameter reads (FastAPI's embedded body: a route with several
   * body parameters, or `Body<T, { embed: true }>`); absent: the whole body.
   */
  readonly embed?: string;
  /** Where the body type holds `Date`s, read from ISO 8601 text before validation; absent when it holds none. */
  readonly dates?: DatePlans;
}

/**
 * The `Date` (or `Set`) positions of a JSON type. Each field applies to a value of its kind: `date` to
 * a string, `items` or `tuple` to an array's elements, `properties` and `values` (every other
 * key, for an index signature) to an object's; `ref` stands for `DatePlans.shared[ref]` (a
 * recursive type). In a set plan, `set` marks an array that is a `Set` in the handler's hands
 * (read into one after validation, written from one as a JSON array); such a plan has no `date`.
 */
export interface DatePlan {
  readonly date?: true;
  readonly set?: true;
  /**
   * In a default plan: per property of an object, the JSON text of the value it gets when it is
   * absent (a model field's default), parsed for each request so that none is shared.
   */
  readonly defaults?: Readonly<Record<string, string>>;
  readonly properties?: Readonly<Record<string, DatePlan>>;
  readonly values?: DatePlan;
  readonly items?: DatePlan;
  /** One plan per tuple position; `{}` where a position holds no Date. */
  readonly tuple?: readonly DatePlan[];
  readonly ref?: number;
}

export interface DatePlans {
  readonly root: DatePlan;
  readonly shared: readonly DatePlan[];
}

/** A value the framework supplies: the request context (method, path, headers, abort signal). */
export interface ContextInput extends InputBase {
  readonly source: "context";
}

/** A per-request object the framework supplies: `ResponseControl` or `BackgroundTasks`. */
export interface SuppliedInput extends InputBase {
  readonly source: "response" | "background";
}

/**
 * The `application/x-www-form-urlencoded` form of OAuth2's password flow (RFC 6749 §4.3.2), for a
 * token route's `OAuth2PasswordForm` parameter.
 */
export interface PasswordFormInput extends InputBase {
  readonly source: "oauth2-password-form";
}


/** One field of a form: text coerced like a query value, or (`file`) uploaded files. */
export interface FormField {
  readonly name: string;
  readonly coerce: Coercion;
  /** Repeated fields (`tag=a&tag=b`) or several files (`File[]`). */
  readonly array: boolean;
  /** A `File` or `File[]` field. */
  readonly file?: boolean;
  /**
   * False for an optional field: an empty value (what a browser sends for an empty input) then
   * counts as absent, as FastAPI treats it.
   */
  readonly required: boolean;
}

/**
 * A `Form<T>` parameter: `application/x-www-form-urlencoded` or `multipart/form-data`, its fields
 * gathered into one object, coerced and validated together. Errors are located at `["body", field]`.
 */
export interface FormInput extends InputBase {
  readonly source: "form";
  readonly fields: readonly FormField[];
  readonly required: boolean;
  readonly validate: Validator;
  /** Declared `Form<T> | Body<T>`: a JSON body of the same type is accepted too. */
  readonly json?: boolean;
}

/** A `File` or `File[]` parameter: the multipart part(s) named after it. */
export interface FileInput extends InputBase {
  readonly source: "file";
  readonly name: string;
  readonly array: boolean;
  readonly required: boolean;
}

/**
 * A `Form<string>` (scalar) parameter: one field of the form, coerced from its text like a query
 * value, as FastAPI's `name: str = Form()`.
 */
export interface FormFieldInput extends InputBase {
  readonly source: "form-field";
  /** The field's name in the form: the parameter's, or the marker's `Name`. */
  readonly name: string;
  readonly coerce: Coercion;
  /** Repeated fields (`tag=a&tag=b`). */
  readonly array: boolean;
  /** False when optional or defaulted: an empty value then counts as absent, as for `Form<T>` fields. */
  readonly required: boolean;
  /** Absent when any text is valid (a plain `string`). */
  readonly validate?: Validator;
}

export type InputManifest =
  ScalarInput | QueryObjectInput | BodyInput | ContextInput | SuppliedInput | PasswordFormInput | FormInput | FileInput | FormFieldInput;

/**
 * How a streamed response is sent: `jsonl` (an async iterable, one serialized item per line),
 * `sse` (an async iterable of `ServerSentEvent<T>`, `serialize` writes `T`), `bytes` (a Node or
 * web readable stream, a `Blob` or a `Uint8Array`) or `file` (a `FileResponse`).
 */
export type ResponseStreamKind = "jsonl" | "sse" | "bytes" | "file";

/** What the handler's return type turns into. */
export interface ResponseManifest {
  /** Status when the route options name none: 200, or 204 for `void`. */
  readonly status: number;
  /** Absent for `void` / `undefined` returns: the response has no body. */
  readonly serialize?: Serializer;
  /**
   * The return type's validator, for a plain JSON response: run before `serialize` only while
   * responses are checked (`App({ validateResponses })`, on outside production), and never on
   * the production path except to explain a serializer that threw.
   */
  readonly validate?: Validator;
  /** Absent for one JSON document; for streams, `serialize` writes one item. */
  readonly stream?: ResponseStreamKind;
  /**
   * The return type holds framework response values (`Reply`, `Text`, `Html`, `Bytes`,
   * `Redirect`): each returned value is checked for them. Absent for plain data.
   */
  readonly special?: boolean;
  /** One entry per `Reply<S, B>` status of the return type, with the serializer of its `B`. */
  readonly variants?: readonly ResponseVariant[];
}

/** A `Reply<S, B>` of the return type: status `S`, and `B`'s serializer (absent for no body or a raw body). */
export interface ResponseVariant {
  readonly status: number;
  readonly serialize?: Serializer;
}

/** The OpenAPI 3.1 fragment of one operation, with the component schemas it refers to. */
export interface OpenApiFragment {
  readonly operation: Record<string, unknown>;
  readonly schemas: Record<string, unknown>;
  /** `components.securitySchemes` entries the operation's `security` names. */
  readonly securitySchemes?: Record<string, unknown>;
  /**
   * The error statuses answered by an `HttpError` the route's code or its dependencies throw
   * (`throw new HttpError(404, …)`, `@throws`, a security scheme's 401/403): the responses an
   * `HttpError` exception handler's declared types replace. Not part of the served document.
   */
  readonly raises?: readonly number[];
}

/**
 * Where an argument of a dependency or of the handler comes from: the input in slot `input`
 * (an `InputManifest.index`), the result of dependency node `node`, or the scopes the route
 * requires (a `SecurityScopes` parameter).
 */
export type ValueRef =
  | { readonly input: number }
  | { readonly node: number }
  | { readonly scopes: readonly string[] };

/** One dependency of a route's graph: called at most once per request (or once per app). */
export interface DependencyNode {
  /** The dependency function, as `use(fn)` named it. */
  readonly fn: (...args: any[]) => unknown;
  /** Its name, for logs. */
  readonly name: string;
  /**
   * `call`: its result (awaited when a promise) is the value. `construct`: a class, called with
   * `new`. A generator's code after `yield` is its teardown (see `scope`).
   */
  readonly kind: "call" | "construct" | "generator" | "async-generator";
  /**
   * `request`: a generator's teardown runs after the response (after a stream's last byte).
   * `function`: before the response, so what it throws is the answer. `app`: created once at
   * start-up, closed at shutdown; its arguments are app-scoped too.
   */
  readonly scope: "request" | "function" | "app";
  /** Its arguments in parameter order; a `node` ref always names an earlier node. */
  readonly args: readonly ValueRef[];
}

/**
 * A route's dependency graph, resolved at build time: nodes in topological order, and the
 * handler's arguments. When present, every `InputManifest.index` is a slot shared by the whole
 * graph rather than a handler parameter position.
 */
export interface DependencyPlan {
  readonly nodes: readonly DependencyNode[];
  /** The handler's arguments, in parameter order. */
  readonly args: readonly ValueRef[];
  /**
   * Nodes run for their effect before the handler's own, results unused: the app's, routers' and
   * route options' dependencies, spliced in at registration (never written by the transformer).
   */
  readonly before?: readonly number[];
}

/**
 * What the transformer appends to a `use(fn)` written outside a parameter list (a router's or
 * app's `dependencies`): the graph of `fn` alone, its last node being `fn` itself, to be spliced
 * into each route it guards.
 */
export interface DependencyManifest {
  readonly inputs: readonly InputManifest[];
  readonly dependencies: DependencyPlan;
  /** JSON text of an {@link OpenApiFragment} holding the parameters, responses and security it adds. */
  readonly openapi: string;
}

export interface RouteManifest {
  readonly version: typeof MANIFEST_VERSION;
  readonly method: HttpMethod;
  /** The path as written in the registration, e.g. `/users/:id`. */
  readonly path: string;
  /** One entry per handler parameter, in parameter order. */
  readonly inputs: readonly InputManifest[];
  readonly response: ResponseManifest;
  /** JSON text of an {@link OpenApiFragment}; parsed only when the document is first served. */
  readonly openapi: string;
  /** Present only for routes that declare `use(…)` dependencies: their graph. */
  readonly dependencies?: DependencyPlan;
}

/**
 * What the transformer appends to `app.onError(Type, handler)` and `router.onError(…)`: how the
 * handler's declared answers are written and documented, read from its return type as a route's.
 */
export interface ErrorHandlerManifest {
  readonly version: typeof MANIFEST_VERSION;
  /**
   * One entry per status of each `Reply<S, B>` member, with `B`'s serializer; status 0 stands for
   * a `Reply<number, B>` (any status, e.g. the caught `HttpError`'s own).
   */
  readonly variants: readonly ResponseVariant[];
  /**
   * JSON text of `{ responses, schemas }`: the OpenAPI responses it answers with, by status
   * (`"default"` for status 0), and the component schemas they refer to. `keeps` is true when the
   * handler may also return nothing (the default answer still happens).
   */
  readonly openapi: string;
}
