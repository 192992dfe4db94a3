/**
 * The report page's inline style sheet and the trajectory viewer's script (plain ES2017, no
 * dependencies), kept as strings so the page needs nothing but itself.
 * @module
 */

export const REPORT_CSS = `
:root { --ok: #20a86b; --bad: #d0342c; --muted: #667; --line: #dde; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1d1d1f; background: #f7f7f9; }
header { background: #fff; border-bottom: 1px solid var(--line); padding: 14px 20px 8px; position: sticky; top: 0; z-index: 2; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 0 0 10px; }
h3 { font-size: 14px; margin: 14px 0 6px; }
nav a { margin-right: 14px; color: #3867d6; text-decoration: none; font-size: 13px; }
.runs-line { color: var(--muted); font-size: 13px; margin-bottom: 6px; }
main { padding: 16px 20px 40px; max-width: 1400px; }
section { scroll-margin-top: 100px; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin-bottom: 16px; overflow-x: auto; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border-bottom: 1px solid #eef; padding: 4px 10px 4px 0; text-align: left; vertical-align: top; white-space: nowrap; }
th { color: var(--muted); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.ci { color: var(--muted); font-size: 12px; }
.better { color: var(--ok); font-weight: 600; }
.worse { color: var(--bad); font-weight: 600; }
.sig::after { content: " *"; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
.charts { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; margin-top: 12px; }
.chart { font-size: 11px; background: #fff; }
.chart .chart-title { font-size: 13px; font-weight: 600; fill: #333; }
.chart .grid { stroke: #eee; }
.chart .tick, .chart .note, .chart .legend, .chart .axis-label { fill: #555; }
.chart .category { fill: #222; }
.chart .whisker { stroke: #222; stroke-width: 1.2; fill: none; }
.note-text { color: var(--muted); font-size: 12px; max-width: 900px; }
.pill { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 12px; font-weight: 600; color: #fff; background: #999; }
.pill.ok { background: var(--ok); } .pill.bad { background: var(--bad); }
.viewer-controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-bottom: 10px; }
.viewer-controls select { max-width: 420px; }
button { font: inherit; padding: 3px 12px; border: 1px solid #bbc; border-radius: 5px; background: #f3f4f8; cursor: pointer; }
button:disabled { opacity: 0.45; cursor: default; }
#v-pos { font-variant-numeric: tabular-nums; min-width: 110px; display: inline-block; text-align: center; }
.episode-head { background: #f7f8fb; border-radius: 6px; padding: 8px 10px; margin-bottom: 10px; }
.episode-head .goal { font-weight: 600; }
.step-grid { display: grid; grid-template-columns: minmax(280px, 1fr) minmax(320px, 1fr) 220px; gap: 14px; align-items: start; }
.shot img { max-width: 100%; border: 1px solid var(--line); border-radius: 4px; }
.no-shot { color: var(--muted); border: 1px dashed #ccd; border-radius: 6px; padding: 30px 10px; text-align: center; }
.step-info dl { display: grid; grid-template-columns: 130px 1fr; gap: 3px 10px; margin: 0; }
.step-info dt { color: var(--muted); }
.step-info dd { margin: 0; word-break: break-word; }
pre { background: #f4f4f6; padding: 8px; border-radius: 4px; white-space: pre-wrap; word-break: break-word; max-height: 260px; overflow: auto; font-size: 12px; margin: 4px 0 0; }
#v-steps { list-style: none; margin: 0; padding: 0; max-height: 460px; overflow: auto; font-size: 12px; border-left: 1px solid var(--line); }
#v-steps li { padding: 2px 8px; cursor: pointer; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
#v-steps li.current { background: #e6ecfb; font-weight: 600; }
#v-steps li.key::before { content: "★ "; color: #e1a12c; }
#v-steps li.err { color: var(--bad); }
.key-steps li.new { font-weight: 600; }
iframe.graph { width: 100%; height: 420px; border: 1px solid var(--line); border-radius: 6px; background: #fafafa; }
footer { color: var(--muted); font-size: 12px; padding: 0 20px 30px; max-width: 1000px; }
`;

