/**
 * The todo service's database: SQLite compiled to WebAssembly (sql.js), opened once per app as an
 * app-scoped dependency and closed at shutdown. In memory by default; `TODO_DB=path` loads that
 * file at start-up and writes it back at shutdown.
 */
import fs from "node:fs";
import { randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import initSqlJs, { type Database } from "sql.js";

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS users (
    username TEXT PRIMARY KEY,
    salt BLOB NOT NULL,
    hash BLOB NOT NULL,
    scopes TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES users(username),
    scopes TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS todos (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner TEXT NOT NULL REFERENCES users(username),
    title TEXT NOT NULL,
    done INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE IF NOT EXISTS activity (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner TEXT NOT NULL,
    what TEXT NOT NULL
  );
`;

/** The demo accounts: alice may read and write, bob may only read. */
export const DEMO_USERS = [
  { username: "alice", password: "wonderland", scopes: ["todos:read", "todos:write"] },
  { username: "bob", password: "builder", scopes: ["todos:read"] },
] as const;

const hashPassword = (password: string, salt: Buffer): Buffer => scryptSync(password, salt, 32);

/** Opens (or creates) the database; its code after `yield` closes it when the app shuts down. */
export async function* database(): AsyncGenerator<Database> {
  const SQL = await initSqlJs();
  const file = process.env.TODO_DB;
  const db = file !== undefined && fs.existsSync(file) ? new SQL.Database(fs.readFileSync(file)) : new SQL.Database();
  db.run(SCHEMA);
  for (const user of DEMO_USERS) {
    const salt = randomBytes(16);
    db.run("INSERT OR IGNORE INTO users (username, salt, hash, scopes) VALUES (?, ?, ?, ?)", [
      user.username,
      salt,
      hashPassword(user.password, salt),
      user.scopes.join(" "),
    ]);
  }
  try {
    yield db;
  } finally {
    if (file !== undefined) fs.writeFileSync(file, db.export());
    db.close();
  }
}

/** The scopes of `username` if `password` is right (compared in constant time), else undefined. */
export function checkPassword(db: Database, username: string, password: string): string[] | undefined {
  const row = db.exec("SELECT salt, hash, scopes FROM users WHERE username = ?", [username])[0]?.values[0];
  if (row === undefined) {
    hashPassword(password, randomBytes(16)); // same work for unknown users: no timing oracle
    return undefined;
  }
  const [salt, hash, scopes] = row as [Uint8Array, Uint8Array, string];
  return timingSafeEqual(hashPassword(password, Buffer.from(salt)), Buffer.from(hash)) ? scopes.split(" ") : undefined;
}
