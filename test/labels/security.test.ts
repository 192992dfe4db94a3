import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { LabelRuntime, scoreTrajectory, type LabelFunction } from '../../src/labels/index.ts';
import { HOSTILE_LABELS } from './fixtures/hostile-labels.ts';
import { demo, label } from './fixtures/trajectories.ts';

/** Benign labels, several sharing api caches and intrinsics with the attacks. */
const BENIGN: LabelFunction[] = [
  label('cart', `(t, api) => api.clicked('button', 'Add to cart')`),
  label('cart-by-role-list', `(t, api) => api.clicked(['button'], 'Add to cart')`),
  label('never-role', `(t, api) => api.clicked(['nothing'], 'Add to cart')`),
  label('never-regexp', `(t, api) => api.clicked('button', /^Place order XYZ$/)`),
  label('text', `(t, api) => api.pageHasText('Choose a size', 'any')`),
  label('probe', `(t, api) => api.probeFind('shop.state.cart', { size: 'M' }, 'any') !== undefined`),
  label('visited', `(t, api) => api.visited('/p/17')`),
  label('intrinsics', `(t) => [1, 2].some((x) => x === 2) && JSON.parse('{"a":1}').a === 1 && 'ABC'.toLowerCase() === 'abc' && /a/.test('a') && ({}).polluted === undefined && ({}).done === undefined && typeof Array === 'function'`),
  label('no-leaks', `(t, api) => typeof leaked === 'undefined' && typeof shared === 'undefined' && typeof __escaped === 'undefined' && !api.pageHasText('zzz-nowhere')`),
  label('traj', `(t) => t.initial.url === 'http://shop.test/' && t.steps[0].action.type === 'fill' && t.steps.length <= 5`),
  label('done', `(t) => t.done`),
];

const trajectory = { ...demo, steps: demo.steps.slice(0, 5), answer: undefined };
// Timeouts wide enough that a benign label descheduled on a busy machine is not cut off.
const runtime = new LabelRuntime({ memoryLimitMb: 32, timeout: 200, stepTimeout: 400 });
afterAll(() => runtime.close());

function hostSnapshot() {
  return {
    objectProto: Object.getOwnPropertyNames(Object.prototype).join(),
    arrayProto: Object.getOwnPropertyNames(Array.prototype).join(),
    globals: Object.keys(globalThis).join(),
    jsonParse: JSON.parse,
    lower: String.prototype.toLowerCase,
  };
}

describe('hostile labels', async () => {
  const clean = await scoreTrajectory(BENIGN, trajectory, { runtime });
  const host = hostSnapshot();

  it('the corpus has at least 30 programs across every category', () => {
    expect(HOSTILE_LABELS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(HOSTILE_LABELS.map((h) => h.category)).size).toBe(10);
    expect(clean.final.cart).toBe(true);
  });

  it.each(HOSTILE_LABELS)('$category/$name: the host survives, nothing escapes, benign labels are unchanged', async (h) => {
    const hostile = label(h.name, h.code);
    const s = await scoreTrajectory([hostile, ...BENIGN], trajectory, { runtime });
    for (const b of BENIGN) {
      expect(s.perStep[b.id], b.id).toEqual(clean.perStep[b.id]);
      expect(s.final[b.id], b.id).toBe(clean.final[b.id]);
      expect(s.errors[b.id], b.id).toEqual([]);
    }
    const errors = s.errors[h.name]!;
    const outcomes = new Set<string | boolean>(errors.map(codeOf));
    // Without errors every state reports its value; with errors, any true value still shows.
    const values = [...s.perStep[h.name]!, s.final[h.name]!];
    if (errors.length === 0) for (const v of values) outcomes.add(v);
    else if (values.includes(true)) outcomes.add(true);
    for (const o of outcomes) expect(h.outcomes as readonly (string | boolean)[], `${h.name} gave ${String(o)}: ${errors[0] ?? ''}`).toContain(o);
    for (const m of errors) {
      expect(m).toContain(`label "${h.name}"`);
      expect(m.length).toBeLessThan(800);
    }
    expect(hostSnapshot()).toEqual(host);
    expect(existsSync('/tmp/coregym-escaped')).toBe(false);
  });

  it('all hostile programs at once leave the benign labels unchanged', { timeout: 300_000 }, async () => {
    const all = HOSTILE_LABELS.map((h) => label(h.name, h.code));
    const short = { ...trajectory, steps: trajectory.steps.slice(0, 2) };
    const cleanShort = await scoreTrajectory(BENIGN, short, { runtime });
    const s = await scoreTrajectory([...all, ...BENIGN], short, { runtime });
    for (const b of BENIGN) {
      expect(s.perStep[b.id], b.id).toEqual(cleanShort.perStep[b.id]);
      expect(s.final[b.id], b.id).toBe(cleanShort.final[b.id]);
    }
    expect(hostSnapshot()).toEqual(host);
  });
});

/** The LabelError code of a scored error message, from the words the runtime uses for each. */
function codeOf(message: string): string {
  if (message.includes(' did not finish within ') || message.includes('budget (stepTimeout)') || message.includes(' ms limit')) return 'label_timeout';
  if (message.includes('memory limit (memoryLimitMb)')) return 'label_memory';
  if (message.includes(' returned ')) return 'label_non_boolean';
  if (message.includes('does not compile') || message.includes('evaluates to') || message.includes('while being evaluated')) return 'label_compile';
  if (message.includes(' threw ')) return 'label_threw';
  return message;
}
