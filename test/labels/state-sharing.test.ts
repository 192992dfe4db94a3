import { describe, expect, it } from 'vitest';
import { LabelRuntime, type LabelStep } from '../../src/labels/index.ts';
import { demo, initialState, label } from './fixtures/trajectories.ts';

/**
 * The runtime sends an element or a page text it already sent in the episode as a reference to the
 * sandbox's copy. These tests check that labels still see every state exactly as JSON would carry
 * it, through repeats, changes and changes back, JSON edge cases and objects mutated between steps.
 */

const TEXT = 'Red T-shirt $21.25. Blue jeans $40.00. '.repeat(12);
// Wide timeouts below: these tests are about values, and machines running tests are busy.

class Priced {
  readonly id: string;
  constructor(id: string) {
    this.id = id;
  }
  toJSON() {
    return { id: this.id, role: 'text', name: 'priced' };
  }
}

/** Builds fresh objects on every call; some are mutated between steps, as a caller may do. */
function* trickySteps(): Generator<LabelStep> {
  const home = () => [
    { id: '1', role: 'link', name: 'Home', visible: true },
    { id: '2', role: 'textbox', name: 'Email', value: '' },
  ];
  const reused: Record<string, unknown> = { id: '3', role: 'checkbox', name: 'Gift wrap', checked: false };
  const nested = { id: '4', role: 'list', name: 'Items', extra: { n: 1 } };
  let index = 0;
  const step = (elements: unknown[], text: string): LabelStep => ({
    index: index++, action: { type: 'click', id: '1' }, actionText: 'click("1")', url: `http://shop.test/${index}`, title: 'Shop',
    elements: elements as LabelStep['elements'], text,
  });
  yield step([...home(), reused, nested], TEXT);
  reused.checked = true;
  nested.extra.n = 2;
  yield step([home()[0], { ...home()[1], value: 'a@b.c' }, reused, nested], `${TEXT}Saved.`);
  reused.checked = false;
  // The same text in another string, an element twice, a hole, null and an object with toJSON.
  yield step([...home(), reused, reused, , null, new Priced('9')], ['Red T-shirt $21.25. Blue jeans $40.00. '.repeat(12)].join(''));
  // Key order is visible to labels; JSON drops undefined, turns NaN into null and -0 into 0.
  yield step([
    { role: 'link', id: '1', name: 'Home', visible: true },
    { id: '1', role: 'link', name: 'Home', visible: true, value: undefined },
    { id: '6', role: 'spinbutton', name: 'Qty', n: -0 },
    { id: '6', role: 'spinbutton', name: 'Qty', n: 0 },
    { id: '6', role: 'spinbutton', name: 'Qty', n: NaN },
    { id: '6', role: 'spinbutton', name: 'Qty', n: null },
  ], TEXT);
  // More variants of one field than the host remembers, then the first again.
  for (let i = 0; i < 7; i++) yield step([{ id: '2', role: 'textbox', name: 'Email', value: `v${i % 6}` }, ...home()], i % 2 ? TEXT : 'short');
}

/** What each step's elements and text serialize to, taken at the time of that step. */
function expectedStates(): string[] {
  const out: string[] = [];
  for (const s of trickySteps()) out.push(JSON.stringify([s.elements, s.text]));
  return out;
}

function exactLabels(expected: string[]) {
  return [
    label('latest', `(t) => { const s = t.steps[t.steps.length - 1]; return JSON.stringify([s.elements, s.text]) === ${JSON.stringify(expected)}[t.steps.length - 1]; }`),
    label('all', `(t) => JSON.stringify(t.steps.map((s) => [s.elements, s.text])) === '[' + ${JSON.stringify(expected)}.slice(0, t.steps.length).join(',') + ']'`),
    label('initial', `(t) => JSON.stringify([t.initial.elements, t.initial.text]) === ${JSON.stringify(JSON.stringify([initialState.elements, initialState.text]))}`),
    label('keys', `(t) => t.steps.every((s) => Object.keys(s).join() === 'index,action,actionText,error,url,title,elements,text')`),
  ];
}

