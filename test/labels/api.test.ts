import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { LABEL_API_DOC, LABEL_API_ENTRIES, LabelRuntime, scoreTrajectory } from '../../src/labels/index.ts';
import { labelApiMarkdown } from '../../src/labels/api-doc.ts';
import { browseOnly, demo, failedClick, giveUp, initialState, label, trajectory } from './fixtures/trajectories.ts';

// A wide timeout: these tests are about values, and machines running tests are busy.
const runtime = new LabelRuntime({ timeout: 1000 });
afterAll(() => runtime.close());

/** Scores labels (code strings) on a trajectory; returns per-label step values, final values and errors. */
async function run(codes: Record<string, string>, t = demo) {
  const labels = Object.entries(codes).map(([id, code]) => label(id, code));
  return scoreTrajectory(labels, t, { runtime });
}

async function finalOf(code: string, t = demo): Promise<boolean> {
  const s = await run({ x: code }, t);
  expect(s.errors.x).toEqual([]);
  return s.final.x!;
}

describe('label api: text', () => {
  it('norm lower-cases, strips diacritics and collapses punctuation and spaces', async () => {
    expect(await finalOf(`(t, api) => api.norm('  Café — CRÈME, brûlée!! ') === 'cafe creme brulee'`)).toBe(true);
    expect(await finalOf(`(t, api) => api.norm('ﬁne Ⅸ') === 'fine ix' && api.norm(null) === '' && api.norm(42) === '42'`)).toBe(true);
  });

  it('similar is 1 for equal normalized text, lower for edits, 0 against empty', async () => {
    expect(await finalOf(`(t, api) => api.similar('Add to cart', 'add-to-cart') === 1 && api.similar('abc', '') === 0`)).toBe(true);
    expect(await finalOf(`(t, api) => { const s = api.similar('place order', 'place orders'); return s > 0.9 && s < 1; }`)).toBe(true);
  });

  it('fuzzy applies a threshold and rejects a bad one with a clear error', async () => {
    expect(await finalOf(`(t, api) => api.fuzzy('Add to cart', 'Add to carts') && !api.fuzzy('Add to cart', 'Remove')`)).toBe(true);
    const s = await run({ bad: `(t, api) => api.fuzzy('a', 'b', 2)` });
    expect(s.errors.bad![0]).toContain('api.fuzzy: threshold must be a number in [0, 1], got 2');
  });

  it('includes is a normalized substring test', async () => {
    expect(await finalOf(`(t, api) => api.includes('Total: $42.50', '42.50') && !api.includes('Total', 'totals')`)).toBe(true);
  });
});

