/**
 * HeuristicSynthesizer on hand-made trajectories, validated and scored in the real sandbox.
 */
import { describe, expect, it } from 'vitest';
import type { Trajectory } from '../../src/env/trajectory.ts';
import { HeuristicSynthesizer } from '../../src/labels/heuristic-synthesizer.ts';
import { acceptsTrajectory, evaluateLabelQuality } from '../../src/labels/label-quality.ts';
import type { LabelFunction } from '../../src/labels/label.ts';
import { LabelSetSchema } from '../../src/labels/label.ts';
import { runSynthesis } from '../../src/labels/synthesis-pipeline.ts';
import type { SynthesisDriver } from '../../src/labels/synthesis-pipeline.ts';
import { scoreTrajectory } from '../../src/labels/score.ts';
import { validateLabel } from '../../src/labels/validate.ts';
import {
  addToCartDemo, btn, commentAndVoteDemo, forumState, link, makeTrajectory, priceAnswerDemo, shopState, shopWith,
} from './synth-fixtures.ts';

const synth = new HeuristicSynthesizer();

async function accepts(labels: readonly LabelFunction[], t: Trajectory): Promise<boolean> {
  return acceptsTrajectory(labels, await scoreTrajectory(labels, t));
}

/** The add-to-cart task done another way (quick add from the list), or wrong, in one step. */
function cartRollout(mutate: (s: ReturnType<typeof shopState>) => void, extra: Partial<Trajectory> = {}): Trajectory {
  return {
    ...makeTrajectory({
      id: 'rollout', goal: addToCartDemo().goal, url: 'http://shop.suite/c/shoes', state: shopState(),
      steps: [{ action: { type: 'click', id: '9' }, target: btn('9', 'Quick add'), state: shopWith(mutate) }],
    }),
    ...extra,
  };
}

