/**
 * A WebSocket client for tests over an in-memory connection (`app.connect()`), on the `ws` package:
 * frames are queued as they arrive, so `receive()` never misses one sent between two awaits.
 */
import type { Duplex } from "node:stream";
import type { WebSocket as WsSocket } from "ws";
import { lazyModule } from "../vendor/lazy-module";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const wsModule = lazyModule(() => require("ws") as typeof import("ws"));

/** Options of `client.websocket()`. */
export interface TestSocketOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** Subprotocols offered in `Sec-WebSocket-Protocol`. */
  readonly protocols?: readonly string[];
  /** Milliseconds `receive()` and `closed` wait before rejecting; 5000 by default. */
  readonly timeout?: number;
}

/** A message as received: text as a string, binary as a Buffer. */
export type TestMessage = string | Buffer;

/** How the socket closed. */
export interface TestClose {
  readonly code: number;
  readonly reason: string;
}

/** An open WebSocket to an app served in memory. */
export class TestSocket {
  readonly #ws: WsSocket;
  readonly #timeout: number;
  readonly #queue: TestMessage[] = [];
  readonly #waiting: { resolve: (message: TestMessage) => void; reject: (error: Error) => void }[] = [];
  #closed: TestClose | undefined;
  /** Resolves with the close code and reason once the socket is closed, by either side. */
  readonly closed: Promise<TestClose>;

  private constructor(ws: WsSocket, timeout: number) {
    this.#ws = ws;
    this.#timeout = timeout;
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      const message = isBinary ? data : data.toString("utf8");
      const waiter = this.#waiting.shift();
      if (waiter !== undefined) waiter.resolve(message);
      else this.#queue.push(message);
    });
    this.closed = new Promise((resolve) => {
      ws.on("close", (code: number, reason: Buffer) => {
        this.#closed = { code, reason: reason.toString("utf8") };
        for (const waiter of this.#waiting.splice(0)) waiter.reject(closedError(this.#closed));
        resolve(this.#closed);
      });
    });
  }

  /**
   * Opens `path` over `connection` (what `client.websocket()` does over `app.connect()`; a
   * `net.connect()` socket reaches an app on a port the same way); rejects with the status and
   * body when the app refuses the upgrade.
   *
   * @example
   * const ws = await TestSocket.open(net.connect(port, "127.0.0.1"), "/rooms/lobby?user=ada");
   */
  static open(connection: Duplex, path: string, options: TestSocketOptions = {}): Promise<TestSocket> {
    const { WebSocket } = wsModule();
    const ws = new WebSocket(new URL(path, "ws://localhost").href, [...(options.protocols ?? [])], {
      headers: { ...options.headers },
      createConnection: () => connection as unknown as ReturnType<NonNullable<import("ws").ClientOptions["createConnection"]>>,
    });
    ws.binaryType = "nodebuffer";
    return new Promise((resolve, reject) => {
      ws.once("unexpected-response", (_req, res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          reject(Object.assign(new Error(`WebSocket upgrade refused: ${res.statusCode}`), {
            status: res.statusCode, body: Buffer.concat(chunks).toString("utf8"),
          }));
          ws.on("error", () => undefined);
          ws.terminate();
        });
      });
      ws.once("error", reject);
      ws.once("open", () => {
        ws.removeListener("error", reject);
        ws.on("error", () => undefined); // a protocol fault closes the socket: `closed` says how
        resolve(new TestSocket(ws, options.timeout ?? 5000));
      });
    });
  }

  /** The subprotocol the app accepted, or `""`. */
  get protocol(): string {
    return this.#ws.protocol;
  }

  /** Sends `message`: a string or bytes as they are, anything else as JSON text. */
  send(message: unknown): void {
    if (typeof message === "string" || message instanceof Uint8Array || message instanceof ArrayBuffer) this.#ws.send(message);
    else this.#ws.send(JSON.stringify(message));
  }

  /** The next message, in arrival order; rejects when the socket closes or `timeout` passes first. */
  receive(): Promise<TestMessage> {
    const queued = this.#queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.#closed !== undefined) return Promise.reject(closedError(this.#closed));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const at = this.#waiting.indexOf(waiter);
        if (at !== -1) this.#waiting.splice(at, 1);
        reject(new Error(`no WebSocket message within ${this.#timeout} ms`));
      }, this.#timeout);
      const waiter = {
        resolve: (message: TestMessage) => { clearTimeout(timer); resolve(message); },
        reject: (error: Error) => { clearTimeout(timer); reject(error); },
      };
      this.#waiting.push(waiter);
    });
  }

  /** The next message, parsed as JSON. */
  async receiveJson(): Promise<unknown> {
    const message = await this.receive();
    return JSON.parse(typeof message === "string" ? message : message.toString("utf8"));
  }

  /** Closes with `code` (1000 by default) and waits for the app's close frame. */
  close(code = 1000, reason = ""): Promise<TestClose> {
    if (this.#closed === undefined) this.#ws.close(code, reason);
    return this.closed;
  }
}

const closedError = (closed: TestClose): Error =>
  Object.assign(new Error(`the WebSocket closed (${closed.code}${closed.reason === "" ? "" : ` ${closed.reason}`})`), closed);
