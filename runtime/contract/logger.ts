/**
 * Where the runtime reports what it cannot answer for: handler failures answered with 500,
 * failing background tasks, middleware and hooks, refused response headers. `AppOptions.logger`;
 * `console.error` by default. Its own file, imported by type only, so nothing that logs depends
 * on the code that compiles routes.
 *
 * @example
 * const app = new App({ logger: { error: (message, err) => pino.error({ err }, message) } });
 */
export interface Logger {
  error(message: string, err?: unknown): void;
}
