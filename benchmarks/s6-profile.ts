/**
 * Where the time goes in S6: the pieces of typekiln's S6 route timed in-process, one at a time,
 * each the median of batches of many calls. The bearer dependency as the app declares it
 * (`caller(bearer(header))`), the prepared query (`store.latest(20)`), and the serializer the
 * transformer generated for the route's return type (from `app.manifests()`); beside them the raw
 * floor's whole route function and two other serializers, for scale. What the pieces leave of a
 * request's CPU in the run is the framework's dispatch, HTTP parsing and writing, and the kernel.
 *
 * Compiled by `tspc -p benchmarks/tsconfig.json` (it imports the transformed app); `npm run bench`
 * runs it pinned to core 0 after the rounds, and it prints one JSON line: `ProfilePiece[]`.
 */
import { ARTICLES_AUTHORIZATION, ARTICLE_LIMIT_DEFAULT } from "./articles";
import { openArticleStore } from "./article-store";
import type { ProfilePiece } from "./harness/results";
import { articles } from "./servers/raw-routes";
import { serializeArticles } from "./servers/raw-serialize";
import { app, bearer, caller } from "./servers/typekiln";

const BATCHES = 7;
const BATCH_NS = 60e6;

let sink: unknown;

/** Microseconds per call: the median of `BATCHES` batches, each calling `fn` for about 60 ms. */
const time = (fn: () => unknown): number => {
  for (let i = 0; i < 2000; i++) sink = fn(); // warm up: optimized before timing
  const perCall: number[] = [];
  for (let batch = 0; batch < BATCHES; batch++) {
    let calls = 0;
    const started = process.hrtime.bigint();
    let elapsed = 0;
    while (elapsed < BATCH_NS) {
      for (let i = 0; i < 100; i++) sink = fn();
      calls += 100;
      elapsed = Number(process.hrtime.bigint() - started);
    }
    perCall.push(elapsed / calls / 1000);
  }
  return perCall.sort((a, b) => a - b)[BATCHES >> 1]!;
};

const main = async (): Promise<void> => {
  const store = await openArticleStore();
  const serialize = app.manifests().find((route) => route.path === "/articles")?.response.serialize;
  if (serialize === undefined) throw new Error("the typekiln app has no serialized GET /articles");
  const rows = store.latest(ARTICLE_LIMIT_DEFAULT);
  const rawRoute = articles(store);
  const pieces: ProfilePiece[] = [
    { piece: "token", what: "typekiln's bearer dependency: `caller(bearer(header))`", us: time(() => caller(bearer(ARTICLES_AUTHORIZATION))), part: true },
    { piece: "query", what: "the prepared JOIN, 20 rows read into objects: `store.latest(20)`", us: time(() => store.latest(ARTICLE_LIMIT_DEFAULT)), part: true },
    { piece: "serialize", what: "typekiln's generated serializer for `Article[]`", us: time(() => serialize(rows)), part: true },
    { piece: "raw serialize", what: "raw floor's hand-written serializer (`serializeArticles`)", us: time(() => serializeArticles(rows)), part: false },
    { piece: "JSON.stringify", what: "`JSON.stringify` of the same rows", us: time(() => JSON.stringify(rows)), part: false },
    { piece: "raw route", what: "raw floor's whole route function: token, query, serialization", us: time(() => rawRoute(ARTICLES_AUTHORIZATION, "20")), part: false },
  ];
  store.close();
  if (sink === undefined) throw new Error("unreachable");
  console.log(JSON.stringify(pieces));
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
