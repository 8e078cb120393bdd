/**
 * The app's life around serving: start-up hooks before the socket is bound, shutdown hooks after
 * it is closed, and the graceful shutdown that a signal (or `app.shutdown()`) triggers:
 * stop accepting → let in-flight requests and background tasks finish (until `timeout`, then
 * connections are closed by force) → run shutdown hooks (until `hookTimeout`). Hooks run after a
 * forced close too: that is when closing the database matters most. It never hangs: every wait
 * races its deadline.
 */
import type { Logger } from "../contract/logger";
import type { Server } from "../transport/transport";
import { TaskRunner } from "../responses/background-tasks";

/** A start-up or shutdown hook; receives the app's `state`. */
export type LifespanHook<State> = (state: State) => unknown;

/**
 * Options of `app.shutdown()`.
 *
 * @example
 * await app.shutdown({ timeout: 5000 });
 */
export interface ShutdownOptions {
  /**
   * Milliseconds that in-flight requests and background tasks get to finish; 10 000 by default.
   * Then every connection is closed, by force if need be.
   */
  readonly timeout?: number;
  /** Milliseconds the shutdown hooks then get, together; 5 000 by default. */
  readonly hookTimeout?: number;
}

/** Graceful shutdown on signals: `app.listen(port, host, { gracefulShutdown: { timeout: 5000 } })`. */
export interface GracefulShutdownOptions extends ShutdownOptions {
  /** Signals that start it; SIGTERM and SIGINT by default. */
  readonly signals?: readonly NodeJS.Signals[];
  /** Exit the process with code 0 when done (also after a forced close); true by default. */
  readonly exit?: boolean;
}

/**
 * Options of `app.listen()`'s third argument.
 *
 * @example
 * await app.listen(3000, "0.0.0.0", { gracefulShutdown: { timeout: 10_000 } });
 */
export interface ListenOptions {
  /** Install signal handlers that shut the app down gracefully; off by default. */
  readonly gracefulShutdown?: GracefulShutdownOptions | boolean;
  /**
   * Share the port with other processes that also pass `reusePort: true` (SO_REUSEPORT: the
   * kernel spreads connections between them, one way to use several cores). Off by default: the
   * app holds its port alone, and `listen()` rejects when another process holds it.
   */
  readonly reusePort?: boolean;
}

/** What `listen()` resolves with: the port bound and the transport serving it. */
export interface Listening {
  readonly port: number;
  /** `"uws"` (uWebSockets.js) or `"node"` (node:http); see `AppOptions.transport`. */
  readonly transport: "uws" | "node";
  /** For the start-up line, e.g. `node:http on Node 22.12.0 (uWebSockets.js unavailable: …)`. */
  readonly description: string;
}

/** How a shutdown went: `forced` when the deadline passed with requests or hooks still running. */
export interface ShutdownResult {
  readonly forced: boolean;
}

export class Lifecycle<State> {
  readonly #startup: LifespanHook<State>[] = [];
  readonly #shutdown: LifespanHook<State>[] = [];
  #started = false;
  #signals: (() => void) | undefined;

  /** This app's background tasks: what its graceful shutdown waits for. */
  readonly tasks: TaskRunner;

  constructor(private readonly logger: Logger | undefined) {
    this.tasks = new TaskRunner(logger);
  }

  onStartup(hook: LifespanHook<State>): void {
    this.#startup.push(hook);
  }

  onShutdown(hook: LifespanHook<State>): void {
    this.#shutdown.push(hook);
  }

  /** Start-up hooks in registration order, once until `stop()`; the first failure rejects (and `listen()` with it). */
  async start(state: State): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    for (const hook of this.#startup) await hook(state);
  }

  /** Shutdown hooks in reverse registration order (last opened, first closed); failures are logged. */
  async stop(state: State): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    for (const hook of [...this.#shutdown].reverse()) {
      try {
        await hook(state);
      } catch (err) {
        this.logger?.error("typekiln: a shutdown hook failed", err);
      }
    }
  }

  /** Graceful shutdown of `server` within `timeout`, then the hooks within `hookTimeout`. */
  async shutdown(server: Server | undefined, state: State, options: ShutdownOptions): Promise<ShutdownResult> {
    const timeout = options.timeout ?? 10_000;
    let forced = false;
    if (server !== undefined) {
      forced = !(await within(Date.now() + timeout, server.drain().then(() => this.tasks.settled())));
      server.close(); // idle keep-alive connections, and by force whatever is still running
      if (forced) this.logger?.error(`typekiln: shutdown deadline of ${timeout} ms passed; connections were closed by force`);
    }
    const hookTimeout = options.hookTimeout ?? 5_000;
    if (!(await within(Date.now() + hookTimeout, this.stop(state)))) {
      forced = true;
      this.logger?.error(`typekiln: shutdown hooks did not finish within ${hookTimeout} ms`);
    }
    this.removeSignalHandlers();
    return { forced };
  }

  /**
   * Handlers for the signals, kept until the shutdown is over: a second signal (SIGINT after
   * SIGTERM, a repeated Ctrl-C) joins the running shutdown instead of killing the process or
   * exiting before in-flight requests are answered. Removed when a shutdown or close finishes.
   */
  installSignalHandlers(options: GracefulShutdownOptions, shutdown: () => Promise<ShutdownResult>): void {
    this.removeSignalHandlers();
    const signals = options.signals ?? ["SIGTERM", "SIGINT"];
    const exit = options.exit ?? true;
    let running: Promise<void> | undefined;
    const handler = (): void => {
      running ??= shutdown().then(() => {
        if (exit) process.exit(0);
      });
    };
    for (const signal of signals) process.on(signal, handler);
    this.#signals = () => {
      for (const signal of signals) process.removeListener(signal, handler);
    };
  }

  removeSignalHandlers(): void {
    this.#signals?.();
    this.#signals = undefined;
  }
}

/** True when `work` settled before `deadline`; false when the deadline came first. */
async function within(deadline: number, work: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([work.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}
