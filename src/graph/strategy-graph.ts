/**
 * The StrategyGraph: one task's valid solution paths, as explicit START -> key steps -> END node
 * lists with provenance, plus their union as a graphology DirectedGraph.
 * @module
 */
import { createHash } from 'node:crypto';
import { DirectedGraph } from 'graphology';
import { GraphError, quote } from '../env/errors.ts';
import type { LabelFunction, LabelSet } from '../labels/label.ts';
import { NodePool, type GraphNode, type ReuseReason } from './node-pool.ts';
import type { ExpansionRecord } from './expansion-record.ts';

/** Key of the start sentinel. No edge enters it. */
export const START = 'START';
/** Key of the end sentinel. No edge leaves it. */
export const END = 'END';

/** One observed strategy: an ordered node list and the demos or trajectories it came from. */
export interface StoredPath {
  /** `p-` and 10 hex of the SHA-256 of the node list: the same steps always get the same id. */
  id: string;
  /** START, the key-step node ids in order, END. */
  nodes: string[];
  /** Ids of the demos or trajectories that showed this path, sorted. */
  provenance: string[];
}

/** Attributes of a graphology node: sentinels carry only their kind. */
export interface GraphNodeAttributes {
  kind: 'start' | 'end' | 'step';
  labelId?: string;
  description?: string;
  codeHash?: string;
}

/** Attributes of a graphology edge: the ids of the stored paths that take it, sorted. */
export interface GraphEdgeAttributes {
  paths: string[];
}

/** What `mergePath` did. */
export interface MergeResult {
  pathId: string;
  /** False when the same node list was already stored (only its provenance may have grown). */
  isNewPath: boolean;
}

/** A key step resolved through the pool while adding labels as a path. */
export interface ResolvedStep {
  labelId: string;
  nodeId: string;
  reused: ReuseReason | null;
}

/** Options of `StrategyGraph` construction. */
export interface StrategyGraphOptions {
  /** Pool to share nodes with other tasks' graphs. @default a new pool of this graph's own */
  pool?: NodePool;
}

