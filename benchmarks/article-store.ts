/**
 * S6's database: SQLite compiled to WebAssembly (sql.js), in memory, seeded at start-up from
 * `articles.ts`, read per request through one prepared statement (articles JOIN authors, newest
 * first, `LIMIT ?`). Every server opens it the same way and calls the same `latest`, so they do
 * the same database work and differ only in what surrounds it.
 */
import type sqlJs from "sql.js";
import { seedArticles, seedAuthors, type Article } from "./articles";

export interface ArticleStore {
  /** The latest `limit` articles with their author, newest first. */
  latest(limit: number): Article[];
  close(): void;
}

const SCHEMA = `
  CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL);
  CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    author_id INTEGER NOT NULL REFERENCES authors(id),
    title TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    summary TEXT NOT NULL,
    published_at TEXT NOT NULL,
    read_minutes INTEGER NOT NULL
  );
  CREATE INDEX articles_by_date ON articles (published_at DESC, id DESC);
`;

const LATEST = `
  SELECT a.id, a.title, a.slug, a.summary, a.published_at, a.read_minutes, u.id, u.name, u.email
  FROM articles a JOIN authors u ON u.id = a.author_id
  ORDER BY a.published_at DESC, a.id DESC
  LIMIT ?
`;

/** Opens the database and seeds it; the same rows in every process. */
export const openArticleStore = async (): Promise<ArticleStore> => {
  // Loaded here, not at the top: a server that leaves S6 out (cold starts) never loads sql.js.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const initSqlJs = require("sql.js") as typeof sqlJs;
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run(SCHEMA);
  db.run("BEGIN");
  for (const a of seedAuthors()) db.run("INSERT INTO authors VALUES (?, ?, ?)", [a.id, a.name, a.email]);
  const insert = db.prepare("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (const a of seedArticles()) insert.run([a.id, a.authorId, a.title, a.slug, a.summary, a.publishedAt, a.readMinutes]);
  insert.free();
  db.run("COMMIT");
  const statement = db.prepare(LATEST);
  return {
    latest(limit: number): Article[] {
      const articles: Article[] = [];
      statement.bind([limit]);
      while (statement.step()) {
        const row = statement.get();
        articles.push({
          id: row[0] as number,
          title: row[1] as string,
          slug: row[2] as string,
          summary: row[3] as string,
          publishedAt: row[4] as string,
          readMinutes: row[5] as number,
          author: { id: row[6] as number, name: row[7] as string, email: row[8] as string },
        });
      }
      statement.reset();
      return articles;
    },
    close(): void {
      statement.free();
      db.close();
    },
  };
};

/**
 * Whether this server process should serve S6 (open the database and add `GET /articles`). The
 * harness sets `BENCH_ARTICLES=0` for cold starts (S0), which time the ten routes of
 * `contract.ts` without loading SQLite.
 */
export const servesArticles = (): boolean => process.env.BENCH_ARTICLES !== "0";
