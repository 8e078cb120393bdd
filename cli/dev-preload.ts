/**
 * Loaded by `typekiln dev` into the server it starts (`node --require`), before the app: every
 * app that listens logs one line per request (`GET /items/1 200 0.4 ms`), and the server stops
 * when `typekiln dev` is gone, however it went (its IPC channel closes), so no server outlives it.
 * Plain Node and the app's own typekiln runtime only.
 */
import path from "node:path";
import type { Middleware, MiddlewareRequest } from "../runtime/index";

type Runtime = typeof import("../runtime/index");

const started = new WeakMap<MiddlewareRequest, bigint>();

const requestLog: Middleware = {
  name: "typekilnDevRequestLog",
  onRequest(request) {
    started.set(request, process.hrtime.bigint());
    return undefined;
  },
  onResponse(request, reply) {
    const start = started.get(request);
    const ms = start === undefined ? "" : ` ${(Number(process.hrtime.bigint() - start) / 1e6).toFixed(1)} ms`;
    console.log(`${request.method.toUpperCase()} ${request.path} ${reply.status.slice(0, 3)}${ms}`);
    return reply;
  },
};

const main = process.argv[1];
if (main !== undefined) {
  // The runtime the app resolves from its own file, so the patched class is the one it uses.
  const runtime = require(require.resolve("typekiln", { paths: [path.dirname(main)] })) as Runtime;
  const listen = runtime.App.prototype.listen;
  runtime.App.prototype.listen = function (this: InstanceType<Runtime["App"]>, ...args: Parameters<typeof listen>) {
    this.use(requestLog);
    return listen.apply(this, args);
  };
}

if (process.channel !== undefined) {
  process.on("disconnect", () => process.kill(process.pid, "SIGTERM"));
  // The channel must not keep a server that has closed alive.
  process.channel.unref();
}
