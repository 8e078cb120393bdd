/**
 * Reading a form body while it arrives: `multipart/form-data` and
 * `application/x-www-form-urlencoded`, parsed by busboy from the chunks the adapter copies out
 * of uWS. Every limit is checked on the bytes as they come, so a client sending too much gets
 * its 413 (or 415 for a file type the route refuses) before it has finished sending; the
 * connection is then closed. Files stay in memory up to `upload.memory` bytes and go to a
 * temporary file beyond it, with the socket paused while the disk catches up; temporary files
 * are removed once the handler is done, or at once when the request fails or the client leaves.
 */
import type busboyModule from "busboy";
import type { Busboy } from "busboy";
import { createWriteStream, rm, type WriteStream } from "node:fs";
import type osModule from "node:os";
import { lazyModule } from "../vendor/lazy-module";

/* eslint-disable @typescript-eslint/no-require-imports */
const busboy = lazyModule(() => require("busboy") as typeof busboyModule);
const os = lazyModule(() => require("node:os") as typeof osModule);
/* eslint-enable @typescript-eslint/no-require-imports */
import { join } from "node:path";
import type { BodyConsumer, BodyFlow, RawBody, RequestData } from "../contract/request-data";
import type { UploadLimits } from "../contract/route-options";
import type { ParsedForm } from "./form-input";
import { HTTP_ERRORS } from "../errors/errors";
import { REPLIES, errorReply, type WireReply } from "../responses/reply";
import { validationReply } from "../validation/issue-json";
import { isJsonMediaType } from "./body-input";
import { UploadedFile, type File } from "./upload-file";

const MIB = 1024 * 1024;

/** The limits a route enforces, its `upload` option over these defaults. */
export const resolveUploadLimits = (upload: UploadLimits | undefined): Required<UploadLimits> => ({
  fileSize: upload?.fileSize ?? 10 * MIB,
  totalSize: upload?.totalSize ?? 50 * MIB,
  files: upload?.files ?? 10,
  types: upload?.types ?? [],
  memory: upload?.memory ?? MIB,
});

/** What is wrong with a route's `upload` option, if anything (checked at registration). */
export function uploadOptionProblem(upload: unknown): { option: string; expected: string } | undefined {
  if (upload === undefined) return undefined;
  if (upload === null || typeof upload !== "object") return { option: "upload", expected: "an object" };
  const limits = upload as Record<string, unknown>;
  for (const name of ["fileSize", "totalSize", "files", "memory"])
    if (limits[name] !== undefined && !(Number.isInteger(limits[name]) && (limits[name] as number) >= 0))
      return { option: `upload.${name}`, expected: "a whole number" };
  const types = limits.types;
  if (types !== undefined && !(Array.isArray(types) && types.every((type) => typeof type === "string" && type.includes("/"))))
    return { option: "upload.types", expected: "a list of media types such as image/png or image/*" };
  return undefined;
}

export interface FormBodyProps {
  readonly limits: Required<UploadLimits>;
  /** Bytes allowed for everything but files (the text fields, the multipart framing, a JSON body). */
  readonly bodyLimit: number;
  /** `Form<T> | Body<T>`: a JSON body is read whole and handed to `run` as raw bytes. */
  readonly json: boolean;
  /** The fields that take files; a file under another name is read past (counted, not kept). */
  readonly fileFields: ReadonlySet<string>;
  /** Runs the route once the body is in; `form` is undefined for a JSON or empty body. */
  readonly run: (data: RequestData, raw: RawBody | undefined, form: ParsedForm | undefined) => WireReply | Promise<WireReply>;
}

const EMPTY_FORM: ParsedForm = { fields: Object.create(null), files: new Map() };

const closing = (reply: WireReply): WireReply => ({ ...reply, close: true });
const FILE_TOO_LARGE = closing(errorReply(HTTP_ERRORS.FILE_TOO_LARGE));
const UPLOAD_TOO_LARGE = closing(errorReply(HTTP_ERRORS.UPLOAD_TOO_LARGE));
const FILE_TYPE = closing(errorReply(HTTP_ERRORS.FILE_TYPE_NOT_ALLOWED));
const FORM_INVALID = closing(errorReply(HTTP_ERRORS.FORM_INVALID));
const UNSUPPORTED = closing(REPLIES.unsupportedMediaType);

/** The route's body consumer factory (`RoutePlan.streamBody`). */
export function formBody(props: FormBodyProps): (data: RequestData, flow: BodyFlow) => BodyConsumer {
  return (data, flow) => {
    const type = mediaTypeOf(data.contentType);
    if (type === "multipart/form-data" || type === "application/x-www-form-urlencoded") return new FormConsumer(props, data, flow);
    if (props.json && isJsonMediaType(type)) return bufferedConsumer(props, data, false);
    return bufferedConsumer(props, data, true);
  };
}

