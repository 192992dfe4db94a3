import { describe, expect, it } from 'vitest';
import type { Trajectory } from '../../src/env/trajectory.ts';
import { evalCondition, findKeySteps, groundingOf, isIdentifyingField } from '../../src/labels/key-steps.ts';
import type { StateCondition } from '../../src/labels/key-steps.ts';
import { prefixNegative, removalNegative } from '../../src/labels/negatives.ts';
import {
  addToCartDemo, btn, commentAndVoteDemo, field, link, makeTrajectory, priceAnswerDemo, shopState, shopWith,
} from './synth-fixtures.ts';

const holdsOn = (conditions: StateCondition[], t: Trajectory) =>
  conditions.every((c) => evalCondition(c, (t.steps.at(-1) ?? t.initial).probes, t.initial.probes));

describe('findKeySteps', () => {
  it('finds the cart change at the step where it first appeared, keeping identifying fields only', () => {
    const [ks, ...rest] = findKeySteps(addToCartDemo());
    expect(rest).toEqual([]);
    expect(ks!.index).toBe(4);
    expect(ks!.kind).toBe('state');
    expect(ks!.description).toBe("cart contains 'Trail Runner 2' size M colour Black quantity 1");
    const contains = ks!.conditions[0]!;
    expect(contains.kind).toBe('contains');
    // The generated cart-line id is volatile: it is not part of the check.
    expect(JSON.stringify(contains)).not.toContain('"field":"id"');
    expect(ks!.guards.map((g) => g.summary)).toEqual(['cart has 1 entries']);
  });

  it('rejects the right product in the wrong size and accepts the right one added another way', () => {
    const demo = addToCartDemo();
    const [ks] = findKeySteps(demo);
    const conditions = [...ks!.conditions, ...ks!.guards];
    const wrongSize = makeTrajectory({
      goal: demo.goal, url: demo.startUrl, state: shopState(),
      steps: [{ action: { type: 'click', id: '9' }, target: btn('9', 'Quick add'), state: shopWith((s) => { s.cart.push({ id: 1, productId: 17, size: 'L', colour: 'Black', quantity: 1 }); }) }],
    });
    const quickAdd = makeTrajectory({
      goal: demo.goal, url: demo.startUrl, state: shopState(),
      steps: [{ action: { type: 'click', id: '9' }, target: btn('9', 'Quick add M'), state: shopWith((s) => { s.cart.push({ id: 7, productId: 17, size: 'M', colour: 'Black', quantity: 1 }); s.nextIds.cartLine = 8; }) }],
    });
    const twoItems = makeTrajectory({
      goal: demo.goal, url: demo.startUrl, state: shopState(),
      steps: [{ action: { type: 'click', id: '9' }, target: btn('9', 'Quick add M'), state: shopWith((s) => { s.cart.push({ id: 7, productId: 17, size: 'M', colour: 'Black', quantity: 1 }, { id: 8, productId: 18, size: 'M', colour: 'Black', quantity: 1 }); }) }],
    });
    expect(holdsOn(conditions, wrongSize)).toBe(false);
    expect(holdsOn(conditions, quickAdd)).toBe(true);
    expect(holdsOn(conditions, twoItems)).toBe(false);
    expect(holdsOn(ks!.conditions, twoItems)).toBe(true);
  });

  it('makes one key step per step of lasting change and puts the guards on the last', () => {
    const keySteps = findKeySteps(commentAndVoteDemo());
    expect(keySteps.map((k) => [k.index, k.kind, k.description])).toEqual([
      [2, 'state', "comments contains 'Arborio works fine too!' author alice"],
      [3, 'state', 'votes.p3 is 1'],
    ]);
    expect(keySteps[0]!.guards).toEqual([]);
    expect(keySteps[1]!.guards.map((g) => g.summary)).toEqual(['comments has 2 entries']);
    // The comment is identified by its post, its parent, its author and the typed text.
    const m = JSON.stringify(keySteps[0]!.conditions[0]);
    for (const f of ['postId', 'parentId', 'author', 'body']) expect(m).toContain(`"field":"${f}"`);
    for (const f of ['createdAt', 'score', '"id"']) expect(m).not.toContain(f);
  });

  it('places the answer key step at the answer', () => {
    const keySteps = findKeySteps(priceAnswerDemo());
    expect(keySteps).toMatchObject([{ index: 1, kind: 'answer', answer: '$129.50' }]);
  });

  it('guards an infeasibility report with the state it must leave unchanged', () => {
    const demo = makeTrajectory({
      goal: 'Buy the Trail Runner 2 in size XXL', url: 'http://shop.suite/', state: shopState(),
      steps: [
        { action: { type: 'click', id: '3' }, target: link('3', 'Trail Runner 2'), url: 'http://shop.suite/products/17' },
        { action: { type: 'infeasible', reason: 'There is no size XXL' } },
      ],
      infeasible: 'There is no size XXL',
    });
    const [ks] = findKeySteps(demo);
    expect(ks).toMatchObject({ index: 1, kind: 'infeasible' });
    expect(ks!.conditions.map((c) => c.summary)).toEqual(['products unchanged', 'cart unchanged', 'orders unchanged', 'wishlist unchanged']);
  });

  it('falls back to the final page when nothing changed and nothing was answered', () => {
    const demo = makeTrajectory({
      goal: 'Open the page of the Rain Shell', url: 'http://shop.suite/', state: shopState(),
      steps: [
        { action: { type: 'click', id: '3' }, target: link('3', 'Jackets'), url: 'http://shop.suite/c/jackets?sort=price' },
        { action: { type: 'click', id: '4' }, target: link('4', 'Rain Shell'), url: 'http://shop.suite/products/19', elements: [{ id: '1', role: 'heading', name: 'Rain Shell' }] },
        { action: { type: 'scroll', dx: 0, dy: 300 } },
      ],
    });
    expect(findKeySteps(demo)).toMatchObject([{ index: 1, kind: 'navigation', page: { path: '/products/19', query: [], heading: 'Rain Shell' } }]);
  });

  it('uses the submitted form when the task has no probes', () => {
    const demo = makeTrajectory({
      goal: 'Sign in as alice', url: 'http://example.test/login', state: {},
      steps: [
        { action: { type: 'fill', id: '1', text: 'alice' }, target: field('1', 'Username') },
        { action: { type: 'fill', id: '2', text: 'hunter2' }, target: field('2', 'Password') },
        { action: { type: 'click', id: '3' }, target: btn('3', 'Sign in'), url: 'http://example.test/home' },
      ],
    });
    const noProbes: Trajectory = { ...demo, initial: { ...demo.initial, probes: undefined }, steps: demo.steps.map((s) => ({ ...s, probes: undefined })) };
    const [ks, ...rest] = findKeySteps(noProbes);
    expect(rest).toEqual([]);
    expect(ks).toMatchObject({ index: 2, kind: 'form', form: { fills: [{ field: 'Username', text: 'alice' }, { field: 'Password', text: 'hunter2' }], submit: { role: 'button', name: 'Sign in' } }, page: { path: '/home' } });
  });

  it('returns no key steps for a demo that did nothing visible', () => {
    const demo = makeTrajectory({ goal: 'Look around', url: 'http://shop.suite/', state: shopState(), steps: [{ action: { type: 'scroll', dx: 0, dy: 200 } }] });
    expect(findKeySteps(demo)).toEqual([]);
  });
});

