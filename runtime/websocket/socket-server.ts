/**
 * What a transport offers the app's WebSockets once it listens: publishing to topics, counting
 * subscribers, closing every socket. The socket routes call it; each transport implements it.
 */

/** Publishing and shutting down, as the transport that serves the sockets does it. */
export interface SocketServer {
  publish(topic: string, message: string | Uint8Array | ArrayBuffer, isBinary: boolean, compress: boolean): boolean;
  subscribers(topic: string): number;
  /** Closes every open socket with 1001. */
  closeAll(): void;
}

/** `/rooms/:room` → the prefix that keeps its topics apart from other routes'. */
export const topicPrefix = (path: string): string => `${path}\u0000`;
