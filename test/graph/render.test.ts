import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BrowserRuntime, type ContextLease } from '../../src/env/index.ts';
import { END, START, StrategyGraph, toDot, toHtml, toMermaid } from '../../src/graph/index.ts';
import { label, labelSet } from './fixtures.ts';

function sampleGraph(): StrategyGraph {
  const graph = StrategyGraph.fromLabelSet(
    'shop.buy',
    labelSet('shop.buy', [
      label('cart', `(t, api) => api.probe('shop.cart')?.some(i => i.sku === 'p-17')`, 'The cart holds "p-17" </script><b>bold</b>'),
      label('address', `(t, api) => api.typed('1 Main St', 'Address')`, 'The address is entered'),
      label('order', `(t, api) => api.urlMatches(/\\/orders\\/\\d+$/) && '</script>'.length > 0`, 'The order is placed'),
    ]),
    'demo-1',
  );
  const [address, cart, order] = graph.nodes();
  graph.addLabelPath([label('search', `(t, api) => api.typed('shoes', 'Search')`, 'Searched for shoes'), cart!.label, order!.label], 'run-4');
  graph.addLabelPath([address!.label, cart!.label, order!.label], 'run-5');
  return graph;
}

describe('toMermaid and toDot', () => {
  it('list every node and edge, with the highlighted path marked', () => {
    const graph = sampleGraph();
    const path = graph.paths()[0]!.nodes;
    const mermaid = toMermaid(graph, { highlightPath: path });
    expect(mermaid.startsWith('flowchart LR\n')).toBe(true);
    for (const node of graph.nodes()) expect(mermaid).toContain(`<b>${node.labelId}</b>`);
    expect(mermaid.match(/-->\|/g)).toHaveLength(graph.edges().length);
    expect(mermaid).toContain('#quot;p-17#quot; #lt;/script#gt;');
    expect(mermaid).toMatch(/class START,n\d,n\d,n\d,END highlight/);
    expect(mermaid).toMatch(/linkStyle \d+,\d+,\d+,\d+ stroke/);

    const dot = toDot(graph, { highlightPath: path.slice(1, -1) });
    expect(dot.startsWith('digraph "shop.buy" {')).toBe(true);
    for (const node of graph.nodes()) expect(dot).toContain(`"${node.id}" [label="${node.labelId}\\n`);
    expect(dot.match(/ -> /g)).toHaveLength(graph.edges().length);
    expect(dot.match(/penwidth=3/g)).toHaveLength(5 + 4);
    expect(dot).toContain('The cart holds \\"p-17\\"');
  });

  it('draws a highlighted step the graph lacks as a dashed edge, and rejects unknown nodes', () => {
    const graph = sampleGraph();
    const [address, , order] = graph.nodeIds();
    expect(toMermaid(graph, { highlightPath: [order!, address!] })).toContain(`-.->`);
    expect(toDot(graph, { highlightPath: [START, order!, address!, END] })).toContain(`"${order}" -> "${address}" [style=dashed`);
    expect(() => toDot(graph, { highlightPath: ['nope'] })).toThrow(/toDot: highlightPath has an unknown node at position 0 .*got "nope"/);
  });
});

describe('toHtml in a browser', () => {
  let runtime: BrowserRuntime;
  let lease: ContextLease;
  let page: Page;
  const problems: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    runtime = new BrowserRuntime({ install: false });
    lease = await runtime.acquire();
    page = await lease.context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
  });

  afterAll(async () => {
    await lease?.release();
    await runtime?.close();
  });

  it('shows every path as a row and every key step, offline and without errors', async () => {
    const graph = sampleGraph();
    await page.setContent(toHtml(graph));
    expect(problems).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('data:') && u !== 'about:blank')).toEqual([]);
    expect(await page.locator('g.row').count()).toBe(graph.paths().length);
    for (const node of graph.nodes()) {
      const boxes = page.locator(`g.node.step[data-node="${node.id}"]`);
      expect(await boxes.count()).toBe(graph.paths().filter((p) => p.nodes.includes(node.id)).length);
      await expect(boxes.first().isVisible()).resolves.toBe(true);
    }
    expect(await page.locator('details.node-entry').count()).toBe(graph.nodes().length);
    expect(await page.locator('b').count()).toBe(0);
  });

  it('shows a key step’s description and code on click and on hover', async () => {
    const graph = sampleGraph();
    await page.setContent(toHtml(graph));
    const cart = graph.nodes().find((n) => n.labelId === 'cart')!;
    await page.locator(`g.node.step[data-node="${cart.id}"]`).first().click();
    expect(await page.locator('#d-description').textContent()).toBe(cart.description);
    expect(await page.locator('#d-code').textContent()).toBe(cart.label.code);
    expect(await page.locator(`g.node.step.selected`).count()).toBe(3);
    const order = graph.nodes().find((n) => n.labelId === 'order')!;
    await page.locator(`g.node.step[data-node="${order.id}"]`).first().hover();
    expect(await page.locator('#d-code').textContent()).toBe(order.label.code);
    expect(problems).toEqual([]);
  });

  it('marks the highlighted path, adding a row when it is not stored', async () => {
    const graph = sampleGraph();
    const stored = graph.paths()[1]!;
    await page.setContent(toHtml(graph, { highlightPath: stored.nodes, title: 'Episode 7' }));
    expect(await page.title()).toBe('Episode 7');
    expect(await page.locator('g.row.hl').count()).toBe(1);
    expect(await page.locator('g.row.hl g.node.step.hl').count()).toBe(stored.nodes.length - 2);
    expect(await page.locator('g.row.hl line.edge.hl').count()).toBe(stored.nodes.length - 1);

    const [address, , order] = graph.nodeIds();
    await page.setContent(toHtml(graph, { highlightPath: [order!, address!] }));
    expect(await page.locator('g.row').count()).toBe(graph.paths().length + 1);
    expect(await page.locator('g.row.hl line.edge.dashed').count()).toBe(3);
    expect(await page.locator('g.row.hl .row-label').textContent()).toContain('highlighted path');
    expect(problems).toEqual([]);
  });
});
