import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { END, START, StrategyGraph, nodeFromLabel, serializeGraph } from '../../src/graph/index.ts';
import { GraphError } from '../../src/env/errors.ts';
import { label } from './fixtures.ts';

const NODES = Array.from({ length: 6 }, (_, i) => nodeFromLabel(label(`k${i}`, `(t, api) => api.clicked('button', 'B${i}')`)));

/** A path: 1 to 5 distinct node indexes in some order (cycles across paths are allowed). */
const pathArb = fc.uniqueArray(fc.integer({ min: 0, max: NODES.length - 1 }), { minLength: 1, maxLength: 5 });
const sourcedPathsArb = fc.array(fc.tuple(pathArb, fc.constantFrom('demo-a', 'demo-b', 'run-1', 'run-2')), { minLength: 1, maxLength: 8 });

function build(paths: readonly (readonly [number[], string])[]): StrategyGraph {
  const graph = new StrategyGraph('task');
  for (const [indexes, provenance] of paths) {
    for (const i of indexes) graph.addNode(NODES[i]!);
    graph.mergePath(indexes.map((i) => NODES[i]!.id), provenance);
  }
  return graph;
}

describe('mergePath', () => {
  it('gives the same graph whatever order paths are merged in', () => {
    fc.assert(
      fc.property(sourcedPathsArb, fc.infiniteStream(fc.nat()), (paths, seeds) => {
        const shuffled = [...paths];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = seeds.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        expect(serializeGraph(build(shuffled))).toBe(serializeGraph(build(paths)));
      }),
    );
  });

  it('is idempotent: merging every path again changes nothing', () => {
    fc.assert(
      fc.property(sourcedPathsArb, (paths) => {
        expect(serializeGraph(build([...paths, ...paths]))).toBe(serializeGraph(build(paths)));
      }),
    );
  });

  it('never adds an edge into START or out of END, and stores only START->END walks of the graph', () => {
    fc.assert(
      fc.property(sourcedPathsArb, (paths) => {
        const graph = build(paths);
        const g = graph.graphology;
        expect(g.inDegree(START)).toBe(0);
        expect(g.outDegree(END)).toBe(0);
        for (const path of graph.paths()) {
          expect(path.nodes[0]).toBe(START);
          expect(path.nodes[path.nodes.length - 1]).toBe(END);
          for (let i = 0; i + 1 < path.nodes.length; i++) {
            expect(g.hasDirectedEdge(path.nodes[i]!, path.nodes[i + 1]!)).toBe(true);
            expect(g.getDirectedEdgeAttribute(path.nodes[i]!, path.nodes[i + 1]!, 'paths')).toContain(path.id);
          }
        }
        const distinct = new Set(paths.map(([indexes]) => indexes.join(',')));
        expect(graph.paths()).toHaveLength(distinct.size);
        expect(g.size).toBe(graph.edges().length);
      }),
    );
  });

  it('keeps every provenance of a path, sorted', () => {
    const graph = build([[[0, 1], 'run-2'], [[0, 1], 'demo-a'], [[0, 1], 'run-2']]);
    expect(graph.paths()).toEqual([expect.objectContaining({ provenance: ['demo-a', 'run-2'] })]);
  });

  it('rejects a path that repeats a node, is empty, or names an unknown node', () => {
    const graph = build([[[0, 1], 'demo-a']]);
    expect(() => graph.mergePath([NODES[0]!.id, NODES[1]!.id, NODES[0]!.id], 'x')).toThrow(
      expect.objectContaining({ code: 'graph_cycle', message: expect.stringContaining(`repeats at nodeIds[2]`) }),
    );
    expect(() => graph.mergePath([], 'x')).toThrow(GraphError);
    expect(() => graph.mergePath([START, NODES[0]!.id], 'x')).toThrow(expect.objectContaining({ code: 'graph_invalid', message: expect.stringContaining('unknown node at nodeIds[0]') }));
  });

  it('allows opposite orders of two key steps on different paths (a cycle in the union only)', () => {
    const graph = build([[[0, 1], 'demo-a'], [[1, 0], 'demo-b']]);
    expect(graph.graphology.hasDirectedEdge(NODES[0]!.id, NODES[1]!.id)).toBe(true);
    expect(graph.graphology.hasDirectedEdge(NODES[1]!.id, NODES[0]!.id)).toBe(true);
    expect(graph.paths()).toHaveLength(2);
  });
});
