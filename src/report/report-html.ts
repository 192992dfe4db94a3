/**
 * The benchmark report as one self-contained HTML page: overall and per-task tables with 95%
 * intervals, inline SVG plots, runs side by side, where episodes fail, and the trajectory viewer.
 * Everything (style, script, data, images) is inside the file; opening it makes no request.
 * @module
 */
import { compareRuns } from './compare-runs.ts';
import type { RunComparison } from './compare-runs.ts';
import type { LoadedRun } from './load-run.ts';
import { REPORT_CSS, VIEWER_JS } from './report-assets.ts';
import type { GroupStats } from './results.ts';
import { RUN_COLORS, barChart, esc, histogram } from './svg-charts.ts';
import { viewerData } from './viewer-data.ts';
import type { ScreenshotMode } from './viewer-data.ts';

/** Options of `renderReport`. */
export interface RenderReportOptions {
  /** Page heading. @default 'Benchmark report' (one run) or 'Benchmark comparison' */
  title?: string;
  /** Screenshots inlined as data URLs (the file stands alone) or linked relative to the report. @default 'embed' */
  screenshots?: ScreenshotMode;
  /** Folder the report will be written to (for linked screenshots). @default process.cwd() */
  reportDir?: string;
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);
const ci = (c: [number, number] | null) => (c ? `${(c[0] * 100).toFixed(0)}–${(c[1] * 100).toFixed(0)}%` : '');
const fixed = (v: number | null, digits = 1) => (v === null ? '–' : v.toFixed(digits));
const usd = (v: number | null) => (v === null ? '–' : `$${v < 0.01 && v > 0 ? v.toFixed(4) : v.toFixed(2)}`);
const signed = (d: number | null) => (d === null ? '–' : `${d > 0 ? '+' : d < 0 ? '−' : '±'}${(Math.abs(d) * 100).toFixed(1)} pts`);
const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

function rateCell(s: GroupStats | null, withCi = true): string {
  if (!s) return '<td class="num">–</td>';
  return `<td class="num">${pct(s.success)} <span class="ci">${s.successes}/${s.finished}${withCi && s.success_ci ? ` [${ci(s.success_ci)}]` : ''}</span></td>`;
}