describe('label api: actions', () => {
  it('clicked matches role and name after normalization, by RegExp, function, role list or any role', async () => {
    const s = await run({
      exact: `(t, api) => api.clicked('button', 'add to cart!')`,
      regexp: `(t, api) => api.clicked('button', /^Place/)`,
      fn: `(t, api) => api.clicked('link', (n) => n.startsWith('Red'))`,
      roles: `(t, api) => api.clicked(['link', 'button'], 'Red T-shirt')`,
      any: `(t, api) => api.clicked('*', 'Gift wrap')`,
      wrongRole: `(t, api) => api.clicked('link', 'Add to cart')`,
      fuzzy: `(t, api) => api.clicked('button', 'Add to carts', { fuzzy: true })`,
      notFuzzy: `(t, api) => api.clicked('button', 'Add to carts')`,
    });
    expect(s.final).toEqual({ exact: true, regexp: true, fn: true, roles: true, any: true, wrongRole: false, fuzzy: true, notFuzzy: false });
    expect(s.firstSatisfied.exact).toBe(4);
  });

  it('clicked ignores failed clicks and falls back to the element id when the target was not recorded', async () => {
    expect(await finalOf(`(t, api) => api.clicked('button', 'Add to cart')`, failedClick)).toBe(false);
    const noTarget = trajectory('no-target', initialState, [{ action: { type: 'click', id: '2' }, state: initialState }]);
    expect(await finalOf(`(t, api) => api.clicked('link', 'Cart')`, noTarget)).toBe(true);
  });

  it('typed, pressed and selected check the action and, when given, the field', async () => {
    const s = await run({
      typed: `(t, api) => api.typed('Red Shirt', 'Search')`,
      typedOtherField: `(t, api) => api.typed('red shirt', 'Email')`,
      typedAnyField: `(t, api) => api.typed(/red/)`,
      pressed: `(t, api) => api.pressed('enter', 'Search')`,
      pressedOther: `(t, api) => api.pressed('Tab')`,
      selected: `(t, api) => api.selected('m', 'Size')`,
      selectedOther: `(t, api) => api.selected('L')`,
    });
    expect(s.final).toEqual({ typed: true, typedOtherField: false, typedAnyField: true, pressed: true, pressedOther: false, selected: true, selectedOther: false });
    expect(s.firstSatisfied).toMatchObject({ typed: 0, pressed: 1, selected: 3 });
  });

  it('visited matches URLs raw: substring, whole-URL glob or RegExp, including the initial URL', async () => {
    const s = await run({
      sub: `(t, api) => api.visited('/orders/1042')`,
      glob: `(t, api) => api.visited('http://shop.test/p/*')`,
      globNoMatch: `(t, api) => api.visited('/p/*')`,
      regexp: `(t, api) => api.visited(/\\/orders\\/\\d+$/)`,
      initial: `(t, api) => api.visited('http://shop.test/')`,
      never: `(t, api) => api.visited('/checkout')`,
    });
    expect(s.final).toEqual({ sub: true, glob: true, globNoMatch: false, regexp: true, initial: true, never: false });
    expect(s.perStep.initial![0]).toBe(true);
    expect(s.firstSatisfied.sub).toBe(6);
  });

  it('answered and reportedInfeasible read the final answer or report, once given', async () => {
    const s = await run({ any: `(t, api) => api.answered()`, match: `(t, api) => api.answered('$42.50')`, wrong: `(t, api) => api.answered('41')`, inf: `(t, api) => api.reportedInfeasible()` });
    expect(s.final).toEqual({ any: true, match: true, wrong: false, inf: false });
    expect(s.firstSatisfied.any).toBe(7);
    const g = await run({ any: `(t, api) => api.answered()`, inf: `(t, api) => api.reportedInfeasible() && t.infeasible === 'The shirt is out of stock'` }, giveUp);
    expect(g.final).toEqual({ any: false, inf: true });
  });

  it('actions returns the frozen steps, the same as traj.steps', async () => {
    expect(await finalOf(`(t, api) => api.actions() === t.steps && api.actions().length === 8 && Object.isFrozen(t.steps[0].action)`)).toBe(true);
  });
});

describe('label api: state', () => {
  it('state selects the latest, the initial, a step by index (negative from the end), or null', async () => {
    const s = await run({
      at: `(t, api) => api.state().title === 'Order 1042' && api.state('initial').title === 'Shop' && api.state(2).url === 'http://shop.test/p/17' && api.state(-1) === api.state('last') && api.state(99) === null`,
    });
    expect(s.final.at).toBe(true);
  });

  it('rejects a bad at with an error that lists the valid values', async () => {
    const s = await run({ bad: `(t, api) => api.urlMatches('x', 'first')` });
    expect(s.errors.bad![0]).toContain(`api.urlMatches: bad at "first" (expected 'last', 'any', 'initial' or a step index)`);
  });

  it('urlMatches and pageHasText read one state, or any state with at = any', async () => {
    const s = await run({
      url: `(t, api) => api.urlMatches(/\\/orders\\/\\d+$/)`,
      urlInitial: `(t, api) => api.urlMatches('shop.test/', 'initial')`,
      text: `(t, api) => api.pageHasText('thank you for your order')`,
      textRegexp: `(t, api) => api.pageHasText(/Total: \\$\\d+\\.\\d\\d/)`,
      textLast: `(t, api) => api.pageHasText('Choose a size')`,
      textAny: `(t, api) => api.pageHasText('Choose a size', 'any')`,
    });
    expect(s.final).toEqual({ url: true, urlInitial: true, text: true, textRegexp: true, textLast: false, textAny: true });
    expect(s.perStep.textLast).toEqual([false, false, true, true, false, false, false, false]);
  });

  it('element, elementExists, elementValue and elementChecked find elements by role and name', async () => {
    const s = await run({
      element: `(t, api) => api.element('combobox', 'size', 3).value === 'M' && api.element('button', 'Nope') === null`,
      exists: `(t, api) => api.elementExists('link', 'Orders') && !api.elementExists('button', 'Add to cart') && api.elementExists('button', 'Add to cart', 'any')`,
      value: `(t, api) => api.elementValue('textbox', 'Search', 0) === 'red shirt' && api.elementValue('textbox', 'Search') === undefined`,
      checked: `(t, api) => api.elementChecked('checkbox', 'Gift wrap', 4) === false && api.elementChecked('checkbox', 'Gift wrap', 5) === true`,
      fuzzyElement: `(t, api) => api.elementExists('link', 'Order', { fuzzy: 0.7 })`,
    });
    expect(s.final).toEqual({ element: true, exists: true, value: true, checked: true, fuzzyElement: true });
  });

  it('probe reads dotted paths, array indexes and dotted probe names; probeFind finds array items', async () => {
    const dotted = trajectory('dotted', { ...initialState, probes: { 'shop.cart': [{ sku: 'a' }, { sku: 'b' }] } }, []);
    expect(await finalOf(`(t, api) => api.probe('shop.cart.1.sku') === 'b' && api.probe('shop.cart.-1.sku') === 'b' && api.probe('shop.cart.length') === 2`, dotted)).toBe(true);
    const s = await run({
      probe: `(t, api) => api.probe('shop.state.orders.0.total') === 42.5 && api.probe('shop.state.nothing.here') === undefined && api.probe('shop.state.orders.0.total', 'initial') === undefined`,
      find: `(t, api) => api.probeFind('shop.state.cart', (i) => i.size === 'M').productId === 'p-17'`,
      findObject: `(t, api) => api.probeFind('shop.state.orders', { status: 'placed' })?.id === '1042'`,
      findMissing: `(t, api) => api.probeFind('shop.state.cart', { size: 'XL' }) === undefined`,
      noProto: `(t, api) => api.probe('shop.constructor') === undefined`,
    });
    expect(s.final).toEqual({ probe: true, find: true, findObject: true, findMissing: true, noProto: true });
    expect(s.firstSatisfied.find).toBe(4);
  });
});

