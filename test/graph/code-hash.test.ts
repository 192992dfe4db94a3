import { describe, expect, it } from 'vitest';
import { codeHash, normalizeCode } from '../../src/graph/index.ts';

describe('normalizeCode', () => {
  it('ignores comments, whitespace and quote style', () => {
    const a = `(traj, api) => api.clicked('button', 'Add to cart')`;
    const b = `(traj,api)  =>
      api.clicked("button", /* role */ "Add to cart") // the add button
    `;
    expect(normalizeCode(b)).toBe(normalizeCode(a));
    expect(codeHash(`  ${a}; `)).toBe(codeHash(a));
  });

  it('keeps the content of strings, templates and regular expressions', () => {
    expect(normalizeCode(`() => api.pageHasText('a  //  b')`)).toBe(`()=>api.pageHasText("a  //  b")`);
    expect(normalizeCode('() => `x  ${ 1 }`')).toBe('()=>`x  ${ 1 }`');
    expect(normalizeCode(`(t, api) => api.urlMatches(/https:\\/\\/shop  x/)`)).toBe(`(t,api)=>api.urlMatches(/https:\\/\\/shop  x/)`);
    expect(normalizeCode(`(t) => t.url.split('"')`)).toBe(`(t)=>t.url.split('"')`);
  });

  it('keeps spaces that change meaning', () => {
    expect(normalizeCode('a - -b')).not.toBe(normalizeCode('a--b'));
    expect(normalizeCode('return  x')).toBe('return x');
    expect(codeHash('() => a + b')).not.toBe(codeHash('() => a - b'));
  });
});
