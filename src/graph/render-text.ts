/**
 * Strategy graphs as Mermaid flowcharts and Graphviz DOT, with an optional highlighted path.
 * @module
 */
import { GraphError, quote } from '../env/errors.ts';
import { END, START, type StrategyGraph } from './strategy-graph.ts';

/** Options shared by the renderers. */
export interface RenderOptions {
  /**
   * Node ids of a trajectory's path to mark (for example `passTest(...).path`); START and END may be
   * included or left out. Its steps that are not an edge of the graph are drawn dashed.
   */
  highlightPath?: readonly string[];
  /** Heading of the HTML view. @default `Strategy graph: <taskId>` */
  title?: string;
}

/** Normalized highlight: START, the key steps and END, and the edges between them. */
export function highlightOf(graph: StrategyGraph, path: readonly string[] | undefined, api: string): { nodes: Set<string>; edges: [string, string][] } {
  if (!path) return { nodes: new Set(), edges: [] };
  const inner = path.filter((id) => id !== START && id !== END);
  for (const [i, id] of inner.entries()) {
    if (!graph.node(id)) {
      throw new GraphError(
        'graph_invalid',
        `${api}: highlightPath has an unknown node at position ${i} (expected one of ${quote(graph.nodeIds(), 200)}, got ${quote(id)}). Pass node ids of this graph.`,
      );
    }
  }
  const nodes = [START, ...inner, END];
  return { nodes: new Set(nodes), edges: nodes.slice(1).map((id, i): [string, string] => [nodes[i]!, id]) };
}

const shorten = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * The graph as a Mermaid flowchart (left to right). Key steps show their label id and description;
 * edges carry how many stored paths take them.
 * @example
 * writeFileSync('graph.mmd', toMermaid(graph, { highlightPath: passTest(graph, scores).path ?? [] }));
 */
export function toMermaid(graph: StrategyGraph, options: RenderOptions = {}): string {
  const highlight = highlightOf(graph, options.highlightPath, 'toMermaid');
  const ids = new Map<string, string>([[START, 'START'], [END, 'END']]);
  graph.nodeIds().forEach((id, i) => ids.set(id, `n${i}`));
  const text = (s: string): string => s.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
  const lines = ['flowchart LR', '  START((START))', '  END((END))'];
  for (const node of graph.nodes()) {
    lines.push(`  ${ids.get(node.id)}["<b>${text(node.labelId)}</b><br/>${text(shorten(node.description, 80))}"]`);
  }
  const marked: number[] = [];
  let index = 0;
  const edgeKeys = new Set<string>();
  for (const edge of graph.edges()) {
    edgeKeys.add(`${edge.source}\n${edge.target}`);
    if (highlight.edges.some(([s, t]) => s === edge.source && t === edge.target)) marked.push(index);
    const count = edge.paths.length;
    lines.push(`  ${ids.get(edge.source)} -->|${count} path${count === 1 ? '' : 's'}| ${ids.get(edge.target)}`);
    index++;
  }
  for (const [source, target] of highlight.edges) {
    if (edgeKeys.has(`${source}\n${target}`)) continue;
    lines.push(`  ${ids.get(source)} -.-> ${ids.get(target)}`);
    marked.push(index++);
  }
  if (highlight.nodes.size > 0) {
    lines.push('  classDef highlight stroke:#d0342c,stroke-width:3px');
    lines.push(`  class ${[...highlight.nodes].map((id) => ids.get(id)).join(',')} highlight`);
    if (marked.length > 0) lines.push(`  linkStyle ${marked.join(',')} stroke:#d0342c,stroke-width:3px`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The graph as Graphviz DOT (`dot -Tsvg graph.dot`). Node tooltips hold the label code.
 */
export function toDot(graph: StrategyGraph, options: RenderOptions = {}): string {
  const highlight = highlightOf(graph, options.highlightPath, 'toDot');
  const q = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
  const mark = ', color="#d0342c", penwidth=3';
  const lines = [
    `digraph ${q(graph.taskId)} {`,
    '  rankdir=LR;',
    '  node [shape=box, style=rounded, fontname="Helvetica"];',
    `  ${q(START)} [shape=circle${highlight.nodes.has(START) ? mark : ''}];`,
    `  ${q(END)} [shape=doublecircle${highlight.nodes.has(END) ? mark : ''}];`,
  ];
  for (const node of graph.nodes()) {
    const label = `${node.labelId}\n${shorten(node.description, 80)}`;
    lines.push(`  ${q(node.id)} [label=${q(label)}, tooltip=${q(node.label.code)}${highlight.nodes.has(node.id) ? mark : ''}];`);
  }
  const edgeKeys = new Set<string>();
  for (const edge of graph.edges()) {
    edgeKeys.add(`${edge.source}\n${edge.target}`);
    const marked = highlight.edges.some(([s, t]) => s === edge.source && t === edge.target);
    lines.push(`  ${q(edge.source)} -> ${q(edge.target)} [label=${q(String(edge.paths.length))}${marked ? mark : ''}];`);
  }
  for (const [source, target] of highlight.edges) {
    if (!edgeKeys.has(`${source}\n${target}`)) lines.push(`  ${q(source)} -> ${q(target)} [style=dashed${mark}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
