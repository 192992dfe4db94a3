import { afterAll, describe, expect, it } from 'vitest';
import { END, RecordedJudge, START, StrategyGraph, expandGraph, passTest, serializeGraph } from '../../src/graph/index.ts';
import { LabelRuntime } from '../../src/labels/index.ts';
import { sandboxScorer } from './sandbox.ts';
import {
  GivenSynthesizer,
  LABELS,
  TASK,
  addThenRemoveRun,
  browseLabels,
  browseRun,
  makeTrajectory,
  randomRun,
  reorderRun,
  searchRun,
} from './trajectories.ts';

const runtime = new LabelRuntime();
afterAll(() => runtime.close());
const scorer = sandboxScorer(runtime);
const seedGraph = (): StrategyGraph => StrategyGraph.fromLabelSet(TASK, browseLabels(), 'demo-browse');
const byLabel = (graph: StrategyGraph, labelId: string): string => graph.nodes().find((n) => n.labelId === labelId)!.id;

describe('expandGraph', () => {
  it('adds the path of an accepted new strategy, reusing nodes with the same code', async () => {
    const graph = seedGraph();
    const run = searchRun('search-1');
    expect(passTest(graph, await scorer(graph.labels(), run)).pass).toBe(false);
    const synthesizer = new GivenSynthesizer({ 'search-1': [LABELS.searched, LABELS.cartAgain, LABELS.ordered] });
    const record = await expandGraph(graph, run, { synthesizer, scorer });
    const [searched, cart, order] = [graph.nodes().find((n) => n.labelId === 'searched')!.id, byLabel(graph, 'cart-has-shoes'), byLabel(graph, 'order-placed')];
    expect(record).toEqual({
      trajectoryId: 'search-1',
      status: 'expanded',
      verdict: { source: 'oracle', success: true },
      satisfied: [cart, order],
      added: [searched],
      reused: [
        { labelId: 'in-cart', nodeId: cart, by: 'code' },
        { labelId: 'order-placed', nodeId: order, by: 'code' },
      ],
      dropped: [],
      pathId: expect.stringMatching(/^p-[0-9a-f]{10}$/),
      isNewPath: true,
      synthesizer: 'given',
    });
    expect(graph.path(record.pathId!)).toEqual({ id: record.pathId, nodes: [START, searched, cart, order, END], provenance: ['search-1'] });
    expect(passTest(graph, await scorer(graph.labels(), run))).toMatchObject({ pass: true, pathId: record.pathId });
    expect(passTest(graph, await scorer(graph.labels(), browseRun('browse-9'))).pass).toBe(true);
    expect(graph.expansions()).toEqual([record]);
  });

  it('changes nothing but the log when given the same trajectory again', async () => {
    const graph = seedGraph();
    const synthesizer = new GivenSynthesizer({ 'search-1': [LABELS.searched, LABELS.cart, LABELS.ordered] });
    await expandGraph(graph, searchRun('search-1'), { synthesizer, scorer });
    const before = serializeGraph(graph);
    const again = await expandGraph(graph, searchRun('search-1'), { synthesizer, scorer });
    expect(again).toMatchObject({ status: 'skipped', reason: 'graph_passes' });
    expect(synthesizer.calls).toEqual(['search-1']);
    expect(JSON.parse(serializeGraph(graph)).paths).toEqual(JSON.parse(before).paths);
    expect(JSON.parse(serializeGraph(graph)).nodes).toEqual(JSON.parse(before).nodes);
    expect(graph.expansions()).toHaveLength(2);
  });

  it('logs why it skips a trajectory', async () => {
    const graph = seedGraph();
    const synthesizer = new GivenSynthesizer({ 'nothing-new': [LABELS.orderHistory] });
    const expand = (t: Parameters<typeof expandGraph>[1], extra = {}) => expandGraph(graph, t, { synthesizer, scorer, ...extra });
    expect((await expand(makeTrajectory('other', [], { taskId: 'shop.other', oracle: true }))).reason).toBe('wrong_task');
    const crashed = { ...searchRun('crashed'), outcome: { terminated: false, truncated: false, totalReward: 0, error: { code: 'browser_crashed', message: 'gone' } } };
    expect((await expand(crashed)).reason).toBe('episode_error');
    expect((await expand({ ...searchRun('unjudged'), outcome: undefined })).reason).toBe('no_verdict');
    expect(await expand(addThenRemoveRun('undo'))).toMatchObject({ reason: 'oracle_rejected', verdict: { source: 'oracle', success: false } });
    expect((await expand(browseRun('browse-2'))).reason).toBe('graph_passes');
    expect((await expand({ ...randomRun('lucky'), outcome: { terminated: true, truncated: false, totalReward: 0, oracle: { success: true } } })).reason).toBe('satisfies_no_node');
    const nothingNew = { ...searchRun('nothing-new') };
    expect(await expand(nothingNew)).toMatchObject({ reason: 'no_valid_labels', dropped: [{ labelId: 'opened-orders', reason: 'never true on the trajectory' }] });
    expect(synthesizer.calls).toEqual(['nothing-new']);
    expect(graph.paths()).toHaveLength(1);
    expect(graph.expansions().map((r) => r.reason)).toEqual([
      'wrong_task', 'episode_error', 'no_verdict', 'oracle_rejected', 'graph_passes', 'satisfies_no_node', 'no_valid_labels',
    ]);
  });

  it('asks the judge when the task has no oracle verdict', async () => {
    const graph = seedGraph();
    const run = { ...searchRun('search-judged'), outcome: undefined };
    const synthesizer = new GivenSynthesizer({ 'search-judged': [LABELS.searched, LABELS.cart, LABELS.ordered] });
    const judge = new RecordedJudge({ 'search-judged': { success: true, reason: 'ordered via search' } });
    const record = await expandGraph(graph, run, { synthesizer, scorer, judge });
    expect(record).toMatchObject({ status: 'expanded', verdict: { source: 'judge', judge: 'recorded', success: true, reason: 'ordered via search' } });
    const rejecting = new RecordedJudge({ 'reorder-judged': { success: false } });
    expect(await expandGraph(graph, { ...reorderRun('reorder-judged'), outcome: undefined }, { synthesizer, scorer, judge: rejecting })).toMatchObject({
      reason: 'oracle_rejected',
      verdict: { source: 'judge', success: false },
    });
  });

  it('orders new labels by when they were first satisfied and drops a trailing undone one', async () => {
    const graph = seedGraph();
    // Listed out of order; the cart is emptied by the order, so it cannot end the path.
    const synthesizer = new GivenSynthesizer({ 'search-2': [LABELS.cart, LABELS.searched] });
    const record = await expandGraph(graph, searchRun('search-2'), { synthesizer, scorer });
    expect(record.dropped).toEqual([{ labelId: 'cart-has-shoes', reason: 'false on the final state (the step was undone), so it cannot end the path' }]);
    expect(graph.path(record.pathId!)!.nodes).toEqual([START, byLabel(graph, 'searched'), END]);
  });

  it('reuses a node whose label judges the bank identically, only when the bank tells them apart from the rest', async () => {
    const synthesizer = new GivenSynthesizer({ 'search-3': [LABELS.searched, LABELS.cart, LABELS.placeOrderClick] });
    const agreeing = seedGraph();
    const record = await expandGraph(agreeing, searchRun('search-3'), { synthesizer, scorer, bank: [browseRun('b1'), randomRun('r1')] });
    expect(record.reused).toEqual([
      { labelId: 'cart-has-shoes', nodeId: byLabel(agreeing, 'cart-has-shoes'), by: 'code' },
      { labelId: 'clicked-place-order', nodeId: byLabel(agreeing, 'order-placed'), by: 'signature' },
    ]);
    expect(agreeing.path(record.pathId!)!.nodes.map((id) => agreeing.node(id)?.labelId ?? id)).toEqual([START, 'searched', 'cart-has-shoes', 'order-placed', END]);

    // Reordering reaches an order page without clicking 'Place order': the two labels differ there.
    const separated = seedGraph();
    const record2 = await expandGraph(separated, searchRun('search-3'), { synthesizer, scorer, bank: [browseRun('b1'), randomRun('r1'), reorderRun('o1')] });
    expect(record2.added).toContain(byLabel(separated, 'clicked-place-order'));
    expect(record2.reused.map((r) => r.by)).toEqual(['code']);

    // Too small a bank: no signature dedupe at all.
    const small = seedGraph();
    const record3 = await expandGraph(small, searchRun('search-3'), { synthesizer, scorer, bank: [browseRun('b1')] });
    expect(record3.reused.map((r) => r.by)).toEqual(['code']);
  });
});
