import { App, HttpError, type Header, type tags } from "typekiln";

/** An item as the client sends it. */
interface ItemCreate {
  name: string & tags.MinLength<1>;
  price: number & tags.ExclusiveMinimum<0>;
  tags?: string[];
}

interface Item extends ItemCreate {
  id: number;
}

export const app = new App({ title: "Shop", version: "1.0.0" });
const items: Item[] = [];

/** Add an item. */
app.post("/items", { status: 201 }, (item: ItemCreate): Item => {
  const stored = { id: items.length + 1, ...item };
  items.push(stored);
  return stored;
});

/** Read one item. */
app.get("/items/:id", (id: number): Item => {
  const item = items.find((candidate) => candidate.id === id);
  if (item === undefined) throw new HttpError(404, "Item not found");
  return item;
});

/** Search items: `q` and `limit` are query parameters; 10 is the documented default. */
app.get("/items", (q?: string, limit: number & tags.Maximum<100> = 10): Item[] =>
  items.filter((item) => q === undefined || item.name.includes(q)).slice(0, limit),
);

/** Headers are declared with `Header<T>`: `userAgent` reads `user-agent`. */
app.get("/agent", (userAgent: Header<string>) => ({ userAgent }));
