/**
 * Text helpers of the linear policy: tokens, fuzzy token matches, candidate strings taken from a goal,
 * and answer-shaped spans (prices, numbers, dates, emails) taken from page text.
 * @module
 */

const STOPWORDS = new Set(
  'a an the and or of to in on at for with by from as is are be was were it its this that these those my your our their me you we i he she they them please then than into onto up down out over so do does did can could would should will just there here what which who whom whose when where how all any some'.split(' '),
);

/** Lower-case, whitespace-collapsed form used for equality of texts. */
export function normalize(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Word tokens: lower case, split on anything but letters and digits, light plural stemming. */
export function tokens(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (!raw) continue;
    out.push(raw.length > 3 && raw.endsWith('s') && !raw.endsWith('ss') ? raw.slice(0, -1) : raw);
  }
  return out;
}

/** Tokens without stopwords. */
export function contentTokens(text: string): string[] {
  return tokens(text).filter((t) => !STOPWORDS.has(t));
}

/** Whether two tokens are near-equal: one a prefix of the other (4+ chars), or one edit apart (5+ chars). */
export function fuzzyEqual(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length >= 4 && b.length >= 4 && (a.startsWith(b) || b.startsWith(a))) return true;
  if (a.length < 5 || b.length < 5 || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** Where a goal span came from; a feature of fill candidates. */
export type SpanKind = 'quoted' | 'number' | 'email' | 'after' | 'capitalized';

/** A candidate string for a fill, taken from the goal. */
export interface GoalSpan {
  text: string;
  kind: SpanKind;
  /** The trigger word before it (`to`, `saying`, ...), or the word before the span for other kinds. */
  trigger: string;
  /** Order among the goal's spans of the same kind (0 = first): which name is the street, which the city. */
  rank: number;
}

const TRIGGERS = ['to', 'as', 'saying', 'with', 'for', 'named', 'titled', 'called', 'reads', 'reading', 'containing', 'of', 'from', 'about', 'is', 'text', 'comment', 'message', 'title', 'body'];
const CLAUSE_END = /[.;!?,]|\s(?:and|then|but|so that|in order to|on the|in the|under|via)\s/i;

function wordBefore(goal: string, index: number): string {
  const m = /([\p{L}\p{N}]+)[^\p{L}\p{N}]*$/u.exec(goal.slice(0, index));
  return m ? m[1]!.toLowerCase() : '';
}

/**
 * Candidate strings to type, from a goal: quoted spans, numbers, emails, capitalized names, and the
 * phrase after trigger words like "to", "as", "saying", "with" (up to the end of the clause, plus its
 * first one to three words). Deduplicated, at most `max`.
 */
export function goalSpans(goal: string, max = 16): GoalSpan[] {
  const out: GoalSpan[] = [];
  const seen = new Set<string>();
  const add = (text: string, kind: SpanKind, trigger: string) => {
    // Quoted text is typed verbatim; other spans lose the sentence punctuation around them.
    const t = kind === 'quoted' ? text.trim() : text.trim().replace(/^[\s"'“”‘’]+|[\s"'“”‘’.,;:!?]+$/g, '');
    if (!t || t.length > 200 || seen.has(t.toLowerCase())) return;
    seen.add(t.toLowerCase());
    out.push({ text: t, kind, trigger, rank: out.filter((s) => s.kind === kind).length });
  };
  for (const m of goal.matchAll(/(?:^|[\s(:])["“'‘]([^"”'’]{1,200}?)["”'’](?=$|[\s.,;:!?)])/g)) {
    add(m[1]!, 'quoted', wordBefore(goal, m.index + m[0].indexOf(m[1]!) - 1));
  }
  for (const m of goal.matchAll(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g)) add(m[0], 'email', wordBefore(goal, m.index));
  for (const m of goal.matchAll(/\$?\d+(?:[.,:]\d+)*%?/g)) {
    add(m[0], 'number', wordBefore(goal, m.index));
    if (m[0].startsWith('$')) add(m[0].slice(1), 'number', wordBefore(goal, m.index));
  }
  const unquoted = goal.replace(/(?:^|(?<=[\s(:]))["“'‘][^"”'’]*["”'’](?=$|[\s.,;:!?)])/g, (q) => ' '.repeat(q.length));
  for (const run of nameRuns(unquoted)) add(run.text, 'capitalized', wordBefore(goal, run.index));
  const words = [...unquoted.matchAll(/\S+/g)];
  for (let i = 0; i < words.length - 1; i++) {
    const w = words[i]![0].toLowerCase().replace(/[^\p{L}]/gu, '');
    if (!TRIGGERS.includes(w)) continue;
    const start = words[i + 1]!.index;
    const rest = unquoted.slice(start);
    const end = CLAUSE_END.exec(rest);
    const clause = (end ? rest.slice(0, end.index) : rest).trim();
    if (!clause) continue;
    add(clause, 'after', w);
    const clauseWords = clause.split(/\s+/);
    for (let k = 1; k <= Math.min(3, clauseWords.length - 1); k++) add(clauseWords.slice(0, k).join(' '), 'after', w);
  }
  return out.slice(0, max);
}

const NAME_WORD = /^(?:[\p{Lu}\p{N}][\p{L}\p{N}'’._/-]*|&)$/u;

/**
 * Runs of name-like words (capitalized or numeric, joined by "&"): product names, people, streets,
 * codes ("Alder & Finch Fleece Jacket", "38 Harbor Street", "SAVESHIP"). Punctuation ends a run.
 */
function nameRuns(text: string): { text: string; index: number }[] {
  const out: { text: string; index: number }[] = [];
  let run: { text: string; index: number } | undefined;
  const flush = () => {
    if (run && run.text !== '&') out.push({ text: run.text.replace(/\s*&$/, ''), index: run.index });
    run = undefined;
  };
  for (const m of text.matchAll(/[^\s,.;:!?()[\]{}"“”]+|[,.;:!?()[\]{}"“”]/gu)) {
    const w = m[0];
    // "I" is the user, not part of a name ("the Beach Shelter I ordered").
    if (NAME_WORD.test(w) && w !== 'I') {
      if (run) run.text += ` ${w}`;
      else if (w !== '&') run = { text: w, index: m.index };
    } else flush();
  }
  flush();
  return out;
}

/** Shape of an answer candidate; crossed with goal words in features ("price" goes with money). */
export type AnswerKind = 'money' | 'int' | 'decimal' | 'date' | 'email' | 'word' | 'phrase' | 'long';

/** Classify an answer string by shape. */
export function answerKind(text: string): AnswerKind {
  const t = text.trim();
  if (/^[-+]?[$€£]\s?\d[\d,]*(?:\.\d+)?$|^\d[\d,]*(?:\.\d{2})\s?(?:USD|EUR|GBP)?$/.test(t)) return 'money';
  if (/^[-+]?\d[\d,]*$/.test(t)) return 'int';
  if (/^[-+]?\d*\.\d+%?$|^\d+%$/.test(t)) return 'decimal';
  if (/^\d{4}-\d{2}-\d{2}|^\d{1,2}\/\d{1,2}\/\d{2,4}$|^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}/i.test(t)) return 'date';
  if (/^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/.test(t)) return 'email';
  const n = t.split(/\s+/).length;
  return n === 1 ? 'word' : n <= 5 ? 'phrase' : 'long';
}

/** Answer-shaped spans inside a longer text: money amounts, numbers, dates, emails. */
export function entitySpans(text: string): { text: string; index: number }[] {
  const out: { text: string; index: number }[] = [];
  const re = /[$€£]\s?\d[\d,]*(?:\.\d+)?|\d{4}-\d{2}-\d{2}|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b\d[\d,]*(?:\.\d+)?%?/g;
  for (const m of text.matchAll(re)) out.push({ text: m[0], index: m.index });
  return out;
}
