import { describe, expect, it } from 'vitest';
import { compareRuns, groupStats, summarizeRun, wilsonInterval } from '../../src/report/index.ts';
import type { LoadedRun } from '../../src/report/index.ts';
import { episodeRecords, fakeConfig, fakeGraph } from './fixtures.ts';

describe('wilsonInterval', () => {
  it('matches textbook values and stays informative at 0/n and n/n', () => {
    const [lo, hi] = wilsonInterval(5, 10)!;
    expect(lo).toBeCloseTo(0.2366, 4);
    expect(hi).toBeCloseTo(0.7634, 4);
    const [zlo, zhi] = wilsonInterval(0, 10)!;
    expect(zlo).toBe(0);
    expect(zhi).toBeCloseTo(0.2775, 4);
    const [flo, fhi] = wilsonInterval(10, 10)!;
    expect(flo).toBeCloseTo(0.7225, 4);
    expect(fhi).toBe(1);
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('summarizeRun', () => {
  const tasks = [
    { id: 'shop.a', split: 'train' as const },
    { id: 'shop.b', split: 'heldout' as const },
  ];
  const [k1, k2] = fakeGraph('shop.b').nodeIds();

  it('counts infrastructure errors apart from failures and leaves unrun episodes pending', () => {
    const records = episodeRecords(
      [
        { taskId: 'shop.a', seed: 1001, steps: 2, success: true, costUsd: 0.02 },
        { taskId: 'shop.a', seed: 1002, steps: 4, success: false },
        { taskId: 'shop.b', seed: 1001, steps: 3, success: false },
      ],
      [
        { taskId: 'shop.a', seed: 1002, code: 'browser_crashed' },
        { taskId: 'shop.b', seed: 1002, code: 'episode_timeout' },
      ],
    );
    const results = summarizeRun(fakeConfig('r', tasks, [1001, 1002, 1003]), records);
    expect(results.overall).toMatchObject({ episodes: 6, finished: 3, successes: 1, infra_errors: 2, unfinished: 1, pending: 2 });
    expect(results.overall.success).toBeCloseTo(1 / 3);
    expect(results.overall.cost_usd).toBeCloseTo(0.02);
    expect(results.overall.input_tokens).toBe(900);
    const retried = results.episodes.find((e) => e.key === 'shop.a/s1002')!;
    expect(retried).toMatchObject({ status: 'finished', success: false, attempts: 2, infra_errors: [{ code: 'browser_crashed' }] });
    expect(results.episodes.find((e) => e.key === 'shop.b/s1002')).toMatchObject({ status: 'infra_error', success: null });
    expect(results.by_split.train).toMatchObject({ finished: 2, successes: 1 });
    expect(results.by_split.heldout).toMatchObject({ finished: 1, successes: 0 });
    expect(results.tasks.map((t) => [t.task_id, t.successes, t.finished])).toEqual([['shop.a', 1, 2], ['shop.b', 0, 1]]);
    expect(results.steps_distribution).toMatchObject({ min: 2, median: 3, max: 4 });
    expect(results.steps_distribution.histogram).toEqual([
      { from: 2, to: 2, successes: 1, failures: 0 },
      { from: 3, to: 3, successes: 0, failures: 1 },
      { from: 4, to: 4, successes: 0, failures: 1 },
    ]);
  });

  it('places failures at the last key step from outcome labels, else from newlySatisfied, else as unlabelled', () => {
    const records = episodeRecords([
      { taskId: 'shop.b', seed: 1001, steps: 3, success: false, labels: { [k1!]: 1, [k2!]: null }, newly: { 1: [k1!] } },
      { taskId: 'shop.b', seed: 1002, steps: 3, success: false, labels: { [k1!]: null, [k2!]: null } },
      { taskId: 'shop.b', seed: 1003, steps: 5, success: false, newly: { 0: [k1!], 3: [k2!] } },
      { taskId: 'shop.a', seed: 1001, steps: 2, success: false },
      { taskId: 'shop.a', seed: 1002, steps: 2, success: true },
    ]);
    const description = (id: string) => (id === k1 ? 'Open the product page' : 'Add the product to the cart');
    const results = summarizeRun(fakeConfig('r', tasks, [1001, 1002, 1003]), records, { describe: (_t, id) => description(id) });
    expect(results.failure_points).toEqual([
      { task_id: 'shop.b', key_step: k1, description: 'Open the product page', count: 1 },
      { task_id: 'shop.b', key_step: null, description: null, count: 1 },
      { task_id: 'shop.b', key_step: k2, description: 'Add the product to the cart', count: 1 },
    ]);
    expect(results.unlabelled_failures).toBe(1);
    const labelled = results.episodes.find((e) => e.key === 'shop.b/s1001')!;
    expect(labelled).toMatchObject({ has_labels: true, graph_success: false, path: ['START', k1] });
    expect(results.episodes.find((e) => e.key === 'shop.a/s1001')).toMatchObject({ has_labels: false, graph_success: null, last_key_step: null });
  });

  it('reports verdict agreement only over episodes with both verdicts', () => {
    const records = episodeRecords([
      { taskId: 'shop.b', seed: 1001, steps: 2, success: true, labels: { [k1!]: 0, [k2!]: 1 }, graphSuccess: true },
      { taskId: 'shop.b', seed: 1002, steps: 2, success: false, labels: { [k1!]: 0, [k2!]: 1 }, graphSuccess: true },
      { taskId: 'shop.a', seed: 1001, steps: 2, success: true },
    ]);
    const stats = summarizeRun(fakeConfig('r', tasks, [1001, 1002]), records).overall;
    expect(stats).toMatchObject({ graph_scored: 2, graph_successes: 2, verdict_agreement: 0.5, successes: 2, finished: 3 });
  });
});

describe('compareRuns', () => {
  it('names the tasks that got better and worse against the first run', () => {
    const tasks = [
      { id: 'shop.a', split: 'train' as const },
      { id: 'shop.b', split: 'train' as const },
      { id: 'shop.c', split: 'heldout' as const },
    ];
    const seeds = [1001, 1002];
    const run = (name: string, wins: Record<string, number>): LoadedRun => {
      const eps = tasks.flatMap((t) => seeds.map((seed, i) => ({ taskId: t.id, seed, steps: 2, success: i < (wins[t.id] ?? 0) })));
      return { dir: `/runs/${name}`, name, results: summarizeRun(fakeConfig(name, tasks, seeds), episodeRecords(eps)), trajectories: new Map(), graphs: new Map() };
    };
    const comparison = compareRuns([run('yesterday', { 'shop.a': 1, 'shop.b': 2 }), run('today', { 'shop.a': 2, 'shop.b': 0, 'shop.c': 0 })]);
    expect(comparison.better).toEqual([{ task_id: 'shop.a', delta: 0.5 }]);
    expect(comparison.worse).toEqual([{ task_id: 'shop.b', delta: -1 }]);
    expect(comparison.tasks.find((t) => t.task_id === 'shop.c')!.change).toEqual(['baseline', 'same']);
    expect(comparison.overall.delta[1]).toBeCloseTo(-1 / 6);
    expect(groupStats([]).success).toBeNull();
  });
});
