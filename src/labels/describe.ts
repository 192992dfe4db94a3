/**
 * Semantic step descriptions (step 2a of CORE): each step of a trajectory in words, built
 * deterministically from the action, the element it touched and what changed (url, new dialogs
 * and messages, backend state seen through probes).
 * @module
 */
import type { PageState, StepRecord, Target, Trajectory } from '../env/trajectory.ts';
import { diffProbes, isPlainObject, isScalar, lastKey, pathText } from './probe-diff.ts';
import type { PathSegment, ProbeChange } from './probe-diff.ts';

/** One described step. */
export interface StepDescription {
  /** Step index (0-based). */
  index: number;
  /** The whole description: the action, then what changed in parentheses. */
  text: string;
  /** The action alone, e.g. "Click the button 'Add to cart'". */
  action: string;
  /** What changed, one phrase each ("url: /cart", "cart: +1 item 'Trail Runner 2' size M"). */
  effects: string[];
  /** Backend changes seen through probes at this step. */
  changes: ProbeChange[];
}

const MAX_QUOTE = 60;

/** Quote text for a description, shortened. */
export function q(text: string, max = MAX_QUOTE): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return `'${t.length > max ? `${t.slice(0, max - 1)}…` : t}'`;
}

function noun(role: string): string {
  switch (role) {
    case 'textbox': case 'searchbox': case 'spinbutton': return 'field';
    case 'combobox': case 'listbox': return 'dropdown';
    case 'generic': case 'clickable': case 'text': case '': return 'element';
    default: return role;
  }
}

/** "the button 'Add to cart'", or "the element #12" when the target is unknown or unnamed. */
export function describeTarget(target: Target | undefined, id?: string): string {
  if (!target) return id === undefined ? 'the focused element' : `the element #${id}`;
  const name = target.name || target.text || target.value || '';
  return name ? `the ${noun(target.role)} ${q(name)}` : `the ${noun(target.role)} #${target.id}`;
}

