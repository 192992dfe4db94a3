/**
 * Hashed features of (page, goal, history, candidate) for the linear policy. Features name roles,
 * action types, template words and overlaps rather than ids or values, so weights learned on one
 * task instance transfer to new seeds with other products and values.
 *
 * Features are built from integer hashes (tokens hashed once, then mixed), not strings: a page has
 * hundreds of candidates with about a hundred features each, and string building was the cost of
 * training.
 * @module
 */
import type { Candidate } from './candidates.ts';
import { elementTokens, isClickable } from './page-view.ts';
import type { PageView, ViewElement } from './page-view.ts';
import { answerKind, contentTokens, fuzzyEqual, normalize, tokens } from './text.ts';

/** Sparse feature vector: parallel arrays of hashed indices and values. */
export interface FeatureVector {
  index: Int32Array;
  value: Float32Array;
}

/** Tokens joined by single spaces and padded, so `includes` tests whole-word phrases ("m" is not in "my"). */
function phrase(text: string): string {
  return ` ${tokens(text).join(' ')} `;
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

/** Mix hashes into one (order matters). */
function mix(a: number, b: number, c = 0x27d4eb2f, d = 0x165667b1): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 15), 0xc2b2ae35) ^ c;
  h = Math.imul(h ^ (h >>> 13), 0x27d4eb2f) ^ d;
  return (h ^ (h >>> 16)) >>> 0;
}

const memo = new Map<string, number>();
/** Hash of a token or name, memoized (vocabularies are small; the memo is capped). */
function H(text: string): number {
  let h = memo.get(text);
  if (h === undefined) {
    h = fnv1a(text);
    if (memo.size < 200_000) memo.set(text, h);
  }
  return h;
}
const hb = (b: boolean) => (b ? 1 : 2);

const bucket = (n: number, edges: readonly number[]) => {
  let b = 0;
  while (b < edges.length && n >= edges[b]!) b++;
  return b;
};
const STEP_EDGES = [1, 2, 3, 5, 8, 12];
const QUESTION_WORDS = new Set(['what', 'which', 'who', 'when', 'how', 'many', 'much', 'price', 'cost', 'total', 'number', 'count', 'name', 'email', 'date', 'status', 'rating', 'author', 'title', 'username']);
const CONFIRMATION_WORDS = ['added', 'saved', 'posted', 'success', 'successfully', 'updated', 'thank', 'created', 'submitted', 'sent', 'removed', 'deleted', 'placed', 'confirmed', 'changed', 'done', 'published', 'assigned', 'closed'];
const NEGATIVE_PAGE_WORDS = ['no', 'not', 'none', 'found', 'unavailable', 'sold', 'out', 'empty', '0', 'error', 'invalid', 'cannot', 'sorry'];

// Feature namespaces.
const N = Object.fromEntries(
  ['type', 'step', 'last', 'err', 'path', 'urlov', 'role', 'roleStep', 'roleLast', 'ov', 'roleOv', 'fuzzy', 'ovfrac', 'govfrac', 'best', 'noname', 'nameInGoal', 'n', 'nIng', 'nLast', 'pn', 'gn', 'acted', 'lastSame', 'checked', 'hasValue', 'pos', 'twin', 'vis', 'roleVis',
    'fillKind', 'fillKindW', 'fillKindRole', 'fillWc', 'fillWn', 'fillKn', 'fillTyped', 'fillValueEq', 'fillValue', 'fillInName', 'fillOv',
    'pressAfterFill', 'pressValue', 'optOv', 'optInGoal', 'optAlready', 'optTokGoal', 'optIdx',
    'ansKind', 'ansSrc', 'ansSrcKind', 'ansCtxOv', 'ansCtxFrac', 'ansKindCtxOv', 'ansGKind', 'ansQKind', 'ansCtxKind', 'ansPKind', 'ansG', 'ansRoleQ', 'ansSelfOv',
    'nearOv', 'nearBest', 'roleNearOv', 'actedName', 'lastTargetN', 'lastTargetRole', 'fillRank', 'fillDollar', 'doneLastN', 'doneLastRole', 'doneFilled',
    'done', 'doneLast', 'doneActs', 'doneErr', 'doneConf', 'doneG', 'doneGLast', 'doneP', 'doneQ',
    'infG', 'infPage', 'infMaxOv', 'generic'].map((k) => [k, fnv1a(`ns:${k}`)]),
) as Record<string, number>;

