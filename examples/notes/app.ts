// Middleware, responses under the handler's control and the app's lifecycle, in one small app.
import {
  App, BackgroundTasks, ResponseControl, compression, cors, html, redirect, reply, requestId, text, trustedHosts,
  type Html, type Redirect, type Reply, type RequestContext, type Text,
} from "typekiln";

interface NoteCreate { text: string }
interface Note extends NoteCreate { id: number }
interface NotFound { detail: string; id: number }
interface Store { notes: Map<number, Note>; log: string[] }

export const app = new App<Store>({ title: "Notes", version: "1.0.0" });

// onRequest hooks run in this order, onResponse hooks in reverse: compression sees the route's body.
app.use(requestId());
app.use(trustedHosts(["localhost", "127.0.0.1", "*.example.com"]));
app.use(cors({ origins: ["https://notes.example.com"], credentials: true, exposeHeaders: ["x-request-id"] }));
app.use(compression());

// Start-up hooks run before the socket is bound; shutdown hooks in reverse, after it is closed.
app.onStartup((state) => {
  state.notes = new Map();
  state.log = [];
});
app.onShutdown((state) => state.notes.clear());

/** Add a note: 201, a cookie, and an audit line written after the response. */
app.post("/notes", (note: NoteCreate, response: ResponseControl, tasks: BackgroundTasks, ctx: RequestContext): Note => {
  const stored = { id: app.state.notes.size + 1, text: note.text };
  app.state.notes.set(stored.id, stored);
  response.status = 201;
  response.header("location", `/notes/${stored.id}`);
  response.cookie("last-note", String(stored.id), { httpOnly: true, sameSite: "strict" });
  tasks.add((line: string) => app.state.log.push(line), `note ${stored.id} by request ${ctx.requestId}`);
  return stored;
});

/** Read a note; a missing one is a documented 404 with its own body. */
app.get("/notes/:id", (id: number): Note | Reply<404, NotFound> =>
  app.state.notes.get(id) ?? reply(404, { detail: "Note not found", id }));

/** Every note, as plain text. */
app.get("/notes.txt", (): Text => text([...app.state.notes.values()].map((n) => `${n.id}: ${n.text}`).join("\n")));

/** A tiny HTML page. */
app.get("/", (): Html => html(`<h1>Notes</h1><p>${app.state.notes.size} notes</p>`));

/** The old address of the list. */
app.get("/list", (): Redirect<308> => redirect("/notes.txt", 308));

/** The audit log that background tasks write. */
app.get("/log", () => app.state.log);
