// Upload a photo with a form, export the list as JSON Lines, follow uploads live with server-sent
// events, and download a photo back with Range and ETag support. Serve it: `npm run example -- files`.
import { EventEmitter, once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { App, FileResponse, HttpError, type File, type Form, type Header, type ServerSentEvent, type tags } from "typekiln";
import { PAGE } from "./page";

/** A stored photo. */
interface Photo {
  id: number;
  caption: string;
  name: string;
  mediaType: string;
  size: number;
}

/** The upload form's fields. */
interface PhotoUpload {
  caption: string & tags.MinLength<1> & tags.MaxLength<200>;
  photo: File;
}

const MB = 1024 * 1024;
const storage = fs.mkdtempSync(path.join(os.tmpdir(), "typekiln-photos-"));
const photos: Photo[] = [];
const uploads = new EventEmitter().setMaxListeners(0);

export const app = new App({ title: "Files", version: "1.0.0" });

/** The upload page: an HTML form posting `multipart/form-data` to `/photos`. */
app.get("/", { hidden: true }, (): Blob => new Blob([PAGE], { type: "text/html; charset=utf-8" }));

/**
 * Upload a photo with its caption. Limits are checked while the file arrives: 413 past 5 MB,
 * 415 for a type other than PNG, JPEG, GIF or WebP.
 * @tag photos
 */
app.post("/photos", { status: 201, upload: { fileSize: 5 * MB, files: 1, types: ["image/png", "image/jpeg", "image/gif", "image/webp"] } },
  async (form: Form<PhotoUpload>): Promise<Photo> => {
    const photo: Photo = { id: photos.length + 1, caption: form.caption, name: form.photo.name, mediaType: form.photo.mediaType, size: form.photo.size };
    await pipeline(form.photo.stream(), fs.createWriteStream(path.join(storage, String(photo.id))));
    photos.push(photo);
    uploads.emit("photo");
    return photo;
  });

/**
 * Export every photo as JSON Lines, one line per photo, written as the list is read.
 * @tag photos
 */
app.get("/photos.jsonl", async function* (): AsyncGenerator<Photo> {
  for (const photo of photos) yield photo;
});

/**
 * Follow uploads live: one `photo` event per upload. A reconnecting client sends the last id it
 * saw as `Last-Event-ID` and gets what it missed first.
 * @tag photos
 */
app.get("/feed", async function* (lastEventId?: Header<string & tags.Pattern<"^[0-9]+$">, "Last-Event-ID">): AsyncGenerator<ServerSentEvent<Photo>> {
  for (let seen = Number(lastEventId ?? 0); ; ) {
    while (seen < photos.length) {
      const photo = photos[seen++]!;
      yield { event: "photo", id: String(photo.id), data: photo };
    }
    await once(uploads, "photo");
  }
});

/**
 * Download a photo: `ETag`, `Last-Modified`, 304 and `Range` (206) included.
 * @tag photos
 */
app.get("/photos/:id/raw", (id: number & tags.Type<"uint32">): FileResponse => {
  const photo = photos[id - 1];
  if (photo === undefined) throw new HttpError(404, "Photo not found");
  return new FileResponse(path.join(storage, String(id)), { contentType: photo.mediaType, filename: photo.name });
});