/** Per-step facts shared by every candidate of the step; computed once. */
export interface StepFacts {
  goalTokens: Set<string>;
  goalHashes: number[];
  goalNorm: string;
  /** The goal's tokens joined by single spaces and padded, for whole-phrase containment. */
  goalPhrase: string;
  questionHashes: number[];
  pathHashes: number[];
  pathTokens: string[];
  lastTypeHash: number;
  lastType: string;
  lastId?: string;
  actedIds: Map<string, number>;
  typed: Set<string>;
  stepBucket: number;
  hasError: boolean;
  negativeHashes: number[];
  confirmationHashes: number[];
  historyBucket: number;
  maxPageOverlap: number;
  /** Element base features, by element, computed on first use. */
  elementCache: Map<ViewElement, { index: number[]; value: number[] }>;
  /** role|name -> elements with that role and name, for duplicate detection. */
  twins: Map<string, ViewElement[]>;
  /** Goal-token overlap of each element's neighbourhood (itself and three elements each side), by element index. */
  nearOverlap: number[];
  /** Highest neighbourhood overlap among clickable elements. */
  maxNearOverlap: number;
  /** role|name of every element acted on so far. */
  actedNames: Set<string>;
  /** Name tokens (hashed) and role (hashed) of the last action's target. */
  lastTargetHashes: number[];
  lastTargetRole: number;
  /** Number of fills so far. */
  fills: number;
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
  const pathTokens = tokens(path).filter((t) => !/^\d+$/.test(t)).slice(0, 4);
  const last = view.history.at(-1)?.action;
  const actedIds = new Map<string, number>();
  const typed = new Set<string>();
  for (const h of view.history) {
    if ('id' in h.action && h.action.id) actedIds.set(h.action.id, (actedIds.get(h.action.id) ?? 0) + 1);
    if (h.action.type === 'fill') typed.add(normalize(h.action.text));
  }
  const pageWords = new Set<string>();
  let maxPageOverlap = 0;
  const twins = new Map<string, ViewElement[]>();
  const overlaps: number[] = [];
  for (const el of view.elements) {
    const toks = elementTokens(el);
    let overlap = 0;
    for (const t of toks) {
      pageWords.add(t);
      if (goalTokens.has(t)) overlap++;
    }
    overlaps.push(overlap);
    if (overlap > maxPageOverlap) maxPageOverlap = overlap;
    for (const w of el.name.toLowerCase().split(/[^\p{L}\p{N}]+/u)) pageWords.add(w);
    const key = `${el.role}|${el.name}`;
    const list = twins.get(key);
    if (list) list.push(el);
    else twins.set(key, [el]);
  }
  const lastType = last?.type ?? 'none';
  const nearOverlap = overlaps.map((_, i) => {
    let sum = 0;
    for (let k = Math.max(0, i - 3); k <= Math.min(overlaps.length - 1, i + 3); k++) sum += overlaps[k]!;
    return sum;
  });
  let maxNearOverlap = 0;
  view.elements.forEach((el, i) => {
    if (isClickable(el) && nearOverlap[i]! > maxNearOverlap) maxNearOverlap = nearOverlap[i]!;
  });
  const lastTarget = view.history.at(-1)?.target;
  return {
    goalPhrase: phrase(view.goal),
    nearOverlap,
    maxNearOverlap,
    actedNames: new Set(view.history.flatMap((h) => (h.target ? [`${h.target.role}|${h.target.name}`] : []))),
    lastTargetHashes: lastTarget ? contentTokens(lastTarget.name).slice(0, 6).map(H) : [],
    lastTargetRole: H(lastTarget?.role ?? 'none'),
    fills: view.history.filter((h) => h.action.type === 'fill').length,
    goalTokens,
    goalHashes: goalList.map(H),
    goalNorm: normalize(view.goal),
    questionHashes: tokens(view.goal).filter((t) => QUESTION_WORDS.has(t)).map(H),
    pathHashes: pathTokens.map(H),
    pathTokens,
    lastTypeHash: H(lastType),
    lastType,
    lastId: last && 'id' in last ? last.id : undefined,
    actedIds,
    typed,
    stepBucket: bucket(view.step, STEP_EDGES),
    hasError: view.lastError !== '',
    negativeHashes: NEGATIVE_PAGE_WORDS.filter((w) => pageWords.has(w)).map(H),
    confirmationHashes: CONFIRMATION_WORDS.filter((w) => pageWords.has(w)).map(H),
    historyBucket: bucket(view.history.filter((h) => h.action.type !== 'scroll' && h.action.type !== 'noop').length, STEP_EDGES),
    maxPageOverlap: Math.min(maxPageOverlap, 3),
    elementCache: new Map(),
    twins,
  };
}

