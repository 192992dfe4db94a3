import { describe, expect, it } from 'vitest';
import { END, START, StrategyGraph, passTest, pathProgress, progress } from '../../src/graph/index.ts';
import { label, labelSet, scoresAt, scoresFrom } from './fixtures.ts';

const cart = label('cart', `(t, api) => api.probe('shop.cart.length') > 0`, 'The cart holds the item');
const address = label('address', `(t, api) => api.typed('1 Main St', 'Address')`, 'The address is entered');
const order = label('order', `(t, api) => api.urlMatches(/\\/orders\\/\\d+$/)`, 'The order is placed');
const search = label('search', `(t, api) => api.typed('shoes', 'Search')`, 'The product was searched');

function checkoutGraph(): { graph: StrategyGraph; ids: Record<string, string> } {
  const graph = StrategyGraph.fromLabelSet('shop.buy', labelSet('shop.buy', [cart, address, order]), 'demo-1');
  const ids = Object.fromEntries(graph.nodes().map((n) => [n.labelId, n.id]));
  return { graph, ids };
}

describe('passTest', () => {
  it('passes an ordered trajectory and returns the witnessing path', () => {
    const { graph, ids } = checkoutGraph();
    const result = passTest(graph, scoresAt({ [ids.cart!]: 2, [ids.address!]: 4, [ids.order!]: 6 }));
    expect(result.pass).toBe(true);
    expect(result.path).toEqual([START, ids.cart, ids.address, ids.order, END]);
    expect(result.pathId).toBe(graph.paths()[0]!.id);
  });

  it('allows key steps satisfied at the same step', () => {
    const { graph, ids } = checkoutGraph();
    expect(passTest(graph, scoresAt({ [ids.cart!]: 3, [ids.address!]: 3, [ids.order!]: 3 })).pass).toBe(true);
  });

  it('rejects key steps satisfied out of the path order', () => {
    const { graph, ids } = checkoutGraph();
    const scores = scoresAt({ [ids.cart!]: 2, [ids.address!]: 7, [ids.order!]: 5 });
    expect(passTest(graph, scores)).toEqual({ pass: false, path: null, pathId: null });
    expect(progress(graph, scores).value).toBeCloseTo(2 / 3);
  });

  it('rejects a trajectory missing a key step', () => {
    const { graph, ids } = checkoutGraph();
    expect(passTest(graph, scoresAt({ [ids.cart!]: 2, [ids.address!]: null, [ids.order!]: 5 })).pass).toBe(false);
  });

  it('rejects a final key step that was undone before the end (added to cart, then removed)', () => {
    const graph = StrategyGraph.fromLabelSet('shop.add', labelSet('shop.add', [search, cart]), 'demo-1');
    const [s, c] = [graph.nodes().find((n) => n.labelId === 'search')!.id, graph.nodes().find((n) => n.labelId === 'cart')!.id];
    const undone = scoresFrom({ [s]: [true, true, true, true], [c]: [false, true, true, false] });
    expect(passTest(graph, undone).pass).toBe(false);
    expect(pathProgress(graph.paths()[0]!.nodes, undone)).toBe(1);
    const kept = scoresFrom({ [s]: [true, true, true, true], [c]: [false, true, false, true] });
    expect(passTest(graph, kept).pass).toBe(true);
  });

  it('does not re-check an earlier key step on the final state', () => {
    const graph = StrategyGraph.fromLabelSet('shop.add', labelSet('shop.add', [search, cart]), 'demo-1');
    const [s, c] = [graph.nodes().find((n) => n.labelId === 'search')!.id, graph.nodes().find((n) => n.labelId === 'cart')!.id];
    expect(passTest(graph, scoresFrom({ [s]: [true, false, false], [c]: [false, true, true] })).pass).toBe(true);
  });

  it('orders a label set by provenance.keyStep', () => {
    const graph = StrategyGraph.fromLabelSet(
      'shop.buy',
      labelSet('shop.buy', [{ ...order, provenance: { keyStep: 9 } }, { ...cart, provenance: { keyStep: 1 } }]),
      'demo-1',
    );
    expect(graph.paths()[0]!.nodes.map((id) => graph.node(id)?.labelId ?? id)).toEqual([START, 'cart', 'order', END]);
  });

  it('passes on whichever stored path matches the order, preferring the most specific', () => {
    const { graph, ids } = checkoutGraph();
    graph.addLabelPath([order, cart], 'run-7');
    const reversed = scoresAt({ [ids.cart!]: 6, [ids.address!]: null, [ids.order!]: 2 });
    expect(passTest(graph, reversed).path).toEqual([START, ids.order, ids.cart, END]);
    graph.addLabelPath([cart, order], 'run-8');
    const both = scoresAt({ [ids.cart!]: 1, [ids.address!]: 2, [ids.order!]: 3 });
    expect(passTest(graph, both).path).toEqual([START, ids.cart, ids.address, ids.order, END]);
  });

  it('accepts a walk through the union only in union mode', () => {
    const graph = new StrategyGraph('t');
    graph.addLabelPath([search, cart, order], 'demo-a');
    graph.addLabelPath([address, cart, label('pay', `() => true`)], 'demo-b');
    const id = (l: string): string => graph.nodes().find((n) => n.labelId === l)!.id;
    const mixed = scoresAt({ [id('address')]: 1, [id('cart')]: 2, [id('order')]: 3, [id('search')]: null, [id('pay')]: null });
    expect(passTest(graph, mixed).pass).toBe(false);
    const union = passTest(graph, mixed, { mode: 'union' });
    expect(union).toEqual({ pass: true, path: [START, id('address'), id('cart'), id('order'), END], pathId: null });
    const disordered = scoresAt({ [id('address')]: 3, [id('cart')]: 2, [id('order')]: 3, [id('search')]: null, [id('pay')]: null });
    expect(passTest(graph, disordered, { mode: 'union' }).pass).toBe(false);
  });
});

describe('progress', () => {
  it('is the satisfied ordered prefix of the best path as a share of its key steps', () => {
    const { graph, ids } = checkoutGraph();
    expect(progress(graph, scoresAt({ [ids.cart!]: null, [ids.address!]: 1, [ids.order!]: null })).value).toBe(0);
    expect(progress(graph, scoresAt({ [ids.cart!]: 1, [ids.address!]: null, [ids.order!]: 4 })).value).toBeCloseTo(1 / 3);
    const done = progress(graph, scoresAt({ [ids.cart!]: 1, [ids.address!]: 2, [ids.order!]: 4 }));
    expect(done).toEqual({ value: 1, best: { pathId: graph.paths()[0]!.id, satisfied: 3, total: 3 } });
  });

  it('picks the path with the highest share, then the longer prefix', () => {
    const { graph, ids } = checkoutGraph();
    graph.addLabelPath([search, order], 'run-2');
    const sid = graph.nodes().find((n) => n.labelId === 'search')!.id;
    const scores = scoresAt({ [ids.cart!]: 1, [ids.address!]: 2, [ids.order!]: null, [sid]: 1 });
    const result = progress(graph, scores);
    expect(result.value).toBeCloseTo(2 / 3);
    expect(result.best?.satisfied).toBe(2);
  });

  it('is 0 with no best path for a graph without paths', () => {
    expect(progress(new StrategyGraph('t'), scoresAt({}))).toEqual({ value: 0, best: null });
  });
});
