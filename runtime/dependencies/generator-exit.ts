/**
 * Closing a request's entered generator dependencies before its answer is chosen, with Python's
 * exit-stack rules, as FastAPI closes them: last opened first; the error so far is thrown into
 * each at its `yield`; what a generator throws becomes the error the next one sees (and the
 * answer); a generator that catches the error and ends normally swallows it, which FastAPI
 * answers with 500, and so do we.
 */
import type { Logger } from "../contract/logger";

export type Generatorish = Generator<unknown, unknown, unknown> | AsyncGenerator<unknown, unknown, unknown>;

/** What ends a request whose error a teardown caught and did not rethrow (FastAPI answers 500). */
export class SwallowedError extends Error {
  constructor(readonly swallowed: unknown) {
    super("typekiln: a generator dependency caught an error at its yield and did not rethrow it; rethrow it (or throw an HttpError) to choose the answer");
    this.name = "SwallowedError";
  }
}

type Outcome = unknown;

/**
 * Runs the code after `yield` of each of `open`, last first, starting with `error` (undefined on
 * success). Gives the error to answer with (undefined: none), synchronously while every generator
 * is synchronous; `then` continues with it (the next stack).
 */
export function exitAll(
  open: readonly Generatorish[],
  error: unknown,
  logger: Logger | undefined,
  then: (error: Outcome) => Outcome | Promise<Outcome> = (final) => final,
  from = open.length - 1,
): Outcome | Promise<Outcome> {
  for (let i = from; i >= 0; i--) {
    let step: IteratorResult<unknown> | Promise<IteratorResult<unknown>>;
    try {
      step = error === undefined ? open[i].next() : open[i].throw(error);
    } catch (thrown) {
      error = thrown;
      continue;
    }
    if (step instanceof Promise) {
      const before = error;
      return step.then(
        (done) => exitAll(open, settled(done, before, logger), logger, then, i - 1),
        (thrown: unknown) => exitAll(open, thrown, logger, then, i - 1),
      );
    }
    error = settled(step, error, logger);
  }
  return then(error);
}

/** The error after a generator ended normally (or yielded again) with `error` thrown into it. */
function settled(step: IteratorResult<unknown>, error: unknown, logger: Logger | undefined): unknown {
  if (!step.done) logger?.error("typekiln: a generator dependency yielded more than once; its teardown stopped there");
  return error === undefined || error instanceof SwallowedError ? error : new SwallowedError(error);
}
