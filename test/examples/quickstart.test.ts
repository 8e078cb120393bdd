import { app } from "../../examples/quickstart/app";

let base = "";
beforeAll(async () => {
  const { port } = await app.listen(0, "127.0.0.1");
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => app.close());

describe("examples/quickstart (shown in README)", () => {
  it("adds, reads and searches items", async () => {
    const created = await fetch(`${base}/items`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "kiln", price: 10 }),
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ id: 1, name: "kiln", price: 10 });
    expect(await (await fetch(`${base}/items/1`)).json()).toEqual({ id: 1, name: "kiln", price: 10 });
    expect(await (await fetch(`${base}/items?q=ki`)).json()).toEqual([{ id: 1, name: "kiln", price: 10 }]);
    expect((await fetch(`${base}/items/2`)).status).toBe(404);
  });

  it("rejects a price that is not positive", async () => {
    const response = await fetch(`${base}/items`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "free", price: 0 }),
    });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { detail: { type: string }[] }).detail[0]!.type).toBe("greater_than");
  });

  it("reads the user agent header", async () => {
    const response = await fetch(`${base}/agent`, { headers: { "user-agent": "readme/1" } });
    expect(await response.json()).toEqual({ userAgent: "readme/1" });
  });
});
