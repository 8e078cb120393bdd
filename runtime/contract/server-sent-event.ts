/**
 * One server-sent event. A handler that returns `AsyncIterable<ServerSentEvent<T>>` (an async
 * generator yielding these) answers `text/event-stream`; `data` is written by the serializer
 * generated for `T`, and the OpenAPI document names `T` as the event's data.
 *
 * @example
 * app.get("/ticks", async function* (lastEventId?: Header<string, "Last-Event-ID">): AsyncGenerator<ServerSentEvent<Tick>> {
 *   for (let n = Number(lastEventId ?? 0) + 1; ; n++) {
 *     yield { event: "tick", id: String(n), data: { n } };
 *     await new Promise((resolve) => setTimeout(resolve, 1000));
 *   }
 * });
 */
export interface ServerSentEvent<T> {
  /** The payload, serialized as JSON on one `data:` line. */
  readonly data: T;
  /** The event type (`event:`); clients listen with `addEventListener(event, …)`. */
  readonly event?: string;
  /** The event id (`id:`); a reconnecting client sends it back as `Last-Event-ID`. */
  readonly id?: string;
  /** Milliseconds the client should wait before reconnecting (`retry:`). */
  readonly retry?: number;
}
