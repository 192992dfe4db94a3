/**
 * Task-pool helpers: instance ids, specs fixed to one seed (optionally with another goal and no
 * oracle), goal normalization for deduplication, and a pool task's instance.
 */
import { describe, expect, it } from 'vitest';
import type { TaskSpec } from '../../src/env/task.ts';
import { fixedInstanceSpec, goalKey, instanceId, poolInstance } from '../../src/train/task-pool.ts';
import type { PoolTask } from '../../src/train/task-pool.ts';
import { shippedDemo } from './fixtures.ts';

const calls: number[] = [];
const base: TaskSpec = {
  id: 'shop.find-thing',
  maxSteps: 12,
  tags: ['info-seeking'],
  instantiate: (seed) => {
    calls.push(seed);
    return { goal: `Find thing ${seed}.`, startUrl: `http://shop.test/?seed=${seed}`, params: { seed }, ...(seed === 9 ? { maxSteps: 4 } : {}) };
  },
  oracle: () => ({ success: true }),
};

describe('task pool helpers', () => {
  it('names an instance <template>.s<seed>', () => {
    expect(instanceId('forum.subscribe', 2)).toBe('forum.subscribe.s2');
  });

  it('fixes a spec to one seed whatever seed it is asked for, keeping the rest of the template', () => {
    const spec = fixedInstanceSpec(base, 3);
    expect(spec.id).toBe('shop.find-thing.s3');
    calls.length = 0;
    expect(spec.instantiate(1001)).toEqual({ goal: 'Find thing 3.', startUrl: 'http://shop.test/?seed=3', params: { seed: 3 } });
    expect(calls).toEqual([3]);
    expect(spec).toMatchObject({ maxSteps: 12, tags: ['info-seeking'] });
    expect(spec.oracle).toBe(base.oracle);
    expect(base.id).toBe('shop.find-thing');
  });

  it('gives a derived task its own id and goal, and drops the oracle when asked', () => {
    const derived = fixedInstanceSpec(base, 3, { id: 'shop.find-thing.s3.x1', goal: 'Open the orders page.', oracle: false });
    expect(derived.id).toBe('shop.find-thing.s3.x1');
    expect(derived.instantiate(0)).toMatchObject({ goal: 'Open the orders page.', startUrl: 'http://shop.test/?seed=3', params: { seed: 3 } });
    expect(derived.oracle).toBeUndefined();
    expect('oracle' in derived).toBe(false);
    expect(base.oracle).toBeTypeOf('function');
    expect(fixedInstanceSpec(base, 3, { oracle: true }).oracle).toBe(base.oracle);
  });

  it('normalizes goals for deduplication: case, accents, punctuation and spacing', () => {
    expect(goalKey('  Subscribe to the f/Photography subforum! ')).toBe('subscribe to the f photography subforum');
    expect(goalKey('Café  crème, PLEASE')).toBe(goalKey('cafe creme please'));
    expect(goalKey('Add 2 shirts')).not.toBe(goalKey('Add 3 shirts'));
  });

  it('makes the instance a pool task runs, with its id, seed and step budget', () => {
    const task = (seed: number): PoolTask => ({ id: `x.s${seed}`, baseId: 'shop.find-thing', seed, spec: fixedInstanceSpec(base, seed, { id: `x.s${seed}` }), origin: 'suite', demo: shippedDemo('forum.subscribe', 1) });
    expect(poolInstance(task(5))).toEqual({ taskId: 'x.s5', seed: 5, goal: 'Find thing 5.', startUrl: 'http://shop.test/?seed=5', maxSteps: 12, params: { seed: 5 } });
    expect(poolInstance(task(9)).maxSteps).toBe(4);
  });
});