function overallTable(runs: readonly LoadedRun[], comparison: RunComparison): string {
  const rows = runs.map((run, i) => {
    const o = run.results.overall;
    const c = run.results.config;
    const delta = i > 0 ? comparison.overall.delta[i] ?? null : null;
    return `<tr><td><span class="swatch" style="background:${RUN_COLORS[i % RUN_COLORS.length]}"></span>${esc(run.name)}</td><td>${esc(comparison.runs[i]!.agent)}</td>` +
      `<td class="num">${c.task_info.length} × ${c.episodes}</td>${rateCell(o)}` +
      (runs.length > 1 ? `<td class="num ${delta === null ? '' : delta > 0 ? 'better' : delta < 0 ? 'worse' : ''}${comparison.overall.significant[i] ? ' sig' : ''}">${i === 0 ? 'baseline' : signed(delta)}</td>` : '') +
      `<td class="num">${o.graph_scored ? `${pct(o.graph_success)} <span class="ci">${o.graph_successes}/${o.graph_scored} [${ci(o.graph_success_ci)}]</span>` : '<span class="ci">no graphs</span>'}</td>` +
      `<td class="num">${fixed(o.mean_steps)}</td><td class="num">${fixed(o.mean_reward, 2)}</td><td class="num">${fixed(o.mean_seconds)}</td>` +
      `<td class="num">${usd(o.cost_usd)}</td><td class="num">${o.input_tokens + o.output_tokens}</td><td class="num">${o.agent_errors}</td>` +
      `<td class="num">${o.infra_errors}${o.unfinished ? ` (${o.unfinished} given up)` : ''}</td><td class="num">${o.pending}</td></tr>`;
  });
  return `<table class="overall"><thead><tr><th>run</th><th>agent</th><th>tasks × episodes</th><th>success (oracle) [95% CI]</th>${runs.length > 1 ? '<th>Δ vs baseline</th>' : ''}<th>graph verdict</th>` +
    `<th>mean steps</th><th>mean reward</th><th>mean time (s)</th><th>cost</th><th>tokens</th><th>agent errors</th><th>infra errors</th><th>pending</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function taskTable(runs: readonly LoadedRun[], comparison: RunComparison): string {
  const multi = runs.length > 1;
  const head = runs.map((r) => `<th>${esc(r.name)}: success [95% CI]</th><th>steps</th><th>reward</th><th>time (s)</th><th>cost</th>${multi && r !== runs[0] ? '<th>Δ</th>' : ''}`).join('');
  const rows = comparison.tasks.map((t) => {
    const cells = t.runs.map((s, i) => {
      const delta = i > 0 ? `<td class="num ${t.change[i] === 'better' ? 'better' : t.change[i] === 'worse' ? 'worse' : ''}${t.significant[i] ? ' sig' : ''}">${t.change[i] === 'new' || t.change[i] === 'missing' ? t.change[i] : signed(t.delta[i] ?? null)}</td>` : '';
      if (!s) return `<td>–</td><td></td><td></td><td></td><td></td>${delta}`;
      return `${rateCell(s)}<td class="num">${fixed(s.mean_steps)}</td><td class="num">${fixed(s.mean_reward, 2)}</td><td class="num">${fixed(s.mean_seconds)}</td><td class="num">${usd(s.cost_usd)}</td>${delta}`;
    });
    const failed = runs.flatMap((run, r) => run.results.episodes.filter((e) => e.task_id === t.task_id && e.success === false).slice(0, 1).map((e) => `<a href="#viewer" data-view="${r}|${esc(e.key)}">view a failure${multi ? ` (${esc(run.name)})` : ''}</a>`));
    return `<tr><td>${esc(t.task_id)}</td><td>${t.split}</td>${cells.join('')}<td>${failed.join(' ')}</td></tr>`;
  });
  return `<table class="tasks"><thead><tr><th>task</th><th>split</th>${head}<th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function compareSection(runs: readonly LoadedRun[], comparison: RunComparison): string {
  if (runs.length < 2) return '';
  const last = runs[runs.length - 1]!.name;
  const list = (items: { task_id: string; delta: number }[], cls: string) =>
    items.length ? `<ul>${items.map((i) => `<li class="${cls}">${esc(i.task_id)} ${signed(i.delta)}</li>`).join('')}</ul>` : '<p class="note-text">none</p>';
  const same = comparison.tasks.filter((t) => t.change[runs.length - 1] === 'same').length;
  return `<section id="compare"><h2>What changed: ${esc(last)} against ${esc(runs[0]!.name)}</h2>
<div class="charts"><div><h3>Better (${comparison.better.length})</h3>${list(comparison.better, 'better')}</div><div><h3>Worse (${comparison.worse.length})</h3>${list(comparison.worse, 'worse')}</div><div><h3>Unchanged</h3><p>${same} tasks</p></div></div>
<p class="note-text">Deltas are differences of oracle success rates in percentage points. * marks a change whose 95% Wilson intervals do not overlap; with few episodes per task most changes are within noise.</p></section>`;
}

function charts(runs: readonly LoadedRun[], comparison: RunComparison): { perTask: string; bySplit: string; steps: string; failures: string } {
  const series = (pick: (run: LoadedRun, i: number) => { values: (number | null)[]; intervals: ([number, number] | null)[]; notes: string[] }) =>
    runs.map((run, i) => ({ name: run.name, color: RUN_COLORS[i % RUN_COLORS.length]!, ...pick(run, i) }));
  const taskIds = comparison.tasks.map((t) => t.task_id);
  const perTask = barChart({
    id: 'success-per-task',
    title: 'Success per task (oracle), with 95% intervals',
    categories: taskIds,
    max: 1,
    format: (v) => `${Math.round(v * 100)}%`,
    series: series((_run, i) => ({
      values: comparison.tasks.map((t) => t.runs[i]?.success ?? null),
      intervals: comparison.tasks.map((t) => t.runs[i]?.success_ci ?? null),
      notes: comparison.tasks.map((t) => (t.runs[i] ? `${pct(t.runs[i]!.success)} (${t.runs[i]!.successes}/${t.runs[i]!.finished})` : 'not run')),
    })),
  });
  const splits = ['train', 'heldout'].filter((s) => runs.some((r) => r.results.by_split[s]));
  const bySplit = barChart({
    id: 'success-by-split',
    title: 'Success by split',
    categories: splits.map((s) => (s === 'heldout' ? 'held-out templates' : 'train templates (unseen seeds)')),
    max: 1,
    format: (v) => `${Math.round(v * 100)}%`,
    series: series((run) => ({
      values: splits.map((s) => run.results.by_split[s]?.success ?? null),
      intervals: splits.map((s) => run.results.by_split[s]?.success_ci ?? null),
      notes: splits.map((s) => (run.results.by_split[s] ? `${pct(run.results.by_split[s]!.success)} (${run.results.by_split[s]!.successes}/${run.results.by_split[s]!.finished})` : 'not run')),
    })),
  });
  const steps = runs
    .map((run) =>
      histogram({
        id: 'steps-histogram',
        title: `Steps per episode: ${run.name}`,
        xLabel: 'steps',
        bins: run.results.steps_distribution.histogram.map((b) => ({ label: b.from === b.to ? String(b.from) : `${b.from}–${b.to}`, counts: [b.successes, b.failures] })),
        segments: [{ name: 'success', color: '#20a86b' }, { name: 'not success', color: '#d0342c' }],
      }),
    )
    .join('');
  const failures = runs
    .map((run) => {
      const points = run.results.failure_points;
      const unlabelled = run.results.unlabelled_failures;
      const chart = points.length
        ? barChart({
            id: 'failure-points',
            title: `Last key step satisfied by failed episodes: ${run.name}`,
            categories: points.map((p) => `${p.task_id} · ${p.key_step === null ? '(no key step)' : (p.description ?? p.key_step)}`),
            format: (v) => String(Math.round(v)),
            series: [{ name: run.name, color: '#d0342c', values: points.map((p) => p.count), notes: points.map((p) => `${p.count} episode${p.count === 1 ? '' : 's'}`) }],
          })
        : '';
      const note = unlabelled
        ? `<p class="note-text">${esc(run.name)}: ${unlabelled} failed episode${unlabelled === 1 ? '' : 's'} had no key-step labels (no strategy graph for their task instance), so where they stopped is unknown.</p>`
        : points.length
          ? ''
          : `<p class="note-text">${esc(run.name)}: no failed episodes.</p>`;
      return `${chart}${note}`;
    })
    .join('');
  return { perTask, bySplit, steps, failures };
}

/**
 * Render the report of one or more runs (the first is the baseline of comparisons).
 * @example
 * writeFileSync('report.html', renderReport([loadRun('runs/a'), loadRun('runs/b')]));
 */
export function renderReport(runs: readonly LoadedRun[], options: RenderReportOptions = {}): string {
  const comparison = compareRuns(runs);
  const title = options.title ?? (runs.length > 1 ? 'Benchmark comparison' : `Benchmark report: ${runs[0]?.name ?? ''}`);
  const plot = charts(runs, comparison);
  const data = viewerData(runs, { screenshots: options.screenshots ?? 'embed', reportDir: options.reportDir ?? process.cwd() });
  const hasEpisodes = data.runs.some((r) => r.episodes.length > 0);
  const runsLine = runs
    .map((r) => `${esc(r.name)}: ${esc(comparison.runs[runs.indexOf(r)]!.agent)}, ${r.results.config.task_info.length} tasks × ${r.results.config.episodes} episodes, split ${r.results.config.split}, started ${esc(r.results.config.started_at.slice(0, 16).replace('T', ' '))}`)
    .join(' · ');
  const viewer = hasEpisodes
    ? `<div id="viewer-body">
<div class="viewer-controls"><label>Run <select id="v-run"></select></label><label>Episode <select id="v-episode"></select></label>
<button id="v-prev" type="button" title="previous step (←)">◀ Prev</button><span id="v-pos"></span><button id="v-next" type="button" title="next step (→)">Next ▶</button></div>
<div class="episode-head"><div class="goal" id="v-goal"></div><div>oracle <span id="v-oracle" class="pill"></span> graph <span id="v-graph-verdict" class="pill"></span> <span id="v-totals"></span></div><div id="v-reason" class="note-text"></div><div id="v-answer" class="note-text"></div></div>
<div class="step-grid">
<div class="shot"><img id="v-shot" alt="screenshot the agent saw before this step" hidden><div id="v-no-shot" class="no-shot">No screenshot recorded for this step (run the benchmark with --screenshots).</div></div>
<div class="step-info"><dl><dt>action</dt><dd><code id="v-action"></code></dd><dt>target</dt><dd id="v-target"></dd><dt>reward</dt><dd id="v-reward"></dd><dt>error</dt><dd id="v-error"></dd><dt>page after</dt><dd id="v-url"></dd></dl>
<h3>Key steps satisfied so far</h3><ul id="v-keys" class="key-steps"></ul>
<h3>Model output (raw)</h3><pre id="v-raw"></pre><pre id="v-thought" hidden></pre></div>
<ol id="v-steps" aria-label="steps"></ol>
</div>
<h3>Strategy graph</h3><p id="v-graph-note" class="note-text"></p><iframe id="v-graph" class="graph" title="strategy graph" sandbox="allow-scripts" hidden></iframe>
</div>`
    : '<p class="note-text">No finished episodes yet.</p>';

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header><h1>${esc(title)}</h1><div class="runs-line">${runsLine}</div>
<nav><a href="#overview">Overview</a><a href="#tasks">Per task</a>${runs.length > 1 ? '<a href="#compare">What changed</a>' : ''}<a href="#failures">Where episodes fail</a><a href="#viewer">Trajectory viewer</a></nav></header>
<main>
<section id="overview"><h2>Overview</h2>${overallTable(runs, comparison)}
<div class="charts">${plot.bySplit}${plot.steps}</div></section>
${compareSection(runs, comparison)}
<section id="tasks"><h2>Per task</h2><div class="charts">${plot.perTask}</div>${taskTable(runs, comparison)}</section>
<section id="failures"><h2>Where episodes fail</h2><p class="note-text">For each failed episode (oracle verdict false), the key step of the task's strategy graph it satisfied last; "(no key step)" means it satisfied none.</p><div class="charts">${plot.failures}</div></section>
<section id="viewer"><h2>Trajectory viewer</h2><p class="note-text">Pick an episode and step through it with the buttons or the ← → keys. The screenshot is the page the agent saw when it chose the step's action.</p>${viewer}</section>
</main>
<footer><p>Success is the task oracle's verdict (trusted task code, never shown to the agent), over episodes that finished; intervals are 95% Wilson score intervals. Episodes that failed for infrastructure reasons (browser crash, timeout) were retried and are counted apart, never as failures. The graph verdict is reported only for task instances that had a strategy graph; it is never inferred for the others. Time is the wall-clock time of an episode, cost and tokens are what the agent reported.</p></footer>
<script type="application/json" id="report-data">${json(data)}</script>
<script>${VIEWER_JS}</script>
</body>
</html>
`;
}
