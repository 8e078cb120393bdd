/**
 * Builds one socket's AsyncAPI 3.0 fragment from its path, upgrade parameters, message schemas and
 * JSDoc. Pure data: the socket programmer embeds it as JSON text. A union message type becomes one
 * message per member (named after its component, or its discriminator value), which is how
 * AsyncAPI tools list what a channel carries.
 */
import type { AsyncApiFragment } from "../runtime/contract/socket-manifest";
import type { RouteDoc } from "./jsdoc";

export interface DocumentedUpgradeParameter {
  readonly in: "path" | "query" | "header" | "cookie";
  readonly name: string;
  readonly required: boolean;
  readonly schema: Record<string, unknown>;
  readonly description?: string;
}

type Schema = Record<string, unknown>;

export interface FragmentProps {
  readonly path: string;
  readonly doc: RouteDoc;
  readonly parameters: readonly DocumentedUpgradeParameter[];
  readonly inbound:
    | { readonly format: "json"; readonly schema: Schema; readonly typeName: string }
    | { readonly format: "binary" }
    | { readonly format: "none" };
  readonly outbound?: { readonly schema: Schema; readonly typeName: string };
  readonly components: Record<string, unknown>;
}

const COMPONENT_REF = "#/components/schemas/";

export const buildAsyncApiFragment = (props: FragmentProps): AsyncApiFragment => {
  const { doc } = props;
  const channelId = channelIdOf(props.path);
  const pathParameters = props.parameters.filter((p) => p.in === "path");
  const query = props.parameters.filter((p) => p.in === "query");
  const headers = props.parameters.filter((p) => p.in === "header");
  const channel: Record<string, unknown> = {
    address: props.path.replace(/:([^/]+)/g, "{$1}"),
    ...(doc.summary !== undefined ? { summary: doc.summary } : {}),
    ...(doc.description !== undefined ? { description: doc.description } : {}),
  };
  const names = props.path.split("/").filter((part) => part.startsWith(":")).map((part) => part.slice(1));
  if (names.length > 0) {
    channel.parameters = Object.fromEntries(
      names.map((name) => {
        const documented = pathParameters.find((p) => p.name === name);
        const text = documented?.description ?? (documented ? describeSchema(documented.schema) : undefined);
        return [name, text === undefined ? {} : { description: text }];
      }),
    );
  }
  // The WebSockets binding (0.1.0) documents the upgrade request's query and headers as schemas.
  if (query.length > 0 || headers.length > 0) {
    channel.bindings = {
      ws: {
        method: "GET",
        ...(query.length > 0 ? { query: objectSchema(query) } : {}),
        ...(headers.length > 0 ? { headers: objectSchema(headers) } : {}),
        bindingVersion: "0.1.0",
      },
    };
  }
  if (doc.tags.length > 0) channel.tags = doc.tags.map((name) => ({ name }));

  const inbound =
    props.inbound.format === "json"
      ? messagesOf(props.inbound.schema, props.inbound.typeName, props.components)
      : props.inbound.format === "binary"
        ? { binary: { name: "binary", contentType: "application/octet-stream", payload: { type: "string", format: "binary" } } }
        : {};
  const outbound = props.outbound === undefined ? {} : messagesOf(props.outbound.schema, props.outbound.typeName, props.components);
  return { channelId, channel, inbound, outbound, schemas: asyncApiSchemas(props.components) };
};

/** `/rooms/:room` → `rooms_room`; `/` → `root`. Component ids allow `[A-Za-z0-9._-]`. */
export const channelIdOf = (path: string): string => path.split(/[^A-Za-z0-9]+/).filter(Boolean).join("_") || "root";

const objectSchema = (parameters: readonly DocumentedUpgradeParameter[]): Schema => {
  const required = parameters.filter((p) => p.required).map((p) => p.name);
  return {
    type: "object",
    properties: Object.fromEntries(
      parameters.map((p) => [p.name, toAsyncApiSchema(p.description ? { ...p.schema, description: p.description } : p.schema)]),
    ),
    ...(required.length > 0 ? { required } : {}),
  };
};

const describeSchema = (schema: Schema): string | undefined =>
  typeof schema.description === "string" ? schema.description : undefined;

/** One message per union member; a single message otherwise. */
const messagesOf = (schema: Schema, typeName: string, components: Record<string, unknown>): Record<string, Record<string, unknown>> => {
  const members = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (members === undefined || members.length < 2) {
    const name = safeName(refName(schema) ?? typeName);
    return { [name]: message(name, schema) };
  }
  const resolved = members.map((member) => (refName(member) ? (components[refName(member)!] as Schema | undefined) : member) ?? member);
  const tag = discriminatorOf(resolved);
  const out: Record<string, Record<string, unknown>> = {};
  members.forEach((member, i) => {
    const constant = tag === undefined ? undefined : (resolved[i]!.properties as Record<string, Schema>)[tag]!.const;
    let name = safeName(refName(member) ?? (constant !== undefined ? String(constant) : `${typeName}_${i}`));
    while (name in out) name = `${name}_${i}`;
    out[name] = message(name, member);
  });
  return out;
};

const message = (name: string, payload: Schema): Record<string, unknown> => ({
  name,
  contentType: "application/json",
  payload: toAsyncApiSchema(payload),
});

const refName = (schema: Schema): string | undefined =>
  typeof schema.$ref === "string" && schema.$ref.startsWith(COMPONENT_REF) ? schema.$ref.slice(COMPONENT_REF.length) : undefined;

const safeName = (name: string): string => name.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^_+|_+$/g, "") || "message";

// A property every member fixes to a distinct constant: the union's discriminator.
const discriminatorOf = (members: readonly Schema[]): string | undefined => {
  const first = members[0]?.properties as Record<string, Schema> | undefined;
  if (first === undefined) return undefined;
  return Object.keys(first).find((key) => {
    const values = members.map((member) => (member.properties as Record<string, Schema> | undefined)?.[key]?.const);
    return values.every((value) => value !== undefined) && new Set(values).size === values.length;
  });
};

/** typia writes OpenAPI 3.1 schemas; AsyncAPI's schema takes `discriminator` as a property name. */
export const toAsyncApiSchema = (value: unknown): Schema => convert(value) as Schema;

const convert = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(convert);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === "discriminator" && item !== null && typeof item === "object") {
      const name = (item as { propertyName?: unknown }).propertyName;
      if (typeof name === "string") out[key] = name;
      continue;
    }
    out[key] = convert(item);
  }
  return out;
};

const asyncApiSchemas = (components: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(components).map(([name, schema]) => [name, toAsyncApiSchema(schema)]));
