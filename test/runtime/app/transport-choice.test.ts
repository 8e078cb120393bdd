/**
 * Choosing the transport: `new App({ transport })`, overridden by `TYPEKILN_TRANSPORT`, with "auto"
 * taking uWS where a native build loads. The refusal of uWS where none loads is shown on a real
 * Node without a build (Node 22, in .ci/run); here, on this Node, the choices and their checks.
 */
import { App } from "typekiln";
import { AUTO_TRANSPORT } from "../../helpers/transport";

const saved = process.env.TYPEKILN_TRANSPORT;
afterEach(() => {
  if (saved === undefined) delete process.env.TYPEKILN_TRANSPORT;
  else process.env.TYPEKILN_TRANSPORT = saved;
});

const served = async (app: App): Promise<{ transport: string; description: string; status: number }> => {
  app.get("/ping", () => ({ pong: true }));
  const { port, transport, description } = await app.listen(0, "127.0.0.1");
  try {
    const response = await fetch(`http://127.0.0.1:${port}/ping`);
    return { transport, description, status: response.status };
  } finally {
    await app.close();
  }
};

describe("choosing a transport", () => {
  it("refuses an unknown transport option at construction", () => {
    expect(() => new App({ transport: "express" as "node" })).toThrow(expect.objectContaining({ code: "TK_RT_BAD_TRANSPORT" }));
  });

  it("serves on the transport the app asks for, and says which", async () => {
    delete process.env.TYPEKILN_TRANSPORT;
    const node = await served(new App({ transport: "node", logger: false }));
    expect(node).toEqual({ transport: "node", description: `node:http on Node ${process.versions.node}`, status: 200 });
  });

  it("takes uWS when a native build loads ('auto', the default), node:http otherwise", async () => {
    delete process.env.TYPEKILN_TRANSPORT;
    const auto = await served(new App({ logger: false }));
    expect(auto.transport).toBe(AUTO_TRANSPORT);
    expect(auto.description).toMatch(AUTO_TRANSPORT === "uws" ? /^uWebSockets\.js \(.+, native\) on Node / : /^node:http on Node .+ \(uWebSockets\.js unavailable: /);
  });

  it("lets TYPEKILN_TRANSPORT override the app's choice", async () => {
    process.env.TYPEKILN_TRANSPORT = "node";
    expect((await served(new App({ transport: "uws", logger: false }))).transport).toBe("node");
  });

  it("refuses an unknown TYPEKILN_TRANSPORT when the app listens, before any start-up hook runs", async () => {
    process.env.TYPEKILN_TRANSPORT = "fast";
    const app = new App({ logger: false });
    let started = false;
    app.onStartup(() => void (started = true));
    await expect(app.listen(0, "127.0.0.1")).rejects.toMatchObject({
      code: "TK_RT_BAD_TRANSPORT",
      message: 'typekiln: TYPEKILN_TRANSPORT is "fast": it must be "uws", "node" or "auto"',
    });
    expect(started).toBe(false);
  });
});
