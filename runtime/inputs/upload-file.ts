/**
 * An uploaded file, as a handler receives it: a `File` or `File[]` parameter, or a property of a
 * `Form<T>`. Small files stay in memory; a file larger than the route's `upload.memory` threshold
 * is streamed to a temporary file while it arrives (`path`), removed once the request is over —
 * also when the handler throws or the client goes away.
 */
import { createReadStream, promises as fsp } from "node:fs";
import type { Readable } from "node:stream";
import { lazyModule } from "../vendor/lazy-module";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const stream = lazyModule(() => require("node:stream") as typeof import("node:stream"));


/**
 * An uploaded file.
 *
 * @example
 * app.post("/avatar", { upload: { fileSize: 1_000_000, types: ["image/png"] } }, async (avatar: File) =>
 *   ({ name: avatar.name, type: avatar.mediaType, size: avatar.size }));
 */
export interface File {
  /** The file name the client sent (never trust it as a path). */
  readonly name: string;
  /** The part's `Content-Type`, e.g. `image/png`. */
  readonly mediaType: string;
  /** Size in bytes. */
  readonly size: number;
  /** The temporary file holding the content, when it was too large to keep in memory. */
  readonly path: string | undefined;
  /** The whole content. */
  bytes(): Promise<Uint8Array>;
  /** The whole content as UTF-8 text. */
  text(): Promise<string>;
  /** The content as a stream, read from memory or from the temporary file. */
  stream(): Readable;
}

/** The framework's `File`: built by the form reader once the file's part has fully arrived. */
export class UploadedFile implements File {
  // Private for real: a 422 that echoes the file as `input` writes `toJSON()`, never the bytes.
  readonly #memory: Buffer | undefined;

  constructor(
    readonly name: string,
    readonly mediaType: string,
    readonly size: number,
    memory: Buffer | undefined,
    readonly path: string | undefined,
  ) {
    this.#memory = memory;
  }

  async bytes(): Promise<Uint8Array> {
    return this.#memory ?? (await fsp.readFile(this.path!));
  }

  async text(): Promise<string> {
    return Buffer.from(await this.bytes()).toString("utf8");
  }

  stream(): Readable {
    return this.#memory !== undefined ? stream().Readable.from([this.#memory]) : createReadStream(this.path!);
  }

  toJSON(): { name: string; mediaType: string; size: number } {
    return { name: this.name, mediaType: this.mediaType, size: this.size };
  }
}
