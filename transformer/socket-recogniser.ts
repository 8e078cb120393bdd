/**
 * Finds WebSocket registrations: `x.ws(path, { upgrade, open, message, drain, close }, options?)`
 * where `ws` is declared by typekiln's `App` (recognised by its declaration's file). The outbound
 * type is read from the call's resolved signature (`SocketRoute<Out>`), so it may come from an
 * explicit type argument or be inferred from a `Socket<Out>` parameter annotation.
 */
import ts from "typescript";
import type { TransformContext } from "./context";
import { TransformError } from "./diagnostics";
import { handlerDeclaration, type RouteCall } from "./route-recogniser";
import { RUNTIME_API } from "./runtime-api";

const HANDLER_NAMES = ["upgrade", "open", "message", "drain", "close"] as const;
type HandlerName = (typeof HANDLER_NAMES)[number];
type Handler = RouteCall["handler"];

export interface SocketCall {
  readonly call: ts.CallExpression;
  readonly path: string;
  readonly pathNode: ts.Expression;
  readonly handlers: Partial<Record<HandlerName, Handler>>;
  /** `Out` of `SocketRoute<Out>`; undefined when it resolved to `never` (the socket sends nothing). */
  readonly outType: ts.Type | undefined;
  /** Where an outbound type error is reported. */
  readonly outNode: ts.Node;
  /** The registration statement, whose JSDoc documents the channel. */
  readonly docNodes: readonly ts.Node[];
}

export const recogniseSocket = (context: TransformContext, node: ts.Node): SocketCall | undefined => {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return undefined;
  if (node.expression.name.text !== "ws") return undefined;
  const symbol = context.checker.getSymbolAtLocation(node.expression.name);
  if (context.api.ownerOf(symbol) !== RUNTIME_API.socketOwner) return undefined;

  const [pathNode, handlersNode] = node.arguments;
  if (pathNode === undefined || handlersNode === undefined || node.arguments.length > 3) return undefined;
  if (!ts.isStringLiteralLike(pathNode)) throw new TransformError({ code: "TK1007", node: pathNode });
  if (!ts.isObjectLiteralExpression(handlersNode)) throw new TransformError({ code: "TK1301", node: handlersNode });

  const handlers: Partial<Record<HandlerName, Handler>> = {};
  for (const property of handlersNode.properties) {
    const name = property.name !== undefined && ts.isIdentifier(property.name) ? property.name.text : undefined;
    if (name === undefined || !(HANDLER_NAMES as readonly string[]).includes(name))
      throw new TransformError({ code: "TK1301", node: property });
    handlers[name as HandlerName] = handlerOf(context, property);
  }
  const statement = docHolderOf(node);
  return {
    call: node,
    path: pathNode.text,
    pathNode,
    handlers,
    outType: outTypeOf(context, node),
    outNode: handlers.message ?? handlers.open ?? node,
    docNodes: statement === undefined ? [] : [statement],
  };
};

const handlerOf = (context: TransformContext, property: ts.ObjectLiteralElementLike): Handler => {
  if (ts.isMethodDeclaration(property)) return property;
  if (ts.isPropertyAssignment(property)) return handlerDeclaration(context, property.initializer);
  if (ts.isShorthandPropertyAssignment(property)) {
    const declaration = context.checker.getShorthandAssignmentValueSymbol(property)?.valueDeclaration;
    if (declaration !== undefined && ts.isFunctionDeclaration(declaration)) return declaration;
    if (declaration !== undefined && ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined)
      return handlerDeclaration(context, declaration.initializer);
    throw new TransformError({ code: "TK1010", node: property });
  }
  throw new TransformError({ code: "TK1301", node: property });
};

// `ws<Out, Data, In>(…): SocketRoute<Out>`: the resolved signature's return type carries `Out`,
// whether written as a type argument or inferred from the handlers.
const outTypeOf = (context: TransformContext, call: ts.CallExpression): ts.Type | undefined => {
  const { checker } = context;
  const signature = checker.getResolvedSignature(call);
  if (signature === undefined) return undefined;
  const returned = checker.getReturnTypeOfSignature(signature);
  const out = ((returned as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) !== 0
    ? checker.getTypeArguments(returned as ts.TypeReference)[0]
    : undefined;
  return out === undefined || out.flags & ts.TypeFlags.Never ? undefined : out;
};

// `app.ws(…);` or `export const chat = app.ws(…);`: the JSDoc sits on the statement.
const docHolderOf = (node: ts.Node): ts.Node | undefined => {
  let current: ts.Node | undefined = node.parent;
  while (current !== undefined && !ts.isExpressionStatement(current) && !ts.isVariableStatement(current)) {
    if (ts.isBlock(current) || ts.isSourceFile(current)) return undefined;
    current = current.parent;
  }
  return current;
};
