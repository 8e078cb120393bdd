/**
 * How long a streamed response may wait on a client that takes no bytes before the connection is
 * closed and its producer ended (`AppOptions.sendTimeout`, `RouteOptions.sendTimeout`). Long
 * enough for a client on a slow link to take a chunk, short enough that a reader that went away
 * without closing does not hold a connection and a generator for good.
 */
export const DEFAULT_SEND_TIMEOUT = 30_000;
