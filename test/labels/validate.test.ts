import { afterAll, describe, expect, it } from 'vitest';
import { LabelRuntime, validateLabel, validateLabelSet, type LabelSet } from '../../src/labels/index.ts';
import { browseOnly, demo, failedClick, giveUp, label } from './fixtures/trajectories.ts';

const runtime = new LabelRuntime({ timeout: 1000 });
afterAll(() => runtime.close());
const negatives = [browseOnly, giveUp, failedClick];

describe('validateLabel', () => {
  it('accepts a label true from its key step on, false before and false on every negative', async () => {
    const r = await validateLabel(label('k-cart', `(t, api) => api.clicked('button', 'Add to cart')`, 4), demo, negatives, { runtime });
    expect(r).toEqual({ ok: true, keyStep: 4, firstTrue: 4, falseBefore: true, trueAfter: true, falseOnNegatives: [], negatives: 3 });
  });

  it('rejects a label already true before the key step, saying where', async () => {
    const r = await validateLabel(label('k-product', `(t, api) => api.visited('/p/17')`), demo, [], { runtime, keyStep: 4 });
    expect(r).toMatchObject({ ok: false, firstTrue: 2, falseBefore: false, trueAfter: true });
    expect(r.reason).toContain('It is true after step 2 (click("1") on link "Red T-shirt" at http://shop.test/p/17), before the key step 4');
  });

  it('rejects a label true on the initial state', async () => {
    const r = await validateLabel(label('k-any', `(t, api) => api.elementExists('link', 'Cart', 'any')`, 0), demo, [], { runtime });
    expect(r.falseBefore).toBe(false);
    expect(r.reason).toContain("already true on the demo's initial state");
  });

  it('rejects a state label that stops holding after the key step, suggesting at = any', async () => {
    const r = await validateLabel(label('k-size', `(t, api) => api.elementValue('combobox', 'Size') === 'M'`, 3), demo, [], { runtime });
    expect(r).toMatchObject({ ok: false, firstTrue: 3, falseBefore: true, trueAfter: false });
    expect(r.reason).toContain('It is false after step 6');
    expect(r.reason).toContain("use at = 'any'");
    expect(r.reason).toContain("false on the demo's final state");
  });

  it('rejects a label that accepts trajectories without the key step and lists them', async () => {
    const r = await validateLabel(label('k-loose', `(t, api) => api.clicked('link', 'Red T-shirt')`, 2), demo, negatives, { runtime });
    expect(r).toMatchObject({ ok: false, falseBefore: true, trueAfter: true, falseOnNegatives: ['neg-browse', 'neg-failed-click'], negatives: 3 });
    expect(r.reason).toContain('It is true on 2 of 3 trajectories that do not contain this key step (e.g. in neg-browse after step 0');
  });

  it('rejects a label that throws on the demo, quoting the error', async () => {
    const r = await validateLabel(label('k-bad', `(t) => t.steps[6].target.name === 'Place order'`, 6), demo, [], { runtime });
    expect(r.ok).toBe(false);
    expect(r.reason).toContain(`It raised an error on the demo: LabelRuntime.score: label "k-bad" threw TypeError: Cannot read properties of undefined (reading 'target') on the initial state.`);
  });

  it('rejects a key step outside the demo', async () => {
    const r = await validateLabel(label('k', `(t, api) => api.answered()`, 12), demo, [], { runtime });
    expect(r.reason).toContain('The key step 12 is not a step of the demo (it has 8 steps)');
  });
});

describe('validateLabelSet', () => {
  it('validates every label in one pass and fills in their validation records', async () => {
    const set: LabelSet = {
      schema: 'coregym.labels/1',
      taskId: demo.taskId,
      labels: [label('k-cart', `(t, api) => api.clicked('button', 'Add to cart')`, 4), label('k-answer', `(t, api) => api.answered(/42\\.50/)`), label('k-loose', `(t, api) => api.visited('shop.test')`, 0)],
      attempts: [],
    };
    const v = await validateLabelSet(set, demo, negatives, { keySteps: { 'k-answer': 7 } });
    expect(v.ok).toBe(false);
    expect(v.records['k-cart']!.ok).toBe(true);
    expect(v.records['k-answer']).toMatchObject({ ok: true, keyStep: 7, firstTrue: 7 });
    expect(v.records['k-loose']!.ok).toBe(false);
    expect(v.labelSet.labels.map((l) => l.validation?.ok)).toEqual([true, true, false]);
  });
});
