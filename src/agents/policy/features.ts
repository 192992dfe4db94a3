/**
 * Hashed features of (page, goal, history, candidate) for the linear policy. Features name roles,
 * action types, template words and overlaps rather than ids or values, so weights learned on one
 * task instance transfer to new seeds with other products and values.
 * @module
 */
import type { Candidate } from './candidates.ts';
import type { PageView } from './page-view.ts';
import { answerKind, contentTokens, fuzzyEqual, normalize, tokens } from './text.ts';

/** Sparse feature vector: parallel arrays of hashed indices and values. */
export interface FeatureVector {
  index: Int32Array;
  value: Float32Array;
}

/** 32-bit FNV-1a hash of a string. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const bucket = (n: number, edges: readonly number[]) => {
  let b = 0;
  while (b < edges.length && n >= edges[b]!) b++;
  return b;
};
const STEP_EDGES = [1, 2, 3, 5, 8, 12];
const QUESTION_WORDS = new Set(['what', 'which', 'who', 'when', 'how', 'many', 'much', 'price', 'cost', 'total', 'number', 'count', 'name', 'email', 'date', 'status', 'rating', 'author', 'title']);
const CONFIRMATION_WORDS = ['added', 'saved', 'posted', 'success', 'successfully', 'updated', 'thank', 'thanks', 'created', 'submitted', 'sent', 'removed', 'deleted', 'placed', 'confirmed', 'changed', 'done', 'published', 'assigned', 'closed'];
const NEGATIVE_PAGE_WORDS = ['no', 'not', 'none', 'found', 'unavailable', 'sold', 'out', 'empty', '0', 'error', 'invalid', 'cannot', 'sorry'];

/** Per-step facts shared by every candidate of the step; computed once. */
export interface StepFacts {
  goalTokens: Set<string>;
  goalList: string[];
  goalWords: Set<string>;
  goalNorm: string;
  pathTokens: string[];
  lastType: string;
  lastId?: string;
  actedIds: Map<string, number>;
  typed: Set<string>;
  stepBucket: number;
  hasError: boolean;
  pageNegatives: string[];
  pageConfirmations: string[];
  historyBucket: number;
  maxPageOverlap: number;
}

/** Facts of a page view that every candidate's features use. */
export function stepFacts(view: PageView): StepFacts {
  const goalList = [...new Set(contentTokens(view.goal))].slice(0, 16);
  const goalTokens = new Set(goalList);
  let path = '';
  try {
    path = new URL(view.url).pathname;
  } catch {
    // Recorded URLs are absolute; a relative or odd one just contributes no path tokens.
  }
  const last = view.history.at(-1)?.action;
  const actedIds = new Map<string, number>();
  const typed = new Set<string>();
  for (const h of view.history) {
    if ('id' in h.action && h.action.id) actedIds.set(h.action.id, (actedIds.get(h.action.id) ?? 0) + 1);
    if (h.action.type === 'fill') typed.add(normalize(h.action.text));
  }
  const pageWords = new Set(tokens(view.text + ' ' + view.elements.map((e) => e.name).join(' ')));
  let maxPageOverlap = 0;
  for (const el of view.elements) {
    const n = contentTokens(el.name).filter((t) => goalTokens.has(t)).length;
    if (n > maxPageOverlap) maxPageOverlap = n;
  }
  return {
    goalTokens,
    goalList,
    goalWords: new Set(tokens(view.goal).filter((t) => QUESTION_WORDS.has(t))),
    goalNorm: normalize(view.goal),
    pathTokens: tokens(path).filter((t) => !/^\d+$/.test(t)).slice(0, 4),
    lastType: last?.type ?? 'none',
    lastId: last && 'id' in last ? last.id : undefined,
    actedIds,
    typed,
    stepBucket: bucket(view.step, STEP_EDGES),
    hasError: view.lastError !== '',
    pageNegatives: NEGATIVE_PAGE_WORDS.filter((w) => pageWords.has(w)),
    pageConfirmations: CONFIRMATION_WORDS.filter((w) => pageWords.has(w) || pageWords.has(w.replace(/s$/, ''))),
    historyBucket: bucket(view.history.filter((h) => h.action.type !== 'scroll' && h.action.type !== 'noop').length, STEP_EDGES),
    maxPageOverlap: Math.min(maxPageOverlap, 3),
  };
}

