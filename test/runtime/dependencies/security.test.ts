import {
  App,
  HttpError,
  Router,
  SecurityScopes,
  apiKey,
  httpBasic,
  httpBearer,
  oauth2Password,
  safeEqual,
  use,
  type OAuth2PasswordForm,
} from "typekiln";
import { validateOpenApi } from "../../helpers/openapi";

const bearer = httpBearer({ bearerFormat: "opaque", description: "A token from /token" });
const basic = httpBasic({ realm: "admin" });
const headerKey = apiKey({ in: "header", name: "X-API-Key" });
const queryKey = apiKey({ in: "query", name: "api_key" });
const cookieKey = apiKey({ in: "cookie", name: "session", schemeName: "sessionCookie" });
const oauth2 = oauth2Password({ tokenUrl: "/token", scopes: { "notes:read": "Read notes", "notes:write": "Write notes" } });
// FastAPI's auto_error=False: no credential gives undefined, and the scheme is still documented.
const maybeBearer = httpBearer({ autoError: false });
const maybeBasic = httpBasic({ autoError: false });
const maybeKey = apiKey({ in: "header", name: "X-Maybe-Key", autoError: false });

const TOKENS: Record<string, { user: string; scopes: string[] }> = {
  "token-ada": { user: "ada", scopes: ["notes:read", "notes:write"] },
  "token-bob": { user: "bob", scopes: ["notes:read"] },
};

function bearerUser(token = use(bearer)): string {
  const found = TOKENS[token];
  if (found === undefined) throw bearer.invalidToken();
  return found.user;
}

function admin(credentials = use(basic)): string {
  const userOk = safeEqual(credentials.username, "admin");
  const passwordOk = safeEqual(credentials.password, "s3cret");
  if (!(userOk && passwordOk)) throw basic.invalid();
  return credentials.username;
}

function oauthUser(security: SecurityScopes, token = use(oauth2)): string {
  const found = TOKENS[token];
  if (found === undefined) throw oauth2.invalidToken();
  security.require(found.scopes);
  return found.user;
}

const app = new App({ title: "Security", logger: false });
app.get("/bearer", (user = use(bearerUser)) => ({ user }));
app.get("/basic", (user = use(admin)) => ({ user }));
app.get("/optional/bearer", (token = use(maybeBearer)) => ({ token: token ?? null }));
app.get("/optional/basic", (credentials = use(maybeBasic)) => ({ user: credentials?.username ?? null }));
app.get("/optional/key", (key = use(maybeKey)) => ({ key: key ?? null }));
app.get("/key/header", (key = use(headerKey)) => ({ key }));
app.get("/key/query", (key = use(queryKey)) => ({ key }));
app.get("/key/cookie", (key = use(cookieKey)) => ({ key }));
app.get("/notes", (user = use(oauthUser, { scopes: ["notes:read"] })) => ({ user }));
app.post("/notes", (user = use(oauthUser, { scopes: ["notes:write"] })) => ({ user }));
app.post("/token", (form: OAuth2PasswordForm) => {
  const token = `token-${form.username}`;
  if (TOKENS[token] === undefined || form.password !== "pw") throw new HttpError(400, "Incorrect username or password");
  return { access_token: token, token_type: "bearer", scopes: form.scopes };
});

// A scheme guarding a whole router: enforced on each route, documented on each operation.
const admin2 = new Router({ prefix: "/admin", dependencies: [use(headerKey)] });
admin2.get("/stats", () => ({ ok: true }));
app.include(admin2);

// The router asks for a user with no scope; its route for `notes:write` on top.
const scoped = new Router({ prefix: "/scoped", dependencies: [use(oauthUser)] });
scoped.post("/notes", (user = use(oauthUser, { scopes: ["notes:write"] })) => ({ user }));
app.include(scoped);

let base = "";
beforeAll(async () => {
  const { port } = await app.listen(0, "127.0.0.1");
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => app.close());

const call = async (path: string, init: RequestInit = {}) => {
  const response = await fetch(base + path, init);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, challenge: response.headers.get("www-authenticate"), body: (await response.json()) as any };
};
const basicHeader = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

