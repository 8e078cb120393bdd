/**
 * `BackgroundTasks`: work a handler queues to run after its response is written (an e-mail, a
 * cache refresh). A failing task is logged; the response is already gone and nothing else is
 * affected. A graceful shutdown waits for running tasks, within its deadline.
 */
import type { Logger } from "./logger";

type Task = () => unknown;

/** Tasks started and not yet settled, in every app of this process: what a shutdown waits for. */
const running = new Set<Promise<void>>();

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

  /** @internal Called by the runtime once the response is written. */
  static schedule(tasks: BackgroundTasks, label: string, logger: Logger | undefined): void {
    const list = tasks.#tasks;
    if (list === undefined) return;
    tasks.#tasks = undefined;
    // setImmediate: after the microtasks that write the response, so the client has it first.
    const done = new Promise<void>((resolve) => setImmediate(() => void runAll(list, label, logger).then(resolve)));
    running.add(done);
    void done.then(() => running.delete(done));
  }
}

async function runAll(list: readonly Task[], label: string, logger: Logger | undefined): Promise<void> {
  for (const task of list) {
    try {
      await task();
    } catch (err) {
      logger?.error(`typekiln: a background task of ${label} failed`, err);
    }
  }
}

/** Resolves when every background task started so far has settled. */
export async function backgroundTasksSettled(): Promise<void> {
  while (running.size > 0) await Promise.all(running);
}
