/**
 * The report's plots, drawn as inline SVG strings (no chart library, no network): grouped
 * horizontal bars with interval whiskers, and a stacked histogram.
 * @module
 */

/** Colours of runs, in order. */
export const RUN_COLORS = ['#3867d6', '#e17f2c', '#20a86b', '#8e44ad', '#c0392b', '#5d6d7e'];

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const shorten = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const num = (n: number): string => String(Math.round(n * 10) / 10);

/** One series of a bar chart (a run). */
export interface BarSeries {
  name: string;
  color: string;
  /** One value per category; null draws an empty bar marked `n/a`. */
  values: (number | null)[];
  /** Interval whiskers (e.g. 95% CIs), one per category. */
  intervals?: ([number, number] | null)[];
  /** Text after each bar. @default the formatted value */
  notes?: string[];
}

/** Options of `barChart`. */
export interface BarChartOptions {
  /** `data-chart` of the svg, for styling and tests. */
  id: string;
  title: string;
  categories: string[];
  series: BarSeries[];
  /** Upper end of the axis. @default the largest value or interval end */
  max?: number;
  format: (value: number) => string;
}

/** Horizontal grouped bars: one row per category, one bar per series, optional whiskers. */
export function barChart(o: BarChartOptions): string {
  const labelW = 250;
  const plotW = 380;
  const noteW = 150;
  const barH = 14;
  const groupGap = 10;
  // A legend row under the title when several series share the chart.
  const top = o.series.length > 1 ? 50 : 28;
  const groupH = o.series.length * (barH + 2) + groupGap;
  const height = top + o.categories.length * groupH + 24;
  const width = labelW + plotW + noteW;
  const max = o.max ?? Math.max(1e-9, ...o.series.flatMap((s) => [...s.values.map((v) => v ?? 0), ...(s.intervals ?? []).map((i) => i?.[1] ?? 0)]));
  const x = (v: number) => labelW + (Math.max(0, Math.min(v, max)) / max) * plotW;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="${esc(o.id)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(o.title)}">`);
  out.push(`<text class="chart-title" x="0" y="16">${esc(o.title)}</text>`);
  for (let t = 0; t <= 4; t++) {
    const v = (max * t) / 4;
    out.push(`<line class="grid" x1="${num(x(v))}" y1="${top - 4}" x2="${num(x(v))}" y2="${height - 20}"/>`);
    out.push(`<text class="tick" x="${num(x(v))}" y="${height - 6}" text-anchor="middle">${esc(o.format(v))}</text>`);
  }
  o.categories.forEach((category, c) => {
    const y0 = top + c * groupH;
    out.push(`<text class="category" x="${labelW - 8}" y="${num(y0 + (o.series.length * (barH + 2)) / 2 + 4)}" text-anchor="end"><title>${esc(category)}</title>${esc(shorten(category, 38))}</text>`);
    o.series.forEach((s, k) => {
      const y = y0 + k * (barH + 2);
      const value = s.values[c] ?? null;
      const w = value === null ? 0 : x(value) - labelW;
      const note = s.notes?.[c] ?? (value === null ? 'n/a' : o.format(value));
      out.push(
        `<rect class="bar" data-category="${esc(category)}" data-series="${esc(s.name)}" data-value="${value ?? ''}" x="${labelW}" y="${y}" width="${num(w)}" height="${barH}" fill="${s.color}">` +
          `<title>${esc(`${category} · ${s.name}: ${note}`)}</title></rect>`,
      );
      const interval = s.intervals?.[c];
      if (interval) {
        const [lo, hi] = interval;
        const cy = y + barH / 2;
        out.push(`<path class="whisker" d="M${num(x(lo))},${cy}H${num(x(hi))}M${num(x(lo))},${cy - 4}V${cy + 4}M${num(x(hi))},${cy - 4}V${cy + 4}"/>`);
      }
      out.push(`<text class="note" x="${labelW + plotW + 6}" y="${y + barH - 3}">${esc(note)}</text>`);
    });
  });
  if (o.series.length > 1) {
    o.series.forEach((s, k) => {
      const lx = labelW + k * 130;
      out.push(`<rect x="${lx}" y="24" width="10" height="10" fill="${s.color}"/><text class="legend" x="${lx + 14}" y="33">${esc(shorten(s.name, 16))}</text>`);
    });
  }
  out.push('</svg>');
  return out.join('');
}

/** One column of a histogram. */
export interface HistogramBin {
  label: string;
  /** Stacked segment counts, in the order of `HistogramOptions.segments`. */
  counts: number[];
}

/** Options of `histogram`. */
export interface HistogramOptions {
  id: string;
  title: string;
  bins: HistogramBin[];
  segments: { name: string; color: string }[];
  xLabel: string;
}

/** Vertical stacked columns, e.g. steps per episode split into successes and failures. */
export function histogram(o: HistogramOptions): string {
  const left = 36;
  const top = 28;
  const plotH = 150;
  const colW = Math.max(14, Math.min(40, Math.floor(560 / Math.max(1, o.bins.length))));
  const width = Math.max(left + o.bins.length * colW + 20, left + 120 + o.segments.length * 110 + 10);
  const height = top + plotH + 44;
  const max = Math.max(1, ...o.bins.map((b) => b.counts.reduce((a, n) => a + n, 0)));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="${esc(o.id)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(o.title)}">`);
  out.push(`<text class="chart-title" x="0" y="16">${esc(o.title)}</text>`);
  for (const v of [0, max / 2, max]) {
    out.push(`<line class="grid" x1="${left}" y1="${num(y(v))}" x2="${width - 16}" y2="${num(y(v))}"/><text class="tick" x="${left - 4}" y="${num(y(v) + 4)}" text-anchor="end">${num(v)}</text>`);
  }
  o.bins.forEach((bin, i) => {
    let base = 0;
    const x0 = left + i * colW + 2;
    bin.counts.forEach((count, k) => {
      if (count <= 0) return;
      const seg = o.segments[k]!;
      out.push(`<rect class="bar" data-category="${esc(bin.label)}" data-series="${esc(seg.name)}" data-value="${count}" x="${x0}" y="${num(y(base + count))}" width="${colW - 4}" height="${num(y(base) - y(base + count))}" fill="${seg.color}"><title>${esc(`${o.xLabel} ${bin.label}: ${count} ${seg.name}`)}</title></rect>`);
      base += count;
    });
    out.push(`<text class="tick" x="${num(x0 + (colW - 4) / 2)}" y="${top + plotH + 14}" text-anchor="middle">${esc(bin.label)}</text>`);
  });
  out.push(`<text class="axis-label" x="${left}" y="${height - 8}">${esc(o.xLabel)}</text>`);
  o.segments.forEach((s, k) => {
    const lx = left + 120 + k * 110;
    out.push(`<rect x="${lx}" y="${height - 18}" width="10" height="10" fill="${s.color}"/><text class="legend" x="${lx + 14}" y="${height - 9}">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('');
}
