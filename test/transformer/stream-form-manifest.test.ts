import { Readable } from "node:stream";
import { App, FileResponse, type Body, type File, type Form, type ServerSentEvent, type tags } from "typekiln";
import type { FormInput } from "typekiln/manifest";

// Compiled by the real transformer: what it writes into the manifests of form, file and stream routes.
interface Listing {
  title: string & tags.MinLength<1>;
  price: number;
  tags?: string[];
  photos?: File[];
}
interface Item {
  id: number;
}

const app = new App({ title: "manifests" });
app.post("/listings", { upload: { fileSize: 2 * 1024 * 1024, types: ["image/png"] } }, (listing: Form<Listing>, cover: File) => listing.title + cover.name);
app.post("/either", (item: Form<Item> | Body<Item>) => item);
app.get("/items.jsonl", async function* (): AsyncGenerator<Item> { yield { id: 1 }; });
app.get("/events", async function* (): AsyncGenerator<ServerSentEvent<Item>> { yield { data: { id: 1 } }; });
app.get("/bytes", (): Readable => Readable.from(["x"]));
app.get("/file", (): FileResponse => new FileResponse("x"));
// What a FileResponse route can send, read from the body: a literal contentType, a literal path's extension, else */*.
app.get("/report", (): FileResponse => new FileResponse("reports/q3.pdf"));
app.get("/export", (format: "csv" | "png"): FileResponse =>
  format === "csv" ? new FileResponse("/tmp/export", { contentType: "text/csv; charset=utf-8" }) : new FileResponse("chart.png"));
app.get("/upload/:name", (name: string): FileResponse => new FileResponse(`/srv/${name}`));
app.get("/plain", (): Item => ({ id: 1 }));

const manifest = (path: string) => app.manifests().find((m) => m.path === path)!;

describe("form and stream manifests", () => {
  it("lists a form's fields with their coercion, files marked, and a File parameter", () => {
    const [form, file] = manifest("/listings").inputs;
    expect(form).toEqual(expect.objectContaining({
      source: "form",
      index: 0,
      required: true,
      fields: [
        { name: "title", coerce: "string", array: false, required: true },
        { name: "price", coerce: "number", array: false, required: true },
        { name: "tags", coerce: "string", array: true, required: false },
        { name: "photos", coerce: "string", array: true, file: true, required: false },
      ],
    }));
    expect(typeof (form as FormInput).validate).toBe("function");
    expect(file).toEqual({ source: "file", index: 1, name: "cover", array: false, required: true });
  });

  it("marks Form<T> | Body<T> as accepting JSON", () => {
    expect(manifest("/either").inputs[0]).toEqual(expect.objectContaining({ source: "form", json: true }));
  });

  it("names the stream kind, with the item's serializer for JSON Lines and events", () => {
    expect(manifest("/items.jsonl").response).toEqual({ status: 200, serialize: expect.any(Function), stream: "jsonl" });
    expect(manifest("/items.jsonl").response.serialize!({ id: 1, extra: 2 })).toBe('{"id":1}');
    expect(manifest("/events").response.stream).toBe("sse");
    expect(manifest("/events").response.serialize!({ id: 2 })).toBe('{"id":2}');
    expect(manifest("/bytes").response).toEqual({ status: 200, stream: "bytes" });
    expect(manifest("/file").response).toEqual({ status: 200, stream: "file" });
    expect(manifest("/plain").response.stream).toBeUndefined();
  });

  it("documents the media types a FileResponse route can send", () => {
    const content = (path: string) => {
      const success = JSON.parse(manifest(path).openapi).operation.responses["200"];
      return [Object.keys(success.content), success.description];
    };
    expect(content("/report")).toEqual([["application/pdf"], "The file; Range requests answer 206"]);
    expect(content("/export")).toEqual([["text/csv", "image/png"], "The file; Range requests answer 206"]);
    // No extension: what the runtime sends, application/octet-stream.
    expect(content("/file")).toEqual([["application/octet-stream"], "The file; Range requests answer 206"]);
    expect(content("/upload/:name")).toEqual([["*/*"], "The file; Range requests answer 206; its media type is known only when it is sent"]);
  });

  it("documents the upload limits read from the literal options", () => {
    const { operation, schemas } = JSON.parse(manifest("/listings").openapi);
    const multipart = operation.requestBody.content["multipart/form-data"];
    expect(multipart.encoding).toEqual({ photos: { contentType: "image/png" }, cover: { contentType: "image/png" } });
    // A form model with File parameters beside it is one body, FastAPI's Body_<operation>.
    expect(multipart.schema).toEqual({ $ref: "#/components/schemas/Body_post_listings" });
    const schema = schemas.Body_post_listings;
    expect(schema.properties.photos).toEqual({ type: "array", items: { type: "string", format: "binary" } });
    expect(schema.required).toEqual(["title", "price", "cover"]);
    expect(operation.requestBody.description).toContain(`at most ${2 * 1024 * 1024} bytes each`);
  });
});
