/**
 * `BackgroundTasks`: work a handler queues to run after its response is written (an e-mail, a
 * cache refresh). A failing task is logged; the response is already gone and nothing else is
 * affected. A graceful shutdown waits for its app's running tasks, within its deadline.
 */
import type { Logger } from "../contract/logger";

type Task = () => unknown;

/**
 * Declare a parameter of this type to get the request's task list; tasks run one after another,
 * in the order added, once the response has been written (only when the handler succeeded).
 *
 * @example
 * app.post("/signup", (user: UserCreate, tasks: BackgroundTasks) => {
 *   tasks.add(sendWelcomeMail, user.email);
 *   return { ok: true };
 * });
 */
export class BackgroundTasks {
  #tasks: Task[] | undefined;

  /** Queues `fn(...args)`; its result is awaited when it is a promise. */
  add<A extends unknown[]>(fn: (...args: A) => unknown, ...args: A): void {
    (this.#tasks ??= []).push(() => fn(...args));
  }

  /** How many tasks are queued. */
  get size(): number {
    return this.#tasks?.length ?? 0;
  }

  /** @internal The queued tasks, handed over once: the list is empty afterwards. */
  static take(tasks: BackgroundTasks): readonly Task[] | undefined {
    const list = tasks.#tasks;
    tasks.#tasks = undefined;
    return list;
  }
}

/**
 * One app's background work: runs each request's tasks after its response, and knows which are
 * still running, so that app's graceful shutdown waits for its own tasks and no other app's.
 */
export class TaskRunner {
  readonly #running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger | undefined) {}

  /** Runs `tasks` once the response is written (the adapter writes it before the next macrotask). */
  schedule(tasks: BackgroundTasks, label: string): void {
    const list = BackgroundTasks.take(tasks);
    if (list === undefined) return;
    // setImmediate: after the microtasks that write the response, so the client has it first.
    const done = new Promise<void>((resolve) => setImmediate(() => void this.#runAll(list, label).then(resolve)));
    this.#running.add(done);
    void done.then(() => this.#running.delete(done));
  }

  /** Resolves when every task this runner started so far has settled. */
  async settled(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running);
  }

  async #runAll(list: readonly Task[], label: string): Promise<void> {
    for (const task of list) {
      try {
        await task();
      } catch (err) {
        this.logger?.error(`typekiln: a background task of ${label} failed`, err);
      }
    }
  }
}