describe('isIdentifyingField', () => {
  const g = groundingOf(addToCartDemo());
  it.each([
    ['id', 57, false], ['createdAt', '2026-05-18T14:01:00.000Z', false], ['score', 3, false], ['totalCents', 8999, false],
    ['productId', 17, true], ['productId', 99, false], ['size', 'M', true], ['status', 'Processing', true],
    ['confirmation', 'X7Q-99812', false], ['quantity', 2, true], ['parentId', null, true],
  ])('%s = %j -> %s', (name, value, expected) => {
    expect(isIdentifyingField(name, value, g)).toBe(expected);
  });
});

describe('negatives', () => {
  it('cut the demo before a key step, or remove it and undo its backend changes in later states', () => {
    const demo = commentAndVoteDemo();
    const prefix = prefixNegative(demo, 2);
    expect(prefix.steps).toHaveLength(2);
    const without = removalNegative(demo, 2);
    expect(without.steps.map((s) => s.index)).toEqual([0, 1, 2]);
    const last = (without.steps.at(-1)!.probes!.forum as { state: { comments: unknown[]; votes: unknown } }).state;
    expect(last.comments).toHaveLength(1);
    expect(last.votes).toEqual({ p3: 1 });
    const keySteps = findKeySteps(demo);
    expect(holdsOn(keySteps[0]!.conditions, without)).toBe(false);
    expect(holdsOn(keySteps[1]!.conditions, without)).toBe(true);
  });

  it('drop the answer when the removed step is the answer', () => {
    const without = removalNegative(priceAnswerDemo(), 1);
    expect(without.answer).toBeUndefined();
    expect(without.steps).toHaveLength(1);
  });
});