export const VIEWER_JS = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var $ = function (id) { return document.getElementById(id); };
  if (!$('viewer-body')) return;
  var runSel = $('v-run'), epSel = $('v-episode'), prev = $('v-prev'), next = $('v-next');
  var state = { run: 0, episode: 0, step: 0 };

  function setText(el, value) { el.textContent = value === null || value === undefined ? '' : String(value); }
  function verdict(v) { return v === true ? 'success' : v === false ? 'failure' : 'n/a'; }
  function pill(el, v) { el.className = 'pill' + (v === true ? ' ok' : v === false ? ' bad' : ''); setText(el, verdict(v)); }
  function describe(id) { return data.keySteps[id] ? data.keySteps[id] + ' (' + id + ')' : id; }
  function run() { return data.runs[state.run]; }
  function episode() { return run().episodes[state.episode]; }

  function fillRuns() {
    data.runs.forEach(function (r, i) {
      var o = document.createElement('option');
      o.value = String(i);
      o.textContent = r.name + ' (' + r.episodes.length + ' episodes)';
      runSel.appendChild(o);
    });
  }
  function fillEpisodes() {
    epSel.textContent = '';
    run().episodes.forEach(function (e, i) {
      var o = document.createElement('option');
      o.value = String(i);
      o.textContent = (e.success === true ? '\\u2713 ' : e.success === false ? '\\u2717 ' : '\\u00b7 ') + e.task + '  seed ' + e.seed + '  (' + e.steps.length + ' steps)';
      epSel.appendChild(o);
    });
  }
  function showEpisode(index) {
    state.episode = index;
    epSel.value = String(index);
    var e = episode();
    setText($('v-goal'), e.goal || e.task);
    pill($('v-oracle'), e.success);
    pill($('v-graph-verdict'), e.graph);
    setText($('v-reason'), e.reason ? 'oracle: ' + e.reason : '');
    setText($('v-answer'), e.answer !== undefined && e.answer !== null ? 'answer: ' + e.answer : '');
    setText($('v-totals'), e.status === 'finished' ? e.steps.length + ' steps, reward ' + e.reward + (e.seconds !== null ? ', ' + e.seconds + ' s' : '') : 'not finished: ' + e.infra);
    var list = $('v-steps');
    list.textContent = '';
    e.steps.forEach(function (s, i) {
      var li = document.createElement('li');
      li.textContent = (i + 1) + '. ' + s.action;
      if (s.newly.length) li.className = 'key';
      if (s.error) li.className += ' err';
      li.addEventListener('click', function () { showStep(i); });
      list.appendChild(li);
    });
    var frame = $('v-graph');
    var graphNote = $('v-graph-note');
    if (e.graphRef && data.graphs[e.graphRef]) {
      frame.hidden = false;
      frame.srcdoc = data.graphs[e.graphRef];
      setText(graphNote, 'The path this episode took is highlighted in red (dashed where it is not a stored strategy).');
    } else {
      frame.hidden = true;
      frame.removeAttribute('srcdoc');
      setText(graphNote, 'No strategy graph for this task instance, so no key steps were scored (see the notes at the bottom).');
    }
    showStep(0);
  }
  function showStep(index) {
    var e = episode();
    var n = e.steps.length;
    state.step = Math.max(0, Math.min(index, Math.max(0, n - 1)));
    prev.disabled = state.step <= 0;
    next.disabled = state.step >= n - 1;
    setText($('v-pos'), n ? 'Step ' + (state.step + 1) + ' of ' + n : 'No steps');
    var items = $('v-steps').children;
    for (var i = 0; i < items.length; i++) items[i].classList.toggle('current', i === state.step);
    if (items[state.step] && items[state.step].scrollIntoView) items[state.step].scrollIntoView({ block: 'nearest' });
    var s = e.steps[state.step];
    var img = $('v-shot'), none = $('v-no-shot');
    if (s && s.shot) { img.src = s.shot; img.hidden = false; none.hidden = true; }
    else { img.removeAttribute('src'); img.hidden = true; none.hidden = false; }
    setText($('v-action'), s ? s.action : '');
    setText($('v-reward'), s ? s.reward : '');
    setText($('v-error'), s && s.error ? s.error : 'none');
    setText($('v-url'), s ? s.url : '');
    setText($('v-raw'), s && s.raw !== undefined ? s.raw : '(no model output recorded: the agent returned an action directly)');
    setText($('v-thought'), s && s.thought ? s.thought : '');
    $('v-thought').hidden = !(s && s.thought);
    setText($('v-target'), s && s.target ? s.target : '–');
    var keys = $('v-keys');
    keys.textContent = '';
    var satisfied = [];
    for (var k = 0; s && k <= state.step; k++) satisfied = satisfied.concat(e.steps[k].newly.map(function (id) { return { id: id, now: k === state.step }; }));
    if (!satisfied.length) {
      var li0 = document.createElement('li');
      li0.textContent = e.labelled ? 'none yet' : 'not scored (no labels for this instance)';
      keys.appendChild(li0);
    }
    satisfied.forEach(function (x) {
      var li = document.createElement('li');
      li.textContent = (x.now ? 'new at this step: ' : '') + describe(x.id);
      if (x.now) li.className = 'new';
      keys.appendChild(li);
    });
  }

  fillRuns();
  fillEpisodes();
  runSel.addEventListener('change', function () { state.run = Number(runSel.value); fillEpisodes(); showEpisode(0); });
  epSel.addEventListener('change', function () { showEpisode(Number(epSel.value)); });
  prev.addEventListener('click', function () { showStep(state.step - 1); });
  next.addEventListener('click', function () { showStep(state.step + 1); });
  document.addEventListener('keydown', function (ev) {
    var tag = ev.target && ev.target.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return;
    if (ev.key === 'ArrowRight' || ev.key === 'j') { showStep(state.step + 1); ev.preventDefault(); }
    if (ev.key === 'ArrowLeft' || ev.key === 'k') { showStep(state.step - 1); ev.preventDefault(); }
  });
  Array.prototype.forEach.call(document.querySelectorAll('[data-view]'), function (a) {
    a.addEventListener('click', function (ev) {
      var parts = a.getAttribute('data-view').split('|');
      var r = Number(parts[0]);
      var i = data.runs[r].episodes.findIndex(function (e) { return e.key === parts[1]; });
      if (i < 0) return;
      ev.preventDefault();
      state.run = r; runSel.value = String(r); fillEpisodes(); showEpisode(i);
      $('viewer').scrollIntoView();
    });
  });
  if (data.runs.length && data.runs[0].episodes.length) showEpisode(0);
})();
`;
