import assert from "node:assert/strict";
import { after, test } from "node:test";
import { testClient } from "typekiln";
import { app } from "./app";

const client = testClient(app);
after(() => client.close());

test("finds items by name", async () => {
  await client.post("/items", { json: { name: "blue pen", price: 2 } });
  const res = await client.get("/items", { query: { q: "blue" } });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), [{ id: 1, name: "blue pen", price: 2 }]);
});
