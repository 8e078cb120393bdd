import { readFileSync } from "node:fs";
import path from "node:path";
import { validateOpenApi } from "../helpers/openapi";
import { tempProject, type TempProject } from "../helpers/project";

const APP = `import { App, type Socket, type tags } from "typekiln";

interface ItemCreate {
  name: string & tags.MinLength<1>;
  price: number & tags.ExclusiveMinimum<0>;
}
interface Item extends ItemCreate {
  id: number;
}

export const app = new App({ title: "Shop", version: "2.0.0" });

/** Add an item. */
app.post("/items", { status: 201 }, (item: ItemCreate): Item => ({ id: 1, ...item }));

/** Prices as they change. */
app.ws("/prices", { message: (ws: Socket<{ price: number }>, message: { item: number }) => ws.send({ price: message.item }) });
`;

describe("typekiln openapi", () => {
  let project: TempProject;
  beforeAll(() => {
    project = tempProject({ "src/app.ts": APP });
  });
  afterAll(() => project.remove());

  it("writes the app's OpenAPI document, which the OpenAPI validator accepts, without starting a server", () => {
    const result = project.run("openapi", "--out", "api/openapi.json");
    expect(result.status).toBe(0);
    const document = JSON.parse(readFileSync(path.join(project.dir, "api/openapi.json"), "utf8"));
    expect(document).toMatchObject({ openapi: "3.1.0", info: { title: "Shop", version: "2.0.0" } });
    expect(Object.keys(document.paths)).toEqual(["/items"]);
    expect(document.paths["/items"].post.responses).toHaveProperty("201");
    expect(validateOpenApi(document)).toMatchObject({ valid: true, errors: null });
  });

  it("prints the AsyncAPI document with --asyncapi", () => {
    const result = project.run("openapi", "--asyncapi");
    expect(result.status).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document.asyncapi).toBe("3.0.0");
    expect(Object.values(document.channels as Record<string, { address: string }>).map((channel) => channel.address)).toEqual(["/prices"]);
  });

  it("refuses a module that starts its server when loaded, and says what to export instead", () => {
    project.write("src/main.ts", 'import { app } from "./app";\nvoid app.listen(0);\n');
    const result = project.run("openapi", "src/main.ts");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("typekiln: src/main.ts calls listen() when it is loaded");
  });
});
