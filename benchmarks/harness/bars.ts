/**
 * The bars of BENCHMARKS.md, checked against a run. All are on server CPU µs per request (the
 * number to trust when one wrk thread cannot saturate uWS), medians over the timed rounds.
 */
import { coldStartOf, cpuOf, efficiency, noiseFloor, rawCpu, type RunResults } from "./results";

export interface BarCheck {
  readonly bar: string;
  readonly measured: string;
  readonly status: "met" | "missed" | "pending";
  readonly note?: string;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const TK = "typekiln";

const pendingWhy = (r: RunResults, scenario: string): string => {
  const kind = r.scenarios.find((s) => s.id === scenario)?.kind;
  if (kind === undefined) return `${scenario} was not run`;
  const server = r.servers.find((s) => s.key === TK);
  if (server === undefined) return "typekiln was not measured (see Pending)";
  return kind === "ws" && !server.websocket ? "typekiln has no WebSocket routes yet; raw uWS is measured alone" : "no samples";
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
];
