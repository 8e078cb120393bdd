/**
 * The seed example answers the same bytes on both transports: every error a client can provoke
 * (FastAPI's 422s, json_invalid, a body of another content type, 404, 405, the trailing-slash redirect, HEAD) is sent to
 * examples/users on uWS, then on node:http, and the statuses, content types and bodies must be
 * byte-identical. Runs where a native uWS build loads.
 */
import { app } from "../../examples/users/app";
import { AUTO_TRANSPORT } from "../helpers/transport";

interface Case {
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
}

const cases: Case[] = [
  { method: "POST", path: "/users/", body: JSON.stringify({ name: 1 }) },
  { method: "POST", path: "/users/", body: JSON.stringify({ name: "", email: "not-an-email", age: -1 }) },
  { method: "POST", path: "/users/", body: JSON.stringify({ name: "Ada", email: "ada@example.com", age: 151.5 }) },
  { method: "POST", path: "/users/", body: "{bad" },
  { method: "POST", path: "/users/", body: "" },
  { method: "POST", path: "/users/", body: "[1,2]" },
  { method: "POST", path: "/users/", body: JSON.stringify({ name: "Ada", email: "ada@example.com" }), contentType: "text/plain" },
  { method: "POST", path: "/users/", body: '{"__proto__":{"x":1},"name":"a","email":"a@b.co"}' },
  { method: "GET", path: "/users/abc" },
  { method: "GET", path: "/users/4294967296" },
  { method: "GET", path: "/users/999" },
  { method: "GET", path: "/users/%zz" },
  { method: "GET", path: "/users/?limit=0&offset=-1" },
  { method: "GET", path: "/users/?limit=abc" },
  { method: "GET", path: "/whoami", headers: { "x-request-id": "nope" } },
  { method: "DELETE", path: "/users/" },
  { method: "GET", path: "/users" },
  { method: "GET", path: "/nowhere" },
  { method: "HEAD", path: "/users/999" },
];

type Seen = [number, string | null, string | null, string];

async function answers(transport: "uws" | "node"): Promise<Seen[]> {
  process.env.TYPEKILN_TRANSPORT = transport;
  const listening = await app.listen(0, "127.0.0.1");
  try {
    expect(listening.transport).toBe(transport);
    const seen: Seen[] = [];
    for (const { method, path, body, contentType = "application/json", headers = {} } of cases) {
      const response = await fetch(`http://127.0.0.1:${listening.port}${path}`, {
        method,
        redirect: "manual",
        headers: { ...(body === undefined ? {} : { "content-type": contentType }), "user-agent": "parity", ...headers },
        ...(body === undefined ? {} : { body }),
      });
      seen.push([response.status, response.headers.get("content-type"), response.headers.get("location"), await response.text()]);
    }
    return seen;
  } finally {
    await app.close();
  }
}

const saved = process.env.TYPEKILN_TRANSPORT;
afterAll(() => {
  if (saved === undefined) delete process.env.TYPEKILN_TRANSPORT;
  else process.env.TYPEKILN_TRANSPORT = saved;
});

(AUTO_TRANSPORT === "uws" ? describe : describe.skip)("examples/users on both transports", () => {
  it("answers every error with the same status, content type and bytes on uWS and on node:http", async () => {
    const uws = await answers("uws");
    const node = await answers("node");
    expect(node).toEqual(uws);
    // The cases do reach the errors they are for, not a blanket answer.
    expect(uws.map(([status]) => status)).toEqual([422, 422, 422, 422, 422, 422, 422, 400, 422, 422, 404, 400, 422, 422, 422, 405, 307, 404, 404]);
  });
});
