/**
 * A small authenticated CRUD service: todos stored in SQLite (sql.js, an app-scoped dependency),
 * behind OAuth2's password flow with scopes, served by a router. `npm run example -- todo`, then
 * open /docs, press Authorize and log in as alice / wonderland (or bob / builder, read-only).
 */
import { randomBytes } from "node:crypto";
import type { Database } from "sql.js";
import {
  App,
  BackgroundTasks,
  HttpError,
  RequestValidationError,
  Router,
  SecurityScopes,
  oauth2Password,
  reply,
  use,
  type OAuth2PasswordForm,
  type Reply,
  type tags,
} from "typekiln";
import { checkPassword, database } from "./database";

/** A todo as the client sends it. */
export interface TodoCreate {
  title: string & tags.MinLength<1> & tags.MaxLength<200>;
  done?: boolean;
}

/** A change to a todo: only the fields sent are changed. */
export interface TodoPatch {
  title?: string & tags.MinLength<1> & tags.MaxLength<200>;
  done?: boolean;
}

/** A stored todo. */
export interface Todo {
  id: number & tags.Type<"uint32">;
  title: string;
  done: boolean;
}

/** What the token URL answers (RFC 6749 §5.1). */
export interface Token {
  access_token: string;
  token_type: "bearer";
  scope: string;
}

export interface User {
  username: string;
  scopes: string[];
}

/** How the todos router answers invalid input: one line per failure (RealWorld's error body). */
export interface InputErrors {
  errors: { body: string[] };
}

/** Thrown by the repository; the todos router answers it with 404. */
export class TodoNotFound extends Error {
  constructor(readonly id: number) {
    super(`Todo ${id} not found`);
  }
}

export const oauth2 = oauth2Password({
  tokenUrl: "/token",
  scopes: { "todos:read": "Read your todos", "todos:write": "Create, change and delete your todos" },
  description: "Log in as alice / wonderland (read and write) or bob / builder (read only).",
});

/**
 * The same scheme, optional (FastAPI's `auto_error=False`): no token gives `undefined` instead of
 * 401. Its options repeat `oauth2`'s, so the document lists one scheme for both.
 */
export const maybeOAuth2 = oauth2Password({
  tokenUrl: "/token",
  scopes: { "todos:read": "Read your todos", "todos:write": "Create, change and delete your todos" },
  description: "Log in as alice / wonderland (read and write) or bob / builder (read only).",
  schemeName: "oauth2",
  autoError: false,
});

/** The database, opened once when the app starts and closed when it stops. */
export const db = (connection = use(database, { scope: "app" })): Database => connection;

/** The user the bearer token belongs to, holding every scope the route requires. */
export function currentUser(security: SecurityScopes, token = use(oauth2), sql = use(db)): User {
  const row = sql.exec("SELECT username, scopes FROM tokens WHERE token = ?", [token])[0]?.values[0];
  if (row === undefined) throw oauth2.invalidToken();
  const user = { username: String(row[0]), scopes: String(row[1]).split(" ").filter(Boolean) };
  security.require(user.scopes);
  return user;
}

/** The signed-in user's todos, in this request's database. */
export class TodoRepository {
  constructor(
    private readonly sql: Database,
    private readonly owner: string,
  ) {}

  list(done?: boolean): Todo[] {
    const [result] = this.sql.exec(
      done === undefined
        ? "SELECT id, title, done FROM todos WHERE owner = ? ORDER BY id"
        : "SELECT id, title, done FROM todos WHERE owner = ? AND done = ? ORDER BY id",
      done === undefined ? [this.owner] : [this.owner, done ? 1 : 0],
    );
    return (result?.values ?? []).map(([id, title, isDone]) => ({ id: Number(id), title: String(title), done: isDone === 1 }));
  }

  get(id: number): Todo {
    const todo = this.list().find((candidate) => candidate.id === id);
    if (todo === undefined) throw new TodoNotFound(id);
    return todo;
  }

  create(todo: TodoCreate): Todo {
    this.sql.run("INSERT INTO todos (owner, title, done) VALUES (?, ?, ?)", [this.owner, todo.title, todo.done ? 1 : 0]);
    const id = Number(this.sql.exec("SELECT last_insert_rowid()")[0]!.values[0]![0]);
    return this.get(id);
  }

  update(id: number, patch: TodoPatch): Todo {
    const todo = { ...this.get(id), ...patch };
    this.sql.run("UPDATE todos SET title = ?, done = ? WHERE id = ? AND owner = ?", [todo.title, todo.done ? 1 : 0, id, this.owner]);
    return todo;
  }

