/**
 * The transformer builds each manifest as a value of the contract's type (`Emitted<RouteManifest>`)
 * and `manifestLiteral` writes it as code: evaluating that code gives the same manifest back, with
 * each generated piece of code in its place. The type is what keeps the transformer in step with
 * the contract: a misspelt, missing or mistyped field does not compile (the `@ts-expect-error`
 * lines below fail the suite if they ever compile).
 */
import ts from "typescript";
import type { RouteManifest, SocketManifest } from "typekiln/manifest";
import { Code, manifestLiteral, type Emitted, type EmittedValue } from "../../transformer/manifest-literal";

const f = ts.factory;

/** The code `manifestLiteral` writes, run with `validateUser` and `serializeUser` in scope. */
const evaluate = (value: EmittedValue, scope: Record<string, unknown>): unknown => {
  const file = ts.createSourceFile("manifest.js", "", ts.ScriptTarget.ES2022, false, ts.ScriptKind.JS);
  const text = ts.createPrinter().printNode(ts.EmitHint.Expression, manifestLiteral(value), file);
  return new Function(...Object.keys(scope), `return (${text});`)(...Object.values(scope));
};

const validateUser = (input: unknown) => ({ success: true as const, data: input, errors: [] });
const serializeUser = (input: unknown) => JSON.stringify(input);

describe("manifestLiteral", () => {
  it("writes a route manifest that evaluates to the same manifest, code in its place", () => {
    const emitted: Emitted<RouteManifest> = {
      version: 1,
      method: "post",
      path: "/users/:id",
      inputs: [
        { source: "path", index: 0, name: "id", coerce: "number", array: false, required: true, segment: 0, validate: new Code(f.createIdentifier("validateUser")) },
        { source: "body", index: 1, required: true, validate: new Code(f.createIdentifier("validateUser")) },
        { source: "query", index: 2, name: "tag", coerce: "string", array: true, required: false, validate: undefined },
      ],
      response: { status: -1, serialize: new Code(f.createIdentifier("serializeUser")), special: true, variants: [{ status: 404 }] },
      openapi: JSON.stringify({ operation: { summary: "say \"hi\"\n" }, schemas: {} }),
      dependencies: undefined,
    };
    const manifest = evaluate(emitted, { validateUser, serializeUser });
    expect(manifest).toStrictEqual({
      version: 1,
      method: "post",
      path: "/users/:id",
      inputs: [
        { source: "path", index: 0, name: "id", coerce: "number", array: false, required: true, segment: 0, validate: validateUser },
        { source: "body", index: 1, required: true, validate: validateUser },
        { source: "query", index: 2, name: "tag", coerce: "string", array: true, required: false },
      ],
      response: { status: -1, serialize: serializeUser, special: true, variants: [{ status: 404 }] },
      openapi: "{\"operation\":{\"summary\":\"say \\\"hi\\\"\\n\"},\"schemas\":{}}",
    });
  });

  it("leaves out a field whose value is undefined, as the contract's optional fields are", () => {
    const emitted: Emitted<SocketManifest> = {
      version: 1, kind: "ws", path: "/chat", upgrade: [], inbound: { format: "binary", lent: undefined }, serialize: undefined, asyncapi: "{}",
    };
    const manifest = evaluate(emitted, {}) as Record<string, unknown>;
    expect(Object.keys(manifest)).toEqual(["version", "kind", "path", "upgrade", "inbound", "asyncapi"]);
    expect(manifest.inbound).toStrictEqual({ format: "binary" });
  });

  it("types every field against the contract", () => {
    const code = new Code(f.createIdentifier("validateUser"));
    const response = { status: 200 };
    // @ts-expect-error: a field the contract does not have
    const extra: Emitted<RouteManifest> = { version: 1, method: "get", path: "/", inputs: [], response, openapi: "{}", summary: "" };
    // @ts-expect-error: a field the contract requires is missing
    const missing: Emitted<RouteManifest> = { version: 1, method: "get", path: "/", inputs: [], response };
    // @ts-expect-error: generated code where the contract has data
    const mistyped: Emitted<RouteManifest> = { version: 1, method: "get", path: "/", inputs: [], response, openapi: code };
    // @ts-expect-error: data where the contract has a function
    const data: Emitted<RouteManifest> = { version: 1, method: "get", path: "/", inputs: [], response: { status: 200, serialize: "x" }, openapi: "{}" };
    // @ts-expect-error: an input source the contract does not know
    const source: Emitted<RouteManifest> = { version: 1, method: "get", path: "/", inputs: [{ source: "session", index: 0 }], response, openapi: "{}" };
    expect([extra, missing, mistyped, data, source]).toHaveLength(5);
  });
});