/** Features of an element that do not depend on the action type (mixed with it later). */
function elementFeatures(el: ViewElement, f: StepFacts): { index: number[]; value: number[] } {
  const cached = f.elementCache.get(el);
  if (cached) return cached;
  const index: number[] = [];
  const value: number[] = [];
  const add = (h: number, v = 1) => {
    index.push(h);
    value.push(v);
  };
  const nameTokens = elementTokens(el).slice(0, 6);
  const nameHashes = nameTokens.map(H);
  let overlap = 0;
  let fuzzy = 0;
  for (const t of nameTokens) {
    if (f.goalTokens.has(t)) overlap++;
    else if (t.length >= 4) for (const g of f.goalTokens) if (fuzzyEqual(g, t)) { fuzzy++; break; }
  }
  const role = H(el.role);
  add(mix(N.role!, role));
  add(mix(N.roleStep!, role, f.stepBucket));
  add(mix(N.roleLast!, role, f.lastTypeHash));
  add(mix(N.ov!, Math.min(overlap, 3)));
  add(mix(N.roleOv!, role, Math.min(overlap, 3)));
  add(mix(N.fuzzy!, Math.min(fuzzy, 2)));
  add(mix(N.vis!, hb(el.visible)));
  add(mix(N.roleVis!, role, hb(el.visible)));
  if (nameTokens.length) {
    add(N.ovfrac!, overlap / nameTokens.length);
    add(N.govfrac!, f.goalTokens.size ? overlap / f.goalTokens.size : 0);
    if (overlap > 0 && overlap >= f.maxPageOverlap) add(N.best!);
  } else add(N.noname!);
  if (el.name.length >= 3 && f.goalPhrase.includes(phrase(el.name))) add(N.nameInGoal!);
  const near = f.nearOverlap[el.index] ?? 0;
  add(mix(N.nearOv!, Math.min(near, 6)));
  add(mix(N.roleNearOv!, role, Math.min(near, 6)));
  if (near > 0 && near >= f.maxNearOverlap) add(N.nearBest!);
  if (f.actedNames.has(`${el.role}|${el.name}`)) add(N.actedName!);
  nameTokens.forEach((t, i) => {
    const n = nameHashes[i]!;
    add(mix(N.n!, n));
    add(mix(N.nIng!, n, hb(f.goalTokens.has(t))));
    add(mix(N.nLast!, n, f.lastTypeHash));
    for (const p of f.pathHashes) add(mix(N.pn!, p, n));
    for (const g of f.goalHashes) if (g !== n) add(mix(N.gn!, g, n));
  });
  add(mix(N.acted!, Math.min(f.actedIds.get(el.id) ?? 0, 2)));
  if (f.lastId === el.id) add(mix(N.lastSame!, f.lastTypeHash));
  if (el.checked !== undefined) add(mix(N.checked!, hb(el.checked)));
  if (el.value) add(N.hasValue!);
  add(mix(N.pos!, bucket(el.index, [5, 10, 20, 40, 80, 160])));
  const twins = f.twins.get(`${el.role}|${el.name}`);
  if (twins && twins.length > 1) add(mix(N.twin!, Math.min(twins.indexOf(el), 2)));
  const out = { index, value };
  f.elementCache.set(el, out);
  return out;
}

