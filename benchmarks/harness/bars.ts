/**
 * The bars of BENCHMARKS.md, checked against a run. All are on server CPU µs per request (the
 * number to trust when one wrk thread cannot saturate uWS), medians over the timed rounds.
 */
import { cheapness, coldStartOf, cpuOf, efficiency, leadOver, noiseFloor, pairedEfficiency, rawCpu, type RunResults } from "./results";

export interface BarCheck {
  readonly bar: string;
  readonly measured: string;
  readonly status: "met" | "missed" | "pending";
  readonly note?: string;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const TK = "typekiln";
const TK_NODE = "typekiln-node";
const RAW_NODE = "raw-node";
const PEERS = [
  ["fastify", "Fastify"],
  ["hono", "Hono"],
  ["express", "Express"],
] as const;

const pendingWhy = (r: RunResults, scenario: string, keys: readonly string[] = [TK]): string => {
  const kind = r.scenarios.find((s) => s.id === scenario)?.kind;
  if (kind === undefined) return `${scenario} was not run`;
  const missing = keys.find((key) => !r.servers.some((s) => s.key === key));
  if (missing !== undefined) return `${missing} was not measured (see Pending)`;
  const server = r.servers.find((s) => s.key === keys[0]);
  return kind === "ws" && server?.websocket === false ? `${keys[0]} has no WebSocket routes yet; raw uWS is measured alone` : "no samples";
};

/** typekiln keeps at least `share` of raw uWS's efficiency on `scenario`. */
const share = (r: RunResults, scenario: string, bar: number): BarCheck => {
  const label = `${scenario}: typekiln ≥ ${pct(bar)} of raw uWS`;
  const eff = efficiency(r, TK, scenario);
  if (eff === undefined) return { bar: label, measured: "—", status: "pending", note: pendingWhy(r, scenario) };
  const noise = noiseFloor(r, scenario);
  const close = noise !== undefined && Math.abs(eff - bar) * 100 < noise;
  return {
    bar: label,
    measured: `${pct(eff)} (${cpuOf(r, TK, scenario)!.median.toFixed(2)} vs ${rawCpu(r, scenario)!.median.toFixed(2)} µs)`,
    status: eff >= bar ? "met" : "missed",
    note: close ? `within the A/A noise floor (${noise!.toFixed(1)} %)` : undefined,
  };
};

/** typekiln is at least `times` cheaper than a peer on S3. */
const versus = (r: RunResults, peer: string, label: string, times: number): BarCheck => {
  const bar = `S3: typekiln ≥ ${times}× ${label}`;
  const own = cpuOf(r, TK, "S3");
  const theirs = cpuOf(r, peer, "S3");
  if (own === undefined || theirs === undefined)
    return { bar, measured: "—", status: "pending", note: own === undefined ? pendingWhy(r, "S3") : `${label} was not measured` };
  const ratio = theirs.median / own.median;
  return { bar, measured: `${ratio.toFixed(2)}×`, status: ratio >= times ? "met" : "missed" };
};

const errorPath = (r: RunResults): BarCheck => {
  const bar = "S4: typekiln's error path no dearer than its S3";
  const s3 = cpuOf(r, TK, "S3");
  const s4 = cpuOf(r, TK, "S4");
  if (s3 === undefined || s4 === undefined)
    return { bar, measured: "—", status: "pending", note: pendingWhy(r, s3 === undefined ? "S3" : "S4") };
  const kept = (scenario: string): string => {
    const eff = efficiency(r, TK, scenario);
    return eff === undefined ? "—" : pct(eff);
  };
  return {
    bar,
    measured: `${s4.median.toFixed(2)} vs ${s3.median.toFixed(2)} µs (against raw uWS: S4 ${kept("S4")}, S3 ${kept("S3")})`,
    status: s4.median <= s3.median ? "met" : "missed",
  };
};

/** On the node transport: typekiln (node) keeps at least `bar` of raw node:http's efficiency. */
const nodeShare = (r: RunResults, scenario: string, bar: number): BarCheck => {
  const label = `${scenario}: typekiln (node) ≥ ${pct(bar)} of raw node:http`;
  const eff = cheapness(r, TK_NODE, RAW_NODE, scenario);
  if (eff === undefined) return { bar: label, measured: "—", status: "pending", note: pendingWhy(r, scenario, [TK_NODE, RAW_NODE]) };
  return {
    bar: label,
    measured: `${pct(eff)} (${cpuOf(r, TK_NODE, scenario)!.median.toFixed(2)} vs ${cpuOf(r, RAW_NODE, scenario)!.median.toFixed(2)} µs)`,
    status: eff >= bar ? "met" : "missed",
  };
};

/** On the node transport: typekiln (node) costs no more CPU per request than Fastify. */
const nodeVersusFastify = (r: RunResults, scenario: string): BarCheck => {
  const bar = `${scenario}: typekiln (node) no dearer than Fastify`;
  const own = cpuOf(r, TK_NODE, scenario);
  const theirs = cpuOf(r, "fastify", scenario);
  if (own === undefined || theirs === undefined)
    return { bar, measured: "—", status: "pending", note: pendingWhy(r, scenario, [TK_NODE, "fastify"]) };
  return {
    bar,
    measured: `${own.median.toFixed(2)} vs ${theirs.median.toFixed(2)} µs (Fastify ÷ typekiln (node) ${(theirs.median / own.median).toFixed(2)}×)`,
    status: own.median <= theirs.median ? "met" : "missed",
  };
};

/**
 * typekiln keeps at least `bar` of raw uWS's lead over each peer, in the same rounds: (peer ÷
 * typekiln) ÷ (peer ÷ raw uWS) per round, the median over rounds. The peer's CPU cancels out of
 * each round's quotient, leaving raw ÷ typekiln in that round, so the share is one number for every
 * peer; the leads themselves, which differ by peer, are shown beside it.
 */
const keepsLead = (r: RunResults, scenario: string, bar: number): BarCheck => {
  const label = `${scenario}: typekiln keeps ≥ ${pct(bar)} of raw uWS's lead over each peer`;
  const kept = pairedEfficiency(r, TK, scenario);
  const peers = PEERS.filter(([key]) => leadOver(r, "raw", key, scenario) !== undefined);
  if (kept === undefined || peers.length === 0) {
    const note = kept === undefined ? pendingWhy(r, scenario) : "no peer (Fastify, Hono, Express) was measured";
    return { bar: label, measured: "—", status: "pending", note };
  }
  const leads = peers.map(([key, name]) => {
    const [raw, own] = [leadOver(r, "raw", key, scenario)!, leadOver(r, TK, key, scenario)];
    return `${name} ${raw.median.toFixed(2)}× / ${own === undefined ? "—" : `${own.median.toFixed(2)}×`}`;
  });
  return {
    bar: label,
    measured: `${pct(kept.median)} (leads of raw uWS / typekiln: ${leads.join("; ")})`,
    status: kept.median >= bar ? "met" : "missed",
  };
};

const coldStart = (r: RunResults): BarCheck => {
  const bar = "S0: cold start within 5 ms of raw uWS";
  const own = coldStartOf(r, TK);
  const raw = coldStartOf(r, "raw-a");
  if (own === undefined || raw === undefined) {
    const note = r.servers.some((s) => s.key === TK) ? "S0 was not run" : "typekiln was not measured (see Pending)";
    return { bar, measured: "—", status: "pending", note };
  }
  const delta = own.median - raw.median;
  return { bar, measured: `${delta >= 0 ? "+" : ""}${delta.toFixed(1)} ms`, status: delta <= 5 ? "met" : "missed" };
};

export const checkBars = (r: RunResults): BarCheck[] => [
  share(r, "S1", 0.9),
  share(r, "S2", 0.85),
  share(r, "S3", 0.85),
  errorPath(r),
  share(r, "S5 20 B", 0.9),
  share(r, "S5 4 KB", 0.9),
  share(r, "S5b", 0.75),
  coldStart(r),
  versus(r, "fastify", "Fastify", 2.5),
  versus(r, "hono", "Hono", 5),
  versus(r, "express", "Express", 8),
  ...["S1", "S2", "S3", "S4", "S6"].map((scenario) => keepsLead(r, scenario, 0.95)),
  ...["S1", "S2", "S3", "S4"].map((scenario) => nodeShare(r, scenario, 0.9)),
  nodeVersusFastify(r, "S3"),
  nodeVersusFastify(r, "S4"),
];
