import { describe, expect, it } from 'vitest';
import { GRAPH_SCHEMA_VERSION, NodePool, StrategyGraph, graphToJSON, parseGraph, serializeGraph } from '../../src/graph/index.ts';
import { GraphError } from '../../src/env/errors.ts';
import { label, labelSet } from './fixtures.ts';

function sampleGraph(): StrategyGraph {
  const graph = StrategyGraph.fromLabelSet(
    'shop.buy',
    labelSet('shop.buy', [
      label('cart', `(t, api) => api.probe('shop.cart')?.some(i => i.sku === "p-17")`, 'The cart holds "p-17" <red>', 0),
      label('order', `(t, api) => api.urlMatches(/\\/orders\\/\\d+$/)`, 'The order is placed', 3),
    ]),
    'demo-1',
  );
  graph.addLabelPath([label('search', `(t, api) => api.typed('shoes')`), graph.nodes()[1]!.label], 'run-9');
  graph.recordExpansion({ trajectoryId: 'run-9', status: 'expanded', satisfied: [], added: [], reused: [], dropped: [], synthesizer: 'test' });
  graph.recordExpansion({ trajectoryId: 'run-10', status: 'skipped', reason: 'oracle_rejected', satisfied: [], added: [], reused: [], dropped: [] });
  return graph;
}

describe('serializeGraph / parseGraph', () => {
  it('round-trips exactly', () => {
    const text = serializeGraph(sampleGraph());
    expect(serializeGraph(parseGraph(text))).toBe(text);
    expect(JSON.parse(text).schema).toBe(GRAPH_SCHEMA_VERSION);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('writes sorted keys, nodes and paths', () => {
    const file = JSON.parse(serializeGraph(sampleGraph()));
    expect(Object.keys(file)).toEqual(['edges', 'expansions', 'nodes', 'paths', 'schema', 'taskId']);
    const ids = file.nodes.map((n: { id: string }) => n.id);
    expect(ids).toEqual([...ids].sort());
    expect(file.paths.map((p: { id: string }) => p.id)).toEqual(file.paths.map((p: { id: string }) => p.id).sort());
  });

  it('keeps pass behaviour: the loaded graph has the same paths and labels', () => {
    const graph = sampleGraph();
    const loaded = parseGraph(serializeGraph(graph));
    expect(loaded.paths()).toEqual(graph.paths());
    expect(loaded.labels()).toEqual(graph.labels());
    expect(loaded.expansions()).toEqual(graph.expansions());
  });

  it('loads graphs of several tasks into one pool', () => {
    const pool = new NodePool();
    parseGraph(serializeGraph(sampleGraph()), { pool });
    const other = graphToJSON(sampleGraph());
    parseGraph({ ...other, taskId: 'shop.other' }, { pool });
    expect(pool.tasksOf(sampleGraph().nodeIds()[0]!)).toEqual(['shop.buy', 'shop.other']);
  });

  it('names the bad field when a file does not validate', () => {
    const file = graphToJSON(sampleGraph());
    const bad = (mutate: (f: typeof file) => void): unknown => {
      const copy = structuredClone(file);
      mutate(copy);
      return copy;
    };
    expect(() => parseGraph(bad((f) => (f.paths[1]!.nodes[1] = 'nope:00000000')))).toThrow(/at paths\[1\]\.nodes\[1\]: unknown node "nope:00000000"/);
    expect(() => parseGraph(bad((f) => (f.nodes[0]!.label.code += ' && true')))).toThrow(/at nodes\[0\]\.codeHash: does not match the label's code/);
    expect(() => parseGraph(bad((f) => (f.schema = 'coregym.graph/0' as typeof f.schema)))).toThrow(/at schema: Invalid input: expected "coregym.graph\/1"/);
    expect(() => parseGraph(bad((f) => f.edges.pop()))).toThrow(/at edges: missing edge search:[0-9a-f]{8} -> order:[0-9a-f]{8} of a path/);
    expect(() => parseGraph(bad((f) => (f.paths[0]!.nodes = [...f.paths[0]!.nodes].reverse())))).toThrow(/at paths\[0\]\.nodes\[0\]: expected "START", got "END"/);
    expect(() => parseGraph('{"schema":')).toThrow(expect.objectContaining({ code: 'graph_invalid', message: expect.stringMatching(/^parseGraph: not JSON/) }));
    expect(() => parseGraph({})).toThrow(GraphError);
  });
});
