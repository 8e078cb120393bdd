/**
 * Prototype poisoning, with Fastify's semantics (secure-json-parse): a parsed JSON value holding a
 * `__proto__` key, or a `constructor` key whose value holds `prototype`, is refused rather than
 * stripped, so a client learns its payload was not taken as sent. HTTP bodies and WebSocket
 * messages share it.
 *
 * Such a key needs `proto` in the text (`__proto__`, or the `prototype` that a poisoning
 * `constructor` holds) or a `\u` escape spelling one, so two scans of the text pass most texts
 * without a walk. secure-json-parse loads the first time a text is walked: a start loads nothing
 * for it (cold start is a measured bar, BENCHMARKS.md S0).
 */
import type * as SecureJsonParse from "secure-json-parse";
import { lazyModule } from "../vendor/lazy-module";

const secureJson = lazyModule(() => require("secure-json-parse") as typeof SecureJsonParse);

const SCAN_OPTIONS = { protoAction: "error", constructorAction: "error" } as const;

/** Whether `value`, which `JSON.parse(text)` returned, holds a forbidden prototype key. */
export function isPoisoned(text: string, value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  if (!text.includes("proto") && !text.includes("\\u")) return false;
  try {
    secureJson().scan(value as Record<string, unknown>, SCAN_OPTIONS);
    return false;
  } catch {
    return true;
  }
}
