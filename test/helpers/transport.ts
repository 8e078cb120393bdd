/**
 * Which transport this run of the suite serves on. CI runs the suite once per transport:
 * `TYPEKILN_TRANSPORT=node npm test` overrides every app's transport (runtime/app/transport-choice.ts).
 * Tests of one transport's own behaviour run only on it.
 */
export const TRANSPORT: "uws" | "node" = process.env.TYPEKILN_TRANSPORT === "node" ? "node" : "uws";

/** `describe` for tests of the uWS transport's own behaviour; skipped on the node transport. */
export const describeOnUws = TRANSPORT === "uws" ? describe : describe.skip;

/** `describe` for tests of the node transport's own behaviour; skipped on uWS. */
export const describeOnNode = TRANSPORT === "node" ? describe : describe.skip;

/** node:http takes `listen({ reusePort })` from Node 22.12 and 23.1. */
export const NODE_REUSES_PORTS = (() => {
  const [major, minor] = process.versions.node.split(".").map(Number);
  return major > 23 || (major === 23 && minor >= 1) || (major === 22 && minor >= 12);
})();