const mediaTypeOf = (contentType: string): string => contentType.split(";")[0]!.trim().toLowerCase();

/** A JSON body (`Form<T> | Body<T>` routes), or a body of another type: 415 unless it is empty. */
function bufferedConsumer(props: FormBodyProps, data: RequestData, refuse: boolean): BodyConsumer {
  let settle!: (reply: WireReply) => void;
  const reply = new Promise<WireReply>((resolve) => (settle = resolve));
  let chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  const finish = (out: WireReply | Promise<WireReply>): void => {
    done = true;
    chunks = [];
    Promise.resolve(out).then(settle);
  };
  return {
    reply,
    push(chunk, last) {
      if (done) return;
      size += chunk.byteLength;
      if (refuse && size > 0) return finish(UNSUPPORTED);
      if (size > props.bodyLimit) return finish(closing(REPLIES.bodyTooLarge));
      if (chunk.byteLength > 0) chunks.push(chunk);
      if (!last) return;
      if (refuse) return finish(props.run(data, undefined, EMPTY_FORM));
      finish(props.run(data, Buffer.concat(chunks, size), undefined));
    },
    abort() {
      done = true;
      chunks = [];
    },
  };
}

/** One file part on its way in: memory first, a temporary file past the threshold. */
class Spool {
  size = 0;
  #chunks: Buffer[] = [];
  #file: WriteStream | undefined;
  path: string | undefined;

  constructor(
    /** The form field the file came under. */
    readonly field: string,
    readonly name: string,
    readonly mediaType: string,
    private readonly memory: number,
  ) {}

