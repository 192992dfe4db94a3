import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { LabelRuntime } from '../../src/labels/index.ts';
import { MATCH_SOURCE, cleanAnswer, exactMatch, includesAll, mustExclude, mustInclude, urlGoldInPred } from '../../src/interop/webarena-match.ts';

const runtime = new LabelRuntime({ timeout: 2000, stepTimeout: 4000 });
afterAll(() => runtime.close());

/** Evaluate `expr` (over MATCH_SOURCE's functions and `cases`) inside the label sandbox. */
function inSandbox(cases: unknown, expr: string): unknown {
  const code = `(traj, api) => {${MATCH_SOURCE}\n const cases = ${JSON.stringify(cases)};\n return JSON.stringify(${expr}) === traj.goal; }`;
  return (expected: unknown) => {
    runtime.reset([{ id: 'probe', description: 'x', code, origin: 'human', provenance: {} }], { taskId: 't', goal: JSON.stringify(expected), initial: { url: 'about:blank', title: '', elements: [], text: '' } });
    const r = runtime.finish({});
    if (r.errors.probe) throw r.errors.probe;
    return r.values.probe;
  };
}

const piece = fc.constantFrom('a', 'B', '0', '1', '10', ' ', '"', "'", '$', '.', ',', '%2F', '%zz', '+', '?', '&', '=', '#', '/', 'é', 'N/A', 'x y', 'q=1', 'k=', '//');
const str = fc.array(piece, { maxLength: 8 }).map((a) => a.join(''));

describe('WebArena matching rules', () => {
  it('follow WebArena on known cases', () => {
    expect(cleanAnswer('  "Hello World" ')).toBe('hello world');
    expect(exactMatch('N/A', "'n/a'")).toBe(true);
    expect(mustInclude('0', 'there are 10 items', true)).toBe(false);
    expect(mustInclude('0', 'there are 0 items', true)).toBe(true);
    expect(mustInclude('0', 'there are 10 items', false)).toBe(true);
    expect(mustExclude('cheap', 'It is CHEAP')).toBe(false);
    expect(includesAll([['red', 'blue'], ['big']], 'A big blue box')).toBe(true);
    expect(urlGoldInPred(['http://h:1/f/books'], 'http://h:1/f/books/12/')).toBe(true);
    expect(urlGoldInPred(['http://h:1/issues/?label_name%5B%5D=BUG'], 'http://h:1/issues/?label_name[]=BUG&sort=x')).toBe(true);
    expect(urlGoldInPred(['http://h:1/issues/?label_name%5B%5D=BUG'], 'http://h:1/issues/?label_name[]=FEATURE')).toBe(false);
    expect(urlGoldInPred(['http://h:1/search?query=bars%20near%20x'], 'http://h:1/search?query=bars+near+x')).toBe(true);
    expect(urlGoldInPred(['http://h:1/cart', 'http://h:1/checkout'], 'http://h:1/checkout/')).toBe(true);
  });

  it('give the same results in the label sandbox as on the host', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(str, str, fc.boolean()), { minLength: 1, maxLength: 30 }), (cases) => {
        const host = cases.map(([a, b, t]) => [cleanAnswer(a), exactMatch(a, b), mustInclude(a, b, t), mustExclude(a, b), urlGoldInPred([`http://h/${a}`], `http://h/${b}`), urlGoldInPred([a], b)]);
        const check = inSandbox(cases, 'cases.map(([a, b, t]) => [cleanAnswer(a), exactMatch(a, b), mustInclude(a, b, t), mustExclude(a, b), urlGoldInPred(["http://h/" + a], "http://h/" + b), urlGoldInPred([a], b)])') as (e: unknown) => boolean;
        expect(check(host)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