  /** Appends to the owner's activity log; run as a background task, after the response. */
  record(what: string): void {
    this.sql.run("INSERT INTO activity (owner, what) VALUES (?, ?)", [this.owner, what]);
  }

  /** The owner's activity log, newest first. */
  activity(): string[] {
    const [result] = this.sql.exec("SELECT what FROM activity WHERE owner = ? ORDER BY id DESC", [this.owner]);
    return (result?.values ?? []).map(([what]) => String(what));
  }

  delete(id: number): void {
    this.get(id);
    this.sql.run("DELETE FROM todos WHERE id = ? AND owner = ?", [id, this.owner]);
  }
}

/** Reading todos needs `todos:read`. */
export const reader = (user = use(currentUser, { scopes: ["todos:read"] }), sql = use(db)) =>
  new TodoRepository(sql, user.username);

/** Changing todos needs `todos:write`. */
export const writer = (user = use(currentUser, { scopes: ["todos:write"] }), sql = use(db)) =>
  new TodoRepository(sql, user.username);

export const app = new App({
  title: "Todo API",
  version: "1.0.0",
  description: "Todos in SQLite behind OAuth2's password flow: the typekiln dependency and security example.",
});

/**
 * Log in: the OAuth2 password flow's token URL (Swagger UI's Authorize button posts here).
 * @tag auth
 * @throws 400 Incorrect username or password
 */
app.post("/token", (form: OAuth2PasswordForm, sql = use(db)): Token => {
  const granted = checkPassword(sql, form.username, form.password);
  if (granted === undefined) throw new HttpError(400, "Incorrect username or password");
  const scopes = form.scopes.length === 0 ? granted : form.scopes.filter((scope) => granted.includes(scope));
  const token = randomBytes(24).toString("base64url");
  sql.run("INSERT INTO tokens (token, username, scopes) VALUES (?, ?, ?)", [token, form.username, scopes.join(" ")]);
  return { access_token: token, token_type: "bearer", scope: scopes.join(" ") };
});

/** Who am I? */
app.get("/me", (user = use(currentUser)): User => user);

/** Greets everyone, and a signed-in user by name: optional auth. */
app.get("/hello", (token = use(maybeOAuth2), sql = use(db)): { message: string } => {
  const row = token === undefined ? undefined : sql.exec("SELECT username FROM tokens WHERE token = ?", [token])[0]?.values[0];
  return { message: row === undefined ? "Hello, guest" : `Hello, ${String(row[0])}` };
});

const todos = new Router({ prefix: "/todos", tags: ["todos"] });
todos.onError(TodoNotFound, (err) => new HttpError(404, err.message));
// A custom error handler: invalid input to this router answers `{"errors": {"body": [...]}}`
// instead of FastAPI's `{"detail": [...]}`; the document's 422 responses describe this body.
todos.onError(RequestValidationError, (err): Reply<422, InputErrors> =>
  reply(422, { errors: { body: err.errors.map((entry) => `${entry.loc.slice(1).join(".")}: ${entry.msg}`) } }));

/** List your todos, optionally only the done (or open) ones. */
todos.get("/", (done?: boolean, repo = use(reader)): Todo[] => repo.list(done));

/** Add a todo. */
todos.post("/", { status: 201 }, (todo: TodoCreate, tasks: BackgroundTasks, repo = use(writer)): Todo => {
  const created = repo.create(todo);
  // The activity line is written after the response has been sent.
  tasks.add(() => repo.record(`created todo ${created.id}: ${created.title}`));
  return created;
});

/**
 * Your activity log (written by background tasks), newest first.
 * @tag todos
 */
todos.get("/activity", (repo = use(reader)): string[] => repo.activity());

/**
 * Read one todo.
 * @throws 404 Todo not found
 */
todos.get("/:id", (id: number & tags.Type<"uint32">, repo = use(reader)): Todo => repo.get(id));

/**
 * Change a todo.
 * @throws 404 Todo not found
 */
todos.patch("/:id", (id: number & tags.Type<"uint32">, patch: TodoPatch, repo = use(writer)): Todo => repo.update(id, patch));

/**
 * Delete a todo.
 * @throws 404 Todo not found
 */
todos.delete("/:id", (id: number & tags.Type<"uint32">, repo = use(writer)): void => repo.delete(id));

app.include(todos);