describe("HTTP Bearer", () => {
  it("answers 401 with a Bearer challenge without credentials", async () => {
    expect(await call("/bearer")).toEqual({ status: 401, challenge: "Bearer", body: { detail: "Not authenticated" } });
    expect((await call("/bearer", { headers: { authorization: "Basic abc" } })).status).toBe(401);
  });

  it("answers 401 invalid_token for an unknown token and 200 for a known one", async () => {
    const bad = await call("/bearer", { headers: { authorization: "Bearer nope" } });
    expect(bad.status).toBe(401);
    expect(bad.challenge).toBe('Bearer error="invalid_token", error_description="Invalid authentication credentials"');
    expect(await call("/bearer", { headers: { authorization: "Bearer token-ada" } })).toMatchObject({ status: 200, body: { user: "ada" } });
  });
});

describe("optional schemes (autoError: false)", () => {
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(base + path, { headers });
    return [response.status, await response.json()];
  };

  it("give undefined without a credential, or with another scheme's, instead of 401", async () => {
    expect(await get("/optional/bearer")).toEqual([200, { token: null }]);
    expect(await get("/optional/bearer", { authorization: "Basic YTpi" })).toEqual([200, { token: null }]);
    expect(await get("/optional/basic")).toEqual([200, { user: null }]);
    expect(await get("/optional/key")).toEqual([200, { key: null }]);
  });

  it("read the credential when there is one", async () => {
    expect(await get("/optional/bearer", { authorization: "Bearer abc" })).toEqual([200, { token: "abc" }]);
    expect(await get("/optional/basic", { authorization: `Basic ${Buffer.from("ada:pw").toString("base64")}` })).toEqual([200, { user: "ada" }]);
    expect(await get("/optional/key", { "x-maybe-key": "k1" })).toEqual([200, { key: "k1" }]);
  });

  it("are documented like required ones", () => {
    const document = app.openapi() as { components: { securitySchemes: Record<string, unknown> }; paths: Record<string, Record<string, { security?: unknown }>> };
    expect(document.components.securitySchemes.maybeBearer).toEqual({ type: "http", scheme: "bearer" });
    expect(document.components.securitySchemes.maybeKey).toEqual({ type: "apiKey", in: "header", name: "X-Maybe-Key" });
    expect(document.paths["/optional/bearer"]!.get!.security).toEqual([{ maybeBearer: [] }]);
  });
});

describe("HTTP Basic", () => {
  it("answers 401 with the Basic challenge of RFC 7617 without or with wrong credentials", async () => {
    const challenge = 'Basic realm="admin", charset="UTF-8"';
    expect(await call("/basic")).toMatchObject({ status: 401, challenge });
    expect(await call("/basic", { headers: { authorization: basicHeader("admin", "wrong") } })).toMatchObject({ status: 401, challenge });
  });

  it("accepts the right credentials", async () => {
    expect(await call("/basic", { headers: { authorization: basicHeader("admin", "s3cret") } })).toMatchObject({ status: 200, body: { user: "admin" } });
  });
});

describe("API keys", () => {
  it.each([
    ["/key/header", { headers: { "x-api-key": "k1" } }, 'APIKey in="header", name="X-API-Key"'],
    ["/key/query?api_key=k1", {}, 'APIKey in="query", name="api_key"'],
    ["/key/cookie", { headers: { cookie: "session=k1" } }, 'APIKey in="cookie", name="session"'],
  ])("%s accepts its key and answers 401 without it", async (path, init, challenge) => {
    expect(await call(path, init as RequestInit)).toEqual({ status: 200, challenge: null, body: { key: "k1" } });
    expect(await call(path.replace(/\?.*/, ""))).toMatchObject({ status: 401, challenge });
  });
});

