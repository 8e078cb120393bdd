import { App, BackgroundTasks, ResponseControl, redirect, reply, text, type Redirect, type Reply, type Text } from "typekiln";
import type { RouteManifest } from "typekiln/manifest";

// Compiled by the real transformer (ts-jest runs ts-patch with test/tsconfig.json).
interface Item { id: number; name: string }
interface Problem { detail: string }

const app = new App({ logger: false });
app.get("/plain", (): Item => ({ id: 1, name: "a" }));
app.get("/nothing", (): void => undefined);
app.get("/variants", async (id: number): Promise<Item | Reply<404, Problem> | Reply<400 | 422, Problem>> =>
  id > 0 ? { id, name: "a" } : reply(404, { detail: "no" }));
app.post("/only-replies", { status: 201 }, (): Reply<201, Item> | Reply<409> => reply(409));
app.get("/text-or-redirect", (go: boolean): Text | Redirect<302> => (go ? redirect("/x", 302) : text("hi")));
app.post("/supplied", (response: ResponseControl, tasks: BackgroundTasks): Item => {
  response.status = 202;
  tasks.add(() => undefined);
  return { id: 1, name: "a" };
});

const manifest = (path: string): RouteManifest => app.manifests().find((m) => m.path === path)!;
const responses = (path: string) => (JSON.parse(manifest(path).openapi) as { operation: { responses: Record<string, unknown> } }).operation.responses;

describe("response-programmer", () => {
  it("leaves a plain route's manifest as it was: no special flag, no variants", () => {
    // `validate` is the return type's validator, run on results only while responses are checked.
    expect(manifest("/plain").response).toEqual({ status: 200, serialize: expect.any(Function), validate: expect.any(Function) });
    expect(manifest("/nothing").response).toEqual({ status: 204 });
  });

  it("writes one serializer per Reply status, a union of literals giving one each", () => {
    const response = manifest("/variants").response;
    expect(response.special).toBe(true);
    expect(response.status).toBe(200);
    expect(response.variants!.map((v) => v.status)).toEqual([404, 400, 422]);
    const serialize = response.variants![0]!.serialize!;
    expect(serialize({ detail: "x", stack: "secret" } as Problem)).toBe('{"detail":"x"}');
    expect(Object.keys(responses("/variants"))).toEqual(expect.arrayContaining(["200", "400", "404", "422"]));
  });

  it("documents only the declared statuses when every member is a Reply", () => {
    const response = manifest("/only-replies").response;
    expect(response.variants).toEqual([{ status: 201, serialize: expect.any(Function) }, { status: 409 }]);
    expect(responses("/only-replies")["409"]).toEqual({ description: "Client Error" });
  });

  it("documents text at the route status and the redirect under its own", () => {
    const documented = responses("/text-or-redirect") as Record<string, { content?: object; headers?: object }>;
    expect(Object.keys(documented["200"]!.content!)).toEqual(["text/plain"]);
    expect(documented["302"]!.headers).toHaveProperty("Location");
    expect(manifest("/text-or-redirect").response.serialize).toBeUndefined();
  });

  it("marks ResponseControl and BackgroundTasks parameters as supplied inputs, undocumented", () => {
    expect(manifest("/supplied").inputs).toEqual([{ source: "response", index: 0 }, { source: "background", index: 1 }]);
    expect(JSON.parse(manifest("/supplied").openapi).operation.parameters).toBeUndefined();
  });
});
