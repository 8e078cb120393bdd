/**
 * Finds route registrations: `x.get|post|…(path, [options], handler)` where the method is
 * declared by typekiln's `App` (recognised by its declaration's file, never by name).
 */
import ts from "typescript";
import type { HttpMethod } from "../runtime/contract/manifest";
import type { TransformContext } from "./context";
import { TransformError } from "./diagnostics";
import { RUNTIME_API } from "./runtime-api";
import { checkWildcard } from "./parameter-classifier";

const METHODS: ReadonlySet<string> = new Set(["get", "post", "put", "patch", "delete", "head", "options"]);
/** Runtime files whose classes register routes. */
const ROUTE_OWNERS: ReadonlySet<string> = new Set(RUNTIME_API.routeOwners);

export interface RouteCall {
  readonly call: ts.CallExpression;
  readonly method: HttpMethod;
  readonly path: string;
  readonly pathNode: ts.Expression;
  readonly options?: ts.ObjectLiteralExpression;
  /** The handler function, followed through an identifier to its declaration. */
  readonly handler: ts.SignatureDeclaration & { readonly body?: ts.Node };
  /** Nodes whose JSDoc documents the route: the registration statement and a named handler. */
  readonly docNodes: readonly ts.Node[];
}

export const recogniseRoute = (context: TransformContext, node: ts.Node): RouteCall | undefined => {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return undefined;
  const method = node.expression.name.text;
  if (!METHODS.has(method)) return undefined;
  const symbol = context.checker.getSymbolAtLocation(node.expression.name);
  const owner = context.api.ownerOf(symbol);
  if (owner === undefined || !ROUTE_OWNERS.has(owner)) return undefined;

  const args = node.arguments;
  const pathNode = args[0];
  if (pathNode === undefined || args.length < 2 || args.length > 3) return undefined;
  if (!ts.isStringLiteralLike(pathNode)) throw new TransformError({ code: "TK1007", node: pathNode });
  checkWildcard(pathNode.text, pathNode);
  const optionsNode = args.length === 3 ? args[1]! : undefined;
  if (optionsNode !== undefined && !ts.isObjectLiteralExpression(optionsNode))
    throw new TransformError({ code: "TK1012", node: optionsNode });
  const handlerNode = args[args.length - 1]!;
  const handler = handlerDeclaration(context, handlerNode);
  return {
    call: node,
    method: method as HttpMethod,
    path: pathNode.text,
    pathNode,
    options: optionsNode,
    handler,
    docNodes: [statementOf(node), handler === handlerNode ? undefined : docHolderOf(handler)].filter(
      (n): n is ts.Node => n !== undefined,
    ),
  };
};

export const handlerDeclaration = (context: TransformContext, node: ts.Expression): RouteCall["handler"] => {
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return node;
  if (ts.isIdentifier(node)) {
    const symbol = context.checker.getSymbolAtLocation(node);
    const target = symbol && symbol.flags & ts.SymbolFlags.Alias ? context.checker.getAliasedSymbol(symbol) : symbol;
    const declaration = target?.valueDeclaration;
    if (declaration !== undefined) {
      if (ts.isFunctionDeclaration(declaration)) return declaration;
      if (
        ts.isVariableDeclaration(declaration) &&
        declaration.initializer !== undefined &&
        (ts.isArrowFunction(declaration.initializer) || ts.isFunctionExpression(declaration.initializer))
      )
        return declaration.initializer;
    }
  }
  throw new TransformError({ code: "TK1010", node });
};

const statementOf = (node: ts.Node): ts.Node | undefined => {
  let current: ts.Node | undefined = node;
  while (current !== undefined && !ts.isExpressionStatement(current)) current = current.parent;
  return current;
};

// A named handler's JSDoc sits on its function or variable statement.
const docHolderOf = (handler: ts.Node): ts.Node | undefined => {
  if (ts.isFunctionDeclaration(handler)) return handler;
  const statement = handler.parent?.parent?.parent;
  return statement !== undefined && ts.isVariableStatement(statement) ? statement : undefined;
};