/** Path and query of a URL (the origin is a detail of where the suite happens to run). */
export function urlPath(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

/** The action of a step in words. */
export function describeAction(step: Pick<StepRecord, 'action' | 'target'> & { elements?: PageState['elements'] }): string {
  const a = step.action;
  const t = step.target;
  switch (a.type) {
    case 'click': {
      if (t && (t.role === 'checkbox' || t.role === 'switch')) {
        const after = step.elements?.find((e) => e.id === t.id)?.checked;
        if (after !== undefined) return `${after ? 'Check' : 'Uncheck'} ${describeTarget(t, a.id)}`;
      }
      if (t && t.role === 'radio') return `Choose ${describeTarget(t, a.id)}`;
      return `Click ${describeTarget(t, a.id)}`;
    }
    case 'dblclick': return `Double-click ${describeTarget(t, a.id)}`;
    case 'hover': return `Hover over ${describeTarget(t, a.id)}`;
    case 'fill': return a.text === '' ? `Clear ${describeTarget(t, a.id)}` : `Type ${q(a.text, 120)} into ${describeTarget(t, a.id)}`;
    case 'select': return `Select ${a.options.map((o) => q(o)).join(', ')} in ${describeTarget(t, a.id)}`;
    case 'press': return a.id === undefined && !t ? `Press ${a.key}` : `Press ${a.key} in ${describeTarget(t, a.id)}`;
    case 'scroll': return a.dy > 0 ? 'Scroll down' : a.dy < 0 ? 'Scroll up' : a.dx > 0 ? 'Scroll right' : 'Scroll left';
    case 'goto': return `Go to ${urlPath(a.url)}`;
    case 'back': return 'Go back';
    case 'forward': return 'Go forward';
    case 'tab_new': return a.url ? `Open a new tab at ${urlPath(a.url)}` : 'Open a new tab';
    case 'tab_focus': return `Switch to tab ${a.index}`;
    case 'tab_close': return 'Close the tab';
    case 'upload': return `Upload ${a.files.map((f) => q(f)).join(', ')} to ${describeTarget(t, a.id)}`;
    case 'answer': return `Answer ${q(a.text, 200)}`;
    case 'infeasible': return `Report the task infeasible: ${q(a.reason, 200)}`;
    case 'noop': return 'Wait';
  }
}

const NAME_FIELDS = ['name', 'title', 'displayName', 'label', 'subject', 'body', 'text', 'description', 'username', 'code', 'slug'];
const SKIP_IN_SUMMARY = /(^id$|Id$|At$|On$|^created|^updated|^date$|^time)/;

/** The display name of an object: its first non-empty name-like field. */
export function displayName(el: unknown): string | undefined {
  if (!isPlainObject(el)) return undefined;
  const f = NAME_FIELDS.find((k) => typeof el[k] === 'string' && (el[k] as string).trim() !== '');
  return f === undefined ? undefined : (el[f] as string);
}

/**
 * The name of what a reference field points at, looked up in the state: `productId: 17` finds the
 * element with id 17 in `products` and returns its name. Undefined when nothing matches.
 */
export function referenceName(state: unknown, field: string, value: unknown): string | undefined {
  return displayName(referencedObject(state, field, value));
}

/** The object a reference field points at (`productId: 17` -> the element with id 17 in `products`). */
export function referencedObject(state: unknown, field: string, value: unknown): Record<string, unknown> | undefined {
  if (!isPlainObject(state) || (typeof value !== 'string' && typeof value !== 'number')) return undefined;
  const base = field.replace(/(Id|_id|ID)$/, '');
  if (base === field || base === '') return undefined;
  for (const name of [`${base}s`, `${base}es`, base.replace(/y$/, 'ies'), base]) {
    const list = state[name];
    if (!Array.isArray(list)) continue;
    const hit = list.find((el) => isPlainObject(el) && (el.id === value || el.slug === value || el.username === value));
    if (isPlainObject(hit)) return hit;
  }
  return undefined;
}

/** Find the `state` object of the probe whose changes are being described. */
export function probeStateOf(probes: unknown, path: readonly PathSegment[]): unknown {
  const first = path[0];
  if (!isPlainObject(probes) || !first || !('key' in first)) return undefined;
  const probe = probes[first.key];
  return isPlainObject(probe) && isPlainObject(probe.state) ? probe.state : probe;
}

/** A short summary of an added or removed object: "'Trail Runner 2' size M colour red". `state` resolves references. */
export function summarizeElement(el: unknown, maxFields = 3, state?: unknown): string {
  if (isScalar(el)) return q(String(el));
  if (!isPlainObject(el)) return Array.isArray(el) ? `${el.length} entries` : 'an entry';
  const nameField = NAME_FIELDS.find((f) => typeof el[f] === 'string' && (el[f] as string).trim() !== '');
  const parts: string[] = nameField ? [q(el[nameField] as string, 50)] : [];
  if (!nameField) {
    for (const [k, v] of Object.entries(el)) {
      const ref = referenceName(state, k, v);
      if (ref !== undefined) {
        parts.push(q(ref, 50));
        break;
      }
    }
  }
  let n = 0;
  for (const [k, v] of Object.entries(el)) {
    if (k === nameField || n >= maxFields || SKIP_IN_SUMMARY.test(k)) continue;
    if (typeof v === 'string' && v.length > 0 && v.length <= 24) parts.push(`${k} ${v}`);
    else if (typeof v === 'number' || typeof v === 'boolean') parts.push(`${k} ${v}`);
    else continue;
    n++;
  }
  if (parts.length === 0 && typeof el.id !== 'undefined') parts.push(`#${String(el.id)}`);
  return parts.join(' ');
}

/** Where a change happened, without the probe plumbing (`shop.state.`): "cart", "issues[id=5].labels". */
export function changeLocation(path: ProbeChange['path']): string {
  const text = pathText(path);
  return text.replace(/^[^.[]+\.state(\.|(?=\[))/, '') || text;
}

/** One phrase for one probe change; `probes` (the state after it) resolves references to names. */
export function describeChange(change: ProbeChange, probes?: unknown): string {
  const where = changeLocation(change.path);
  const state = probeStateOf(probes, change.path);
  switch (change.kind) {
    case 'added': return `${where}: +1 ${singular(lastKey(change.path))} ${summarizeElement(change.element, 3, state)}`.trim();
    case 'removed': return `${where}: -1 ${singular(lastKey(change.path))} ${summarizeElement(change.element, 3, state)}`.trim();
    case 'changed': return `${where}: ${short(change.before, state)} -> ${short(change.after, state)}`;
  }
}

function short(v: unknown, state: unknown): string {
  if (v === undefined) return 'unset';
  if (isScalar(v)) return typeof v === 'string' ? q(v, 40) : String(v);
  return summarizeElement(v, 3, state) || 'an object';
}

/** `comments` -> `comment`; keeps the word when it does not look plural. */
function singular(word: string): string {
  if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(ss|us)$/.test(word)) return word;
  if (/s$/.test(word)) return word.slice(0, -1);
  return word === 'cart' ? 'item' : 'entry';
}

const ANNOUNCE_ROLES = new Set(['alert', 'status', 'dialog', 'alertdialog']);

function announcements(before: PageState, after: PageState): string[] {
  const known = new Set(before.elements.filter((e) => ANNOUNCE_ROLES.has(e.role)).map((e) => `${e.role}|${e.name}`));
  const out: string[] = [];
  for (const e of after.elements) {
    if (!ANNOUNCE_ROLES.has(e.role) || !e.name || known.has(`${e.role}|${e.name}`)) continue;
    out.push(`${e.role === 'dialog' || e.role === 'alertdialog' ? 'dialog' : 'message'} ${q(e.name)}`);
  }
  return out.slice(0, 2);
}

/** Describe one step given the state before it. */
export function describeStep(step: StepRecord, before: PageState): StepDescription {
  const action = describeAction(step);
  const effects: string[] = [];
  if (step.error) effects.push(`failed: ${step.error.split('\n')[0]!.slice(0, 120)}`);
  if (urlPath(step.url) !== urlPath(before.url) && step.action.type !== 'goto') effects.push(`url: ${urlPath(step.url)}`);
  effects.push(...announcements(before, step));
  const changes = before.probes && step.probes ? diffProbes(before.probes, step.probes) : [];
  const shown = changes.filter((c) => !isBookkeeping(c));
  effects.push(...shown.slice(0, 4).map((c) => describeChange(c, step.probes)));
  if (shown.length > 4) effects.push(`+${shown.length - 4} more backend changes`);
  const text = effects.length > 0 ? `${action} (${effects.join('; ')})` : action;
  return { index: step.index, text, action, effects, changes };
}

/** Changes that only record that something happened (clocks, id counters, audit logs): not worth a phrase. */
function isBookkeeping(change: ProbeChange): boolean {
  const keys = change.path.flatMap((s) => ('key' in s ? [s.key] : []));
  return keys.some((k) => /^(next[A-Z_]|nextIds$|now$|clock$|flash$|history$|log$|audit)/.test(k)) ||
    (change.kind === 'changed' && /(At|On)$|^(updated|modified|edited)/.test(lastKey(change.path)));
}

/** Describe every step of a trajectory. */
export function describeTrajectory(trajectory: Pick<Trajectory, 'initial' | 'steps'>): StepDescription[] {
  const out: StepDescription[] = [];
  let before: PageState = trajectory.initial;
  for (const step of trajectory.steps) {
    out.push(describeStep(step, before));
    before = step;
  }
  return out;
}
