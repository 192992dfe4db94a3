/**
 * Candidate actions of the linear policy: everything worth considering on a page, given the goal.
 * @module
 */
import type { Action } from '../../env/action-schema.ts';
import { elementTokens, isClickable, isEditable, isSelect } from './page-view.ts';
import type { PageView } from './page-view.ts';
import type { ViewElement } from './page-view.ts';
import { answerKind, contentTokens, entitySpans, goalSpans, normalize } from './text.ts';
import type { GoalSpan } from './text.ts';

/** One candidate action plus what its features need to know about where it came from. */
export interface Candidate {
  action: Action;
  element?: ViewElement;
  /** For fills: the goal span typed. */
  span?: GoalSpan;
  /** For answers: index of the element the answer was read from, and what kind of text it was. */
  answerIndex?: number;
  answerSource?: string;
}

/** Limits on how many candidates of each kind are produced. */
export interface CandidateLimits {
  /** @default 60 */
  maxAnswers: number;
  /** @default 20 */
  maxSpans: number;
  /** Options considered per select. @default 30 */
  maxOptions: number;
}

const DEFAULT_LIMITS: CandidateLimits = { maxAnswers: 60, maxSpans: 20, maxOptions: 30 };

/** The answer that ends a task asking for no information (the suite's and the action docs' convention). */
export const DONE_ANSWER = 'done';
/** The reason given by the policy's infeasible candidate. */
export const INFEASIBLE_REASON = 'The task cannot be done on this site.';
/** The policy's scroll step, in pixels. */
export const SCROLL_DY = 600;

const PART_SEPARATORS = /\s*[·|:•;–—]\s*|\s+-\s+|,\s+/;
const LEADING_WORDS = /^(?:by|posted by|opened by|assigned to|assignee|author|from|total|price|status)\s+/i;

function answerCandidates(view: PageView, limit: number): Candidate[] {
  const goalTokens = new Set(contentTokens(view.goal));
  const goalNorm = normalize(view.goal);
  const found = new Map<string, Candidate & { score: number }>();
  const els = view.elements;
  const nearOverlap = els.map((el) => elementTokens(el).filter((t) => goalTokens.has(t)).length);
  const consider = (text: string, index: number, source: string) => {
    const t = text.trim();
    if (!t || t.length > 80) return;
    const key = normalize(t);
    // The answer to a question is almost never a phrase the question already contains.
    if (key === DONE_ANSWER || (key.length > 2 && goalNorm.includes(key))) return;
    let score = 0;
    for (let k = Math.max(0, index - 3); k <= Math.min(els.length - 1, index + 3); k++) score += nearOverlap[k]!;
    if (answerKind(t) === 'long') score -= 1;
    const prev = found.get(key);
    if (!prev || prev.score < score) found.set(key, { action: { type: 'answer', text: t }, answerIndex: index, answerSource: source, score });
  };
  for (let i = 0; i < els.length; i++) {
    const el = els[i]!;
    if (el.inSelect || !el.name) continue;
    if (el.role !== 'textbox' && el.role !== 'searchbox') consider(el.name, i, el.role);
    if (el.value) consider(el.value, i, 'value');
    const parts = el.name.split(PART_SEPARATORS);
    if (parts.length > 1) for (const part of parts) consider(part.replace(LEADING_WORDS, ''), i, 'part');
    else if (LEADING_WORDS.test(el.name)) consider(el.name.replace(LEADING_WORDS, ''), i, 'part');
    for (const span of entitySpans(el.name)) if (span.text !== el.name) consider(span.text, i, 'entity');
  }
  return [...found.values()]
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ score: _score, ...c }) => c);
}

/**
 * Enumerate candidate actions: a click on each clickable element (off-screen ones too: the env
 * scrolls them into view); a fill of each editable element with each goal span; Enter on each
 * editable element; each option of each select; answers read from the page, and `done`; scroll,
 * back and one infeasibility report.
 */
export function enumerateCandidates(view: PageView, limits: Partial<CandidateLimits> = {}): Candidate[] {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  const out: Candidate[] = [];
  const spans = goalSpans(view.goal, lim.maxSpans);
  for (const el of view.elements) {
    if (isClickable(el)) out.push({ action: { type: 'click', id: el.id }, element: el });
    if (isEditable(el)) {
      for (const span of spans) out.push({ action: { type: 'fill', id: el.id, text: span.text }, element: el, span });
      out.push({ action: { type: 'press', id: el.id, key: 'Enter' }, element: el });
    }
    if (isSelect(el)) {
      for (const option of el.options!.slice(0, lim.maxOptions)) out.push({ action: { type: 'select', id: el.id, options: [option] }, element: el });
    }
  }
  out.push(...answerCandidates(view, lim.maxAnswers));
  out.push({ action: { type: 'answer', text: DONE_ANSWER }, answerSource: 'done' });
  out.push({ action: { type: 'scroll', dx: 0, dy: SCROLL_DY } });
  if (view.step > 0) out.push({ action: { type: 'back' } });
  out.push({ action: { type: 'infeasible', reason: INFEASIBLE_REASON } });
  return out;
}

/** Normalized form of an answer for matching demos to candidates (case, spaces, currency signs). */
export function answerKey(text: string): string {
  return normalize(text).replace(/[$€£,]/g, '').replace(/\.0+$/, '');
}

/** Whether a candidate is the same choice as a demo action (type, element and text). */
export function sameChoice(candidate: Candidate, demo: Action, focused: string | undefined): boolean {
  const a = candidate.action;
  if (a.type !== demo.type) return false;
  switch (demo.type) {
    case 'click':
    case 'dblclick':
    case 'hover':
      return 'id' in a && a.id === demo.id;
    case 'fill':
      return a.type === 'fill' && a.id === demo.id && normalize(a.text) === normalize(demo.text);
    case 'select':
      return a.type === 'select' && a.id === demo.id && normalize(a.options[0] ?? '') === normalize(demo.options[0] ?? '');
    case 'press':
      return a.type === 'press' && a.key === demo.key && a.id === (demo.id ?? focused);
    case 'answer':
      return a.type === 'answer' && answerKey(a.text) === answerKey(demo.text);
    default:
      return true;
  }
}
