import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { App, FileResponse } from "typekiln";
import { connect, parseHead, rawGet, sleep } from "../../helpers/raw-http";

// A directory to serve, a secret beside it, and a symlink from inside to outside.
const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), "typekiln-static-"));
const root = path.join(sandbox, "public");
fs.mkdirSync(path.join(root, "docs"), { recursive: true });
fs.writeFileSync(path.join(root, "hello.txt"), "hello, static world\n");
fs.writeFileSync(path.join(root, "docs", "index.html"), "<h1>docs</h1>");
fs.writeFileSync(path.join(root, "data.json"), JSON.stringify({ ok: true }));
fs.writeFileSync(path.join(root, ".env"), "SECRET=1");
fs.writeFileSync(path.join(sandbox, "secret.txt"), "top secret");
fs.symlinkSync(path.join(sandbox, "secret.txt"), path.join(root, "leak.txt"));
const big = Buffer.alloc(3 * 1024 * 1024);
for (let i = 0; i < big.length; i++) big[i] = i % 251;
fs.writeFileSync(path.join(root, "big.bin"), big);

const app = new App({ title: "static" });
app.static("/static", root, { maxAge: 60 });

/** Download the report. */
app.get("/report", (): FileResponse => new FileResponse(path.join(root, "hello.txt"), { filename: "report.txt" }));
app.get("/missing", (): FileResponse => new FileResponse(path.join(root, "nope.txt")));

let port = 0;
let base = "";
beforeAll(async () => {
  ({ port } = await app.listen(0, "127.0.0.1"));
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await app.close();
  fs.rmSync(sandbox, { recursive: true, force: true });
});

describe("FileResponse", () => {
  it("sends the file with its type, length, validators and disposition", async () => {
    const response = await fetch(`${base}/report`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("content-length")).toBe("20");
    expect(response.headers.get("etag")).toMatch(/^W\/"/);
    expect(response.headers.get("last-modified")).toBeTruthy();
    expect(response.headers.get("accept-ranges")).toBe("bytes");
    expect(response.headers.get("content-disposition")).toContain('filename="report.txt"');
    expect(await response.text()).toBe("hello, static world\n");
  });

  it("answers 304 to a matching If-None-Match or If-Modified-Since", async () => {
    const first = await fetch(`${base}/report`);
    const etag = first.headers.get("etag")!;
    const again = await fetch(`${base}/report`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const since = await fetch(`${base}/report`, { headers: { "if-modified-since": first.headers.get("last-modified")! } });
    expect(since.status).toBe(304);
    const stale = await fetch(`${base}/report`, { headers: { "if-none-match": '"other"' } });
    expect(stale.status).toBe(200);
  });

  it("answers a Range request with 206 and the bytes asked for", async () => {
    const response = await fetch(`${base}/report`, { headers: { range: "bytes=7-12" } });
    expect(response.status).toBe(206);
    expect(response.headers.get("content-range")).toBe("bytes 7-12/20");
    expect(response.headers.get("content-length")).toBe("6");
    expect(await response.text()).toBe("static");
  });

  it("answers 416 to a range past the end", async () => {
    const response = await fetch(`${base}/report`, { headers: { range: "bytes=100-200" } });
    expect(response.status).toBe(416);
    expect(response.headers.get("content-range")).toBe("bytes */20");
  });

  it("ignores a range whose If-Range no longer matches", async () => {
    const response = await fetch(`${base}/report`, { headers: { range: "bytes=0-4", "if-range": '"old"' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("hello, static world\n");
  });

  it("answers 404 for a file that is not there", async () => {
    expect((await fetch(`${base}/missing`)).status).toBe(404);
  });

  it("documents the file response, with 206, 304 and 416", () => {
    const paths = app.openapi().paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    expect(Object.keys(paths["/report"]!.get!.responses)).toEqual(expect.arrayContaining(["200", "206", "304", "416"]));
    expect(paths["/static/*"]).toBeUndefined();
  });
});

describe("app.static", () => {
  it("serves a file with its type and cache header", async () => {
    const response = await fetch(`${base}/static/data.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("public, max-age=60");
    expect(await response.json()).toEqual({ ok: true });
  });

  it("serves index.html for a directory", async () => {
    expect(await (await fetch(`${base}/static/docs/`)).text()).toBe("<h1>docs</h1>");
  });

  it("streams a large file intact, and ranges inside it", async () => {
    const whole = Buffer.from(await (await fetch(`${base}/static/big.bin`)).arrayBuffer());
    expect(whole.equals(big)).toBe(true);
    const part = await fetch(`${base}/static/big.bin`, { headers: { range: "bytes=1000000-1999999" } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(big.subarray(1_000_000, 2_000_000))).toBe(true);
  });

  it("streams to a paused reader with backpressure, and every byte arrives once it reads on", async () => {
    const socket = await connect(port);
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.write("GET /static/big.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    await new Promise((resolve) => socket.once("data", resolve));
    socket.pause();
    await sleep(300);
    socket.resume();
    await new Promise((resolve) => socket.once("end", resolve));
    const text = Buffer.concat(chunks);
    const split = text.indexOf("\r\n\r\n");
    expect(parseHead(text.subarray(0, split + 4).toString("latin1"))!.headers["content-length"]).toBe(String(big.length));
    expect(text.subarray(split + 4).equals(big)).toBe(true);
  });

  it("answers HEAD with the length and no body", async () => {
    const response = await fetch(`${base}/static/hello.txt`, { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe("20");
  });

  it.each([
    ["a parent segment", "/static/../secret.txt"],
    ["a parent segment deeper", "/static/docs/../../secret.txt"],
    ["an encoded parent segment", "/static/%2e%2e/secret.txt"],
    ["an encoded slash", "/static/..%2fsecret.txt"],
    ["an encoded backslash", "/static/..%5csecret.txt"],
    ["a backslash", "/static/..\\secret.txt"],
    ["an absolute path", "/static//etc/passwd"],
    ["an encoded absolute path", "/static/%2fetc%2fpasswd"],
    ["a NUL byte", "/static/hello.txt%00.png"],
    ["a dotfile", "/static/.env"],
    ["a symlink out of the directory", "/static/leak.txt"],
    ["a missing file", "/static/nothing.txt"],
  ])("refuses %s with 404", async (_what, target) => {
    const response = await rawGet(port, target);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain("secret");
    expect(response.body).not.toContain("root:");
  });

  it("answers 400 for a malformed escape", async () => {
    expect((await rawGet(port, "/static/%zz")).status).toBe(400);
  });

  it("refuses /static/../package.json, which never reaches the app's files", async () => {
    const response = await rawGet(port, "/static/../package.json");
    expect(response.status).toBe(404);
    expect(response.body).not.toContain("typekiln");
  });
});