  /** False when the disk is behind: pause the socket until `drain`. */
  write(chunk: Buffer, onDrain: () => void): boolean {
    this.size += chunk.byteLength;
    if (this.#file === undefined && this.size <= this.memory) {
      this.#chunks.push(chunk);
      return true;
    }
    if (this.#file === undefined) {
      this.path = join(os().tmpdir(), `typekiln-upload-${globalThis.crypto.randomUUID()}`);
      this.#file = createWriteStream(this.path, { flags: "wx", mode: 0o600 });
      this.#file.on("error", () => undefined); // reported by `done()`; never an uncaught error
      for (const held of this.#chunks) this.#file.write(held);
      this.#chunks = [];
    }
    if (this.#file.write(chunk)) return true;
    this.#file.once("drain", onDrain);
    return false;
  }

  /** The file, once everything written has reached the disk. */
  async done(): Promise<File> {
    const file = this.#file;
    if (file === undefined) return new UploadedFile(this.name, this.mediaType, this.size, Buffer.concat(this.#chunks, this.size), undefined);
    await new Promise<void>((resolve, reject) => {
      file.once("error", reject);
      file.end(resolve);
    });
    return new UploadedFile(this.name, this.mediaType, this.size, undefined, this.path);
  }

  /** Drops the content: closes and removes the temporary file. */
  discard(): void {
    this.#chunks = [];
    const file = this.#file;
    const where = this.path;
    if (file === undefined || where === undefined) return;
    file.destroy();
    // After `close`, so the removal never races the stream's own open.
    file.once("close", () => rm(where, { force: true }, () => undefined));
    if (file.closed) rm(where, { force: true }, () => undefined);
  }
}

class FormConsumer implements BodyConsumer {
  readonly reply: Promise<WireReply>;
  #settle!: (reply: WireReply) => void;
  #parser: Busboy | undefined;
  #fields: Record<string, string[]> = Object.create(null);
  #spools: Spool[] = [];
  #received = 0;
  #fileBytes = 0;
  #over = false;
  #paused = 0;

  constructor(private readonly props: FormBodyProps, private readonly data: RequestData, private readonly flow: BodyFlow) {
    this.reply = new Promise<WireReply>((resolve) => (this.#settle = resolve));
    const { limits, bodyLimit } = props;
    try {
      this.#parser = busboy()({
        headers: { "content-type": data.contentType },
        defParamCharset: "utf8",
        // Our own counts answer first; these keep busboy from holding more than we allow.
        limits: { fileSize: limits.fileSize + 1, files: limits.files + 1, fieldSize: bodyLimit, fields: 10_000, parts: 10_000 + limits.files + 1 },
      });
    } catch {
      this.#fail(FORM_INVALID); // a multipart type without a boundary
      return;
    }
    const parser = this.#parser;
    parser.on("field", (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated) return this.#fail(closing(REPLIES.bodyTooLarge));
      (this.#fields[name] ??= []).push(value);
    });
    parser.on("file", (name, stream, info) => this.#file(name, stream, info.filename ?? "", info.mimeType));
    parser.on("filesLimit", () => this.#fail(tooManyFiles(limits.files)));
    parser.on("error", () => this.#fail(FORM_INVALID));
    parser.on("close", () => void this.#complete());
  }

  push(chunk: Buffer, last: boolean): void {
    if (this.#over || this.#parser === undefined) return;
    this.#received += chunk.byteLength;
    const { limits, bodyLimit } = this.props;
    const isMultipart = mediaTypeOf(this.data.contentType) === "multipart/form-data";
    if (this.#received > (isMultipart ? limits.totalSize + bodyLimit : bodyLimit)) return this.#fail(closing(REPLIES.bodyTooLarge));
    try {
      if (chunk.byteLength > 0) this.#parser.write(chunk);
      if (last && !this.#over) this.#parser.end();
    } catch {
      this.#fail(FORM_INVALID);
    }
  }

  abort(): void {
    if (this.#over) return;
    this.#over = true;
    this.#cleanup();
  }

  #file(name: string, stream: NodeJS.ReadableStream, filename: string, mediaType: string): void {
    // busboy destroys an unfinished file stream with an error when the request is cut short.
    stream.on("error", () => undefined);
    if (this.#over) return void stream.resume();
    const { limits } = this.props;
    if (!this.props.fileFields.has(name)) {
      stream.on("data", (chunk: Buffer) => {
        this.#fileBytes += chunk.byteLength;
        if (this.#fileBytes > limits.totalSize) this.#fail(UPLOAD_TOO_LARGE);
      });
      return;
    }
    if (this.#spools.length >= limits.files) return this.#fail(tooManyFiles(limits.files));
    if (!typeAllowed(mediaType, limits.types)) return this.#fail(FILE_TYPE);
    const spool = new Spool(name, filename, mediaType, limits.memory);
    this.#spools.push(spool);
    stream.on("data", (chunk: Buffer) => {
      if (this.#over) return;
      this.#fileBytes += chunk.byteLength;
      if (spool.size + chunk.byteLength > limits.fileSize) return this.#fail(FILE_TOO_LARGE);
      if (this.#fileBytes > limits.totalSize) return this.#fail(UPLOAD_TOO_LARGE);
      if (!spool.write(chunk, () => this.#resume())) this.#pause();
    });
  }

  #pause(): void {
    if (this.#paused++ === 0) this.flow.pause();
  }

  #resume(): void {
    if (--this.#paused === 0 && !this.#over) this.flow.resume();
  }

  async #complete(): Promise<void> {
    if (this.#over) return;
    let form: ParsedForm;
    try {
      const files = new Map<string, File[]>();
      const done = await Promise.all(this.#spools.map((spool) => spool.done()));
      this.#spools.forEach((spool, i) => {
        const list = files.get(spool.field) ?? [];
        list.push(done[i]!);
        files.set(spool.field, list);
      });
      form = { fields: this.#fields, files };
    } catch {
      return this.#fail(closing(REPLIES.internal));
    }
    if (this.#over) return; // the client left while the files were being flushed
    this.#over = true;
    try {
      this.#settle(await this.props.run(this.data, undefined, form));
    } finally {
      this.#cleanup();
    }
  }

  /** Answers now, before the body is complete; the adapter closes the connection. */
  #fail(reply: WireReply): void {
    if (this.#over) return;
    this.#over = true;
    this.#cleanup();
    this.#settle(reply);
  }

  #cleanup(): void {
    const parser = this.#parser;
    if (parser !== undefined) {
      parser.removeAllListeners("close");
      parser.on("error", () => undefined);
      // Not from inside busboy's own callbacks (a `file` or `field` event): it would write on.
      setImmediate(() => parser.destroy());
    }
    for (const spool of this.#spools) spool.discard();
    this.#spools = [];
  }
}

const tooManyFiles = (limit: number): WireReply =>
  closing(validationReply([{ type: "too_long", loc: ["body"], msg: `At most ${limit} files are accepted`, input: null }]));

/** `image/png` matches `image/png` and `image/*`; no list allows any type. */
function typeAllowed(mediaType: string, types: readonly string[]): boolean {
  if (types.length === 0) return true;
  const type = mediaType.toLowerCase();
  return types.some((allowed) => {
    const wanted = allowed.toLowerCase();
    return wanted.endsWith("/*") ? type.startsWith(wanted.slice(0, -1)) : type === wanted;
  });
}
