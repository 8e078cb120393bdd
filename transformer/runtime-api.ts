/**
 * typekiln's runtime API as the transformer knows it: the symbols that the public entry
 * (`import … from "typekiln"`) exports, by the name they are exported under — as typia finds its
 * own API. Nothing here looks at the file a declaration lives in, so the runtime may move its
 * files freely; a name the transformer relies on is one the entry must keep exporting.
 */
import ts from "typescript";

/** The names the transformer looks for, grouped by what it does with them. */
export const RUNTIME_API = {
  /** Classes whose `get`, `post`, … register HTTP routes. */
  routeOwners: ["App", "Router"],
  /** The method of `routeOwners` that registers an exception handler. */
  onError: "onError",
  /** The class whose `ws` registers a WebSocket route. */
  socketOwner: "App",
  /** Parameter type markers (`Header<T>`, …) and the input each declares. */
  markers: { Header: "header", Cookie: "cookie", Query: "query-object", Body: "body", Path: "path", Form: "form" },
  /** Types the framework supplies to a handler parameter that declares them. */
  supplied: {
    RequestContext: "context",
    ResponseControl: "response",
    BackgroundTasks: "background",
    OAuth2PasswordForm: "oauth2-password-form",
    SecurityScopes: "security-scopes",
  },
  /** The supplied type whose presence makes a route's dependency graph (its required scopes). */
  securityScopes: "SecurityScopes",
  /** `use(fn)`: a dependency. */
  use: "use",
  /** `dependency(fn, { scope })`: a dependency's scope, declared where it is defined. */
  dependency: "dependency",
  /** `throw new HttpError(…)`: a documented status. */
  httpError: "HttpError",
  /** Security scheme factories, read at build time for the OpenAPI document. */
  securitySchemes: ["httpBearer", "httpBasic", "apiKey", "oauth2Password"],
  /** Return values that shape the response. */
  responses: ["Reply", "Text", "Html", "Bytes", "Redirect"],
  fileResponse: "FileResponse",
  serverSentEvent: "ServerSentEvent",
  uploadFile: "File",
} as const;

/** The entry's exports, found in one program. */
export interface RuntimeApi {
  /** The name `symbol` (aliases followed) is exported under, or undefined when it is not typekiln's. */
  nameOf(symbol: ts.Symbol | undefined): string | undefined;
  /** For a member such as `app.get`: the exported name of the class or interface declaring it. */
  ownerOf(symbol: ts.Symbol | undefined): string | undefined;
  /** Whether any file of the program imports typekiln's entry (without it, nothing is typekiln's). */
  importsTypekiln(): boolean;
}

const ENTRY = "typekiln";

/** Reads the entry's exports from every `import`/`export … from "typekiln"` in the program, once. */
export function runtimeApiOf(program: ts.Program, checker: ts.TypeChecker): RuntimeApi {
  let names: Map<ts.Symbol, string> | undefined;
  const resolve = (symbol: ts.Symbol): ts.Symbol => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);

  const table = (): Map<ts.Symbol, string> => {
    if (names !== undefined) return names;
    names = new Map();
    const seen = new Set<ts.Symbol>();
    for (const file of program.getSourceFiles()) {
      for (const statement of file.statements) {
        const specifier = (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) ? statement.moduleSpecifier : undefined;
        if (specifier === undefined || !ts.isStringLiteral(specifier) || specifier.text !== ENTRY) continue;
        const entry = checker.getSymbolAtLocation(specifier);
        if (entry === undefined || seen.has(entry)) continue;
        seen.add(entry);
        for (const exported of checker.getExportsOfModule(entry)) names.set(resolve(exported), exported.name);
      }
    }
    return names;
  };

  const nameOf = (symbol: ts.Symbol | undefined): string | undefined =>
    symbol === undefined ? undefined : table().get(resolve(symbol));

  return {
    nameOf,
    importsTypekiln: () => table().size > 0,
    ownerOf(symbol) {
      if (symbol === undefined) return undefined;
      const parent = resolve(symbol).declarations?.[0]?.parent;
      if (parent === undefined || !(ts.isClassDeclaration(parent) || ts.isInterfaceDeclaration(parent)) || parent.name === undefined) return undefined;
      return nameOf(checker.getSymbolAtLocation(parent.name));
    },
  };
}
