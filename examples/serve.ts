/**
 * Serves one example app: `npm run example -- <name>` (`npm start` serves `users`).
 * `PORT` overrides the port, 3000 by default (also when it is empty).
 */
import path from "node:path";
import type { App } from "typekiln";
import { portSetting } from "./port-setting";

const name = process.argv[2] ?? "users";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { app } = require(path.join(__dirname, name, "app")) as { app: App };
let port: number;
try {
  port = portSetting(process.env.PORT);
} catch (error) {
  console.error(`typekiln example "${name}": ${(error as Error).message}`);
  process.exit(1);
}

// SIGTERM/SIGINT: stop accepting, finish in-flight requests (for up to SHUTDOWN_TIMEOUT ms),
// run shutdown hooks, exit 0.
const timeout = Number(process.env.SHUTDOWN_TIMEOUT ?? 10_000);
app.listen(port, "0.0.0.0", { gracefulShutdown: { timeout } }).then(
  ({ port: bound, description }) => console.log(`typekiln example "${name}" listening on http://localhost:${bound} with ${description} (docs: /docs)`),
  (error: unknown) => {
    // A port in use names the port; any other start-up error (e.g. TK_RT_UWS_UNAVAILABLE) says itself.
    const code = (error as { code?: unknown }).code;
    if (code === "TK_RT_LISTEN_FAILED" || typeof code !== "string") console.error(`typekiln example "${name}" could not listen on port ${port}:`, error);
    else console.error(`typekiln example "${name}" could not start: ${(error as Error).message} (${code})`);
    process.exit(1);
  },
);