describe('LabelRuntime: elements and texts shared between states', () => {
  it('shows labels every state exactly as sent, however its elements repeat or change', () => {
    const expected = expectedStates();
    const rt = new LabelRuntime({ timeout: 1000 });
    try {
      rt.reset(exactLabels(expected), { taskId: 't', goal: 'g', initial: initialState });
      for (const s of trickySteps()) expect(rt.step(s)).toEqual({ values: { latest: true, all: true, initial: true, keys: true }, errors: {} });
      expect(rt.stepCount).toBe(expected.length);
    } finally {
      rt.close();
    }
  });

  it('rejects a state that cannot be serialized without losing track of the others', () => {
    const expected = expectedStates();
    const rt = new LabelRuntime({ timeout: 1000 });
    try {
      rt.reset(exactLabels(expected), { taskId: 't', goal: 'g', initial: initialState });
      const steps = trickySteps();
      rt.step(steps.next().value!);
      const second = steps.next().value!;
      // New elements come before the one that fails: none of them may count as sent.
      const bad = { ...second, elements: [...second.elements, { id: '7', role: 'x', name: 'big', n: 1n }] as LabelStep['elements'] };
      expect(() => rt.step(bad)).toThrow(TypeError);
      expect(rt.step(second).values).toEqual({ latest: true, all: true, initial: true, keys: true });
      for (const s of steps) expect(rt.step(s).values).toEqual({ latest: true, all: true, initial: true, keys: true });
    } finally {
      rt.close();
    }
  });

  it('replays shared elements into an isolate that replaces one killed for memory', { timeout: 120_000 }, () => {
    const expected = expectedStates();
    const rt = new LabelRuntime({ memoryLimitMb: 16, timeout: 30_000, stepTimeout: 60_000 });
    try {
      const bomb = label('bomb', `(t) => { if (t.steps.length < 4) return false; const a = []; for (;;) a.push(new Array(1e6).fill(a.length + 0.5)); }`);
      rt.reset([...exactLabels(expected), bomb], { taskId: 't', goal: 'g', initial: initialState });
      const results = [];
      for (const s of trickySteps()) results.push(rt.step(s));
      expect(rt.replacements).toBeGreaterThanOrEqual(1);
      expect(results[3]!.errors.bomb?.code).toBe('label_memory');
      for (const r of results) expect(r.values).toMatchObject({ latest: true, all: true, initial: true, keys: true });
    } finally {
      rt.close();
    }
  });

  it('shares an element between the states that have it, frozen, so that no label can change it for another', () => {
    const rt = new LabelRuntime({ timeout: 1000 });
    try {
      const writer = label('writer', `(t) => { for (const s of t.steps) for (const el of s.elements) { try { el.name = 'hacked'; el.hacked = 1; } catch (e) {} } return true; }`);
      const shared = label('shared', `(t) => t.steps[0].elements[0] === t.steps[2].elements[0] && Object.isFrozen(t.steps[0].elements[0])`);
      const reader = label('reader', `(t) => t.steps.every((s) => s.elements.every((el) => el === null || (el.name !== 'hacked' && el.hacked === undefined)))`);
      rt.reset([writer, shared, reader], { taskId: 't', goal: 'g', initial: initialState });
      const steps = trickySteps();
      rt.step(steps.next().value!);
      rt.step(steps.next().value!);
      expect(rt.step(steps.next().value!)).toEqual({ values: { writer: true, shared: true, reader: true }, errors: {} });
    } finally {
      rt.close();
    }
  });
});

describe('label api over shared states', () => {
  it('answers element lookups the same before and after a state gets its indexes', () => {
    const rt = new LabelRuntime({ timeout: 1000 });
    try {
      // State 3 is the product page: Add to cart is a button (11), not a link; the size is M.
      const many = label('many', `(t, api) => {
        const got = [];
        for (let i = 0; i < 12; i++) got.push([api.element('button', 'add to cart', 3)?.id ?? null, api.element('link', 'Add to cart', 3), api.elementValue('combobox', 'Size', 3), api.elementExists(['link', 'button'], 'Place order', 3), api.element('Button', /^place/i, 3)?.id]);
        return got.every((g) => JSON.stringify(g) === '["11",null,"M",true,"13"]');
      }`);
      rt.reset([many], { taskId: demo.taskId, goal: demo.goal, initial: demo.initial });
      expect(demo.steps.map((s) => rt.step(s).values.many)).toEqual([false, false, false, true, true, true, true, true]);
    } finally {
      rt.close();
    }
  });

  it('matches roles without regard to case and returns the first match in page order', () => {
    const rt = new LabelRuntime({ timeout: 1000 });
    try {
      const first = label('first', `(t, api) => {
        const got = [];
        for (let i = 0; i < 12; i++) got.push(api.element('button', 'Go')?.id, api.element('Button', /^go/i)?.id, api.elementExists('BUTTON', 'Stop'));
        return JSON.stringify(got) === JSON.stringify(Array.from({ length: 12 }, () => ['1', '1', false]).flat());
      }`);
      rt.reset([first], { taskId: 't', goal: 'g', initial: initialState });
      const elements = [{ id: '0', role: 'link', name: 'Go' }, { id: '1', role: 'BUTTON', name: 'Go' }, { id: '2', role: 'button', name: 'Go' }, { id: '3', role: 'link', name: 'Stop' }];
      const r = rt.step({ index: 0, action: { type: 'scroll', dx: 0, dy: 100 }, actionText: 'scroll', url: 'http://shop.test/', title: 'Shop', elements, text: '' });
      expect(r).toEqual({ values: { first: true }, errors: {} });
    } finally {
      rt.close();
    }
  });

  it('finds text in each state when long page texts repeat across states', () => {
    const rt = new LabelRuntime({ timeout: 1000 });
    try {
      const other = `${TEXT}Order placed.`;
      const texts = [TEXT, other, TEXT, other, TEXT];
      const found = label('found', `(t, api) => [0, 1, 2, 3, 4].slice(0, t.steps.length).map((i) => (api.pageHasText('order placed', i) ? 1 : 0) + (api.pageHasText('blue jeans', i) ? 2 : 0)).join('') === '23232'.slice(0, t.steps.length)`);
      const any = label('any', `(t, api) => api.pageHasText('Order placed', 'any') === (t.steps.length > 1)`);
      rt.reset([found, any], { taskId: 't', goal: 'g', initial: initialState });
      texts.forEach((text, index) => {
        const r = rt.step({ index, action: { type: 'scroll', dx: 0, dy: 100 }, actionText: 'scroll', url: 'http://shop.test/', title: 'Shop', elements: [], text });
        expect(r).toEqual({ values: { found: true, any: true }, errors: {} });
      });
    } finally {
      rt.close();
    }
  });
});
