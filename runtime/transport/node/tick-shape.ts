/**
 * Keeps `process.nextTick` fast in a server that goes quiet.
 *
 * node:http calls `process.nextTick` six to ten times for every request it answers (ending the
 * request stream, finishing and closing the response). Each call makes one of node's tick objects,
 * an object literal with computed symbol keys. Once a process has been idle long enough for V8's
 * memory reducer to collect (it starts 8 s after the process last allocated much), no tick object is
 * alive; the collection can clear the shape that literal builds, with the literal's inline cache, and
 * from then on every call defines its keys the slow way, for the life of the process. Measured here
 * (`benchmarks/idle-tick.ts`): `process.nextTick` from about 50 to 220-350 ns, on Node 20, 22 and 24
 * alike, in most runs but not all; a node:http `GET /hello` from about 14 to 19 µs of CPU, raw
 * node:http and typekiln alike (benchmarks/PROFILE.md).
 *
 * Holding one tick object for the life of the process keeps its shape alive through those
 * collections, and the literal keeps its fast path. The object is taken from the one `init` a
 * momentary async hook sees for a `nextTick` of nothing; the hook is off again before this returns.
 */
import { lazyModule } from "../../vendor/lazy-module";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const asyncHooks = lazyModule(() => require("node:async_hooks") as typeof import("node:async_hooks"));

/** The tick object kept alive (once per process), or undefined where none is needed or none was made. */
let kept: object | undefined;

/** Whether this runtime is Node (Bun and Deno have their own `nextTick`, and no tick objects to keep). */
export function tickShapeNeeded(versions: NodeJS.ProcessVersions = process.versions): boolean {
  return (versions as { bun?: string }).bun === undefined && (versions as { deno?: string }).deno === undefined;
}

/** Keeps one of node's tick objects alive for the life of the process (where needed; once). */
export function keepTickShape(): void {
  if (kept !== undefined || !tickShapeNeeded()) return;
  const hook = asyncHooks().createHook({
    init(_id, type, _trigger, resource) {
      if (type === "TickObject") kept ??= resource as object;
    },
  });
  hook.enable();
  try {
    process.nextTick(nothing);
  } finally {
    hook.disable();
  }
}

/** The tick object kept, for tests. */
export const keptTickObject = (): object | undefined => kept;

function nothing(): void {}
