/**
 * One connection held in memory: two `Duplex` ends, each pushing what is written to it into the
 * other's readable side, with the parts of `net.Socket` that node:http and `ws` call. Backpressure
 * holds: a write completes only once the other end's reader takes it, so a client that reads
 * nothing stops a streamed answer as a full socket would (and its `sendTimeout` runs).
 */
import { Duplex } from "node:stream";

/** One end of an in-memory connection. */
export class MemorySocket extends Duplex {
  #peer: MemorySocket | undefined;
  /** The peer's write waiting until this end's reader takes what it pushed. */
  #resume: (() => void) | undefined;
  readonly remoteAddress = "127.0.0.1";
  readonly remoteFamily = "IPv4";
  readonly localAddress = "127.0.0.1";

  constructor(readonly remotePort: number, readonly localPort: number) {
    // A TCP socket's default: an end that reads its peer's end ends its own side too.
    super({ allowHalfOpen: false });
  }

  /** The two ends of a new connection: `[client, server]`. */
  static pair(clientPort: number): [MemorySocket, MemorySocket] {
    const client = new MemorySocket(80, clientPort);
    const server = new MemorySocket(clientPort, 80);
    client.#peer = server;
    server.#peer = client;
    return [client, server];
  }

  // Delivered on a later tick, as a socket's bytes arrive on a later turn of the event loop: the
  // peer's reader never runs inside the writer's call (ws, for one, is not written for that).
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    process.nextTick(deliver, this.#peer!, chunk, callback);
  }

  #take(chunk: Buffer, callback: (error?: Error | null) => void): void {
    if (this.destroyed) return callback(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
    if (this.push(chunk)) callback();
    else this.#resume = callback;
  }

  override _read(): void {
    const resume = this.#resume;
    this.#resume = undefined;
    resume?.();
  }

  override _final(callback: (error?: Error | null) => void): void {
    process.nextTick(deliver, this.#peer!, null, callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // As a reset: the peer sees its connection close, and a write waiting on this end is let go.
    const resume = this.#resume;
    this.#resume = undefined;
    resume?.();
    const peer = this.#peer!;
    if (!peer.destroyed) process.nextTick(() => peer.destroy());
    callback(error);
  }

  /** Takes a chunk (`null`: the end) its peer wrote. */
  static deliver(to: MemorySocket, chunk: Buffer | null, callback: (error?: Error | null) => void): void {
    if (chunk !== null) return to.#take(chunk, callback);
    if (!to.destroyed) to.push(null);
    callback();
  }

  // What node:http and ws call on a net.Socket; timeouts, Nagle and keep-alive probes mean nothing in memory.
  setTimeout(): this { return this; }
  setNoDelay(): this { return this; }
  setKeepAlive(): this { return this; }
  ref(): this { return this; }
  unref(): this { return this; }
  address(): { address: string; family: string; port: number } {
    return { address: this.localAddress, family: "IPv4", port: this.localPort };
  }
}

const deliver = MemorySocket.deliver;
