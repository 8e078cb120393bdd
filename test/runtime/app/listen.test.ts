/**
 * `listen()` holds its port alone: a second app or process on the same port gets a start-up error
 * naming the port (the example server exits 1 with it), unless every one of them asks to share
 * it with `reusePort: true`.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { App } from "typekiln";
import { compileFiles, ROOT } from "../../helpers/compile";
import { NODE_REUSES_PORTS, TRANSPORT } from "../../helpers/transport";

/** uWS shares ports everywhere; node:http from Node 22.12. */
const SHARES_PORTS = TRANSPORT === "uws" || NODE_REUSES_PORTS;

const appOn = (name: string): App => {
  const app = new App({ logger: false });
  app.get("/who", () => ({ name }));
  return app;
};

/** A port nothing listens on right now. */
const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

const SERVE = "examples/serve.ts";
const OUT = path.join(ROOT, "dist-fixtures");

beforeAll(() => {
  // The example server and the app it serves, as `npm start` runs them.
  const { outputs, diagnostics } = compileFiles([SERVE, "examples/port-setting.ts", "examples/users/app.ts"]);
  expect(diagnostics).toEqual([]);
  for (const [source, text] of outputs) {
    const file = path.join(OUT, source.replace(/\.ts$/, ".js"));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
});

describe("listen", () => {
  it("refuses a port another app holds, naming the port", async () => {
    const first = appOn("first");
    const { port } = await first.listen(0, "127.0.0.1");
    try {
      const second = appOn("second");
      await expect(second.listen(port, "127.0.0.1")).rejects.toMatchObject({
        code: "TK_RT_LISTEN_FAILED",
        message: expect.stringContaining(`port ${port} is in use`),
      });
      const response = await fetch(`http://127.0.0.1:${port}/who`);
      expect(await response.json()).toEqual({ name: "first" });
    } finally {
      await first.close();
    }
  });

  (SHARES_PORTS ? it : it.skip)("refuses to share a port even when only the second app asks to", async () => {
    const first = appOn("first");
    const { port } = await first.listen(0, "127.0.0.1");
    try {
      await expect(appOn("second").listen(port, "127.0.0.1", { reusePort: true })).rejects.toMatchObject({ code: "TK_RT_LISTEN_FAILED" });
    } finally {
      await first.close();
    }
  });

  (SHARES_PORTS ? it.skip : it)("refuses reusePort where node:http cannot share a port, naming what it needs", async () => {
    const app = appOn("first");
    await expect(app.listen(await freePort(), "127.0.0.1", { reusePort: true })).rejects.toMatchObject({
      code: "TK_RT_REUSE_PORT_UNSUPPORTED",
      message: expect.stringContaining(`Node 22.12 or later (this is Node ${process.versions.node})`),
    });
    // Nothing was bound: the app can listen without the option.
    const { port } = await app.listen(0, "127.0.0.1");
    expect(port).toBeGreaterThan(0);
    await app.close();
  });

  (SHARES_PORTS ? it : it.skip)("shares a port between apps that all pass reusePort", async () => {
    const first = appOn("first");
    const second = appOn("second");
    // A port the kernel picked for `listen(0)` is not shared; a named one is.
    const { port } = await first.listen(await freePort(), "127.0.0.1", { reusePort: true });
    try {
      await expect(second.listen(port, "127.0.0.1", { reusePort: true })).resolves.toMatchObject({ port });
    } finally {
      await first.close();
      await second.close();
    }
  });

  it("stops the example server with exit code 1 and a message naming a port that is taken", async () => {
    const holder = appOn("holder");
    const { port } = await holder.listen(0, "0.0.0.0");
    try {
      const child = spawn(process.execPath, [path.join(OUT, "examples", "serve.js"), "users"], {
        env: { ...process.env, PORT: String(port) },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      expect(code).toBe(1);
      expect(output).toContain(`could not listen on port ${port}`);
      expect(output).toContain("TK_RT_LISTEN_FAILED");
      expect(output).not.toContain("listening on");
    } finally {
      await holder.close();
    }
  });
});
