/**
 * What an app keeps for its dependencies across routes: test overrides (one mutable `call` per
 * compiled node, swapped in place so requests never look an override up), the app-scoped values
 * created at start-up, and the teardown of generators.
 */
import type { DependencyNode } from "../contract/manifest";
import type { Logger } from "../contract/logger";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFunction = (...args: any[]) => unknown;
export type NodeKind = DependencyNode["kind"];

/** A node's callee: the original function or its override, and how to treat its result. */
export interface Callee {
  call: AnyFunction;
  kind: NodeKind;
  /** The kind the transformer read from the original declaration. */
  readonly original: NodeKind;
}

/** An app-scoped value: filled by `start()`, read by every request that uses it. */
export interface AppCell {
  readonly fn: AnyFunction;
  readonly callee: Callee;
  readonly args: readonly AppCell[];
  value: unknown;
}

type Generatorish = Generator<unknown, unknown, unknown> | AsyncGenerator<unknown, unknown, unknown>;

/** The kind of a function written by hand (an override): from how it was declared. */
export const kindOf = (fn: AnyFunction): NodeKind => {
  if (/^class[\s{]/.test(Function.prototype.toString.call(fn))) return "construct";
  const name = Object.getPrototypeOf(fn)?.constructor?.name;
  return name === "GeneratorFunction" ? "generator" : name === "AsyncGeneratorFunction" ? "async-generator" : "call";
};

export class DependencyScope {
  readonly #callees = new Map<AnyFunction, Callee[]>();
  readonly #overrides = new Map<AnyFunction, AnyFunction>();
  readonly #cells = new Map<AnyFunction, AppCell>();
  #open: Generatorish[] = [];
  #started = false;
  /** Requests' generator teardowns due after their responses, run together on the next turn. */
  #due: { open: Generatorish[]; error: unknown }[] = [];
  /** Teardowns started and not yet settled: what `stop()` waits for. */
  readonly #closing = new Set<Promise<void>>();

  constructor(readonly logger: Logger | undefined) {}

  /** The callee of one compiled node of `fn`; overrides apply now and whenever they change. */
  callee(fn: AnyFunction, kind: NodeKind): Callee {
    const override = this.#overrides.get(fn);
    const callee: Callee = override === undefined
      ? { call: fn, kind, original: kind }
      : { call: override, kind: kindOf(override), original: kind };
    const list = this.#callees.get(fn) ?? [];
    list.push(callee);
    this.#callees.set(fn, list);
    return callee;
  }

  /** The app-scoped cell of `fn`, shared by every route that uses it. */
  cell(fn: AnyFunction, kind: NodeKind, args: readonly AppCell[]): AppCell {
    let cell = this.#cells.get(fn);
    if (cell === undefined) {
      cell = { fn, callee: this.callee(fn, kind), args, value: undefined };
      this.#cells.set(fn, cell);
    }
    return cell;
  }

  /** Replaces `fn` with `fake` in every route (also those registered later); no fake: restores. */
  override(fn: AnyFunction, fake?: AnyFunction): void {
    if (fake === undefined) this.#overrides.delete(fn);
    else this.#overrides.set(fn, fake);
    for (const callee of this.#callees.get(fn) ?? []) {
      callee.call = fake ?? fn;
      callee.kind = fake === undefined ? callee.original : kindOf(fake);
    }
  }

  /** Creates the app-scoped values, in dependency order (a cell's arguments were created first). */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    try {
      for (const cell of this.#cells.values()) {
        const args = cell.args.map((arg) => arg.value);
        const { call, kind } = cell.callee;
        const value = kind === "construct" ? Reflect.construct(call, args) : call(...args);
        cell.value = await this.#enter(value, cell.callee.kind, this.#open);
      }
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  /**
   * Runs the code after `yield` of a request's generator dependencies once its response is out:
   * the adapter writes in the promise callbacks that follow the handler's, and a sync answer is
   * written before uWS's callback returns; `setImmediate` runs after both. One `setImmediate` per
   * turn of the event loop serves every request of this app that finished in it.
   */
  teardown(open: Generatorish[], error: unknown): void {
    if (this.#due.length === 0) setImmediate(() => this.#flush());
    this.#due.push({ open, error });
  }

  #flush(): void {
    const due = this.#due;
    this.#due = [];
    for (const { open, error } of due) {
      const closing = closeAll(open, error, this.logger);
      if (closing === undefined) continue;
      this.#closing.add(closing);
      void closing.then(() => this.#closing.delete(closing));
    }
  }

  /**
   * Tears the app-scoped values down, last created first, after the requests' teardowns still
   * running: a request's session closes before the app's pool it came from.
   */
  async stop(): Promise<void> {
    if (this.#due.length > 0) this.#flush();
    while (this.#closing.size > 0) await Promise.all(this.#closing);
    const open = this.#open;
    this.#open = [];
    this.#started = false;
    await closeAll(open, undefined, this.logger);
  }

  /** A dependency's value from its raw result; generators are entered and remembered in `open`. */
  async #enter(result: unknown, kind: NodeKind, open: Generatorish[]): Promise<unknown> {
    if (kind === "call" || kind === "construct") return result;
    const generator = result as Generatorish;
    open.push(generator);
    return (await generator.next()).value;
  }
}

/**
 * Runs the code after `yield` of each entered generator, last first. `error` (what the handler
 * threw) is thrown into each at its `yield`, as FastAPI does, so `catch`/`finally` see it. Sync
 * generators are closed synchronously; the first async one turns the rest into a promise.
 */
export function closeAll(open: readonly Generatorish[], error: unknown, logger: Logger | undefined, from = open.length - 1): void | Promise<void> {
  for (let i = from; i >= 0; i--) {
    let step: IteratorResult<unknown> | Promise<IteratorResult<unknown>>;
    try {
      step = error === undefined ? open[i].next() : open[i].throw(error);
    } catch (thrown) {
      reportTeardown(thrown, error, logger);
      continue;
    }
    if (step instanceof Promise)
      return step.then(
        (done) => {
          checkDone(done, logger);
          return closeAll(open, error, logger, i - 1);
        },
        (thrown: unknown) => {
          reportTeardown(thrown, error, logger);
          return closeAll(open, error, logger, i - 1);
        },
      );
    checkDone(step, logger);
  }
}

const checkDone = (step: IteratorResult<unknown>, logger: Logger | undefined): void => {
  if (!step.done) logger?.error("typekiln: a generator dependency yielded more than once; its teardown stopped there");
};

// Rethrowing the handler's error is how a generator says "not mine": only other errors are news.
const reportTeardown = (thrown: unknown, error: unknown, logger: Logger | undefined): void => {
  if (thrown !== error) logger?.error("typekiln: a dependency's teardown failed", thrown);
};
