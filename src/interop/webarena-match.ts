/**
 * WebArena's string and URL comparisons, twice: as host functions for the trusted oracle, and as
 * JavaScript source for the sandboxed label functions the importer writes. The two must agree;
 * test/interop/webarena-match.test.ts checks them against each other on random inputs.
 *
 * The rules follow WebArena's evaluation_harness/evaluators.py: answers are trimmed, one pair of
 * surrounding quotes is dropped and the rest is lower-cased; `must_include` of a single
 * one-character reference compares whole tokens (so "0" does not match "10"); `url_match` with
 * the note "GOLD in PRED" checks that a reference's host+path is a substring of the page's and
 * that every reference query parameter has one of its values in the page's query.
 * @module
 */

/** WebArena's clean_answer: trim, drop one pair of surrounding quotes, lower-case. */
export function cleanAnswer(answer: string): string {
  let a = answer.trim();
  if ((a.startsWith("'") && a.endsWith("'")) || (a.startsWith('"') && a.endsWith('"'))) a = a.slice(1, -1);
  return a.toLowerCase();
}

/** Words and single punctuation marks, as a stand-in for nltk's word_tokenize on short answers. */
function tokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}_]+|[^\p{L}\p{N}_\s]/gu) ?? [];
}

export function exactMatch(reference: string, prediction: string): boolean {
  return cleanAnswer(prediction) === cleanAnswer(reference);
}

/** `tokenize` is WebArena's flag: true when the reference list has one entry. */
export function mustInclude(reference: string, prediction: string, tokenize: boolean): boolean {
  const ref = cleanAnswer(reference);
  const pred = cleanAnswer(prediction);
  if (tokenize && ref.length === 1) return tokens(pred).includes(ref);
  return pred.includes(ref);
}

export function mustExclude(reference: string, prediction: string): boolean {
  return !cleanAnswer(prediction).includes(cleanAnswer(reference));
}

/** `required_contents.must_include` of program_html: each entry may list alternatives (` |OR| `); no tokenizing. */
export function includesAll(alternatives: readonly (readonly string[])[], prediction: string): boolean {
  return alternatives.every((alts) => alts.some((a) => mustInclude(a, prediction, false)));
}

/** Percent-decoding that leaves malformed escapes as they are, like Python's unquote. */
function unquote(text: string): string {
  return text.replace(/\+/g, ' ').replace(/(%[0-9a-fA-F]{2})+/g, (m) => {
    try {
      return decodeURIComponent(m);
    } catch {
      return m;
    }
  });
}

/** host+path and the decoded query of a URL, like Python's urlparse + parse_qs (blank values dropped). */
export function parseUrl(url: string): { base: string; query: Record<string, string[]> } {
  let rest = url;
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  let search = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    search = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(rest);
  if (scheme) rest = rest.slice(scheme[0].length);
  const query: Record<string, string[]> = Object.create(null);
  for (const part of search.split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const value = unquote(part.slice(eq + 1));
    if (value === '') continue;
    const key = unquote(part.slice(0, eq));
    (query[key] ??= []).push(value);
  }
  return { base: rest, query };
}

/** WebArena's url_match, rule "GOLD in PRED". */
export function urlGoldInPred(references: readonly string[], url: string): boolean {
  const strip = (u: string) => u.replace(/\/+$/, '');
  const pred = parseUrl(strip(url));
  const refs = references.map((r) => parseUrl(strip(r)));
  if (!refs.some((r) => pred.base.includes(r.base))) return false;
  const wanted: Record<string, Set<string>> = Object.create(null);
  for (const r of refs) for (const [k, vs] of Object.entries(r.query)) for (const v of vs) (wanted[k] ??= new Set()).add(v);
  return Object.entries(wanted).every(([k, vs]) => (pred.query[k] ?? []).some((v) => vs.has(v)));
}

/**
 * The same functions as JavaScript source for label code (no host objects, no URL class: the
 * sandbox has only the language builtins). Keep in step with the host functions above.
 */
export const MATCH_SOURCE = `
  const cleanAnswer = (answer) => {
    let a = String(answer).trim();
    if ((a.startsWith("'") && a.endsWith("'")) || (a.startsWith('"') && a.endsWith('"'))) a = a.slice(1, -1);
    return a.toLowerCase();
  };
  const tokens = (text) => text.match(/[\\p{L}\\p{N}_]+|[^\\p{L}\\p{N}_\\s]/gu) || [];
  const exactMatch = (ref, pred) => cleanAnswer(pred) === cleanAnswer(ref);
  const mustInclude = (reference, prediction, tokenize) => {
    const ref = cleanAnswer(reference), pred = cleanAnswer(prediction);
    if (tokenize && ref.length === 1) return tokens(pred).includes(ref);
    return pred.includes(ref);
  };
  const mustExclude = (ref, pred) => !cleanAnswer(pred).includes(cleanAnswer(ref));
  const includesAll = (alternatives, pred) => alternatives.every((alts) => alts.some((a) => mustInclude(a, pred, false)));
  const unquote = (text) => text.replace(/\\+/g, ' ').replace(/(%[0-9a-fA-F]{2})+/g, (m) => { try { return decodeURIComponent(m); } catch (e) { return m; } });
  const parseUrl = (url) => {
    let rest = url;
    const hash = rest.indexOf('#');
    if (hash >= 0) rest = rest.slice(0, hash);
    let search = '';
    const q = rest.indexOf('?');
    if (q >= 0) { search = rest.slice(q + 1); rest = rest.slice(0, q); }
    const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\\/\\//.exec(rest);
    if (scheme) rest = rest.slice(scheme[0].length);
    const query = Object.create(null);
    for (const part of search.split('&')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      const value = unquote(part.slice(eq + 1));
      if (value === '') continue;
      const key = unquote(part.slice(0, eq));
      (query[key] = query[key] || []).push(value);
    }
    return { base: rest, query };
  };
  const urlGoldInPred = (references, url) => {
    const strip = (u) => u.replace(/\\/+$/, '');
    const pred = parseUrl(strip(url));
    const refs = references.map((r) => parseUrl(strip(r)));
    if (!refs.some((r) => pred.base.includes(r.base))) return false;
    const wanted = Object.create(null);
    for (const r of refs) for (const k of Object.keys(r.query)) for (const v of r.query[k]) (wanted[k] = wanted[k] || []).push(v);
    return Object.keys(wanted).every((k) => (pred.query[k] || []).some((v) => wanted[k].includes(v)));
  };
`;
