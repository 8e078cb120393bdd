/**
 * A custom token prefix (`Authorization: Token <jwt>`, RealWorld's scheme), which FastAPI apps
 * read with `APIKeyHeader(name="Authorization")` and strip themselves: `apiKey({ prefix })` strips
 * it, answers FastAPI's 401 without it, and documents an apiKey scheme that says what to send.
 */
import { App, apiKey, use } from "typekiln";
import { client, type Client } from "../../helpers/http";
import { validateOpenApi } from "../../helpers/openapi";

const token = apiKey({ in: "header", name: "Authorization", prefix: "Token", description: "A JWT from /users/login." });
const maybeToken = apiKey({ in: "header", name: "Authorization", prefix: "Token", autoError: false, schemeName: "optionalToken" });

const app = new App({ logger: false });
app.get("/user", (jwt = use(token)) => ({ jwt }));
app.get("/articles", (jwt = use(maybeToken)) => ({ jwt: jwt ?? null }));

let http: Client;
beforeAll(async () => {
  http = client((await app.listen(0, "127.0.0.1")).port);
});
afterAll(() => app.close());

const get = async (path: string, authorization?: string) => {
  const answer = await http.request(path, { headers: authorization === undefined ? {} : { authorization } });
  return [answer.status, answer.json, answer.headers.get("www-authenticate")];
};

describe("apiKey({ prefix })", () => {
  it.each(["Token abc.def.ghi", "token abc.def.ghi", "TOKEN  abc.def.ghi "])("reads the key after the prefix: %j", async (header) => {
    expect(await get("/user", header)).toEqual([200, { jwt: "abc.def.ghi" }, null]);
  });

  it.each([undefined, "Bearer abc", "Token", "Token ", "abc"])("answers FastAPI's 401 for %j", async (header) => {
    expect(await get("/user", header)).toEqual([401, { detail: "Not authenticated" }, 'APIKey in="header", name="Authorization"']);
  });

  it("gives undefined instead with autoError: false", async () => {
    expect(await get("/articles")).toEqual([200, { jwt: null }, null]);
    expect(await get("/articles", "Bearer abc")).toEqual([200, { jwt: null }, null]);
    expect(await get("/articles", "Token abc")).toEqual([200, { jwt: "abc" }, null]);
  });

  it("is documented as an apiKey in the header, its description saying what to send", async () => {
    const document = (await http.request("/openapi.json")).json;
    expect(validateOpenApi(document)).toMatchObject({ valid: true });
    expect(document.components.securitySchemes).toEqual({
      token: { type: "apiKey", in: "header", name: "Authorization", description: "Send `Authorization: Token <key>`. A JWT from /users/login." },
      optionalToken: { type: "apiKey", in: "header", name: "Authorization", description: "Send `Authorization: Token <key>`." },
    });
    expect(document.paths["/user"].get.security).toEqual([{ token: [] }]);
  });
});
