/**
 * The catalogue of compile errors. Codes are stable: a retired code is never reused, and a test
 * keeps this list and docs/errors.md in sync.
 */
import ts from "typescript";

export const DIAGNOSTICS = {
  TK1001: "Path parameter \"{segment}\" of \"{path}\" has no handler parameter named \"{name}\".",
  TK1002: "Handler parameter \"{name}\" is declared Path<…> but \"{path}\" has no \":{name}\" segment.",
  TK1003: "Body parameter \"{name}\" reads the whole body, but \"{first}\" reads one property of it (several body parameters are embedded): write Body<T, { embed: true }> for \"{name}\" too, or read one body.",
  TK1004: "{method} routes take no request body, but parameter \"{name}\" would be read from it.",
  TK1005: "Parameter \"{name}\" cannot be read from the {source}: {reason}",
  TK1006: "The return type cannot be serialized to JSON: {reason}",
  TK1007: "The route path must be a string literal.",
  TK1008: "Parameter \"{name}\" must be a plain identifier (destructured or rest parameters cannot be placed).",
  TK1009: "Parameter \"{name}\" of type {type} cannot be placed: it is not a path, query, header, cookie or body value.",
  TK1010: "The handler must be an arrow function or function expression written in the registration.",
  TK1011: "The request body type of \"{name}\" cannot be validated: {reason}",
  TK1012: "Route options must be an object literal.",
  TK1013: "The {source} type of \"{name}\" has {what} \"{member}\" ({type}): the {source} arrives as plain JSON data, so it would not exist on the value the handler receives. Declare an interface or type alias with the data properties only, and keep the behaviour in functions.",
  TK1014: "typekiln needs strictNullChecks (\"strict\": true in tsconfig.json): without it every type admits null and undefined, so the generated validators and serializers would accept and write values the types do not allow.",
  TK1015: "The {source} type of \"{name}\" holds a Date inside a union of object types ({type}): which member a value belongs to is known only after validation, so which text to read as a date cannot be told. Declare that field string & tags.Format<\"date-time\"> and read it with new Date() in the handler, or give the members one shared Date field.",
  TK1016: "Path \"{path}\": a wildcard takes the rest of the path, so it must be the last segment and be named, as in \"/files/*path\" (FastAPI's {path:path}), with a handler parameter of that name.",
  TK1017: "The {source} type of \"{name}\" holds a Set inside a union with other arrays or object types ({type}): a Set travels as a JSON array, and which member an array belongs to is known only after validation, so which array to read as a Set (or which Set to write) cannot be told. Give the union one array-like member (Set<T> | null is fine), or declare T[] and build the Set in the handler.",
  TK1018: "The default of \"{name}\" cannot be used: {reason}",
  TK1019: "Route option \"extra\" must be the literal \"forbid\" or \"ignore\": it decides at build time which validator is generated and what the document says.",
  // Dependencies and security (feature/di).
  TK1101: "Dependency cycle: {cycle}.",
  TK1102: "use() needs a function the compiler can follow: a function declaration, a const arrow or function expression, a class, or a typekiln security scheme ({reason}).",
  TK1103: "Dependency \"{name}\" cannot be referenced where the route is registered: export it from its module, or declare it in scope of the registration.",
  TK1104: "App-scoped dependency \"{name}\" depends on {what}; an app-scoped dependency may only use other app-scoped dependencies.",
  TK1105: "The {source} parameter \"{name}\" is declared twice in this route's dependencies with different types ({first} and {second}).",
  TK1106: "Security scheme options must be an object literal of literal values: {reason}",
  TK1107: "use() options must be an object literal: { scope: \"request\" | \"function\" | \"app\", scopes: [\"…\"] }; dependency(fn, { scope }) needs one of those scopes as a literal.",
  TK1108: "Generator dependency \"{name}\" closes after the response (scope \"request\"), so it cannot use \"{dependency}\" with scope \"function\", which closes before it.",
  TK1109: "Dependency \"{name}\" is declared with scope \"{declared}\" (dependency(…, { scope })), so use() cannot give it scope \"{used}\": drop the option, and every use gets the one instance its declaration says.",
  TK1201: "The return type answers with status {status} in two ways; each status may have one response type.",
  TK1202: "A Reply or Redirect status must be a number literal type (Reply<404, …>), not {type}.",
  TK1203: "The response type is {type}: nothing is filtered, every property of the returned value is sent (a password hash included). Declare the return type (an interface); to pass arbitrary JSON through on purpose, declare Record<string, unknown> or unknown[].",
  TK1204: "The status set through ResponseControl ({expression}) is not a number literal, so the OpenAPI document does not list it: write a literal (or a conditional of literals), or declare the status in the return type with Reply<S, T>.",
  // WebSockets (app.ws): TK1300–TK1399.
  TK1301: "WebSocket handlers must be an object literal of functions written in the registration.",
  TK1302: "A WebSocket upgrade request has no body, but parameter \"{name}\" would be read from it.",
  TK1303: "The message type of \"{name}\" mixes kinds: declare one of Uint8Array (a copy of each binary frame), ArrayBuffer (the frame lent by uWS) or JSON types.",
  TK1304: "The message type of \"{name}\" cannot be validated: {reason}",
  TK1305: "The outbound message type cannot be serialized to JSON: {reason}",
  TK1306: "Upgrade parameter \"{name}\" is {what}, which a WebSocket upgrade does not supply: read path, query, header and cookie values or the RequestContext, and check credentials in the upgrade handler itself.",
  TK1601: "Parameter \"{name}\" reads a form or files, but \"{other}\" reads the JSON body: a route reads one body (declare Form<T> | Body<T> to take either).",
  TK1602: "A route may have one Form<T> model parameter; \"{name}\" is a second one (\"{first}\" is the first).",
  TK1603: "{method} routes take no request body, but form or file parameter \"{name}\" would be read from it.",
  TK1604: "Form field \"{name}\" cannot be read from a form: {reason}",
  TK1605: "Route option \"upload\" must be an object literal of literal numbers and string arrays: its limits are read at build time and documented.",
  // The install (TK1900–TK1999): reported by the editor plugin on `import … from "typekiln"`.
  TK1901: "typekiln cannot build with this install: {problem}",
  TK1902: "typekiln cannot analyse this file in this editor: {problem}",
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTICS;

/**
 * Codes reported as warnings: the build's output is still right, but probably not what was meant.
 * tsc counts every diagnostic in its exit status, so a warning also fails `tspc` (exit 2, output written).
 */
export const WARNINGS: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>(["TK1203", "TK1204"]);

/**
 * The only error the file visitor turns into a diagnostic; anything else thrown while
 * transforming is a bug and is rethrown.
 */
export class TransformError extends Error {
  readonly code: DiagnosticCode;
  readonly node: ts.Node;

  constructor(props: { code: DiagnosticCode; node: ts.Node; args?: Record<string, string> }) {
    super(formatMessage(props.code, props.args ?? {}));
    this.name = "TransformError";
    this.code = props.code;
    this.node = props.node;
  }
}

const formatMessage = (code: DiagnosticCode, args: Record<string, string>): string =>
  `${DIAGNOSTICS[code].replace(/\{(\w+)\}/g, (_, key: string) => args[key] ?? `{${key}}`)}`;

// Reported under a number above every TypeScript code (theirs end below 100000): TKnnnn is 90nnnn
// (TK1001 → 901001), so compilers print `error TS901001: TK1001: …`, the line VS Code's `$tsc`
// problem matcher reads (it wants `TS` and digits; `TS(TK1001)`, a string code, escaped it).
const NUMERIC_BASE = 900_000;

/** The number a TK code is reported under: TK1001 → 901001. */
export const numericCode = (code: DiagnosticCode): number => NUMERIC_BASE + Number(code.slice(2));

/** The TK code of one of typekiln's diagnostics; `undefined` for any other diagnostic. */
export const tkCodeOf = (diagnostic: ts.Diagnostic): DiagnosticCode | undefined => {
  const code = `TK${diagnostic.code - NUMERIC_BASE}`;
  return diagnostic.source === SOURCE && Object.hasOwn(DIAGNOSTICS, code) ? (code as DiagnosticCode) : undefined;
};

const SOURCE = "typekiln";

/** A diagnostic of `code` at `node`; its message starts with the code, which docs/errors.md explains. */
export const diagnosticAt = (props: {
  code: DiagnosticCode;
  node: ts.Node;
  message: string;
  category?: ts.DiagnosticCategory;
}): ts.Diagnostic => {
  const file = props.node.getSourceFile();
  return {
    category: props.category ?? ts.DiagnosticCategory.Error,
    code: numericCode(props.code),
    file,
    start: props.node.getStart(file),
    length: props.node.getWidth(file),
    messageText: `${props.code}: ${props.message}`,
    source: SOURCE,
  };
};

/** The diagnostic for a TransformError, located at the node that caused it. */
export const toDiagnostic = (error: TransformError): ts.Diagnostic =>
  diagnosticAt({
    code: error.code,
    node: error.node,
    message: error.message,
    category: WARNINGS.has(error.code) ? ts.DiagnosticCategory.Warning : ts.DiagnosticCategory.Error,
  });

/** Reports a warning (a code of `WARNINGS`) and lets the transformation go on. */
export const warn = (
  context: { readonly addDiagnostic: (diagnostic: ts.Diagnostic) => number },
  props: { code: DiagnosticCode; node: ts.Node; args?: Record<string, string> },
): void => {
  context.addDiagnostic(toDiagnostic(new TransformError(props)));
};