/** Id of the stored path with these nodes (START and END included). */
export function pathId(nodes: readonly string[]): string {
  return `p-${createHash('sha256').update(nodes.join('\n')).digest('hex').slice(0, 10)}`;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One task's strategy graph. Paths are stored explicitly and the pass test runs over them, so cycles
 * among key-step nodes in the union (A before B on one path, B before A on another) are allowed:
 * the union is for display and analysis, and never makes up a path that no trajectory showed.
 * START has no in-edges and END no out-edges by construction.
 *
 * @example
 * const graph = StrategyGraph.fromLabelSet('shop.add-to-cart', labelSet, demo.id);
 * const { pass, path } = passTest(graph, await scorer(graph.labels(), rollout));
 */
export class StrategyGraph {
  readonly taskId: string;
  readonly pool: NodePool;
  #graph = new DirectedGraph<GraphNodeAttributes, GraphEdgeAttributes>();
  #nodes = new Map<string, GraphNode>();
  #paths = new Map<string, StoredPath>();
  #expansions: ExpansionRecord[] = [];

  constructor(taskId: string, options: StrategyGraphOptions = {}) {
    this.taskId = taskId;
    this.pool = options.pool ?? new NodePool();
    this.#graph.addNode(START, { kind: 'start' });
    this.#graph.addNode(END, { kind: 'end' });
  }

  /**
   * The graph of one demo: START -> its labels in key-step order -> END.
   * Labels are ordered by `provenance.keyStep` where present, else kept in set order.
   * @param provenance id of the demo (or trajectory) the labels came from
   * @throws GraphError `graph_invalid` when the label set belongs to another task.
   */
  static fromLabelSet(taskId: string, labelSet: LabelSet, provenance: string, options: StrategyGraphOptions = {}): StrategyGraph {
    if (labelSet.taskId !== taskId) {
      throw new GraphError(
        'graph_invalid',
        `StrategyGraph.fromLabelSet: label set is for another task (expected ${quote(taskId)}, got ${quote(labelSet.taskId)}). Pass the label set synthesized for this task.`,
      );
    }
    const graph = new StrategyGraph(taskId, options);
    const ordered = labelSet.labels
      .map((label, index) => ({ label, index }))
      .sort((a, b) => (a.label.provenance.keyStep ?? a.index) - (b.label.provenance.keyStep ?? b.index) || a.index - b.index)
      .map(({ label }) => label);
    if (ordered.length > 0) graph.addLabelPath(ordered, provenance);
    return graph;
  }

  /**
   * Resolves labels to pool nodes (reusing nodes with the same normalized code) and merges them as one path.
   * A label that resolves to a node already earlier on the path is dropped from it.
   */
  addLabelPath(labels: readonly LabelFunction[], provenance: string): MergeResult & { steps: ResolvedStep[] } {
    const steps: ResolvedStep[] = [];
    const ids: string[] = [];
    for (const label of labels) {
      const { node, reused } = this.pool.resolve(label, { taskId: this.taskId });
      this.addNode(node);
      steps.push({ labelId: label.id, nodeId: node.id, reused });
      if (!ids.includes(node.id)) ids.push(node.id);
    }
    return { ...this.mergePath(ids, provenance), steps };
  }

  /**
   * Adds a key-step node (also to the pool). Adding the same node again is a no-op.
   * @throws GraphError `graph_invalid` for a sentinel id or a different node under an existing id.
   */
  addNode(node: GraphNode): void {
    if (node.id === START || node.id === END) {
      throw new GraphError('graph_invalid', `StrategyGraph.addNode: ${quote(node.id)} is a sentinel (expected a key-step id). Rename the label.`);
    }
    this.pool.add(node, this.taskId);
    const existing = this.#nodes.get(node.id);
    if (existing) {
      if (existing.codeHash !== node.codeHash) {
        throw new GraphError(
          'graph_invalid',
          `StrategyGraph.addNode: node ${quote(node.id)} already exists with other code (expected code hash ${existing.codeHash.slice(0, 8)}, got ${node.codeHash.slice(0, 8)}). Resolve labels through the pool.`,
        );
      }
      return;
    }
    this.#nodes.set(node.id, node);
    this.#graph.addNode(node.id, { kind: 'step', labelId: node.labelId, description: node.description, codeHash: node.codeHash });
  }

  /**
   * Stores START -> nodeIds -> END as a path from `provenance` and adds its edges to the union.
   * Idempotent: merging the same node list again only adds the provenance if it is new, and the
   * result does not depend on the order paths are merged in.
   * @param nodeIds key-step node ids in order, without the sentinels; each must already be in the graph
   * @throws GraphError `graph_invalid` for an empty path or an unknown node; `graph_cycle` when a node repeats.
   */
  mergePath(nodeIds: readonly string[], provenance: string): MergeResult {
    if (nodeIds.length === 0) {
      throw new GraphError('graph_invalid', 'StrategyGraph.mergePath: empty path (expected at least one key step). A path with no key steps would pass any trajectory.');
    }
    const seen = new Set<string>();
    for (const [i, id] of nodeIds.entries()) {
      if (!this.#nodes.has(id)) {
        throw new GraphError(
          'graph_invalid',
          `StrategyGraph.mergePath: unknown node at nodeIds[${i}] (expected one of ${quote(this.nodeIds(), 200)}, got ${quote(id)}). Add nodes with addNode or addLabelPath first.`,
        );
      }
      if (seen.has(id)) {
        throw new GraphError('graph_cycle', `StrategyGraph.mergePath: node ${quote(id)} repeats at nodeIds[${i}] (expected each key step once per path). Keep its first occurrence.`);
      }
      seen.add(id);
    }
    const nodes = [START, ...nodeIds, END];
    const id = pathId(nodes);
    const existing = this.#paths.get(id);
    if (existing) {
      if (!existing.provenance.includes(provenance)) existing.provenance = [...existing.provenance, provenance].sort(byString);
      return { pathId: id, isNewPath: false };
    }
    this.#paths.set(id, { id, nodes, provenance: [provenance] });
    for (let i = 0; i + 1 < nodes.length; i++) {
      const [source, target] = [nodes[i]!, nodes[i + 1]!];
      if (this.#graph.hasDirectedEdge(source, target)) {
        const attrs = this.#graph.getDirectedEdgeAttributes(source, target);
        this.#graph.setDirectedEdgeAttribute(source, target, 'paths', [...attrs.paths, id].sort(byString));
      } else {
        this.#graph.addDirectedEdge(source, target, { paths: [id] });
      }
    }
    return { pathId: id, isNewPath: true };
  }

  node(id: string): GraphNode | undefined {
    return this.#nodes.get(id);
  }

  /** Key-step nodes, sorted by id. */
  nodes(): GraphNode[] {
    return this.nodeIds().map((id) => this.#nodes.get(id)!);
  }

  nodeIds(): string[] {
    return [...this.#nodes.keys()].sort(byString);
  }

  path(id: string): StoredPath | undefined {
    const path = this.#paths.get(id);
    return path && { ...path, nodes: [...path.nodes], provenance: [...path.provenance] };
  }

  /** Stored paths (copies), sorted by id. */
  paths(): StoredPath[] {
    return [...this.#paths.keys()].sort(byString).map((id) => this.path(id)!);
  }

  /** Edges of the union with the paths that take them, sorted by source then target. */
  edges(): { source: string; target: string; paths: string[] }[] {
    return this.#graph
      .mapEdges((_edge, attrs, source, target) => ({ source, target, paths: [...attrs.paths] }))
      .sort((a, b) => byString(a.source, b.source) || byString(a.target, b.target));
  }

  /** The nodes' label functions, each under its node id: score these and pass the result to `passTest`. */
  labels(): LabelFunction[] {
    return this.nodes().map((node) => ({ ...node.label, id: node.id }));
  }

  /** The union as a graphology graph, for analysis. Read it; change the graph only through this class. */
  get graphology(): DirectedGraph<GraphNodeAttributes, GraphEdgeAttributes> {
    return this.#graph;
  }

  /** The expansion log, oldest first: every trajectory `expandGraph` looked at and what it did. */
  expansions(): ExpansionRecord[] {
    return [...this.#expansions];
  }

  /** Appends to the expansion log (used by `expandGraph` and when loading a graph). */
  recordExpansion(record: ExpansionRecord): void {
    this.#expansions.push(record);
  }
}