describe('label api: traj', () => {
  it('exposes goal, taskId, initial, steps, answer and done (true only on the final state)', async () => {
    const s = await run({ done: `(t) => t.done`, shape: `(t) => t.goal.startsWith('Buy') && t.taskId === 'shop.buy-shirt' && t.initial.title === 'Shop' && Object.isFrozen(t)` });
    expect(s.perStep.done!.every((v) => v === false)).toBe(true);
    expect(s.final).toEqual({ done: true, shape: true });
  });

  it('counts undefined as false and reports other non-booleans', async () => {
    const s = await run({ undef: `(t, api) => api.probe('shop.state.nope')?.some((x) => x)`, num: `(t) => 1` });
    expect(s.errors.undef).toEqual([]);
    expect(s.final.undef).toBe(false);
    expect(s.errors.num![0]).toContain('returned the number 1 (expected true or false)');
  });

  it('gives the same values for every label when other labels share its cached scans', async () => {
    const codes = {
      a: `(t, api) => api.clicked('button', 'Add to cart')`,
      b: `(t, api) => api.clicked('button', /add to cart/i) && api.pageHasText('thank you', 'any')`,
      c: `(t, api) => api.pageHasText('Thank you', 'any')`,
      d: `(t, api) => api.clicked('button', 'Add to cart') && api.visited('/orders')`,
    };
    const together = await run(codes);
    for (const [id, code] of Object.entries(codes)) {
      const alone = await run({ [id]: code });
      expect(alone.perStep[id], id).toEqual(together.perStep[id]);
    }
  });

  it('is false on trajectories without the action', async () => {
    expect(await finalOf(`(t, api) => api.clicked('button', 'Place order') || api.answered()`, browseOnly)).toBe(false);
  });
});

describe('label api documentation', () => {
  it('every documented example runs without error and holds on the demo', async () => {
    const labels = LABEL_API_ENTRIES.map((e, i) => label(`doc${i}`, e.example));
    const s = await scoreTrajectory(labels, demo, { runtime });
    for (const [i, e] of LABEL_API_ENTRIES.entries()) {
      expect(s.errors[`doc${i}`], e.signature).toEqual([]);
      expect(s.final[`doc${i}`], e.example).toBe(true);
    }
  });

  it('documents every api function the sandbox provides', async () => {
    const s = await run({ keys: `(t, api) => Object.keys(api).sort().join(',') === ${JSON.stringify(LABEL_API_ENTRIES.map((e) => e.signature.slice(4, e.signature.indexOf('('))).sort().join(','))}` });
    expect(s.final.keys).toBe(true);
  });

  it('docs/LABEL-API.md is generated from LABEL_API_DOC', () => {
    const md = readFileSync(new URL('../../docs/LABEL-API.md', import.meta.url), 'utf8');
    expect(md).toBe(labelApiMarkdown());
    expect(md).toContain(LABEL_API_DOC);
  });
});
