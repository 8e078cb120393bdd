/**
 * A WebSocket client written with `node:net` and hand-made frames, for protocol cases a real
 * client will not produce (unmasked frames, never answering pings, leaving mid-upgrade, pausing).
 */
import net from "node:net";
import { randomBytes } from "node:crypto";

export interface RawSocket {
  readonly socket: net.Socket;
  /** The HTTP status line and headers of the upgrade answer. */
  readonly head: string;
  /** Frames received so far: opcode and payload. */
  readonly frames: { opcode: number; payload: Buffer }[];
  /** Resolves when the TCP connection ends. */
  readonly ended: Promise<void>;
}

export const upgradeRequest = (port: number, path: string, extra = ""): string =>
  `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
  `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`;

/** Opens a connection and upgrades it; frames are parsed as they arrive unless `paused`. */
export const rawConnect = (port: number, path: string, options: { paused?: boolean } = {}): Promise<RawSocket> =>
  new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const frames: RawSocket["frames"] = [];
    let buffer = Buffer.alloc(0);
    let head: string | undefined;
    const ended = new Promise<void>((done) => socket.once("close", () => done()));
    socket.on("error", () => undefined);
    socket.once("connect", () => socket.write(upgradeRequest(port, path)));
    socket.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (head === undefined) {
        const end = buffer.indexOf("\r\n\r\n");
        if (end === -1) return;
        head = buffer.subarray(0, end).toString();
        buffer = buffer.subarray(end + 4);
        if (!head.startsWith("HTTP/1.1 101")) return reject(new Error(head));
        if (options.paused) socket.pause();
        resolve({ socket, head, frames, ended });
      }
      for (;;) {
        const frame = parseFrame(buffer);
        if (frame === undefined) break;
        frames.push({ opcode: frame.opcode, payload: frame.payload });
        buffer = buffer.subarray(frame.length);
      }
    });
    socket.once("close", () => head === undefined && reject(new Error("closed before the upgrade")));
  });

const parseFrame = (buffer: Buffer): { opcode: number; payload: Buffer; length: number } | undefined => {
  if (buffer.length < 2) return undefined;
  let length = buffer[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return undefined;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return undefined;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  if (buffer.length < offset + length) return undefined;
  return { opcode: buffer[0]! & 0x0f, payload: buffer.subarray(offset, offset + length), length: offset + length };
};

/** One final frame; masked as a client must, unless `masked` is false. */
export const frame = (opcode: number, payload: Buffer | string, masked = true): Buffer => {
  const data = typeof payload === "string" ? Buffer.from(payload) : payload;
  const header =
    data.length < 126
      ? Buffer.from([0x80 | opcode, (masked ? 0x80 : 0) | data.length])
      : Buffer.from([0x80 | opcode, (masked ? 0x80 : 0) | 126, data.length >> 8, data.length & 0xff]);
  if (!masked) return Buffer.concat([header, data]);
  const mask = randomBytes(4);
  const body = Buffer.from(data.map((byte, i) => byte ^ mask[i % 4]!));
  return Buffer.concat([header, mask, body]);
};

export const OPCODE = { TEXT: 1, BINARY: 2, CLOSE: 8, PING: 9, PONG: 10 } as const;

/** Waits until `check` holds, polling; fails after `ms`. */
export const until = async (check: () => boolean, ms = 5000): Promise<void> => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};
