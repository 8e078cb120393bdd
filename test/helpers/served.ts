/**
 * An app served on loopback for one test file, with its served OpenAPI document, and the
 * document's own verdict on a value: for tests that check the server and its document agree.
 */
import Ajv2020 from "ajv/dist/2020";
import type { App } from "typekiln";
import { client, expectAlive, type Client } from "./http";

export interface Served {
  readonly http: Client;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly document: any;
}

/** Serves `app` for the file's tests (closed after them, checked alive after each) and reads `/openapi.json` once. */
export function serve(app: App): Served {
  const served = {} as { http: Client; document: unknown };
  beforeAll(async () => {
    served.http = client((await app.listen(0, "127.0.0.1")).port);
    served.document = (await served.http.request("/openapi.json")).json;
  });
  afterAll(() => app.close());
  afterEach(() => expectAlive(served.http.port));
  return served as Served;
}

/**
 * Whether the document takes `value` for `schema` (inline or a `$ref` into its components), by ajv's
 * JSON Schema 2020-12, OpenAPI 3.1's dialect. Formats are annotations here, as in `responseErrors`
 * (ajv knows none without a plugin, and warned of each `int32` on every call).
 */
export const documentAccepts = (document: { components?: unknown }, schema: object, value: unknown): boolean =>
  new Ajv2020({ strict: false, validateFormats: false }).validate({ ...schema, components: document.components }, value);

/** The JSON request body schema of an operation. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const requestBodySchema = (document: any, path: string, method = "post"): object =>
  document.paths[path][method].requestBody.content["application/json"].schema;
