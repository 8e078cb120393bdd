/**
 * Streamed answers (JSON Lines, server-sent events, bytes, files): a `Reply` whose body is
 * produced while it is sent. The pump pulls the next chunk only once the socket has taken the
 * previous one, so a slow reader holds the producer back instead of filling memory; a client
 * that leaves cancels the producer (an async generator's `return()`, so its `finally` runs).
 * Nothing here knows uWS: the adapter hands in a `ResponseSink`.
 */
import type { Logger } from "../contract/logger";

export type { ReplyStream, ResponseSink } from "../contract/wire";
import type { ReplyStream, ResponseSink } from "../contract/wire";

export interface IteratorStreamProps<T> {
  readonly source: AsyncIterator<T> | Iterator<T>;
  /** One produced item → the bytes to write; may throw (logged, the connection is cut). */
  readonly encode: (item: T) => string | Uint8Array;
  /** A comment written when nothing else was for this long (server-sent events). */
  readonly keepAlive?: { readonly interval: number; readonly chunk: string };
  /**
   * Written first, at once: uWS sends the response head only with body bytes, so an event
   * stream opens with a comment to let the client see it open before the first event is ready.
   */
  readonly prelude?: string;
  /** Total bytes the items add up to, when known (files). */
  readonly length?: number;
  readonly label: string;
  readonly logger: Logger | undefined;
}

/** Pumps an (async) iterator into the sink, one item per drained write. */
export function iteratorStream<T>(props: IteratorStreamProps<T>): ReplyStream {
  const { source, encode, keepAlive, label, logger } = props;
  let cancelled = false;
  let blocked = false;
  let timer: NodeJS.Timeout | undefined;
  let wrote = false;

  const stop = (): void => {
    cancelled = true;
    if (timer !== undefined) clearInterval(timer);
  };
  const release = (): void => {
    try {
      // An async generator suspended at `yield` runs its `finally` now; one that is busy runs it
      // once its current step settles.
      const closing = source.return?.();
      if (closing !== undefined && typeof (closing as Promise<unknown>).then === "function")
        (closing as Promise<unknown>).then(undefined, (err: unknown) => logger?.error(`typekiln: ${label}: closing the stream failed`, err));
    } catch (err) {
      logger?.error(`typekiln: ${label}: closing the stream failed`, err);
    }
  };

  async function pump(sink: ResponseSink): Promise<void> {
    try {
      for (;;) {
        const step = await source.next();
        if (cancelled) return;
        if (step.done) {
          stop();
          sink.end();
          return;
        }
        wrote = true;
        if (!sink.write(encode(step.value))) {
          blocked = true;
          await new Promise<void>((resolve) => sink.onDrain(resolve));
          blocked = false;
          if (cancelled) return;
        }
      }
    } catch (err) {
      if (cancelled) return;
      stop();
      logger?.error(`typekiln: ${label}: the response stream failed`, err);
      release();
      sink.close();
    }
  }

  return {
    length: props.length,
    start(sink) {
      if (props.prelude !== undefined) sink.write(props.prelude);
      if (keepAlive !== undefined) {
        timer = setInterval(() => {
          if (!wrote && !blocked && !cancelled) sink.write(keepAlive.chunk);
          wrote = false;
        }, keepAlive.interval);
        timer.unref?.();
      }
      void pump(sink);
    },
    cancel() {
      if (cancelled) return;
      stop();
      release();
    },
  };
}
