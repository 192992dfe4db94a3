/**
 * Observation -> prompt text for model-backed agents, within a token budget. The accessibility tree
 * is cut first, then the element list, then old history; every cut is stated in the text.
 * @module
 */
import type { ElementInfo, Observation } from '../env/observation.ts';
import type { AgentContext } from './agent.ts';

/** Options of `formatObservation`. */
export interface ObservationPromptOptions {
  /** Upper bound on the prompt's size, in estimated tokens (see `estimateTokens`). @default 6000 */
  maxTokens?: number;
  /** Include the accessibility tree. @default true */
  axtree?: boolean;
  /** Include the list of interactive elements (clickable, editable or with options). @default true */
  elements?: boolean;
  /** Include hidden (off-viewport or invisible) elements in the element list. @default false */
  hiddenElements?: boolean;
  /** How many past steps to list. @default 20 */
  maxHistory?: number;
}

/** The prompt text and what had to be cut to fit. */
export interface ObservationPrompt {
  text: string;
  /** Estimated tokens of `text`. */
  tokens: number;
  /** True when any part was cut to fit `maxTokens`. */
  truncated: boolean;
}

const DEFAULTS: Required<ObservationPromptOptions> = {
  maxTokens: 6000,
  axtree: true,
  elements: true,
  hiddenElements: false,
  maxHistory: 20,
};

/**
 * Estimate the tokens of a text without a tokenizer: about 4 characters of ASCII per token, and one
 * token per other character (CJK, emoji and accented text tokenize far worse than English).
 */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < 128) ascii++;
    else other++;
  }
  return Math.ceil(ascii / 4) + other;
}

const q = (s: string, max = 200) => `'${(s.length > max ? `${s.slice(0, max)}…` : s).replace(/'/g, "\\'")}'`;

/** One element as a prompt line: `[12] button 'Add to cart' value='x' checked disabled`. */
export function formatElement(el: ElementInfo): string {
  const parts = [`[${el.id}]`, el.role, q(el.name)];
  if (el.value !== undefined && el.value !== '') parts.push(`value=${q(el.value, 120)}`);
  if (el.checked !== undefined) parts.push(el.checked ? 'checked' : 'unchecked');
  if (el.disabled) parts.push('disabled');
  if (!el.visible) parts.push('hidden');
  if (el.options?.length) parts.push(`options=[${el.options.slice(0, 30).map((o) => q(o, 60)).join(', ')}${el.options.length > 30 ? ', …' : ''}]`);
  return parts.join(' ');
}

function isInteractive(el: ElementInfo): boolean {
  return Boolean(el.clickable || el.editable || el.options?.length);
}

/** Keep the first lines of `lines` that fit in `budgetTokens`, and say how many were cut. */
function fitLines(lines: string[], budgetTokens: number, what: string, keepLast: boolean): { text: string; cut: boolean } {
  const source = keepLast ? [...lines].reverse() : lines;
  const kept: string[] = [];
  let used = 0;
  for (const line of source) {
    const cost = estimateTokens(line) + 1;
    if (used + cost > budgetTokens) break;
    kept.push(line);
    used += cost;
  }
  if (kept.length === lines.length) return { text: lines.join('\n'), cut: false };
  const note = `... (${what} cut to fit the prompt budget: ${lines.length - kept.length} ${keepLast ? 'earlier' : 'more'} lines not shown)`;
  return { text: keepLast ? [note, ...kept.reverse()].join('\n') : [...kept, note].join('\n'), cut: true };
}

/**
 * Turn an observation (and the episode's history) into prompt text: goal, page, tabs, focused element,
 * last action and its error, history of past actions and errors, interactive elements and the
 * accessibility tree, in that order of priority.
 *
 * @example
 * const { text } = formatObservation(obs, context, { maxTokens: 4000 });
 */