describe("OAuth2 password flow", () => {
  it("issues a token from the posted form", async () => {
    const issued = await call("/token", form({ grant_type: "password", username: "ada", password: "pw", scope: "notes:read notes:write" }));
    expect(issued).toMatchObject({ status: 200, body: { access_token: "token-ada", token_type: "bearer", scopes: ["notes:read", "notes:write"] } });
  });

  it("answers 422 for a form without a password and 415 for JSON", async () => {
    const missing = await call("/token", form({ username: "ada" }));
    expect(missing.status).toBe(422);
    expect(missing.body.detail).toEqual([{ type: "missing", loc: ["body", "password"], msg: "Field required", input: null }]);
    const json = await call("/token", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(json.status).toBe(415);
  });

  it("answers 403 insufficient_scope when the token lacks a required scope", async () => {
    expect(await call("/notes", { headers: { authorization: "Bearer token-bob" } })).toMatchObject({ status: 200, body: { user: "bob" } });
    const denied = await call("/notes", { method: "POST", headers: { authorization: "Bearer token-bob" } });
    expect(denied).toMatchObject({ status: 403, challenge: 'Bearer error="insufficient_scope", scope="notes:write"' });
    expect(await call("/notes", { method: "POST", headers: { authorization: "Bearer token-ada" } })).toMatchObject({ status: 200 });
    expect(await call("/notes")).toMatchObject({ status: 401, challenge: "Bearer" });
  });
});

describe("a scheme in a router's dependencies", () => {
  it("guards every route of the router and appears in its operations' security", async () => {
    expect(await call("/admin/stats")).toMatchObject({ status: 401, challenge: 'APIKey in="header", name="X-API-Key"' });
    expect(await call("/admin/stats", { headers: { "x-api-key": "k" } })).toMatchObject({ status: 200, body: { ok: true } });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const operation = (app.openapi() as any).paths["/admin/stats"].get;
    expect(operation.security).toEqual([{ headerKey: [] }]);
    expect(operation.responses).toHaveProperty("401");
  });
});

describe("scopes across a router and its route", () => {
  it("checks the route's scopes even when the router uses the same dependency without them", async () => {
    const denied = await call("/scoped/notes", { method: "POST", headers: { authorization: "Bearer token-bob" } });
    expect(denied.status).toBe(403);
    expect(await call("/scoped/notes", { method: "POST", headers: { authorization: "Bearer token-ada" } })).toMatchObject({ status: 200 });
  });
});

describe("the OpenAPI document", () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const document = () => app.openapi() as any;

  it("lists every scheme in components.securitySchemes", () => {
    expect(document().components.securitySchemes).toEqual({
      bearer: { type: "http", scheme: "bearer", bearerFormat: "opaque", description: "A token from /token" },
      basic: { type: "http", scheme: "basic" },
      headerKey: { type: "apiKey", in: "header", name: "X-API-Key" },
      maybeBasic: { type: "http", scheme: "basic" },
      maybeBearer: { type: "http", scheme: "bearer" },
      maybeKey: { type: "apiKey", in: "header", name: "X-Maybe-Key" },
      queryKey: { type: "apiKey", in: "query", name: "api_key" },
      sessionCookie: { type: "apiKey", in: "cookie", name: "session" },
      oauth2: {
        type: "oauth2",
        flows: { password: { tokenUrl: "/token", scopes: { "notes:read": "Read notes", "notes:write": "Write notes" } } },
      },
    });
  });

  it("names each operation's scheme and scopes in its security, with 401 and 403 documented", () => {
    const { paths } = document();
    expect(paths["/bearer"].get.security).toEqual([{ bearer: [] }]);
    expect(paths["/key/cookie"].get.security).toEqual([{ sessionCookie: [] }]);
    expect(paths["/notes"].get.security).toEqual([{ oauth2: ["notes:read"] }]);
    expect(paths["/notes"].post.security).toEqual([{ oauth2: ["notes:write"] }]);
    expect(Object.keys(paths["/notes"].post.responses)).toEqual(expect.arrayContaining(["401", "403"]));
    expect(paths["/token"].post.requestBody.content).toHaveProperty("application/x-www-form-urlencoded");
    expect(paths["/bearer"].get.parameters).toBeUndefined();
  });

  it("validates as OpenAPI 3.1", () => {
    expect(validateOpenApi(document())).toMatchObject({ valid: true });
  });
});