/** Hash a candidate's features into `2^hashBits` buckets. */
export function featurize(c: Candidate, view: PageView, f: StepFacts, hashBits: number): FeatureVector {
  const mask = (1 << hashBits) - 1;
  let n = 0;
  const a = c.action;
  const T = H(a.type);
  // Every feature is specific to the action type: a word that matters for clicks may not for fills.
  const add = (h: number, v = 1) => {
    if (n === scratchIndex.length) growScratch();
    scratchIndex[n] = mix(h, T) & mask;
    scratchValue[n++] = v;
  };
  add(N.type!);
  add(mix(N.step!, f.stepBucket));
  add(mix(N.last!, f.lastTypeHash));
  add(mix(N.lastTargetRole!, f.lastTargetRole));
  for (const t of f.lastTargetHashes) add(mix(N.lastTargetN!, t));
  if (f.hasError) add(mix(N.err!, f.lastTypeHash));
  for (const p of f.pathHashes) add(mix(N.path!, p));
  add(mix(N.urlov!, Math.min(f.pathTokens.filter((p) => f.goalTokens.has(p)).length, 2)));

  const el = c.element;
  if (el) {
    const base = elementFeatures(el, f);
    for (let i = 0; i < base.index.length; i++) add(base.index[i]!, base.value[i]!);
  }

  switch (a.type) {
    case 'fill': {
      const kind = H(c.span?.kind ?? 'other');
      const trigger = H(c.span?.trigger ?? '');
      add(mix(N.fillKind!, kind));
      add(mix(N.fillKindW!, kind, trigger));
      add(mix(N.fillKindRole!, kind, H(el?.role ?? '')));
      add(mix(N.fillWc!, Math.min(a.text.split(/\s+/).length, 5)));
      for (const t of el ? elementTokens(el).slice(0, 6) : []) {
        add(mix(N.fillWn!, trigger, H(t)));
        add(mix(N.fillKn!, kind, H(t)));
      }
      const text = normalize(a.text);
      if (f.typed.has(text)) add(N.fillTyped!);
      if (el?.value !== undefined && normalize(el.value) === text) add(N.fillValueEq!);
      if (el?.value) add(N.fillValue!);
      if (el && phrase(el.name).includes(phrase(a.text))) add(N.fillInName!);
      if (a.text.startsWith('$')) add(mix(N.fillDollar!, H(el?.role ?? '')));
      const rank = c.span?.rank ?? 0;
      for (const t of el ? elementTokens(el).slice(0, 3) : []) add(mix(N.fillRank!, kind, Math.min(rank, 4), H(t)));
      break;
    }
    case 'press':
      if (f.lastId === el?.id && f.lastType === 'fill') add(N.pressAfterFill!);
      if (el?.value) add(N.pressValue!);
      break;
    case 'select': {
      const opt = a.options[0] ?? '';
      const optTokens = contentTokens(opt).slice(0, 4);
      add(mix(N.optOv!, Math.min(optTokens.filter((t) => f.goalTokens.has(t)).length, 3)));
      if (f.goalPhrase.includes(phrase(opt))) add(N.optInGoal!);
      if (el?.value !== undefined && normalize(el.value) === normalize(opt)) add(N.optAlready!);
      add(mix(N.optIdx!, Math.min(el?.options?.indexOf(opt) ?? 0, 5)));
      for (const t of optTokens) {
        const ht = H(t);
        for (const g of f.goalHashes) add(mix(N.optTokGoal!, ht, g));
      }
      break;
    }
    case 'answer': {
      if (c.answerSource === 'done') {
        add(N.done!);
        add(mix(N.doneLast!, f.lastTypeHash));
        add(mix(N.doneActs!, f.historyBucket));
        add(mix(N.doneLastRole!, f.lastTargetRole));
        for (const t of f.lastTargetHashes) add(mix(N.doneLastN!, t));
        add(mix(N.doneFilled!, Math.min(f.fills, 2)));
        if (f.hasError) add(N.doneErr!);
        for (const w of f.confirmationHashes) add(mix(N.doneConf!, w));
        for (const g of f.goalHashes) {
          add(mix(N.doneG!, g));
          add(mix(N.doneGLast!, g, f.lastTypeHash));
        }
        for (const p of f.pathHashes) add(mix(N.doneP!, p));
        for (const q of f.questionHashes) add(mix(N.doneQ!, q));
        break;
      }
      const kind = H(answerKind(a.text));
      const src = H(c.answerSource ?? 'none');
      const ctx = answerContextTokens(c, view);
      let ctxOverlap = 0;
      for (const t of ctx) if (f.goalTokens.has(t)) ctxOverlap++;
      const self = contentTokens(a.text);
      add(mix(N.ansKind!, kind));
      add(mix(N.ansSrc!, src));
      add(mix(N.ansSrcKind!, src, kind));
      add(mix(N.ansCtxOv!, Math.min(ctxOverlap, 4)));
      add(N.ansCtxFrac!, f.goalTokens.size ? Math.min(1, ctxOverlap / f.goalTokens.size) : 0);
      add(mix(N.ansKindCtxOv!, kind, Math.min(ctxOverlap, 4)));
      add(mix(N.ansSelfOv!, Math.min(self.filter((t) => f.goalTokens.has(t)).length, 2)));
      for (const g of f.goalHashes) {
        add(mix(N.ansGKind!, g, kind));
        add(mix(N.ansG!, g));
        add(mix(N.ansRoleQ!, g, src));
      }
      for (const q of f.questionHashes) add(mix(N.ansQKind!, q, kind));
      for (const t of ctx.slice(0, 10)) if (!f.goalTokens.has(t)) add(mix(N.ansCtxKind!, H(t), kind));
      for (const p of f.pathHashes) add(mix(N.ansPKind!, p, kind));
      break;
    }
    case 'infeasible':
      for (const g of f.goalHashes) add(mix(N.infG!, g));
      for (const w of f.negativeHashes) add(mix(N.infPage!, w));
      add(mix(N.infMaxOv!, f.maxPageOverlap));
      break;
    default:
      for (const g of f.goalHashes) add(mix(N.generic!, g));
  }
  return { index: scratchIndex.slice(0, n), value: scratchValue.slice(0, n) };
}

// One scratch buffer for all candidates: featurize runs for every candidate of every step, and
// growing per-candidate arrays was most of the garbage collector's work.
let scratchIndex = new Int32Array(1024);
let scratchValue = new Float32Array(1024);
function growScratch(): void {
  const index = new Int32Array(scratchIndex.length * 2);
  const value = new Float32Array(scratchValue.length * 2);
  index.set(scratchIndex);
  value.set(scratchValue);
  scratchIndex = index;
  scratchValue = value;
}

/** Content tokens around an answer's source element (itself and three neighbours each side). */
function answerContextTokens(c: Candidate, view: PageView): string[] {
  const i = c.answerIndex;
  if (i === undefined) return [];
  const out: string[] = [];
  for (let k = Math.max(0, i - 3); k <= Math.min(view.elements.length - 1, i + 3); k++) out.push(...elementTokens(view.elements[k]!));
  return out;
}
