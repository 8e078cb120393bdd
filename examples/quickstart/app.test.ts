import { afterAll, describe, expect, it } from "@jest/globals";
import { testClient } from "typekiln";
import { app } from "./app";

const client = testClient(app);
afterAll(() => client.close());

describe("the shop", () => {
  it("creates an item and reads it back", async () => {
    const created = await client.post("/items", { json: { name: "pen", price: 1.5 } });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const res = await client.get(`/items/${id}`);
    expect(await res.json()).toEqual({ id, name: "pen", price: 1.5 });
  });

  it("answers 422 with every invalid field", async () => {
    const res = await client.post("/items", { json: { name: "", price: 0 } });
    expect(res.status).toBe(422);
    const { detail } = (await res.json()) as { detail: { loc: string[] }[] };
    expect(detail.map((error) => error.loc)).toEqual([["body", "name"], ["body", "price"]]);
  });
});
