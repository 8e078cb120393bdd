/**
 * A module loaded on first use. Features that only some apps use (compression, uploads, files,
 * security) load their libraries through this, so an app that never touches them starts as fast
 * as raw uWebSockets.js: start-up is one of the measured bars (BENCHMARKS.md, S0).
 */
export const lazyModule = <T>(load: () => T): (() => T) => {
  let loaded: T | undefined;
  return () => (loaded ??= load());
};
