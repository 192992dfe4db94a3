/**
 * Candidate actions of the linear policy: everything worth considering on a page, given the goal.
 * @module
 */
import type { Action } from '../../env/action-schema.ts';
import { isClickable, isEditable, isSelect } from './page-view.ts';
import type { PageView, ViewElement } from './page-view.ts';
import { answerKind, contentTokens, entitySpans, goalSpans, normalize } from './text.ts';
import type { GoalSpan } from './text.ts';

/** One candidate action plus what its features need to know about where it came from. */
export interface Candidate {
  action: Action;
  element?: ViewElement;
  /** For fills: the goal span typed. */
  span?: GoalSpan;
  /** For answers: text around the answer on the page, and where the answer came from. */
  answerContext?: string;
  answerSource?: string;
}

/** Limits on how many candidates of each kind are produced. */
export interface CandidateLimits {
  /** @default 24 */
  maxAnswers: number;
  /** @default 12 */
  maxSpans: number;
}

const DEFAULT_LIMITS: CandidateLimits = { maxAnswers: 24, maxSpans: 12 };

/** The answer that ends a task asking for no information (the suite's and the action docs' convention). */
export const DONE_ANSWER = 'done';
/** The reason given by the policy's infeasible candidate. */
export const INFEASIBLE_REASON = 'The task cannot be done on this site.';
/** The policy's scroll step, in pixels. */
export const SCROLL_DY = 600;

function answerCandidates(view: PageView, limit: number): Candidate[] {
  const goalTokens = new Set(contentTokens(view.goal));
  const goalNorm = normalize(view.goal);
  const found = new Map<string, Candidate & { score: number }>();
  const consider = (text: string, context: string, source: string) => {
    const t = text.trim();
    if (!t || t.length > 80) return;
    const key = normalize(t);
    // The answer to a question is almost never a phrase the question already contains.
    if (key.length > 2 && goalNorm.includes(key)) return;
    const ctx = contentTokens(context);
    const score = ctx.filter((x) => goalTokens.has(x)).length + (answerKind(t) === 'long' ? -1 : 0);
    const prev = found.get(key);
    if (!prev || prev.score < score) found.set(key, { action: { type: 'answer', text: t }, answerContext: context, answerSource: source, score });
  };
  const els = view.elements;
  for (let i = 0; i < els.length; i++) {
    const el = els[i]!;
    const near = els.slice(Math.max(0, i - 3), i + 4).map((e) => e.name).join(' ');
    if (el.name && el.role !== 'textbox' && el.role !== 'searchbox') consider(el.name, near, el.role);
    if (el.value) consider(el.value, `${el.name} ${near}`, `${el.role}-value`);
    for (const span of entitySpans(el.name)) if (span.text !== el.name) consider(span.text, near, `${el.role}-entity`);
  }
  return [...found.values()]
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ score: _score, ...c }) => c);
}

function selectOptions(el: ViewElement, goalTokens: Set<string>, goalNorm: string): string[] {
  return (el.options ?? []).filter((o) => {
    const n = normalize(o);
    return (n.length > 0 && goalNorm.includes(n)) || contentTokens(o).some((t) => goalTokens.has(t));
  });
}

/**
 * Enumerate candidate actions: a click on each visible clickable element; a fill of each editable
 * element with each goal span; Enter on each editable element; the options of each select that the
 * goal mentions; answers taken from the page; scroll, back and one infeasibility report.
 */
export function enumerateCandidates(view: PageView, limits: Partial<CandidateLimits> = {}): Candidate[] {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  const out: Candidate[] = [];
  const spans = goalSpans(view.goal, lim.maxSpans);
  const goalTokens = new Set(contentTokens(view.goal));
  const goalNorm = normalize(view.goal);
  for (const el of view.elements) {
    if (!el.visible) continue;
    if (isClickable(el)) out.push({ action: { type: 'click', id: el.id }, element: el });
    if (isEditable(el)) {
      for (const span of spans) out.push({ action: { type: 'fill', id: el.id, text: span.text }, element: el, span });
      out.push({ action: { type: 'press', id: el.id, key: 'Enter' }, element: el });
    }
    if (isSelect(el)) {
      for (const option of selectOptions(el, goalTokens, goalNorm)) out.push({ action: { type: 'select', id: el.id, options: [option] }, element: el });
    }
  }
  out.push(...answerCandidates(view, lim.maxAnswers).filter((c) => c.action.type === 'answer' && answerKey(c.action.text) !== DONE_ANSWER));
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
