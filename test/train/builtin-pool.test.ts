/**
 * builtinPool over the running built-in suite and its shipped demos: which templates and seeds
 * enter the pool, which demos train the policy (trainSeeds, demoTemplateShare), the evaluation
 * splits, and the errors for a bad share or missing demos.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunError } from '../../src/env/errors.ts';
import { startSuite } from '../../src/suite/suite.ts';
import type { RunningSuite, TaskTemplate } from '../../src/suite/index.ts';
import { builtinPool } from '../../src/train/builtin-pool.ts';
import type { BuiltinPoolOptions } from '../../src/train/builtin-pool.ts';
import { tempDir } from './fixtures.ts';

// Templates with few demo files (loading demos is most of the cost); shop.info-price has two strategies.
const SHOP = ['shop.checkout-with-address', 'shop.infeasible-payment', 'shop.info-last-order-total', 'shop.info-price'];
// forum.edit-others-post ships a demo at seed 1 only.
const FORUM = ['forum.change-bio', 'forum.edit-others-post', 'forum.most-subscribers'];
const HELDOUT = 'shop.update-email-newsletter';
const ALL = [...SHOP, ...FORUM, HELDOUT];
const only = (ids: readonly string[]) => (t: TaskTemplate) => ids.includes(t.id);

let suite: RunningSuite;
const tmp = tempDir('pool');

beforeAll(async () => {
  suite = await startSuite({ register: false });
});

afterAll(async () => {
  await suite?.close();
  tmp.remove();
});

const pool = (options: BuiltinPoolOptions = {}) => builtinPool(suite, { filter: only(ALL), ...options });
const imitated = (p: ReturnType<typeof pool>) => p.pool.filter((t) => t.trainOnDemo).map((t) => t.id);

function runError(fn: () => unknown): RunError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RunError);
    return e as RunError;
  }
  throw new Error('expected a RunError');
}

describe('builtinPool', () => {
  it('makes one suite task per train template and pool seed that has a demo, with the first strategy demo', () => {
    const { pool: tasks } = pool();
    const expected = [...SHOP, ...FORUM].flatMap((id) => (id === 'forum.edit-others-post' ? [`${id}.s1`] : [`${id}.s1`, `${id}.s2`]));
    expect(tasks.map((t) => t.id).sort()).toEqual(expected.sort());
    expect(tasks.some((t) => t.baseId === HELDOUT)).toBe(false);
    for (const task of tasks) {
      const template = suite.template(task.baseId);
      expect(task).toMatchObject({ origin: 'suite', id: `${task.baseId}.s${task.seed}` });
      expect(task.spec.id).toBe(task.id);
      expect(task.spec.instantiate(12345).goal).toBe(template.instantiate(task.seed).goal);
      expect(task.spec.oracle).toBe(template.oracle);
      expect(task.demo).toMatchObject({ taskId: task.id, seed: task.seed, strategy: Object.keys(template.solvers)[0], source: 'demo' });
      // Demos are rebased onto the running suite's URLs.
      expect(task.demo.startUrl.startsWith(suite.urls[template.site])).toBe(true);
    }
  });

  it('trains on the demos at trainSeeds only, and measures train success where the demos do not train', () => {
    const p = pool({ heldoutSeeds: [1001, 1002], heldoutTemplateSeeds: [2001] });
    expect(imitated(p).sort()).toEqual(p.pool.filter((t) => t.seed === 1).map((t) => t.id).sort());
    const split = (s: string) => p.eval.filter((e) => e.split === s).map((e) => `${e.spec.id}@${e.seed}`).sort();
    expect(split('train')).toEqual(p.pool.filter((t) => t.seed === 2).map((t) => `${t.id}@2`).sort());
    expect(split('heldout')).toEqual([...SHOP, ...FORUM].flatMap((id) => [`${id}@1001`, `${id}@1002`]).sort());
    expect(split('heldout-template')).toEqual([`${HELDOUT}@2001`]);
    expect(p.eval).toHaveLength(split('train').length + split('heldout').length + 1);
  });

  it('trains on every demo and evaluates every pool task when every pool seed is a train seed', () => {
    const p = pool({ trainSeeds: [1, 2], heldoutTemplateSeeds: [] });
    expect(imitated(p)).toHaveLength(p.pool.length);
    expect(p.eval.filter((e) => e.split === 'train').map((e) => e.spec.id).sort()).toEqual(p.pool.map((t) => t.id).sort());
    expect(p.eval.some((e) => e.split === 'heldout-template')).toBe(false);
  });

  it('takes demoTemplateShare of each site\'s templates (in id order) as imitated templates', () => {
    const seed1 = (ids: string[]) => ids.map((id) => `${id}.s1`).sort();
    expect(imitated(pool({ demoTemplateShare: 1 })).sort()).toEqual(seed1([...SHOP, ...FORUM]));
    // Half of each site: every second template, so both sites keep both kinds.
    expect(imitated(pool({ demoTemplateShare: 0.5 })).sort()).toEqual(seed1(['shop.infeasible-payment', 'shop.info-price', 'forum.edit-others-post']));
    const none = pool({ demoTemplateShare: 0 });
    expect(imitated(none)).toEqual([]);
    // With no demo training the policy, every pool task is a train-success task.
    expect(none.eval.filter((e) => e.split === 'train')).toHaveLength(none.pool.length);
    // The share applies to templates: a non-imitated template's demos train at no seed.
    const half = pool({ demoTemplateShare: 0.5, trainSeeds: [1, 2] });
    expect(half.pool.filter((t) => t.baseId === 'shop.checkout-with-address').map((t) => t.trainOnDemo)).toEqual([false, false]);
    expect(half.pool.filter((t) => t.baseId === 'shop.info-price').map((t) => t.trainOnDemo)).toEqual([true, true]);
  });

  it('refuses a demoTemplateShare outside [0, 1] with RunError run_invalid', () => {
    for (const share of [-0.1, 1.5, Number.NaN]) {
      const error = runError(() => pool({ demoTemplateShare: share }));
      expect(error.code).toBe('run_invalid');
      expect(error.message).toContain(`demoTemplateShare must be in [0, 1] (got ${share})`);
    }
  });

  it('says to record demos when there are none for the chosen templates and seeds', () => {
    const cases: BuiltinPoolOptions[] = [
      { demoDir: tmp.dir },
      { poolSeeds: [77] },
      { filter: only([HELDOUT]) },
    ];
    for (const options of cases) {
      const error = runError(() => builtinPool(suite, { filter: only(ALL), ...options }));
      expect(error.code).toBe('run_invalid');
      expect(error.message).toMatch(/no demos found .* Run `coregym suite record-demos` first/);
    }
  });
});
