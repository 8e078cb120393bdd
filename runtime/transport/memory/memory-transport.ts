/**
 * The in-memory transport: the node transport's own server (node-adapter.ts: node's HTTP parser,
 * the same routing, header checks, body limits and writes, the same `ws` sockets) handed
 * connections that live in memory (memory-socket.ts) instead of kernel sockets. No port is bound.
 * `connect()` opens one connection and gives its client end, which an HTTP/1.1 or WebSocket
 * client that takes a `createConnection` option speaks through (memory-fetch.ts, `testClient`).
 */
import type { Duplex } from "node:stream";
import type { ListenProps, Server, Transport } from "../transport";
import { inFlightDone } from "../exchange";
import { nodeServing } from "../node/node-adapter";
import { MemorySocket } from "./memory-socket";

/** A server held in memory: `port` is 0, and `connect()` opens a connection to it. */
export interface MemoryServer extends Server {
  /** A new connection's client end; throws once the server is closed. */
  connect(): Duplex;
}

/** A transport whose servers are held in memory. */
export interface MemoryTransport extends Transport {
  listen(props: ListenProps): Promise<MemoryServer>;
}

/** The in-memory transport: what `app.request()` and `testClient()` serve an app on. */
export const memoryTransport: MemoryTransport = {
  name: "memory",
  listen: (props) => Promise.resolve(serveInMemory(props)),
};

/** The first client port handed out; each connection takes the next, as an ephemeral port would. */
const FIRST_PORT = 49152;

function serveInMemory(props: ListenProps): MemoryServer {
  const { server, sockets, traffic } = nodeServing(props);
  const open = new Set<MemorySocket>();
  let next = FIRST_PORT;
  let closed = false;
  const closeAll = (): void => {
    for (const socket of [...open]) socket.destroy();
  };
  return {
    port: 0,
    sockets,
    connect: () => {
      if (closed) throw new Error("typekiln: the app's in-memory server is closed");
      const [client, end] = MemorySocket.pair(next++);
      open.add(end);
      end.once("close", () => open.delete(end));
      server.emit("connection", end);
      return client;
    },
    close: () => {
      closed = true;
      traffic.draining = true;
      sockets.closeAll();
      closeAll();
      traffic.idle?.();
    },
    drain: () => {
      closed = true;
      traffic.draining = true;
      sockets.closeAll();
      return inFlightDone(traffic);
    },
  };
}
