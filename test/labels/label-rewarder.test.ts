import { describe, expect, it } from 'vitest';
import { EnvError } from '../../src/env/errors.ts';
import type { TaskInstance } from '../../src/env/task.ts';
import type { Trajectory } from '../../src/env/trajectory.ts';
import { LabelRewarder, type LabelSet } from '../../src/labels/index.ts';
import { browseOnly, demo, label } from './fixtures/trajectories.ts';

const set: LabelSet = {
  schema: 'coregym.labels/1',
  taskId: demo.taskId,
  labels: [
    label('size', `(t, api) => api.selected('M', 'Size')`),
    label('cart', `(t, api) => api.clicked('button', 'Add to cart')`),
    label('order', `(t, api) => api.visited(/\\/orders\\/\\d+$/)`),
    label('answer', `(t, api) => api.answered((a) => api.includes(a, '42.50'))`),
  ],
  attempts: [],
};
const task = (taskId = demo.taskId): TaskInstance => ({ taskId, seed: 1, goal: demo.goal, startUrl: demo.startUrl, maxSteps: 20, params: {} });

/** Plays a recorded trajectory through a rewarder the way an env does: score after each step, then finish. */
async function play(rewarder: LabelRewarder, t: Trajectory, taskId = t.taskId) {
  await rewarder.reset(task(taskId));
  const rewards = [];
  for (const step of t.steps) {
    const sofar = { ...t, steps: t.steps.slice(0, step.index + 1) };
    rewards.push(await rewarder.score(sofar, step));
  }
  return { rewards, verdict: await rewarder.finish(t) };
}

describe('LabelRewarder', () => {
  it('pays 1/n for each newly satisfied label and succeeds when all hold on the final state', async () => {
    const rewarder = new LabelRewarder(new Map([[set.taskId, set]]), { timeout: 1000 });
    try {
      const { rewards, verdict } = await play(rewarder, demo);
      expect(rewards.map((r) => r.reward)).toEqual([0, 0, 0, 0.25, 0.25, 0, 0.25, 0.25]);
      expect(rewards.map((r) => r.newlySatisfied)).toEqual([[], [], [], ['size'], ['cart'], [], ['order'], ['answer']]);
      expect(rewards[4]!.info).toEqual({ labels: { size: true, cart: true, order: false, answer: false } });
      expect(verdict.success).toBe(true);
      expect(verdict.labels).toEqual({ size: 3, cart: 4, order: 6, answer: 7 });
    } finally {
      await rewarder.close();
    }
  });

  it('uses configured weights, takes a lookup function and fails an episode missing key steps', async () => {
    const rewarder = new LabelRewarder((id) => (id === set.taskId ? set : undefined), { weights: { cart: 2 }, timeout: 1000 });
    try {
      const { rewards, verdict } = await play(rewarder, demo);
      expect(rewards[4]!.reward).toBe(2);
      expect(rewards[3]!.reward).toBe(0.25);
      const neg = await play(rewarder, browseOnly);
      expect(neg.rewards.every((r) => r.reward === 0)).toBe(true);
      expect(neg.verdict).toMatchObject({ success: false, labels: { size: null, cart: null, order: null, answer: null } });
    } finally {
      await rewarder.close();
    }
  });

  it('reports label errors in info without throwing', async () => {
    const bad: LabelSet = { ...set, labels: [...set.labels, label('bad', `(t) => t.steps[99].url === 'x'`)] };
    const rewarder = new LabelRewarder({ [demo.taskId]: bad });
    try {
      const { rewards, verdict } = await play(rewarder, demo);
      expect(String((rewards[0]!.info!.labelErrors as Record<string, string>).bad)).toContain('label_threw: LabelRuntime.step: label "bad" threw TypeError');
      expect(verdict.success).toBe(false);
    } finally {
      await rewarder.close();
    }
  });

  it('catches up on steps it did not see and earns nothing for a task without labels', async () => {
    const rewarder = new LabelRewarder({ [demo.taskId]: set });
    try {
      await rewarder.reset(task());
      const r = await rewarder.score(demo, demo.steps[4]!);
      expect(r.newlySatisfied).toEqual(['size', 'cart']);
      await rewarder.reset(task('other.task'));
      expect(await rewarder.score(demo, demo.steps[0]!)).toMatchObject({ reward: 0, info: { error: expect.stringContaining('no label set for task "other.task"') } });
      expect((await rewarder.finish(demo)).success).toBe(false);
    } finally {
      await rewarder.close();
    }
  });

  it('requires reset before score', async () => {
    const rewarder = new LabelRewarder({});
    await expect(rewarder.score(demo, demo.steps[0]!)).rejects.toBeInstanceOf(EnvError);
    await rewarder.close();
  });
});
