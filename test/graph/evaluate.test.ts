import { afterAll, describe, expect, it } from 'vitest';
import { NodePool, evaluateGraphExpansion } from '../../src/graph/index.ts';
import { LabelRuntime } from '../../src/labels/index.ts';
import { sandboxScorer } from './sandbox.ts';
import { GivenSynthesizer, LABELS, TASK, addThenRemoveRun, browseLabels, browseRun, randomRun, reorderRun, searchRun } from './trajectories.ts';

const runtime = new LabelRuntime();
afterAll(() => runtime.close());

describe('evaluateGraphExpansion', () => {
  it('reports paths, strategies and agreement with the oracle before and after expansion', async () => {
    const synthesizer = new GivenSynthesizer({
      'demo-search': [LABELS.searched, LABELS.cart, LABELS.ordered],
      'demo-reorder': [LABELS.orderHistory, LABELS.ordered],
      'run-search-2': [LABELS.searched, LABELS.cart, LABELS.ordered],
    });
    const pool = new NodePool();
    const result = await evaluateGraphExpansion(
      [
        {
          taskId: TASK,
          demos: { browse: browseRun('demo-browse'), search: searchRun('demo-search'), reorder: reorderRun('demo-reorder') },
          seedStrategy: 'browse',
          seedLabels: browseLabels(),
          runs: [searchRun('run-search-2'), addThenRemoveRun('run-undo'), randomRun('run-random')],
        },
      ],
      { synthesizer, scorer: sandboxScorer(runtime), pool },
    );
    const { perTask, ...numbers } = result;
    expect(numbers).toEqual({
      tasks: 1,
      paths_before: 1,
      paths_after: 3,
      strategies_known: 3,
      strategies_found: 3,
      accuracy_before: 3 / 6,
      accuracy_after: 1,
      false_accept_rate_after: 0,
    });
    expect(perTask[0]!.expansions.map((r) => r.reason ?? r.status)).toEqual(['expanded', 'expanded', 'graph_passes', 'oracle_rejected', 'oracle_rejected']);
    expect(perTask[0]!.strategiesFound).toEqual(['browse', 'reorder', 'search']);
    // The seed demo's labels were given, so the synthesizer only saw the new strategies.
    expect(synthesizer.calls).toEqual(['demo-reorder', 'demo-search']);
    expect(pool.tasksOf(perTask[0]!.graph.nodeIds()[0]!)).toEqual([TASK]);
  });

  it('takes verdicts from the verdicts map, and counts false accepts', async () => {
    // A graph that only asks for the category page accepts a run the oracle (via the map) fails.
    const categoryOnly = { ...browseLabels(), labels: [LABELS.category] };
    const lucky = { ...browseRun('run-browse'), outcome: undefined };
    const result = await evaluateGraphExpansion(
      [{ taskId: TASK, demos: { browse: browseRun('demo-browse') }, seedLabels: categoryOnly, runs: [lucky, randomRun('run-random')], verdicts: { 'run-browse': false } }],
      { synthesizer: new GivenSynthesizer({}), scorer: sandboxScorer(runtime) },
    );
    expect(result.false_accept_rate_after).toBe(0.5);
    expect(result.strategies_known).toBe(1);
    expect(result.perTask[0]!.evaluated).toBe(3);
  });

  it('names a missing seed strategy', async () => {
    await expect(
      evaluateGraphExpansion([{ taskId: TASK, demos: { browse: browseRun('d') }, seedStrategy: 'search', runs: [] }], {
        synthesizer: new GivenSynthesizer({}),
        scorer: sandboxScorer(runtime),
      }),
    ).rejects.toThrow(/evaluateGraphExpansion: task "shop\.buy" has no demo for its seed strategy \(expected one of \["browse"\], got "search"\)/);
  });
});
