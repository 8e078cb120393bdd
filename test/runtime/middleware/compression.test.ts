import zlib from "node:zlib";
import { App, ResponseControl, bytes, compression, type Body, type Bytes } from "typekiln";
import { request } from "../../helpers/node-http";

interface Row { id: number; name: string }
const rows: Row[] = Array.from({ length: 200 }, (_, id) => ({ id, name: `row number ${id}` }));
const expected = JSON.stringify(rows);

let port = 0;
const app = new App({ logger: false });
beforeAll(async () => {
  app.use(compression());
  app.get("/rows", (): Row[] => rows);
  app.get("/small", () => ({ ok: true }));
  app.delete("/rows", (): void => undefined);
  app.post("/echo", (text: Body<string>) => text);
  app.get("/pre-encoded", (response: ResponseControl): Bytes => {
    response.header("content-encoding", "gzip");
    return bytes(zlib.gzipSync(expected), "application/json");
  });
  app.get("/image", (): Bytes => bytes(new Uint8Array(4096).fill(7), "image/png"));
  ({ port } = await app.listen(0, "127.0.0.1"));
});
afterAll(() => app.close());

const get = (acceptEncoding: string | undefined, path = "/rows", method = "GET") =>
  request(port, { method, path, headers: acceptEncoding === undefined ? {} : { "accept-encoding": acceptEncoding } });

describe("compression()", () => {
  it("prefers brotli and the decompressed body equals the original", async () => {
    const res = await get("gzip, deflate, br");
    expect(res.headers["content-encoding"]).toBe("br");
    expect(res.headers.vary).toBe("Accept-Encoding");
    expect(res.body.length).toBeLessThan(expected.length / 3);
    expect(zlib.brotliDecompressSync(res.body).toString()).toBe(expected);
  });

  it("honours q-values: gzip when brotli is ranked lower", async () => {
    const res = await get("br;q=0.5, gzip;q=0.9");
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(res.body).toString()).toBe(expected);
  });

  it("sends identity when the client asks for it, refuses br with q=0, or sends no Accept-Encoding", async () => {
    for (const accept of ["identity", undefined, "br;q=0, identity"]) {
      const res = await get(accept);
      expect(res.headers["content-encoding"]).toBeUndefined();
      expect(res.headers.vary).toBe("Accept-Encoding");
      expect(res.body.toString()).toBe(expected);
    }
    const gzipOnly = await get("br;q=0, gzip");
    expect(gzipOnly.headers["content-encoding"]).toBe("gzip");
  });

  it("leaves bodies under the threshold alone", async () => {
    const res = await get("br, gzip", "/small");
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.body.toString()).toBe('{"ok":true}');
  });

  it("skips HEAD and 204", async () => {
    const head = await get("br", "/rows", "HEAD");
    expect(head.headers["content-encoding"]).toBeUndefined();
    expect(head.headers["content-length"]).toBe(String(expected.length));
    const empty = await get("br", "/rows", "DELETE");
    expect(empty.status).toBe(204);
    expect(empty.headers["content-encoding"]).toBeUndefined();
  });

  it("never encodes a body twice, nor an incompressible media type", async () => {
    const pre = await get("br, gzip", "/pre-encoded");
    expect(pre.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(pre.body).toString()).toBe(expected);
    const image = await get("br, gzip", "/image");
    expect(image.headers["content-encoding"]).toBeUndefined();
    expect(image.body.length).toBe(4096);
  });

  it("compresses multi-byte text and keeps it intact", async () => {
    const text = "żółć ".repeat(1000);
    const res = await request(port, {
      method: "POST", path: "/echo", headers: { "content-type": "application/json", "accept-encoding": "gzip" }, body: JSON.stringify(text),
    });
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(JSON.parse(zlib.gunzipSync(res.body).toString())).toBe(text);
  });
});
