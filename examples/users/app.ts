/**
 * The FastAPI example typekiln grew from: create, read and list users, plus a route that reads
 * headers. Serve it with `npm start`.
 */
import { App, HttpError, type Header, type tags } from "typekiln";

/** A user as the client sends it. */
export interface UserCreate {
  /** Display name. */
  name: string & tags.MinLength<1>;
  email: string & tags.Format<"email">;
  age?: number & tags.Type<"uint32"> & tags.Maximum<150>;
}

/** A stored user. */
export interface User extends UserCreate {
  id: number & tags.Type<"uint32">;
}

export interface UserCreated {
  message: string;
  data: User;
}

export const app = new App({
  title: "Users API",
  version: "1.0.0",
  description: "The typekiln example app: users created, read and listed.",
});

const users = new Map<number, User>();
let nextId = 1;

/**
 * Create a user.
 * @tag users
 */
app.post("/users/", { status: 201 }, (user: UserCreate): UserCreated => {
  const stored: User = { id: nextId++, ...user };
  users.set(stored.id, stored);
  return { message: `User ${stored.name} created`, data: stored };
});

/**
 * Read one user.
 * @tag users
 * @param id The user's id.
 */
app.get("/users/:id", (id: number & tags.Type<"uint32">): User => {
  const user = users.get(id);
  if (user === undefined) throw new HttpError(404, "User not found");
  return user;
});

/**
 * List users, newest last.
 * @tag users
 * @param q Only users whose name contains this text.
 * @param limit How many users to return.
 * @param offset How many users to skip.
 */
app.get(
  "/users/",
  (
    q?: string,
    limit: number & tags.Type<"uint32"> & tags.Minimum<1> & tags.Maximum<100> = 10,
    offset: number & tags.Type<"uint32"> = 0,
  ): User[] =>
    [...users.values()].filter((user) => q === undefined || user.name.includes(q)).slice(offset, offset + limit),
);

/**
 * Who is asking: echoes the client's user agent and request id headers.
 * @tag meta
 */
app.get("/whoami", (userAgent: Header<string>, xRequestId?: Header<string & tags.Format<"uuid">>) => ({
  userAgent,
  requestId: xRequestId ?? null,
}));
