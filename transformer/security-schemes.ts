/**
 * Reads a security scheme at build time: `const bearer = httpBearer({ … })` where the factory is
 * declared in runtime/dependencies/security.ts and its options are literals. Gives the OpenAPI security scheme
 * and the one request input the scheme's function reads.
 */
import ts from "typescript";
import type { TransformContext } from "./context";
import { TransformError } from "./diagnostics";
import { literalValue } from "./literal-value";
import { RUNTIME_API } from "./runtime-api";

export interface SecurityScheme {
  /** The key in `components.securitySchemes`: `schemeName`, or the variable's name. */
  readonly name: string;
  readonly document: Record<string, unknown>;
  /** What the scheme's function is called with. */
  readonly input: { readonly source: "header" | "query" | "cookie"; readonly name: string };
  /** OAuth2 schemes carry the route's scopes in `security`; the others an empty list. */
  readonly oauth2: boolean;
}

const FACTORIES: ReadonlySet<string> = new Set(RUNTIME_API.securitySchemes);
const AUTHORIZATION = { source: "header", name: "authorization" } as const;

export const readSecurityScheme = (
  context: TransformContext,
  initializer: ts.Expression,
  variable: string,
): SecurityScheme | undefined => {
  if (!ts.isCallExpression(initializer)) return undefined;
  const symbol = context.checker.getSymbolAtLocation(initializer.expression);
  const factory = context.api.nameOf(symbol);
  if (factory === undefined || !FACTORIES.has(factory)) return undefined;
  const fail = (reason: string) => new TransformError({ code: "TK1106", node: initializer, args: { reason } });
  const argument = initializer.arguments[0];
  const read = argument === undefined ? { ok: true as const, value: {} } : literalValue(argument);
  if (!read.ok || typeof read.value !== "object" || read.value === null) throw fail("write the options inline, with literal values.");
  const options = read.value as Record<string, unknown>;
  const text = (key: string): string | undefined => {
    const value = options[key];
    if (value !== undefined && typeof value !== "string") throw fail(`"${key}" must be a string.`);
    return value;
  };
  const name = text("schemeName") ?? variable;
  const description = text("description");
  const described = description === undefined ? {} : { description };
  switch (factory) {
    case "httpBearer": {
      const bearerFormat = text("bearerFormat");
      return {
        name,
        document: { type: "http", scheme: "bearer", ...(bearerFormat === undefined ? {} : { bearerFormat }), ...described },
        input: AUTHORIZATION,
        oauth2: false,
      };
    }
    case "httpBasic":
      return { name, document: { type: "http", scheme: "basic", ...described }, input: AUTHORIZATION, oauth2: false };
    case "apiKey": {
      const where = text("in");
      const key = text("name");
      if ((where !== "header" && where !== "query" && where !== "cookie") || key === undefined)
        throw fail('apiKey needs in: "header" | "query" | "cookie" and a name.');
      const prefix = text("prefix");
      if (prefix !== undefined && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(prefix)) throw fail('"prefix" must be one word, such as "Token".');
      // OpenAPI's apiKey has no prefix field: the description says what to send (Swagger UI sends the value as typed).
      const told = prefix === undefined ? described
        : { description: [`Send \`${key}: ${prefix} <key>\`.`, description].filter(Boolean).join(" ") };
      return {
        name,
        document: { type: "apiKey", in: where, name: key, ...told },
        input: { source: where, name: where === "header" ? key.toLowerCase() : key },
        oauth2: false,
      };
    }
    default: {
      const tokenUrl = text("tokenUrl");
      if (tokenUrl === undefined) throw fail("oauth2Password needs a tokenUrl.");
      const scopes = options.scopes ?? {};
      if (typeof scopes !== "object" || scopes === null || Object.values(scopes).some((v) => typeof v !== "string"))
        throw fail("scopes must map each scope to its description.");
      return {
        name,
        document: { type: "oauth2", flows: { password: { tokenUrl, scopes } }, ...described },
        input: AUTHORIZATION,
        oauth2: true,
      };
    }
  }
};