/** Collects named features into a sparse vector. */
class FeatureSink {
  readonly names: string[] = [];
  readonly values: number[] = [];
  add(name: string, value = 1): void {
    this.names.push(name);
    this.values.push(value);
  }
}

/** The named features of one candidate (before hashing); exposed for inspection and tests. */
export function featureNames(c: Candidate, view: PageView, f: StepFacts): { names: string[]; values: number[] } {
  const s = new FeatureSink();
  const a = c.action;
  const T = a.type;
  s.add(`${T}`);
  s.add(`${T}|step:${f.stepBucket}`);
  s.add(`${T}|last:${f.lastType}`);
  if (f.hasError) s.add(`${T}|err|last:${f.lastType}`);
  for (const p of f.pathTokens) s.add(`${T}|path:${p}`);
  const urlOverlap = f.pathTokens.filter((p) => f.goalTokens.has(p)).length;
  s.add(`${T}|urlov:${Math.min(urlOverlap, 2)}`);

  const el = c.element;
  if (el) {
    const nameTokens = [...new Set(contentTokens(el.name))].slice(0, 6);
    const overlap = nameTokens.filter((t) => f.goalTokens.has(t)).length;
    const fuzzy = nameTokens.filter((t) => !f.goalTokens.has(t) && f.goalList.some((g) => fuzzyEqual(g, t))).length;
    const r = el.role;
    s.add(`${T}|role:${r}`);
    s.add(`${T}|role:${r}|step:${f.stepBucket}`);
    s.add(`${T}|role:${r}|last:${f.lastType}`);
    s.add(`${T}|ov:${Math.min(overlap, 3)}`);
    s.add(`${T}|role:${r}|ov:${Math.min(overlap, 3)}`);
    s.add(`${T}|fuzzy:${Math.min(fuzzy, 2)}`);
    if (nameTokens.length) {
      s.add(`${T}|ovfrac`, overlap / nameTokens.length);
      s.add(`${T}|govfrac`, f.goalTokens.size ? overlap / f.goalTokens.size : 0);
      if (overlap > 0 && overlap === f.maxPageOverlap) s.add(`${T}|best_overlap_on_page`);
    } else s.add(`${T}|noname`);
    const nameNorm = normalize(el.name);
    if (nameNorm.length >= 3 && f.goalNorm.includes(nameNorm)) s.add(`${T}|name_in_goal`);
    for (const n of nameTokens) {
      const inGoal = f.goalTokens.has(n);
      s.add(`${T}|n:${n}`);
      s.add(`${T}|n:${n}|ing:${inGoal}`);
      s.add(`${T}|n:${n}|last:${f.lastType}`);
      for (const p of f.pathTokens) s.add(`${T}|p:${p}|n:${n}`);
      for (const g of f.goalList) if (g !== n) s.add(`${T}|g:${g}|n:${n}`);
    }
    const acted = f.actedIds.get(el.id) ?? 0;
    s.add(`${T}|acted:${Math.min(acted, 2)}`);
    if (f.lastId === el.id) s.add(`${T}|last_same:${f.lastType}`);
    if (el.checked !== undefined) s.add(`${T}|checked:${el.checked}`);
    if (el.value) s.add(`${T}|hasvalue`);
    s.add(`${T}|pos:${bucket(el.index, [5, 10, 20, 40, 80])}`);
    const twins = view.elements.filter((e) => e.role === el.role && e.name === el.name);
    if (twins.length > 1) s.add(`${T}|twin:${Math.min(twins.indexOf(el), 2)}`);
  }

  switch (a.type) {
    case 'fill': {
      const span = c.span;
      const kind = span?.kind ?? 'other';
      const trigger = span?.trigger ?? '';
      s.add(`fill|k:${kind}`);
      s.add(`fill|k:${kind}|w:${trigger}`);
      s.add(`fill|k:${kind}|role:${el?.role}`);
      s.add(`fill|wc:${Math.min(a.text.split(/\s+/).length, 5)}`);
      for (const n of el ? contentTokens(el.name).slice(0, 6) : []) {
        s.add(`fill|w:${trigger}|n:${n}`);
        s.add(`fill|k:${kind}|n:${n}`);
      }
      const text = normalize(a.text);
      if (f.typed.has(text)) s.add('fill|typed');
      if (el?.value !== undefined && normalize(el.value) === text) s.add('fill|value_eq');
      if (el?.value) s.add('fill|value_nonempty');
      if (el && normalize(el.name).includes(text)) s.add('fill|span_in_name');
      break;
    }
    case 'press':
      if (f.lastId === el?.id && f.lastType === 'fill') s.add('press|after_fill_same');
      if (el?.value) s.add('press|value_nonempty');
      break;
    case 'select': {
      const opt = a.options[0] ?? '';
      const ov = contentTokens(opt).filter((t) => f.goalTokens.has(t)).length;
      s.add(`select|optov:${Math.min(ov, 3)}`);
      if (f.goalNorm.includes(normalize(opt))) s.add('select|opt_in_goal');
      if (el?.value !== undefined && normalize(el.value) === normalize(opt)) s.add('select|already');
      break;
    }
    case 'answer': {
      if (c.answerSource === 'done') {
        s.add('done');
        s.add(`done|last:${f.lastType}`);
        s.add(`done|acts:${f.historyBucket}`);
        if (f.hasError) s.add('done|err');
        for (const w of f.pageConfirmations) s.add(`done|conf:${w}`);
        for (const g of f.goalList) s.add(`done|g:${g}`);
        for (const g of f.goalList) s.add(`done|g:${g}|last:${f.lastType}`);
        for (const p of f.pathTokens) s.add(`done|p:${p}`);
        for (const w of f.goalWords) s.add(`done|q:${w}`);
        break;
      }
      const kind = answerKind(a.text);
      const ctx = contentTokens(c.answerContext ?? '');
      const ctxOverlap = new Set(ctx.filter((t) => f.goalTokens.has(t))).size;
      s.add(`answer|kind:${kind}`);
      s.add(`answer|src:${c.answerSource ?? 'none'}`);
      s.add(`answer|src:${c.answerSource ?? 'none'}|kind:${kind}`);
      s.add(`answer|ctxov:${Math.min(ctxOverlap, 4)}`);
      s.add(`answer|ctxfrac`, f.goalTokens.size ? ctxOverlap / f.goalTokens.size : 0);
      s.add(`answer|kind:${kind}|ctxov:${Math.min(ctxOverlap, 4)}`);
      for (const g of f.goalList) s.add(`answer|g:${g}|kind:${kind}`);
      for (const w of f.goalWords) s.add(`answer|q:${w}|kind:${kind}`);
      for (const t of new Set(ctx.filter((x) => !f.goalTokens.has(x)).slice(0, 8))) s.add(`answer|ctx:${t}|kind:${kind}`);
      for (const p of f.pathTokens) s.add(`answer|p:${p}|kind:${kind}`);
      for (const g of f.goalList) s.add(`answer|g:${g}`);
      break;
    }
    case 'infeasible':
      for (const g of f.goalList) s.add(`infeasible|g:${g}`);
      for (const w of f.pageNegatives) s.add(`infeasible|page:${w}`);
      s.add(`infeasible|maxov:${f.maxPageOverlap}`);
      break;
    default:
      for (const g of f.goalList) s.add(`${T}|g:${g}`);
  }
  return { names: s.names, values: s.values };
}

/** Hash a candidate's features into `2^hashBits` buckets. */
export function featurize(c: Candidate, view: PageView, f: StepFacts, hashBits: number): FeatureVector {
  const { names, values } = featureNames(c, view, f);
  const mask = (1 << hashBits) - 1;
  const index = new Int32Array(names.length);
  const value = new Float32Array(names.length);
  for (let i = 0; i < names.length; i++) {
    index[i] = fnv1a(names[i]!) & mask;
    value[i] = values[i]!;
  }
  return { index, value };
}
