import { App, httpBearer, use, type Header } from "typekiln";
import type { RouteManifest } from "typekiln/manifest";

// Compiled by the real transformer: the plans below are what it emitted for these routes.
const bearer = httpBearer();
const tenant = (xTenant: Header<string>): string => xTenant;
function* database(name = use(tenant)): Generator<{ name: string }> {
  yield { name };
}
async function currentUser(token = use(bearer), db = use(database)): Promise<{ token: string; db: string }> {
  return { token, db: db.name };
}
const settings = () => ({ debug: false });

const app = new App();
app.get("/plain", (q?: string) => ({ q }));
app.get(
  "/items/:id",
  (id: number, user = use(currentUser), db = use(database), xTenant?: Header<string>, config = use(settings, { scope: "app" })) =>
    ({ id, user, db: db.name, xTenant, debug: config.debug }),
);

const byPath = (path: string): RouteManifest => app.manifests().find((manifest) => manifest.path === path)!;

describe("dependency plan", () => {
  it("leaves a route without dependencies with no plan at all", () => {
    expect(byPath("/plain")).not.toHaveProperty("dependencies");
  });

  it("orders nodes so each comes after what it consumes, one node per function", () => {
    const plan = byPath("/items/:id").dependencies!;
    expect(plan.nodes.map(({ name, kind, scope, args }) => ({ name, kind, scope, args }))).toEqual([
      { name: "bearer", kind: "call", scope: "request", args: [{ input: 1 }] },
      { name: "tenant", kind: "call", scope: "request", args: [{ input: 2 }] },
      { name: "database", kind: "generator", scope: "request", args: [{ node: 1 }] },
      { name: "currentUser", kind: "call", scope: "request", args: [{ node: 0 }, { node: 2 }] },
      { name: "settings", kind: "call", scope: "app", args: [] },
    ]);
    expect(plan.nodes.map((node) => node.fn)).toEqual([bearer, tenant, database, currentUser, settings]);
    // `xTenant` of the handler reads the slot `tenant` reads.
    expect(plan.args).toEqual([{ input: 0 }, { node: 3 }, { node: 2 }, { input: 2 }, { node: 4 }]);
  });

  it("gives an input read by several functions one slot", () => {
    const inputs = byPath("/items/:id").inputs.map((input) => [input.source, "name" in input ? input.name : "", input.index]);
    expect(inputs).toEqual([
      ["path", "id", 0],
      ["header", "x-tenant", 2],
      ["header", "authorization", 1],
    ]);
  });
});
