/**
 * A raw HTTP/1.1 client over a TCP socket, for what fetch cannot do: send a path exactly as
 * written (`..` and all), send part of a body and read the answer before the rest, read a
 * streamed body one chunk at a time, pause reading, or leave mid-response.
 */
import net from "node:net";

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Connects to the server on loopback. */
export const connect = (port: number): Promise<net.Socket> =>
  new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });

/** Parses the head of a response: status and lower-case headers. */
export function parseHead(text: string): { status: number; headers: Record<string, string>; rest: string } | undefined {
  const end = text.indexOf("\r\n\r\n");
  if (end === -1) return undefined;
  const [statusLine, ...lines] = text.slice(0, end).split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine!.split(" ")[1]), headers, rest: text.slice(end + 4) };
}

/** Sends `request` as is and reads until the head has arrived (and, with `full`, until the socket ends). */
export async function rawRequest(port: number, request: string | Buffer, options: { full?: boolean } = {}): Promise<RawResponse> {
  const socket = await connect(port);
  return new Promise((resolve, reject) => {
    let text = "";
    const done = () => {
      const head = parseHead(text);
      if (head === undefined) return reject(new Error(`no response head in ${JSON.stringify(text)}`));
      socket.destroy();
      resolve({ status: head.status, headers: head.headers, body: head.rest });
    };
    socket.on("data", (chunk) => {
      text += chunk.toString("latin1");
      const head = parseHead(text);
      if (head === undefined || options.full) return;
      const length = Number(head.headers["content-length"] ?? NaN);
      if (Number.isFinite(length) && Buffer.byteLength(head.rest, "latin1") >= length) done();
    });
    socket.on("end", done);
    socket.on("error", (err) => (parseHead(text) ? done() : reject(err)));
    socket.write(request);
  });
}

/** `GET <path>` exactly as written, with `Connection: close`. */
export const rawGet = (port: number, path: string, headers: Record<string, string> = {}): Promise<RawResponse> =>
  rawRequest(
    port,
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n`,
    { full: true },
  );

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it is true, or fails after `timeout` ms. */
export async function until(check: () => boolean, timeout = 5000, what = "condition"): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
