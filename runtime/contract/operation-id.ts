/**
 * The default `operationId` of a route: `get` + `/users/:id` → `get_users_id`. The transformer
 * writes it into each operation; the runtime writes it again for a route a router's prefix moved
 * (the transformer saw only the path as written). One rule, here, for both.
 */
export const operationIdOf = (method: string, path: string): string =>
  [method, ...path.split(/[^A-Za-z0-9]+/).filter(Boolean)].join("_");

/**
 * The component a request body made of several parameters is documented as (several JSON body
 * parameters, `Form<string>` fields, files): FastAPI's `Body_<operation>`. The runtime renames it
 * with the operationId under a router's prefix.
 */
export const bodySchemaNameOf = (operationId: string): string => `Body_${operationId}`;
