/**
 * The results chart, drawn as plain SVG (no external service): one panel per scenario, one bar
 * per server, the median server CPU µs per request with a whisker for the min–max range.
 * Lower is better. The last panel is S0, cold start in ms.
 */
import { coldStartOf, cpuOf, type RunResults } from "./results";
import type { Summary } from "./stats";

const COLORS: Record<string, string> = {
  "raw-a": "#4c78a8",
  "raw-b": "#9ecae9",
  typekiln: "#f58518",
  "raw-node": "#72b7b2",
  "typekiln-node": "#ffbf79",
  fastify: "#54a24b",
  express: "#e45756",
  hono: "#b279a2",
};

const PANEL_W = 440;
const LABEL_W = 140;
const BAR_W = 220;
const ROW_H = 20;
const HEAD_H = 28;
const GAP = 16;

const escape = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const fmt = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

interface Panel {
  readonly title: string;
  readonly unit: string;
  readonly rows: readonly { readonly key: string; readonly label: string; readonly value?: Summary }[];
}

const drawPanel = (panel: Panel, x: number, y: number): string => {
  const max = Math.max(...panel.rows.map((row) => row.value?.max ?? 0), 1e-9) * 1.05;
  const scale = (v: number) => (v / max) * BAR_W;
  const parts = [`<text x="${x}" y="${y + 16}" class="title">${escape(panel.title)}</text>`];
  panel.rows.forEach((row, i) => {
    const top = y + HEAD_H + i * ROW_H;
    const mid = top + ROW_H / 2;
    parts.push(`<text x="${x + LABEL_W - 6}" y="${mid + 4}" class="label">${escape(row.label)}</text>`);
    if (row.value === undefined) {
      parts.push(`<text x="${x + LABEL_W}" y="${mid + 4}" class="pending">pending</text>`);
      return;
    }
    const { median, min, max: hi } = row.value;
    parts.push(
      `<rect x="${x + LABEL_W}" y="${top + 3}" width="${scale(median).toFixed(1)}" height="${ROW_H - 6}" fill="${COLORS[row.key] ?? "#888"}"/>`,
      `<line x1="${(x + LABEL_W + scale(min)).toFixed(1)}" x2="${(x + LABEL_W + scale(hi)).toFixed(1)}" y1="${mid}" y2="${mid}" class="whisker"/>`,
      `<text x="${(x + LABEL_W + scale(hi) + 4).toFixed(1)}" y="${mid + 4}" class="value">${fmt(median)} ${panel.unit}</text>`,
    );
  });
  return parts.join("\n");
};

export const renderChart = (r: RunResults): string => {
  const panels: Panel[] = r.scenarios.map((scenario) => ({
    title: `${scenario.id} · ${scenario.title} — CPU µs/${scenario.kind === "ws" ? "message" : "request"}`,
    unit: "µs",
    rows: r.servers
      .filter((server) => scenario.kind === "http" || server.websocket || server.key === "typekiln")
      .map((server) => ({ key: server.key, label: server.label, value: cpuOf(r, server.key, scenario.id) })),
  }));
  if (Object.keys(r.coldStarts).length > 0)
    panels.push({
      title: "S0 · cold start, 10 routes — ms to listening",
      unit: "ms",
      rows: r.servers.map((server) => ({ key: server.key, label: server.label, value: coldStartOf(r, server.key) })),
    });
  const columns = 2;
  const panelH = (p: Panel) => HEAD_H + p.rows.length * ROW_H + GAP;
  const rowHeights: number[] = [];
  for (let i = 0; i < panels.length; i += columns) rowHeights.push(Math.max(...panels.slice(i, i + columns).map(panelH)));
  const header = 48;
  const height = header + rowHeights.reduce((a, b) => a + b, 0) + 24;
  const width = columns * PANEL_W + 20;
  const body = panels.map((panel, i) => {
    const row = Math.floor(i / columns);
    const y = header + rowHeights.slice(0, row).reduce((a, b) => a + b, 0);
    return drawPanel(panel, 10 + (i % columns) * PANEL_W, y);
  });
  const mode = r.config.quick ? " · QUICK MODE (smoke test, not the method)" : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">
<style>
.title { font-size: 13px; font-weight: bold; fill: #222 }
.label { font-size: 12px; text-anchor: end; fill: #333 }
.value { font-size: 11px; fill: #333 }
.pending { font-size: 11px; fill: #999; font-style: italic }
.whisker { stroke: #222; stroke-width: 1.2 }
.caption { font-size: 11px; fill: #555 }
</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="20" class="title">typekiln benchmarks — server CPU per request (median, whisker = min–max; lower is better)</text>
<text x="10" y="36" class="caption">${escape(`${r.machine.cpu}, ${r.machine.cores} cores, Node ${r.machine.node}, ${r.startedAt}, ${r.config.rounds} rounds × ${r.config.durationSeconds} s${mode}`)}</text>
${body.join("\n")}
</svg>
`;
};