describe('HeuristicSynthesizer', () => {
  it('synthesizes a validated state label for an added cart item', async () => {
    const set = await synth.synthesize(addToCartDemo());
    expect(LabelSetSchema.parse(set)).toEqual(set);
    expect(set.labels).toHaveLength(1);
    const label = set.labels[0]!;
    expect(label).toMatchObject({
      id: 'k1-cart-contains-trail-runner-2-size-m-colour-black-quantity-1', origin: 'heuristic',
      description: "cart contains 'Trail Runner 2' size M colour Black quantity 1",
      provenance: { synthesizer: 'heuristic', keyStep: 4, trajectoryId: 'demo-1', taskId: 'shop.task' },
      validation: { ok: true, keyStep: 4, firstTrue: 4, falseBefore: true, trueAfter: true, falseOnNegatives: [], negatives: 3 },
    });
    expect(label.code).toBe([
      '(traj, api) => {',
      "  // cart contains 'Trail Runner 2' size M colour Black quantity 1",
      '  const v1 = api.probe("shop.state.cart");',
      '  return (',
      '    Array.isArray(v1) && v1.some((e) => e?.productId === 17 && e?.size === "M" && e?.colour === "Black" && e?.quantity === 1)',
      '    && Array.isArray(v1) && v1.length === 1',
      '    && !api.reportedInfeasible()',
      '  );',
      '}',
    ].join('\n'));
    expect(set.attempts).toEqual([{ keyStep: 4, description: label.description, attempt: 1, code: label.code, kept: true, reason: 'validated: true from step 4, false before it and on 3 negative trajectories' }]);
  });

  it('accepts another strategy and rejects near misses (wrong size, wrong product, extra item, gave up)', async () => {
    const { labels } = await synth.synthesize(addToCartDemo());
    const line = (productId: number, size: string) => ({ id: 5, productId, size, colour: 'Black', quantity: 1 });
    expect(await accepts(labels, cartRollout((s) => { s.cart.push(line(17, 'M')); }))).toBe(true);
    expect(await accepts(labels, cartRollout((s) => { s.cart.push(line(17, 'L')); }))).toBe(false);
    expect(await accepts(labels, cartRollout((s) => { s.cart.push(line(18, 'M')); }))).toBe(false);
    expect(await accepts(labels, cartRollout((s) => { s.cart.push(line(17, 'M'), { ...line(19, 'S'), id: 6 }); }))).toBe(false);
    const gaveUp = cartRollout((s) => { s.cart.push(line(17, 'M')); });
    gaveUp.steps.push({ ...gaveUp.steps[0]!, index: 1, action: { type: 'infeasible', reason: 'sold out?' }, actionText: 'infeasible("sold out?")' });
    expect(await accepts(labels, { ...gaveUp, infeasible: 'sold out?' })).toBe(false);
  });

  it('checks the right comment on the right post, in order with the vote, and re-checks both at the end', async () => {
    const set = await synth.synthesize(commentAndVoteDemo());
    expect(set.labels.map((l) => [l.provenance.keyStep, l.validation?.ok])).toEqual([[2, true], [3, true]]);
    const demo = commentAndVoteDemo();
    expect(await accepts(set.labels, demo)).toBe(true);
    const onPost = (postId: number, votes: Record<string, 1>) => {
      const commented = forumState();
      commented.comments.push({ id: 9, postId, parentId: null, author: 'alice', body: 'Arborio works fine too!', createdAt: '2026-05-18T15:00:00.000Z', score: 1 });
      const voted = structuredClone(commented);
      voted.votes = votes;
      return makeTrajectory({
        site: 'forum', goal: demo.goal, url: 'http://forum.suite/', state: forumState(),
        steps: [
          { action: { type: 'click', id: '2' }, target: btn('2', 'Reply'), state: commented },
          { action: { type: 'click', id: '3' }, target: btn('3', 'Upvote'), state: voted },
        ],
      });
    };
    expect(await accepts(set.labels, onPost(3, { p3: 1 }))).toBe(true);
    expect(await accepts(set.labels, onPost(4, { p3: 1 }))).toBe(false);
    expect(await accepts(set.labels, onPost(3, { p4: 1 }))).toBe(false);
    // The vote undone at the end: the last label re-checks it on the final state.
    const undone = onPost(3, { p3: 1 });
    undone.steps.push({ ...undone.steps[1]!, index: 2, probes: { forum: { seed: 1, state: { ...(undone.steps[0]!.probes!.forum as { state: object }).state } } } });
    expect(await accepts(set.labels, undone)).toBe(false);
  });

  it('compares answers as numbers, whatever the currency format', async () => {
    const { labels } = await synth.synthesize(priceAnswerDemo());
    expect(labels).toHaveLength(1);
    const answering = (text: string) => {
      const t = priceAnswerDemo();
      return { ...t, answer: text, steps: t.steps.map((s) => (s.action.type === 'answer' ? { ...s, action: { type: 'answer' as const, text } } : s)) };
    };
    for (const ok of ['$129.50', '129.5', 'It costs 129.50 USD.']) expect(await accepts(labels, answering(ok)), ok).toBe(true);
    for (const bad of ['$125.90', '129.50 or 139.50', 'I do not know']) expect(await accepts(labels, answering(bad)), bad).toBe(false);
  });

  it('labels an infeasibility report that must leave the backend untouched', async () => {
    const demo = makeTrajectory({
      goal: 'Buy the Trail Runner 2 in size XXL', url: 'http://shop.suite/', state: shopState(),
      steps: [
        { action: { type: 'click', id: '3' }, target: link('3', 'Trail Runner 2'), url: 'http://shop.suite/products/17' },
        { action: { type: 'infeasible', reason: 'There is no size XXL' } },
      ],
      infeasible: 'There is no size XXL',
    });
    const { labels } = await synth.synthesize(demo);
    expect(labels.map((l) => l.validation?.ok)).toEqual([true]);
    expect(await accepts(labels, demo)).toBe(true);
    const damaged = cartRollout((s) => { s.cart.push({ id: 5, productId: 17, size: 'L', colour: 'Black', quantity: 1 }); });
    damaged.steps.push({ ...damaged.steps[0]!, index: 1, action: { type: 'infeasible', reason: 'no XXL' }, actionText: 'infeasible("no XXL")' });
    expect(await accepts(labels, { ...damaged, infeasible: 'no XXL' })).toBe(false);
  });

  it('records why a demo without key steps gives no labels', async () => {
    const demo = makeTrajectory({ goal: 'Look around', url: 'http://shop.suite/', state: shopState(), steps: [{ action: { type: 'scroll', dx: 0, dy: 300 } }] });
    const set = await synth.synthesize(demo);
    expect(set.labels).toEqual([]);
    expect(set.attempts).toEqual([{ keyStep: -1, description: 'key steps', attempt: 1, code: '', kept: false, reason: expect.stringMatching(/^no key steps: the demo changed no backend state/) }]);
  });

  it('rejects a label that is true on a caller-provided negative and tries the next template', async () => {
    // A "rollout" that already put the item in the cart is given as a negative: every template is true on it.
    const negative = cartRollout((s) => { s.cart.push({ id: 5, productId: 17, size: 'M', colour: 'Black', quantity: 1 }); });
    const set = await synth.synthesize(addToCartDemo(), { negatives: [negative] });
    expect(set.labels).toEqual([]);
    expect(set.attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    expect(set.attempts[0]!.reason).toContain('It is true on 1 of 4 trajectories that do not contain this key step (e.g. in rollout after step 0');
    expect(set.attempts.at(-1)!.reason).toMatch(/^dropped: no other template fits this key step \(2 tried\)$/);
  });
});

describe('runSynthesis', () => {
  it('drops a proposal whose step index is not a step of the demo, with a record', async () => {
    const driver: SynthesisDriver = {
      name: 'fixed', origin: 'human',
      propose: async () => ({ value: [{ index: 99, description: 'bogus', code: '(traj, api) => true' }] }),
      retry: async () => ({ stop: 'none' }),
    };
    const set = await runSynthesis(driver, addToCartDemo(), { validate: validateLabel });
    expect(set.labels).toEqual([]);
    expect(set.attempts[0]!.reason).toBe('dropped: step index 99 is not a step of the demo (expected 0..4)');
  });
});

describe('evaluateLabelQuality', () => {
  it('measures accuracy, precision, recall and false accepts against the oracle verdicts', async () => {
    const line = (size: string) => ({ id: 5, productId: 17, size, colour: 'Black', quantity: 1 });
    const report = await evaluateLabelQuality([{
      taskId: 'shop.task', demo: addToCartDemo(),
      bank: [
        { trajectory: addToCartDemo(), oracleSuccess: true },
        { trajectory: cartRollout((s) => { s.cart.push(line('M')); }), oracleSuccess: true },
        { trajectory: cartRollout((s) => { s.cart.push(line('L')); }), oracleSuccess: false },
        { trajectory: cartRollout(() => undefined), oracleSuccess: false },
      ],
    }], synth);
    expect(report).toMatchObject({
      synthesizer: 'heuristic', tasks: 1, labels_per_task: 1, validated_share: 1,
      accuracy: 1, precision: 1, recall: 1, false_accept_rate: 0,
      per_task: [{ taskId: 'shop.task', labels: 1, trajectories: 4, tp: 2, fp: 0, tn: 2, fn: 0, accuracy: 1, dropped: [] }],
    });
  });
});
