import { afterAll, describe, expect, it } from 'vitest';
import type { TaskInstance } from '../../src/env/task.ts';
import type { Trajectory } from '../../src/env/trajectory.ts';
import { GraphRewarder, StrategyGraph } from '../../src/graph/index.ts';
import { LabelRuntime } from '../../src/labels/index.ts';
import { LABELS, TASK, addThenRemoveRun, browseLabels, browseRun, searchRun } from './trajectories.ts';

const instance: TaskInstance = { taskId: TASK, seed: 0, goal: 'Buy the trail shoes', startUrl: 'http://shop.test/', maxSteps: 10, params: {} };

async function run(rewarder: GraphRewarder, trajectory: Trajectory) {
  await rewarder.reset(instance);
  const rewards = [];
  for (const [i, step] of trajectory.steps.entries()) {
    rewards.push(await rewarder.score({ ...trajectory, steps: trajectory.steps.slice(0, i + 1) }, step));
  }
  return { rewards, verdict: await rewarder.finish(trajectory) };
}

describe('GraphRewarder', () => {
  const runtime = new LabelRuntime();
  afterAll(() => runtime.close());
  const graph = StrategyGraph.fromLabelSet(TASK, browseLabels(), 'demo-browse');
  const id = (labelId: string): string => graph.nodes().find((n) => n.labelId === labelId)!.id;

  it('rewards each newly satisfied key step on the path and passes the finished demo', async () => {
    const rewarder = new GraphRewarder(graph, { runtime });
    const { rewards, verdict } = await run(rewarder, browseRun('browse-1'));
    for (const r of rewards) expect(r.reward).toBeCloseTo(1 / 3, 12);
    expect(rewards.map((r) => r.newlySatisfied)).toEqual([[id('opened-category')], [id('cart-has-shoes')], [id('order-placed')]]);
    expect(rewards[2]!.info).toEqual({ progress: 1, pathId: graph.paths()[0]!.id });
    expect(verdict.success).toBe(true);
    expect(verdict.info?.path).toEqual(graph.paths()[0]!.nodes);
    expect(verdict.labels).toEqual({ [id('cart-has-shoes')]: 1, [id('opened-category')]: 0, [id('order-placed')]: 2 });
  });

  it('takes the reward back when the last key step so far is undone, and fails the episode', async () => {
    const cartOnly = StrategyGraph.fromLabelSet(TASK, { ...browseLabels(), labels: [LABELS.category, LABELS.cart] }, 'demo');
    const rewarder = new GraphRewarder(cartOnly, { runtime });
    const { rewards, verdict } = await run(rewarder, addThenRemoveRun('undo-1'));
    expect(rewards.map((r) => r.reward)).toEqual([0.5, 0.5, -0.5]);
    expect(rewards.reduce((sum, r) => sum + r.reward, 0)).toBe(0.5);
    expect(verdict.success).toBe(false);
  });

  it('gives no progress to a strategy the graph does not know', async () => {
    const rewarder = new GraphRewarder([graph], { runtime });
    const { rewards, verdict } = await run(rewarder, searchRun('search-1'));
    expect(rewards.map((r) => r.reward)).toEqual([0, 0, 0, 0]);
    expect(verdict.success).toBe(false);
    expect(verdict.info?.progress).toBe(0);
  });

  it('catches up on steps it was not shown', async () => {
    const rewarder = new GraphRewarder(graph, { runtime });
    const trajectory = browseRun('browse-2');
    await rewarder.reset(instance);
    const last = trajectory.steps[2]!;
    const reward = await rewarder.score(trajectory, last);
    expect(reward.reward).toBe(1);
    expect(reward.newlySatisfied).toHaveLength(3);
    expect((await rewarder.finish(trajectory)).success).toBe(true);
  });

  it('reports misuse with typed errors', async () => {
    const rewarder = new GraphRewarder(graph, { runtime });
    await expect(rewarder.reset({ ...instance, taskId: 'shop.other' })).rejects.toThrow(/GraphRewarder\.reset: no strategy graph for task "shop\.other"/);
    await expect(rewarder.finish(browseRun('x'))).rejects.toThrow(expect.objectContaining({ code: 'env_state' }));
    expect(() => new GraphRewarder([graph, graph], { runtime })).toThrow(/two graphs for task "shop\.buy"/);
  });

  it('closes the runtime it created, and only that one', async () => {
    const own = new GraphRewarder(graph);
    const { verdict } = await run(own, browseRun('browse-3'));
    expect(verdict.success).toBe(true);
    await own.close();
    const shared = new GraphRewarder(graph, { runtime });
    await shared.close();
    runtime.reset([], { taskId: TASK, goal: '', initial: browseRun('y').initial });
  });
});
