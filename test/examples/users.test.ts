import { app } from "../../examples/users/app";
import { validateOpenApi } from "../helpers/openapi";

let base = "";
beforeAll(async () => {
  const { port } = await app.listen(0, "127.0.0.1");
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => app.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = (response: Response): Promise<any> => response.json();
const post = (path: string, body: string, contentType = "application/json") =>
  fetch(base + path, { method: "POST", headers: { "content-type": contentType }, body });

describe("examples/users", () => {
  it("creates a user with 201 and FastAPI's message", async () => {
    const response = await post("/users/", JSON.stringify({ name: "Ada", email: "ada@example.com", age: 36 }));
    expect(response.status).toBe(201);
    const body = await json(response);
    expect(body).toEqual({
      message: "User Ada created",
      data: { id: expect.any(Number), name: "Ada", email: "ada@example.com", age: 36 },
    });
    const read = await fetch(`${base}/users/${body.data.id}`);
    expect(await json(read)).toEqual(body.data);
  });

  it("answers 422 for {\"name\":1} listing the name and the missing email", async () => {
    const response = await post("/users/", JSON.stringify({ name: 1 }));
    expect(response.status).toBe(422);
    const { detail } = await json(response);
    expect(detail).toEqual([
      { type: "string_type", loc: ["body", "name"], msg: "Input should be a valid string", input: 1 },
      { type: "missing", loc: ["body", "email"], msg: "Field required", input: { name: 1 } },
    ]);
  });

  it("answers 422 json_invalid for {bad", async () => {
    const response = await post("/users/", "{bad");
    expect(response.status).toBe(422);
    const { detail } = await json(response);
    expect(detail).toEqual([expect.objectContaining({ type: "json_invalid", loc: ["body", 1] })]);
  });

  it("answers 404 JSON for an unknown path", async () => {
    const response = await fetch(`${base}/nope`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await json(response)).toEqual({ detail: "Not Found" });
  });

  it("answers 405 with Allow for DELETE /users/", async () => {
    const response = await fetch(`${base}/users/`, { method: "DELETE" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD, POST");
  });

  it("answers 404 with the handler's detail for a user that does not exist", async () => {
    const response = await fetch(`${base}/users/999999`);
    expect(response.status).toBe(404);
    expect(await json(response)).toEqual({ detail: "User not found" });
  });

  it("lists users with query parameters and rejects out-of-range ones", async () => {
    await post("/users/", JSON.stringify({ name: "Grace", email: "grace@example.com" }));
    const listed = await json(await fetch(`${base}/users/?q=Gra&limit=5`));
    expect(listed).toEqual([expect.objectContaining({ name: "Grace" })]);
    const bad = await fetch(`${base}/users/?limit=500`);
    expect(bad.status).toBe(422);
    expect((await json(bad)).detail[0]).toMatchObject({ type: "less_than_equal", loc: ["query", "limit"] });
  });

  it("reads headers by their kebab-case names", async () => {
    const response = await fetch(`${base}/whoami`, {
      headers: { "user-agent": "tests/1.0", "x-request-id": "0b5e4f8a-2d7c-4a8e-9f3a-1c2b3d4e5f60" },
    });
    expect(await json(response)).toEqual({ userAgent: "tests/1.0", requestId: "0b5e4f8a-2d7c-4a8e-9f3a-1c2b3d4e5f60" });
  });

  describe("/openapi.json", () => {
    let document: any;
    beforeAll(async () => {
      document = await json(await fetch(`${base}/openapi.json`));
    });

    it("is a valid OpenAPI 3.1 document", () => {
      const result = validateOpenApi(document);
      expect(result.errors).toBeNull();
      expect(result).toMatchObject({ valid: true, version: "3.1" });
      expect(document.openapi).toMatch(/^3\.1\./);
      expect(document.info).toMatchObject({ title: "Users API", version: "1.0.0" });
    });

    it("describes every route with its parameters, body and responses", () => {
      expect(Object.keys(document.paths).sort()).toEqual(["/users/", "/users/{id}", "/whoami"]);
      const create = document.paths["/users/"].post;
      expect(create.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/UserCreate" });
      expect(create.responses["201"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/UserCreated" });
      expect(create.responses["422"].content["application/json"].schema).toEqual({
        $ref: "#/components/schemas/HTTPValidationError",
      });
      const list = document.paths["/users/"].get;
      expect(list.parameters.map((p: any) => [p.name, p.in, p.required, p.schema.default])).toEqual([
        ["q", "query", false, undefined],
        ["limit", "query", false, 10],
        ["offset", "query", false, 0],
      ]);
      const read = document.paths["/users/{id}"].get;
      expect(read.parameters).toEqual([
        expect.objectContaining({ name: "id", in: "path", required: true, description: "The user's id." }),
      ]);
      expect(read.responses["404"].description).toBe("User not found");
      const whoami = document.paths["/whoami"].get;
      expect(whoami.parameters.map((p: any) => [p.name, p.in, p.required])).toEqual([
        ["user-agent", "header", true],
        ["x-request-id", "header", false],
      ]);
    });

    it("has component schemas for UserCreate and friends, and the error shapes", () => {
      expect(Object.keys(document.components.schemas).sort()).toEqual(
        ["HTTPError", "HTTPValidationError", "User", "UserCreate", "UserCreated", "ValidationError"].sort(),
      );
      expect(document.components.schemas.UserCreate).toMatchObject({
        type: "object",
        required: ["name", "email"],
        properties: { name: { type: "string", minLength: 1 }, email: { type: "string", format: "email" } },
      });
    });
  });

  it("serves Swagger UI and ReDoc from local assets", async () => {
    const swagger = await (await fetch(`${base}/docs`)).text();
    expect(swagger).toContain("/openapi.json");
    const redoc = await (await fetch(`${base}/redoc`)).text();
    const assets = [...`${swagger}${redoc}`.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      expect(asset.startsWith("/")).toBe(true); // never a CDN
      const response = await fetch(base + asset);
      expect([asset, response.status]).toEqual([asset, 200]);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
  });

  it("documents the range a uint32 path parameter is validated against, and the server keeps to it", async () => {
    const document = (await json(await fetch(`${base}/openapi.json`))) as { paths: Record<string, { get: { parameters: { schema: unknown }[] } }> };
    expect(document.paths["/users/{id}"]!.get.parameters[0]!.schema).toEqual({ type: "integer", minimum: 0, maximum: 4294967295 });
    // A tighter Maximum tag keeps its bound.
    const limit = (document.paths["/users/"]!.get.parameters as { name: string; schema: unknown }[]).find((p) => p.name === "limit");
    expect(limit!.schema).toEqual({ type: "integer", minimum: 1, maximum: 100, default: 10 });
    expect((await fetch(`${base}/users/4294967295`)).status).toBe(404); // in range: a user that does not exist
    expect((await fetch(`${base}/users/4294967296`)).status).toBe(422);
  });
});