export function formatObservation(obs: Observation, context: Pick<AgentContext, 'history' | 'step' | 'remainingSteps'>, options: ObservationPromptOptions = {}): ObservationPrompt {
  const o = { ...DEFAULTS, ...options };
  const head: string[] = [`# Goal\n${obs.goal}`];
  const page = [`# Page\nURL: ${obs.url}\nTitle: ${obs.title}`];
  if (obs.tabs.length > 1) {
    page.push(`Tabs:\n${obs.tabs.map((t) => `  [${t.index}]${t.index === obs.activeTab ? ' (active)' : ''} ${q(t.title, 80)} ${t.url}`).join('\n')}`);
  }
  const focused = obs.focused ? obs.elements.find((e) => e.id === obs.focused) : undefined;
  if (focused) page.push(`Focused: ${formatElement(focused)}`);
  if (obs.dialogs.length) page.push(`Dialogs: ${obs.dialogs.map((d) => `${d.type} ${q(d.message, 120)} (${d.handled})`).join('; ')}`);
  if (obs.fileChooserPending) page.push('A file chooser is open: answer it with an upload action.');
  head.push(page.join('\n'));
  head.push(`# Step\nThis is step ${context.step + 1}; ${context.remainingSteps} step(s) left including this one.`);
  // An agent's own failure (a reply that did not parse) runs as a noop without an env error; the history has it.
  const last = context.history.at(-1);
  const lastAction = obs.lastAction ?? last?.actionText;
  const lastError = obs.lastActionError || last?.error || '';
  if (lastAction) head.push(`# Last action\n${lastAction}${lastError ? `\nError: ${lastError}` : ' (succeeded)'}`);

  let truncated = false;
  const budget = o.maxTokens;
  let used = estimateTokens(head.join('\n\n'));

  const historyLines = context.history.map((h) => `${h.index + 1}. ${h.actionText}${h.error ? ` -> error: ${h.error}` : ''}`);
  const shownHistory = historyLines.slice(-o.maxHistory);
  if (shownHistory.length < historyLines.length) truncated = true;
  const sections: { title: string; lines: string[]; what: string; keepLast?: boolean }[] = [];
  if (shownHistory.length) {
    const omitted = historyLines.length - shownHistory.length;
    sections.push({ title: `# History${omitted ? ` (last ${shownHistory.length}; ${omitted} earlier steps omitted)` : ''}`, lines: shownHistory, what: 'history', keepLast: true });
  }
  if (o.elements) {
    const els = obs.elements.filter((e) => isInteractive(e) && (o.hiddenElements || e.visible));
    if (els.length) sections.push({ title: '# Interactive elements', lines: els.map(formatElement), what: 'element list' });
  }
  if (o.axtree && obs.axtree) {
    const title = obs.truncated ? '# Accessibility tree (already cut by the environment)' : '# Accessibility tree';
    sections.push({ title, lines: obs.axtree.split('\n'), what: 'accessibility tree' });
  }

  // Sections are in priority order (history, elements, axtree): each takes what it needs from what
  // the earlier ones left, so the axtree is cut first, then the element list, then old history.
  const needs = sections.map((s) => estimateTokens(s.title) + s.lines.reduce((n, l) => n + estimateTokens(l) + 1, 0) + 2);
  const rendered: string[] = [];
  let remaining = Math.max(0, budget - used);
  const allowance = needs.map((need) => {
    const granted = Math.min(need, remaining);
    remaining -= granted;
    return granted;
  });
  for (let i = 0; i < sections.length; i++) {
    const s = sections[i]!;
    const room = allowance[i]! - estimateTokens(s.title) - 2;
    const whole = allowance[i] === needs[i];
    if (!whole && room <= 8) {
      rendered.push(`${s.title}\n... (${s.what} omitted to fit the prompt budget)`);
      truncated = true;
      continue;
    }
    const fitted = fitLines(s.lines, room, s.what, s.keepLast ?? false);
    if (fitted.cut) truncated = true;
    rendered.push(`${s.title}\n${fitted.text}`);
  }
  const text = [...head, ...rendered].join('\n\n');
  used = estimateTokens(text);
  return { text, tokens: used, truncated };
}
