/**
 * S6's contract: `GET /articles?limit=20` behind a bearer token, the latest articles with their
 * author, read from SQLite. The types, the token check every server calls, the seed every server
 * loads (deterministic, so every database holds the same rows) and, computed here in plain
 * JavaScript without SQL, the answers the gate expects (built when it asks: servers import this file).
 * The database itself: `article-store.ts`.
 */
import type { tags } from "typia";
import type { HappyCase } from "./contract";

export interface Author {
  id: number;
  name: string;
  email: string;
}

export interface Article {
  id: number;
  title: string;
  slug: string;
  summary: string;
  publishedAt: string;
  readMinutes: number;
  author: Author;
}

export type ArticleLimit = number & tags.Type<"uint32"> & tags.Minimum<1> & tags.Maximum<100>;
export const ARTICLE_LIMIT_DEFAULT = 20;

export const AUTHOR_COUNT = 20;
export const ARTICLE_COUNT = 200;

/** The tokens the service issued; the benchmark sends the first. */
const TOKENS: ReadonlySet<string> = new Set(["kiln-7f3a9c2e4b1d", "kiln-0c8e51d2a96f"]);
export const ARTICLES_TOKEN = "kiln-7f3a9c2e4b1d";
export const ARTICLES_AUTHORIZATION = `Bearer ${ARTICLES_TOKEN}`;

/** True for a token the service issued. */
export const isKnownToken = (token: string): boolean => TOKENS.has(token);

/** `Bearer <token>` → the token; undefined for anything else (RFC 6750: the scheme is case-insensitive). */
export const bearerToken = (authorization: string | undefined): string | undefined => {
  if (authorization === undefined) return undefined;
  const space = authorization.indexOf(" ");
  if (space === -1 || authorization.slice(0, space).toLowerCase() !== "bearer") return undefined;
  const token = authorization.slice(space + 1).trim();
  return token === "" ? undefined : token;
};

/** An author row as stored. */
export interface AuthorRow {
  readonly id: number;
  readonly name: string;
  readonly email: string;
}

/** An article row as stored: its author by id. */
export interface ArticleRow {
  readonly id: number;
  readonly authorId: number;
  readonly title: string;
  readonly slug: string;
  readonly summary: string;
  readonly publishedAt: string;
  readonly readMinutes: number;
}

const TOPICS = ["Cone 6 glazes", "Reduction firing", "Bisque schedules", "Kiln wash", "Crawling", "Pinholes", "Wedging"];
const EPOCH = Date.UTC(2024, 0, 1);

/** The seed: a pure function of the row numbers, so every server's database is the same. */
export const seedAuthors = (): AuthorRow[] =>
  Array.from({ length: AUTHOR_COUNT }, (_, i) => ({
    id: i + 1,
    // One name with a character JSON must escape and one outside ASCII, so serializers are tested.
    name: i === 3 ? 'Ada "Clay" Lovelace' : i === 7 ? "Zoë Ceramicist" : `Author ${i + 1}`,
    email: `author${i + 1}@example.com`,
  }));

export const seedArticles = (): ArticleRow[] =>
  Array.from({ length: ARTICLE_COUNT }, (_, i) => {
    const id = i + 1;
    const topic = TOPICS[id % TOPICS.length]!;
    return {
      id,
      authorId: ((id * 7) % AUTHOR_COUNT) + 1,
      title: `${topic}, part ${id}`,
      slug: `${topic.toLowerCase().replace(/ /g, "-")}-${id}`,
      summary: `What article ${id} learned about ${topic.toLowerCase()}: notes from the studio, with firing logs and photos.`,
      // Not in id order, so the query's ORDER BY does real work (and the gate checks it).
      publishedAt: new Date(EPOCH + ((id * 37) % ARTICLE_COUNT) * 86_400_000 + id * 60_000).toISOString(),
      readMinutes: ((id * 13) % 20) + 1,
    };
  });

/** The latest `limit` articles, newest first, with their author: what `GET /articles` answers. */
export const latestArticles = (limit: number): Article[] => {
  const authors = new Map(seedAuthors().map((a) => [a.id, a]));
  return seedArticles()
    .sort((a, b) => (a.publishedAt === b.publishedAt ? b.id - a.id : a.publishedAt < b.publishedAt ? 1 : -1))
    .slice(0, limit)
    .map(({ authorId, ...article }) => {
      const { id, name, email } = authors.get(authorId)!;
      return { ...article, author: { id, name, email } };
    });
};

// ---------------------------------------------------------------- the corpus

export const S6_PATH = "/articles?limit=20";
export const BEARER_HEADERS: Readonly<Record<string, string>> = { authorization: ARTICLES_AUTHORIZATION };

/** S6's happy requests, with the answers every server must give. */
export const articleCases = (): HappyCase[] =>
  [
    ["S6 articles", S6_PATH, 20],
    ["S6 default limit", "/articles", 20],
    ["S6 limit 3", "/articles?limit=3", 3],
  ].map(([name, path, limit]) => ({
    name: name as string,
    method: "GET",
    path: path as string,
    headers: BEARER_HEADERS,
    status: 200,
    expected: latestArticles(limit as number),
  }));

/** S6 requests every server must answer 401: no credentials, and a token it never issued. */
export const UNAUTHORIZED_ARTICLE_REQUESTS: readonly { readonly name: string; readonly headers: Readonly<Record<string, string>> }[] = [
  { name: "no Authorization header", headers: {} },
  { name: "unknown token", headers: { authorization: "Bearer kiln-000000000000" } },
];

/** S6 queries every server must reject, asked with a valid token. */
export const INVALID_ARTICLE_PATHS: readonly string[] = ["/articles?limit=0", "/articles?limit=101", "/articles?limit=ten"];
