/**
 * Strategy graph files: stable JSON (`coregym.graph/1`, sorted keys, nodes and paths sorted by id)
 * and its zod schema, so serialize(parse(serialize(g))) === serialize(g).
 * @module
 */
import { z } from 'zod';
import { GraphError } from '../env/errors.ts';
import { LabelFunctionSchema } from '../labels/label.ts';
import { codeHash } from './code-hash.ts';
import { ExpansionRecordSchema } from './expansion-record.ts';
import type { NodePool } from './node-pool.ts';
import { END, START, StrategyGraph, pathId } from './strategy-graph.ts';

export const GRAPH_SCHEMA_VERSION = 'coregym.graph/1';

const GraphNodeSchema = z.object({
  id: z.string().min(1),
  labelId: z.string().min(1),
  description: z.string(),
  codeHash: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex digits (SHA-256)'),
  label: LabelFunctionSchema,
});

/** Schema of a graph file. Loading checks the invariants too: paths are START->END walks over known nodes, edges are their union. */
export const GraphFileSchema = z
  .object({
    schema: z.literal(GRAPH_SCHEMA_VERSION),
    taskId: z.string().min(1),
    nodes: z.array(GraphNodeSchema),
    edges: z.array(z.object({ source: z.string(), target: z.string(), paths: z.array(z.string()) })),
    paths: z.array(z.object({ id: z.string(), nodes: z.array(z.string()).min(3), provenance: z.array(z.string()).min(1) })),
    expansions: z.array(ExpansionRecordSchema).default([]),
  })
  .superRefine((file, ctx) => {
    const issue = (path: (string | number)[], message: string): void => ctx.addIssue({ code: 'custom', path, message });
    const ids = new Set<string>();
    for (const [i, node] of file.nodes.entries()) {
      if (node.id === START || node.id === END) issue(['nodes', i, 'id'], `${node.id} is a sentinel, not a key step`);
      if (ids.has(node.id)) issue(['nodes', i, 'id'], `duplicate node id "${node.id}"`);
      ids.add(node.id);
      const hash = codeHash(node.label.code);
      if (node.codeHash !== hash) issue(['nodes', i, 'codeHash'], `does not match the label's code (expected ${hash}, got ${node.codeHash})`);
      if (node.labelId !== node.label.id) issue(['nodes', i, 'labelId'], `expected the label's id "${node.label.id}", got "${node.labelId}"`);
      if (node.description !== node.label.description) issue(['nodes', i, 'description'], "expected the label's description");
      const expectedId = `${node.label.id}:${hash.slice(0, 8)}`;
      if (node.id !== expectedId) issue(['nodes', i, 'id'], `expected "${expectedId}" (label id and code hash), got "${node.id}"`);
    }
    const union = new Map<string, string[]>();
    for (const [i, path] of file.paths.entries()) {
      const inner = path.nodes.slice(1, -1);
      if (path.nodes[0] !== START) issue(['paths', i, 'nodes', 0], `expected "${START}", got "${path.nodes[0]}"`);
      if (path.nodes[path.nodes.length - 1] !== END) issue(['paths', i, 'nodes', path.nodes.length - 1], `expected "${END}", got "${path.nodes[path.nodes.length - 1]}"`);
      for (const [j, id] of inner.entries()) {
        if (!ids.has(id)) issue(['paths', i, 'nodes', j + 1], `unknown node "${id}"`);
        if (inner.indexOf(id) !== j) issue(['paths', i, 'nodes', j + 1], `node "${id}" repeats on the path`);
      }
      const expectedId = pathId(path.nodes);
      if (path.id !== expectedId) issue(['paths', i, 'id'], `expected "${expectedId}" (hash of the node list), got "${path.id}"`);
      for (let j = 0; j + 1 < path.nodes.length; j++) {
        const key = `${path.nodes[j]}\n${path.nodes[j + 1]}`;
        union.set(key, [...(union.get(key) ?? []), path.id]);
      }
    }
    const listed = new Set<string>();
    for (const [i, edge] of file.edges.entries()) {
      const key = `${edge.source}\n${edge.target}`;
      listed.add(key);
      const paths = union.get(key);
      if (!paths) issue(['edges', i], `edge ${edge.source} -> ${edge.target} is on no path`);
      else if ([...paths].sort().join() !== [...edge.paths].sort().join()) issue(['edges', i, 'paths'], `expected [${[...paths].sort().join(', ')}]`);
    }
    for (const key of union.keys()) {
      if (!listed.has(key)) issue(['edges'], `missing edge ${key.replace('\n', ' -> ')} of a path`);
    }
  });
export type GraphFile = z.infer<typeof GraphFileSchema>;

/** The graph as plain, sorted data (the object `serializeGraph` prints). */
export function graphToJSON(graph: StrategyGraph): GraphFile {
  return {
    schema: GRAPH_SCHEMA_VERSION,
    taskId: graph.taskId,
    nodes: graph.nodes().map(({ id, labelId, description, codeHash: hash, label }) => ({ id, labelId, description, codeHash: hash, label })),
    edges: graph.edges(),
    paths: graph.paths(),
    expansions: graph.expansions(),
  };
}

/**
 * The graph as stable JSON: object keys sorted, nodes and paths sorted by id, edges by source and
 * target, two-space indent, trailing newline. Equal graphs print byte-identical files.
 */
export function serializeGraph(graph: StrategyGraph): string {
  return `${JSON.stringify(sortKeys(graphToJSON(graph)), null, 2)}\n`;
}

/** Options of `parseGraph`. */
export interface ParseGraphOptions {
  /** Pool to load the nodes into, shared with other graphs. @default a new pool */
  pool?: NodePool;
}

/**
 * Loads a graph from its JSON text or parsed value.
 * @throws GraphError `graph_invalid` naming the first bad field, e.g. `paths[1].nodes[2]: unknown node "k9:0a1b2c3d"`.
 */
export function parseGraph(input: string | unknown, options: ParseGraphOptions = {}): StrategyGraph {
  let json: unknown = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (cause) {
      throw new GraphError('graph_invalid', `parseGraph: not JSON (${(cause as Error).message}). Pass the text serializeGraph wrote.`, { cause });
    }
  }
  const result = GraphFileSchema.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.slice(0, 5).map((i) => `${z.core.toDotPath(i.path) || '(root)'}: ${i.message}`);
    const more = result.error.issues.length > 5 ? ` (and ${result.error.issues.length - 5} more)` : '';
    throw new GraphError('graph_invalid', `parseGraph: invalid ${GRAPH_SCHEMA_VERSION} file at ${lines.join('; ')}${more}. Fix the field or re-create the graph with serializeGraph.`);
  }
  const file = result.data;
  const graph = new StrategyGraph(file.taskId, { pool: options.pool });
  for (const node of file.nodes) graph.addNode(node);
  for (const path of file.paths) for (const provenance of path.provenance) graph.mergePath(path.nodes.slice(1, -1), provenance);
  for (const record of file.expansions) graph.recordExpansion(record);
  return graph;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}
