/**
 * Which transport an app listens on: `new App({ transport })`, overridden for every app of the
 * process by `TYPEKILN_TRANSPORT`. `"auto"` (the default) takes uWebSockets.js when a native build
 * loads and node:http otherwise; `"uws"` insists, and refuses with TK_RT_UWS_UNAVAILABLE rather
 * than run a build's JavaScript fallback.
 */
import { STARTUP_ERRORS, startupError } from "../errors/errors";
import type { Transport } from "../transport/transport";
import { nodeTransport } from "../transport/node/node-adapter";
import { loadUws, runtimeName } from "../transport/uws/uws-loader";
import { uwsTransport } from "../transport/uws/uws-adapter";

/** `new App({ transport })`; see {@link AppOptions.transport}. */
export type TransportOption = "uws" | "node" | "auto";

const OPTIONS: readonly string[] = ["uws", "node", "auto"];

/** The transport chosen, and the words the start-up line uses for it. */
export interface TransportChoice {
  readonly transport: Transport;
  /** `uWebSockets.js (@trufflesuite/uws-js-unofficial 20.30.0-unofficial.0, native) on Node 20.19.5`. */
  readonly description: string;
}

/** Checks `new App({ transport })` at construction. */
export function checkTransportOption(value: unknown): TransportOption {
  if (value === undefined) return "auto";
  if (typeof value !== "string" || !OPTIONS.includes(value)) {
    throw startupError(STARTUP_ERRORS.BAD_TRANSPORT, { source: "new App(): option transport", value: JSON.stringify(value) });
  }
  return value as TransportOption;
}

/** Resolves the option (and `TYPEKILN_TRANSPORT`) when the app listens; throws TK_RT_… when it cannot be met. */
export function chooseTransport(option: TransportOption): TransportChoice {
  const env = process.env.TYPEKILN_TRANSPORT;
  let wanted = option;
  if (env !== undefined && env !== "") {
    if (!OPTIONS.includes(env)) throw startupError(STARTUP_ERRORS.BAD_TRANSPORT, { source: "TYPEKILN_TRANSPORT", value: JSON.stringify(env) });
    wanted = env as TransportOption;
  }
  const runtime = runtimeName();
  if (wanted === "node") return { transport: nodeTransport, description: `node:http on ${runtime}` };
  const uws = loadUws();
  if (!("error" in uws)) return { transport: uwsTransport, description: `uWebSockets.js (${uws.build}, native) on ${runtime}` };
  if (wanted === "uws") throw uws.error;
  return { transport: nodeTransport, description: `node:http on ${runtime} (uWebSockets.js unavailable: ${uws.reason})` };
}
