import { describe, expect, it } from 'vitest';
import { getTask, instantiateTask, listTasks, makeEnv, registerTask, TaskFileError, type TaskSpec } from '../../src/env/index.ts';

const spec = (id: string, extra: Partial<TaskSpec> = {}): TaskSpec => ({
  id,
  maxSteps: 10,
  instantiate: (seed) => ({ goal: `g${seed}`, startUrl: 'http://127.0.0.1:1/', params: { seed } }),
  ...extra,
});

describe('task registry', () => {
  it('registers, lists, filters and gets tasks', () => {
    registerTask(spec('shop.add-to-cart', { tags: ['shop'] }));
    registerTask(spec('shop.checkout', { tags: ['shop', 'long-horizon'], split: 'heldout' }));
    registerTask(spec('forum.post'));
    expect(listTasks({ prefix: 'shop.' }).map((t) => t.id)).toEqual(['shop.add-to-cart', 'shop.checkout']);
    expect(listTasks({ split: 'heldout' }).map((t) => t.id)).toEqual(['shop.checkout']);
    expect(listTasks({ tags: ['long-horizon'] }).map((t) => t.id)).toEqual(['shop.checkout']);
    expect(getTask('forum.post').id).toBe('forum.post');
  });

  it('names the bad field of an invalid spec', () => {
    expect(() => registerTask(spec('bad.steps', { maxSteps: -3 }))).toThrowError('registerTask: invalid task spec "bad.steps": maxSteps: expected int >= 1, got -3. Fix the field named above.');
    expect(() => registerTask({ ...spec('Bad Id'), maxSteps: 1.5 })).toThrowError(/id: expected lower-case letters.*got "Bad Id"; maxSteps: expected int, got 1\.5/);
    expect(() => registerTask({ ...spec('x.y'), instantiate: 'nope' } as unknown as TaskSpec)).toThrowError(/instantiate: Invalid input: expected function, got "nope"/);
    expect(() => registerTask(spec('x.tags', { tags: ['a', 3 as unknown as string] }))).toThrowError(/tags\[1\]: expected string, got 3/);
    try {
      registerTask(spec('bad.steps', { maxSteps: 0 }));
    } catch (e) {
      expect(e).toBeInstanceOf(TaskFileError);
      expect((e as TaskFileError).code).toBe('task_invalid');
    }
  });

  it('rejects a second task with the same id', () => {
    registerTask(spec('dup.task'));
    expect(() => registerTask(spec('dup.task'))).toThrowError(/a different task is already registered as "dup.task"/);
  });

  it('suggests the nearest ids for an unknown one', () => {
    expect(() => getTask('shop.add-to-crt')).toThrowError('getTask: task "shop.add-to-crt" doesn\'t exist. Did you mean "shop.add-to-cart"?');
    expect(() => makeEnv('shop.chekout')).toThrowError(/Did you mean "shop.checkout"\?/);
  });

  it('instantiates with a seed and validates the instance', () => {
    expect(instantiateTask(getTask('forum.post'), 3)).toEqual({ taskId: 'forum.post', seed: 3, goal: 'g3', startUrl: 'http://127.0.0.1:1/', maxSteps: 10, params: { seed: 3 } });
    expect(() => instantiateTask(getTask('forum.post'), 1.5)).toThrowError(expect.objectContaining({ code: 'task_seed' }));
    const bad = spec('bad.instance', { instantiate: () => ({ goal: '', startUrl: 'x', params: {} }) });
    expect(() => instantiateTask(bad, 0)).toThrowError('instantiateTask: task "bad.instance" made an invalid instance: instantiate(0).goal: expected string of length >= 1, got "".');
  });
});
