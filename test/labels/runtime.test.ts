import { describe, expect, it } from 'vitest';
import { EnvError, LabelError } from '../../src/env/errors.ts';
import { LabelRuntime, scoreTrajectory, type LabelFunction } from '../../src/labels/index.ts';
import { demo, label } from './fixtures/trajectories.ts';

const benign = [
  label('cart', `(t, api) => api.clicked('button', 'Add to cart')`),
  label('order', `(t, api) => api.urlMatches(/\\/orders\\/\\d+$/)`),
  label('size', `(t, api) => api.elementValue('combobox', 'Size', 'any') === 'M'`),
];

function episode(labels: readonly LabelFunction[], runtime: LabelRuntime, steps = demo.steps.length) {
  runtime.reset(labels, { taskId: demo.taskId, goal: demo.goal, initial: demo.initial });
  return demo.steps.slice(0, steps).map((s) => runtime.step(s));
}

function benignValues(results: ReturnType<typeof episode>) {
  return results.map((r) => ({ cart: r.values.cart, order: r.values.order, size: r.values.size }));
}

const clean = (() => {
  const rt = new LabelRuntime();
  try {
    return benignValues(episode(benign, rt));
  } finally {
    rt.close();
  }
})();

describe('LabelRuntime', () => {
  it('scores incrementally exactly as scoreTrajectory does offline', async () => {
    const rt = new LabelRuntime();
    try {
      const live = episode(benign, rt);
      const end = rt.finish({ answer: demo.answer });
      const offline = await scoreTrajectory(benign, demo);
      for (const l of benign) {
        expect(live.map((r) => r.values[l.id])).toEqual(offline.perStep[l.id]);
        expect(end.values[l.id]).toBe(offline.final[l.id]);
      }
      expect(offline.firstSatisfied).toEqual({ cart: 4, order: 6, size: 3 });
    } finally {
      rt.close();
    }
  });

  it('reports a label that throws as label_threw, naming the label and the step, while the others score', () => {
    const rt = new LabelRuntime();
    try {
      const results = episode([...benign, label('boom', `(t) => t.steps[5].target.name === 'x'`)], rt);
      expect(benignValues(results)).toEqual(clean);
      const e = results[0]!.errors.boom!;
      expect(e).toBeInstanceOf(LabelError);
      expect(e.code).toBe('label_threw');
      expect(e.message).toBe(`LabelRuntime.step: label "boom" threw TypeError: Cannot read properties of undefined (reading 'target') on step 0.`);
      expect(results[7]!.errors.boom).toBeUndefined();
    } finally {
      rt.close();
    }
  });

  it('stops a label that loops with label_timeout and keeps scoring the others on every step', () => {
    const rt = new LabelRuntime({ timeout: 100 });
    try {
      const results = episode([label('loop', `(t) => { while (true) {} }`), ...benign], rt, 4);
      expect(benignValues(results)).toEqual(clean.slice(0, 4));
      for (const r of results) {
        expect(r.errors.loop?.code).toBe('label_timeout');
        expect(r.errors.loop?.message).toContain('label "loop" did not finish within 100 ms (timeout)');
      }
    } finally {
      rt.close();
    }
  });

  it('does not blame a label for time other labels used before it in the same step', () => {
    // Four labels of 100 ms each overrun a 300 ms batch; alone, each is well within its 300 ms.
    const rt = new LabelRuntime({ timeout: 300 });
    try {
      const slow = (id: string) => label(id, `(t) => { const end = Date.now() + 100; while (Date.now() < end) {} return true; }`);
      const results = episode([slow('s1'), slow('s2'), slow('s3'), slow('s4')], rt, 1);
      for (const r of results) expect(r).toEqual({ values: { s1: true, s2: true, s3: true, s4: true }, errors: {} });
    } finally {
      rt.close();
    }
  });

  it('runs labels that overran alone, after the others, within the step budget', () => {
    const rt = new LabelRuntime({ timeout: 100, stepTimeout: 150 });
    try {
      const loop = (id: string) => label(id, `(t) => { for (;;) {} }`);
      const results = episode([loop('a'), loop('b'), loop('c'), ...benign], rt, 3);
      expect(benignValues(results)).toEqual(clean.slice(0, 3));
      for (const id of ['a', 'b', 'c']) expect(results[0]!.errors[id]?.message).toContain(`label "${id}" did not finish within 100 ms (timeout) on step 0`);
      // From the next step on they share the 150 ms budget: the first gets its 100 ms, the last none.
      expect(results[1]!.errors.a?.message).toContain('did not finish within 100 ms');
      expect(results[1]!.errors.c?.message).toContain(`label "c" was not run: it overran its time earlier this episode, and the step's 150 ms budget (stepTimeout) ran out on step 1.`);
    } finally {
      rt.close();
    }
  });

  it('finds a label whose promise job loops after it returned', () => {
    const rt = new LabelRuntime({ timeout: 100 });
    try {
      const results = episode([...benign, label('job', `(t) => { Promise.resolve().then(() => { for (;;) {} }); return true; }`)], rt, 3);
      expect(benignValues(results)).toEqual(clean.slice(0, 3));
      for (const r of results) expect(r.errors.job?.code).toBe('label_timeout');
    } finally {
      rt.close();
    }
  });

  it('reports promises and other non-booleans as label_non_boolean', () => {
    const rt = new LabelRuntime();
    try {
      rt.reset([label('p', `async (t) => true`), label('s', `(t) => 'true'`), label('o', `(t) => ({})`)], { taskId: 't', goal: 'g', initial: demo.initial });
      const r = rt.score();
      expect(r.errors.p?.code).toBe('label_non_boolean');
      expect(r.errors.p?.message).toContain('returned a promise or thenable (labels are synchronous');
      expect(r.errors.s?.message).toContain('returned the string "true"');
      expect(r.errors.o?.message).toContain('returned an object');
    } finally {
      rt.close();
    }
  });

  it('replaces an isolate killed for memory, re-sends the episode and keeps scoring', { timeout: 120_000 }, () => {
    // Generous time limits so that the memory limit, not a timeout, stops the bomb.
    const rt = new LabelRuntime({ memoryLimitMb: 16, timeout: 30_000, stepTimeout: 60_000 });
    try {
      const bomb = label('bomb', `(t) => { if (t.steps.length < 4) return false; const a = []; for (;;) a.push(new Array(1e6).fill(a.length + 0.5)); }`);
      const results = episode([...benign, bomb], rt);
      expect(benignValues(results)).toEqual(clean);
      expect(rt.replacements).toBeGreaterThanOrEqual(1);
      expect(results[2]!.errors.bomb).toBeUndefined();
      expect(results[3]!.errors.bomb?.code).toBe('label_memory');
      expect(results[3]!.errors.bomb?.message).toContain('exhausted the 16 MB memory limit (memoryLimitMb) on step 3');
      expect(results[6]!.errors.bomb?.message).toContain('it is not run again this episode');
      // The replaced isolate still knows the history: a label about step 0 holds after the kill.
      const after = rt.finish({});
      expect(after.values.cart).toBe(true);
      rt.reset(benign, { taskId: demo.taskId, goal: demo.goal, initial: demo.initial });
      expect(rt.step(demo.steps[0]!).errors).toEqual({});
    } finally {
      rt.close();
    }
  });

  it('reports code that does not compile or is not a function as label_compile, and runs the rest', () => {
    const rt = new LabelRuntime();
    try {
      rt.reset([label('syntax', `(t, api) => {`), label('number', `42`), label('throws', `(() => { throw new Error('nope') })()`), ...benign], { taskId: 't', goal: 'g', initial: demo.initial });
      const errors = rt.compileErrors;
      expect(Object.keys(errors).sort()).toEqual(['number', 'syntax', 'throws']);
      expect(errors.syntax!.message).toContain('label "syntax" does not compile: SyntaxError: Unexpected token');
      expect(errors.number!.message).toContain('label "number" evaluates to the number 42, expected a function (traj, api) => boolean');
      expect(errors.throws!.message).toContain('label "throws" threw Error: nope while being evaluated');
      const r = rt.step(demo.steps[0]!);
      expect(r.errors.syntax?.code).toBe('label_compile');
      expect(r.values).toMatchObject({ cart: false, syntax: false });
    } finally {
      rt.close();
    }
  });

  it('keeps what a label declares, even past its parenthesis, out of every other label', () => {
    const rt = new LabelRuntime();
    try {
      const writer = label('writer', `(t) => true); var shared = { n: 1 }; globalThis.leak = 1; (0`);
      const reader = label('reader', `(t) => typeof shared === 'undefined' && typeof leak === 'undefined'`);
      rt.reset([writer, reader], { taskId: 't', goal: 'g', initial: demo.initial });
      expect(rt.score()).toEqual({ values: { writer: true, reader: true }, errors: {} });
    } finally {
      rt.close();
    }
  });

  it('starts every episode with fresh label closures', () => {
    const rt = new LabelRuntime();
    try {
      const counter = label('first', `(() => { let calls = 0; return (t) => ++calls === 1; })()`);
      for (let i = 0; i < 3; i++) {
        rt.reset([counter], { taskId: 't', goal: 'g', initial: demo.initial });
        expect(rt.score().values.first).toBe(true);
        expect(rt.score().values.first).toBe(false);
      }
    } finally {
      rt.close();
    }
  });

  it('rejects duplicate label ids, bad options and use before reset or after close', () => {
    expect(() => new LabelRuntime({ timeout: 0 })).toThrow('LabelRuntime: bad option timeout (expected a positive number, got 0).');
    expect(() => new LabelRuntime({ memoryLimitMb: 4 })).toThrow(/memoryLimitMb \(expected a positive number >= 8, got 4\)/);
    const rt = new LabelRuntime();
    expect(() => rt.step(demo.steps[0]!)).toThrow(EnvError);
    expect(() => rt.reset([label('a', '(t) => true'), label('a', '(t) => false')], { taskId: 't', goal: 'g', initial: demo.initial })).toThrow('duplicate label id "a"');
    rt.close();
    rt.close();
    expect(() => rt.reset([], { taskId: 't', goal: 'g', initial: demo.initial })).toThrow('LabelRuntime.reset: the runtime is closed');
  });
});
