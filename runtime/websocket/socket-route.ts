/**
 * The handle `app.ws` returns: publishes to the route's topics while the app listens. Topics are
 * prefixed with the route's path, so two routes with different message types never share one.
 */
import type { SocketRoute } from "./socket";
import type { SocketPlan } from "./socket-plan";
import { topicPrefix, type SocketServer } from "./socket-server";

export class PublishingRoute implements SocketRoute<unknown> {
  readonly path: string;
  /** Set while the app listens. */
  server: SocketServer | undefined;
  readonly #prefix: string;
  readonly #plan: SocketPlan;
  readonly #compress: boolean;

  constructor(plan: SocketPlan) {
    this.path = plan.path;
    this.#plan = plan;
    this.#prefix = topicPrefix(plan.path);
    this.#compress = plan.options.compression !== false;
  }

  /** Written as the route's own sockets write it: JSON text, or the bytes of a binary socket. */
  publish(topic: string, message: unknown): boolean {
    const server = this.server;
    const plan = this.#plan;
    return server === undefined ? false : server.publish(this.#prefix + topic, plan.encode(message), plan.binary, this.#compress);
  }

  subscribers(topic: string): number {
    return this.server?.subscribers(this.#prefix + topic) ?? 0;
  }
}
