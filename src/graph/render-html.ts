/**
 * A self-contained HTML page (inline SVG, CSS and script; no network) that shows a strategy graph:
 * one row per stored path, and each key step's description and label code on hover or click.
 * @module
 */
import { END, START, type StrategyGraph } from './strategy-graph.ts';
import { highlightOf, type RenderOptions } from './render-text.ts';

const NODE_W = 170;
const NODE_H = 54;
const GAP = 34;
const ROW_H = 84;
const LEFT = 140;
const TOP = 16;
const R = 22;

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const shorten = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

interface Row {
  title: string;
  tooltip: string;
  nodes: string[];
  /** Edges the graph lacks are drawn dashed (only the highlight row can have them). */
  dashed: boolean;
  highlighted: boolean;
}

/**
 * The graph as one HTML file that works offline. With `highlightPath`, the matching stored path
 * (or, when no stored path matches, an extra first row) and its key steps are marked.
 * @example
 * writeFileSync('graph.html', toHtml(graph, { highlightPath: passTest(graph, scores).path ?? [] }));
 */
export function toHtml(graph: StrategyGraph, options: RenderOptions = {}): string {
  const highlight = highlightOf(graph, options.highlightPath, 'toHtml');
  const highlightKey = options.highlightPath ? [...highlight.nodes].join('\n') : null;
  const paths = graph.paths();
  const rows: Row[] = paths.map((p) => ({
    title: p.provenance.length > 1 ? `${p.provenance[0]} +${p.provenance.length - 1}` : p.provenance[0]!,
    tooltip: `path ${p.id}\nfrom: ${p.provenance.join(', ')}`,
    nodes: p.nodes,
    dashed: false,
    highlighted: p.nodes.join('\n') === highlightKey,
  }));
  if (highlightKey !== null && !rows.some((r) => r.highlighted)) {
    rows.unshift({ title: 'highlighted path', tooltip: 'the highlighted path is not a stored path', nodes: highlightKey.split('\n'), dashed: true, highlighted: true });
  }
  const edgeKeys = new Set(graph.edges().map((e) => `${e.source}\n${e.target}`));
  const columns = Math.max(2, ...rows.map((r) => r.nodes.length));
  const width = LEFT + 4 * R + 2 * GAP + (columns - 2) * (NODE_W + GAP);
  const height = TOP * 2 + Math.max(1, rows.length) * ROW_H;
  // START is a circle in column 0; key steps are boxes; END is a circle after the last box.
  const left = (col: number): number => (col === 0 ? LEFT : LEFT + 2 * R + GAP + (col - 1) * (NODE_W + GAP));
  const cx = (col: number, id: string): number => left(col) + (id === START || id === END ? R : NODE_W / 2);

  const svg: string[] = [];
  rows.forEach((row, r) => {
    const cy = TOP + r * ROW_H + ROW_H / 2;
    svg.push(`<g class="row${row.highlighted ? ' hl' : ''}">`);
    svg.push(`<text class="row-label" x="8" y="${cy + 4}"><title>${esc(row.tooltip)}</title>${esc(shorten(row.title, 24))}</text>`);
    row.nodes.forEach((id, c) => {
      if (c + 1 < row.nodes.length) {
        const next = row.nodes[c + 1]!;
        const x1 = cx(c, id) + (id === START ? R : NODE_W / 2);
        const x2 = cx(c + 1, next) - (next === END ? R : NODE_W / 2) - 1;
        const dashed = row.dashed && !edgeKeys.has(`${id}\n${next}`);
        const marked = row.highlighted && highlight.nodes.has(id) && highlight.nodes.has(next);
        svg.push(`<line class="edge${dashed ? ' dashed' : ''}${marked ? ' hl' : ''}" x1="${x1}" y1="${cy}" x2="${x2}" y2="${cy}" marker-end="url(#${marked ? 'arrow-hl' : 'arrow'})"/>`);
      }
      svg.push(nodeSvg(graph, id, cx(c, id), cy, highlight.nodes.has(id) && row.highlighted));
    });
    svg.push('</g>');
  });
  if (rows.length === 0) svg.push(`<text x="8" y="${TOP + ROW_H / 2}" class="empty">No paths yet: this graph passes no trajectory.</text>`);

  const data = {
    taskId: graph.taskId,
    nodes: graph.nodes().map((n) => ({
      id: n.id,
      labelId: n.labelId,
      description: n.description,
      codeHash: n.codeHash,
      code: n.label.code,
      origin: n.label.origin,
      paths: paths.filter((p) => p.nodes.includes(n.id)).map((p) => p.id),
    })),
  };
  const json = JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  const title = options.title ?? `Strategy graph: ${graph.taskId}`;
  const nodeList = graph
    .nodes()
    .map(
      (n) => `<details class="node-entry" data-node="${esc(n.id)}"><summary><code>${esc(n.labelId)}</code> ${esc(n.description)}</summary>` +
        `<pre><code>${esc(n.label.code)}</code></pre></details>`,
    )
    .join('\n');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d1d1f; background: #fafafa; }
header { padding: 12px 16px; border-bottom: 1px solid #ddd; background: #fff; }
h1 { font-size: 18px; margin: 0; }
.summary { color: #555; margin-top: 4px; }
main { display: flex; gap: 16px; padding: 16px; align-items: flex-start; }
.canvas { overflow: auto; flex: 1; background: #fff; border: 1px solid #ddd; border-radius: 6px; }
aside { width: 380px; flex: none; background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 12px; position: sticky; top: 16px; }
aside h2 { font-size: 15px; margin: 0 0 8px; }
dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; margin: 0 0 8px; font-size: 12px; }
dt { color: #666; } dd { margin: 0; word-break: break-all; }
pre { background: #f4f4f6; padding: 8px; border-radius: 4px; overflow: auto; font-size: 12px; white-space: pre-wrap; }
.node rect { stroke-width: 1.5; rx: 8; }
.node.step { cursor: pointer; }
.node.step:focus { outline: none; }
.node.hover rect, .node.selected rect { stroke-width: 3; }
.node.selected rect { stroke: #1a5fd0 !important; }
.node text { font-size: 12px; pointer-events: none; }
.node .id { font-weight: 600; }
.sentinel circle { fill: #333; }
.sentinel text { fill: #fff; font-size: 10px; font-weight: 600; pointer-events: none; }
.node.hl rect, .sentinel.hl circle { stroke: #d0342c !important; stroke-width: 3; }
.edge { stroke: #888; stroke-width: 1.5; }
.edge.dashed { stroke-dasharray: 5 4; }
.edge.hl { stroke: #d0342c; stroke-width: 3; }
.row.hl .row-label { fill: #d0342c; font-weight: 600; }
.row-label { font-size: 12px; fill: #444; }
.empty { fill: #777; }
section { padding: 0 16px 16px; }
section h2 { font-size: 15px; }
.node-entry { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 6px 10px; margin-bottom: 6px; }
</style>
</head>
<body>
<header><h1>${esc(title)}</h1>
<div class="summary">${graph.nodes().length} key steps, ${paths.length} path${paths.length === 1 ? '' : 's'}. Each row is one observed strategy; hover or click a key step to see its label code.</div></header>
<main>
<div class="canvas">
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#888"/></marker><marker id="arrow-hl" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="11" markerHeight="11" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#d0342c"/></marker></defs>
${svg.join('\n')}
</svg>
</div>
<aside id="details" aria-live="polite">
<h2 id="d-description">Click a key step to see its label code.</h2>
<dl><dt>node</dt><dd id="d-id"></dd><dt>label</dt><dd id="d-label"></dd><dt>origin</dt><dd id="d-origin"></dd><dt>code hash</dt><dd id="d-hash"></dd><dt>paths</dt><dd id="d-paths"></dd></dl>
<pre><code id="d-code"></code></pre>
</aside>
</main>
<section><h2>Key steps</h2>
${nodeList}
</section>
<script type="application/json" id="graph-data">${json}</script>
<script>
(function () {
  var data = JSON.parse(document.getElementById('graph-data').textContent);
  var byId = new Map(data.nodes.map(function (n) { return [n.id, n]; }));
  var steps = Array.prototype.slice.call(document.querySelectorAll('g.node.step'));
  function each(id, fn) { steps.forEach(function (g) { if (g.getAttribute('data-node') === id) fn(g); }); }
  function set(field, text) { document.getElementById(field).textContent = text; }
  function show(id) {
    var n = byId.get(id);
    if (!n) return;
    steps.forEach(function (g) { g.classList.remove('selected'); });
    each(id, function (g) { g.classList.add('selected'); });
    set('d-description', n.description);
    set('d-id', n.id);
    set('d-label', n.labelId);
    set('d-origin', n.origin);
    set('d-hash', n.codeHash);
    set('d-paths', n.paths.join(', '));
    set('d-code', n.code);
  }
  steps.forEach(function (g) {
    var id = g.getAttribute('data-node');
    g.addEventListener('click', function () { show(id); });
    g.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); show(id); } });
    g.addEventListener('mouseenter', function () { each(id, function (o) { o.classList.add('hover'); }); show(id); });
    g.addEventListener('mouseleave', function () { each(id, function (o) { o.classList.remove('hover'); }); });
  });
})();
</script>
</body>
</html>
`;
}

function nodeSvg(graph: StrategyGraph, id: string, cx: number, cy: number, highlighted: boolean): string {
  const hl = highlighted ? ' hl' : '';
  if (id === START || id === END) {
    return `<g class="node sentinel${hl}"><circle cx="${cx}" cy="${cy}" r="${R}"/><text x="${cx}" y="${cy + 3}" text-anchor="middle">${id}</text></g>`;
  }
  const node = graph.node(id)!;
  const hue = parseInt(node.codeHash.slice(0, 4), 16) % 360;
  const x = cx - NODE_W / 2;
  const y = cy - NODE_H / 2;
  return (
    `<g class="node step${hl}" data-node="${esc(id)}" tabindex="0" role="button" aria-label="${esc(node.description)}">` +
    `<title>${esc(`${node.description}\n\n${node.label.code}`)}</title>` +
    `<rect x="${x}" y="${y}" width="${NODE_W}" height="${NODE_H}" fill="hsl(${hue},60%,93%)" stroke="hsl(${hue},45%,45%)"/>` +
    `<text class="id" x="${x + 8}" y="${y + 20}">${esc(shorten(node.labelId, 24))}</text>` +
    `<text class="desc" x="${x + 8}" y="${y + 40}">${esc(shorten(node.description, 26))}</text></g>`
  );
}
