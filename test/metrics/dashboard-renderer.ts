/**
 * A test-only stand-in for Grafana (which no registry reachable here ships): draws the panels of
 * deploy/grafana/dashboards/dmarc-analytics.json where their gridPos puts them, each from the
 * answers a real Prometheus gave to the panel's own queries. Time series become line charts with
 * their legend and last values, stat panels their last value. It writes the page (HTML and inline
 * SVG); Chromium lays it out and paints it.
 */

export interface RenderedTarget {
  readonly legendFormat: string;
  readonly series: readonly { readonly metric: Readonly<Record<string, string>>; readonly values: readonly (readonly [number, number])[] }[];
}

export interface RenderedPanel {
  readonly type: string;
  readonly title: string;
  readonly unit: string;
  readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly targets: readonly RenderedTarget[];
}

export interface DashboardData {
  readonly title: string;
  readonly caption: string;
  readonly start: number;
  readonly end: number;
  readonly panels: readonly RenderedPanel[];
}

/** The page: panels as CSS grid cells, charts as inline SVG; Chromium lays it out and paints it. */
export function dashboardHtml(data: DashboardData): string {
  const rows = Math.max(...data.panels.map((p) => p.gridPos.y + p.gridPos.h));
  const cells = data.panels.map((panel) => {
    const place = `grid-column:${panel.gridPos.x + 1} / span ${panel.gridPos.w};grid-row:${panel.gridPos.y + 1} / span ${panel.gridPos.h}`;
    if (panel.type === 'row') return `<div class="row" style="${place}"><div>${escape(panel.title)}</div></div>`;
    return `<div class="panel" style="${place}"><div class="title">${escape(panel.title)}</div>${panelBody(panel, data)}</div>`;
  });
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    body { margin: 0; background: #111217; color: #ccccdc; font: 12px Inter, Helvetica, Arial, sans-serif; }
    header { padding: 10px 16px 4px; } header h1 { margin: 0; font-size: 18px; color: #fff; font-weight: 500; } header p { margin: 2px 0 0; color: #8e8e9e; }
    main { display: grid; grid-template-columns: repeat(24, 1fr); grid-template-rows: repeat(${rows}, ${ROW_PX}px); gap: 6px; padding: 8px 12px 16px; }
    .row { display: flex; align-items: flex-end; border-bottom: 1px solid #2c3235; font-size: 14px; color: #fff; font-weight: 500; padding-bottom: 3px; }
    .panel { display: flex; flex-direction: column; min-width: 0; background: #181b1f; border: 1px solid #2c3235; border-radius: 2px; padding: 6px 8px; overflow: hidden; }
    .title { color: #fff; font-weight: 500; margin-bottom: 4px; white-space: nowrap; }
    .empty { flex: 1; display: flex; align-items: center; justify-content: center; color: #8e8e9e; }
    .stat { flex: 1; display: flex; align-items: center; justify-content: center; font-size: 30px; color: #73bf69; font-weight: 500; }
    .stat-label { text-align: center; color: #8e8e9e; }
    svg { flex: 1; min-height: 0; width: 100%; }
    .legend { display: flex; flex-wrap: wrap; gap: 2px 10px; max-height: 30px; overflow: hidden; margin-top: 2px; } .legend span { white-space: nowrap; }
    .swatch { display: inline-block; width: 10px; height: 3px; margin-right: 4px; vertical-align: middle; }
  </style></head><body><header><h1>${escape(data.title)}</h1><p>${escape(data.caption)}</p></header><main>${cells.join('')}</main></body></html>`;
}

const COLORS = ['#73bf69', '#f2cc0c', '#5794f2', '#ff780a', '#f2495c', '#b877d9', '#8ab8ff', '#fade2a', '#37872d', '#c4162a'];
const ROW_PX = 30;
const WIDTH = 600;
const HEIGHT = 200;
const LEFT = 58;
const BOTTOM = 16;

function panelBody(panel: RenderedPanel, data: DashboardData): string {
  const lines = panel.targets
    .flatMap((target) => target.series.map((s) => ({ label: legendOf(target.legendFormat, s.metric), values: s.values.filter(([, v]) => Number.isFinite(v)) })))
    .filter((line) => line.values.length > 0);
  if (lines.length === 0) return '<div class="empty">No data</div>';
  if (panel.type === 'stat') {
    return `<div class="stat">${escape(format(lines[0]!.values.at(-1)![1], panel.unit))}</div><div class="stat-label">${escape(lines[0]!.label)}</div>`;
  }
  const max = Math.max(...lines.flatMap((line) => line.values.map(([, v]) => v)), 0) || 1;
  const x = (t: number) => LEFT + ((t - data.start) / Math.max(1, data.end - data.start)) * (WIDTH - LEFT - 4);
  const y = (v: number) => 4 + (1 - v / max) * (HEIGHT - BOTTOM - 8);
  const grid = [0, 0.5, 1].map((f) => `<line x1="${LEFT}" x2="${WIDTH}" y1="${y(max * f)}" y2="${y(max * f)}" stroke="#2c3235"/><text x="${LEFT - 4}" y="${y(max * f) + 4}" fill="#8e8e9e" font-size="11" text-anchor="end">${escape(format(max * f, panel.unit))}</text>`);
  const times = ([[data.start, 'start'], [data.end, 'end']] as const).map(([t, anchor]) => `<text x="${x(t)}" y="${HEIGHT - 2}" fill="#8e8e9e" font-size="11" text-anchor="${anchor}">${new Date(t * 1000).toISOString().slice(11, 19)}</text>`);
  const polylines = lines.map((line, i) => `<polyline fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="1.6" vector-effect="non-scaling-stroke" points="${line.values.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}"/>`);
  const legend = lines.slice(0, 8).map((line, i) => `<span><span class="swatch" style="background:${COLORS[i % COLORS.length]}"></span>${escape(`${line.label} ${format(line.values.at(-1)![1], panel.unit)}`)}</span>`);
  const more = lines.length > 8 ? `<span style="color:#8e8e9e">+${lines.length - 8} more</span>` : '';
  return `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="none">${grid.join('')}${times.join('')}${polylines.join('')}</svg><div class="legend">${legend.join('')}${more}</div>`;
}

/** Grafana's legendFormat: {{label}} replaced by the series' label value. */
function legendOf(legendFormat: string, metric: Readonly<Record<string, string>>): string {
  return legendFormat.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => metric[name] ?? '').trim() || JSON.stringify(metric);
}

/** A value in the panel's unit, as Grafana would show it. */
function format(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '–';
  switch (unit) {
    case 's':
      if (value >= 86_400) return `${(value / 86_400).toFixed(1)} d`;
      if (value >= 3600) return `${(value / 3600).toFixed(1)} h`;
      if (value >= 60) return `${(value / 60).toFixed(1)} min`;
      if (value >= 1) return `${value.toFixed(2)} s`;
      return `${(value * 1000).toFixed(value * 1000 >= 10 ? 0 : 1)} ms`;
    case 'bytes':
      return compact(value, [' B', ' KiB', ' MiB', ' GiB'], 1024);
    case 'Bps':
      return `${compact(value, [' B', ' KiB', ' MiB', ' GiB'], 1024)}/s`;
    case 'percentunit':
      return `${(value * 100).toFixed(value * 100 >= 10 ? 0 : 1)}%`;
    case 'reqps':
      return `${compact(value, ['', 'k', 'M'], 1000)} req/s`;
    case 'ops':
      return `${compact(value, ['', 'k', 'M'], 1000)} ops/s`;
    default:
      return compact(value, ['', 'k', 'M', 'G'], 1000);
  }
}

function compact(value: number, suffixes: readonly string[], base: number): string {
  if (Number.isInteger(value) && Math.abs(value) < base) return `${value}${suffixes[0]}`;
  let n = value;
  let i = 0;
  while (Math.abs(n) >= base && i < suffixes.length - 1) {
    n /= base;
    i++;
  }
  return `${n >= 100 || n === 0 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2)}${suffixes[i]}`;
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
