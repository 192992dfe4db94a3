/**
 * The policy's view of a page: one shape built either from a live Observation or from a recorded
 * PageState of a trajectory, so training and acting see the same features.
 * @module
 */
import type { Action } from '../../env/action-schema.ts';
import type { Observation } from '../../env/observation.ts';
import type { PageState } from '../../env/trajectory.ts';
import { contentTokens } from './text.ts';

/** An element as the policy sees it. */
export interface ViewElement {
  id: string;
  role: string;
  name: string;
  value?: string;
  checked?: boolean;
  disabled?: boolean;
  visible: boolean;
  options?: string[];
  /** Index in document order. */
  index: number;
  /** An `option` of a native select: reached through `select`, not clicks. */
  inSelect?: boolean;
}

const tokenCache = new WeakMap<ViewElement, string[]>();
/** Content tokens of an element's name, computed once per element. */
export function elementTokens(el: ViewElement): string[] {
  let t = tokenCache.get(el);
  if (!t) {
    t = [...new Set(contentTokens(el.name))];
    tokenCache.set(el, t);
  }
  return t;
}

/** Mark the `option` elements that follow a select with options (the env lists them after it). */
function markSelectOptions(elements: ViewElement[]): ViewElement[] {
  let inside = false;
  for (const el of elements) {
    if (el.role === 'option') {
      if (inside) el.inSelect = true;
    } else inside = Boolean(el.options?.length);
  }
  return elements;
}

/** A past step as the policy sees it. */
export interface ViewHistoryEntry {
  action: Action;
  error: string;
  /** Role and name of the element acted on, when known. */
  target?: { role: string; name: string };
}

/** Everything the policy's features read. */
export interface PageView {
  goal: string;
  url: string;
  elements: ViewElement[];
  /** Visible text of the page (for answer candidates). */
  text: string;
  /** Id of the focused element, or the best guess (the last element typed into). */
  focused?: string;
  lastError: string;
  history: readonly ViewHistoryEntry[];
  step: number;
}

const CLICK_ROLES = new Set(['link', 'button', 'checkbox', 'radio', 'tab', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'option', 'switch', 'treeitem', 'clickable', 'summary', 'disclosure triangle']);
const EDIT_ROLES = new Set(['textbox', 'searchbox', 'spinbutton']);

/** Whether the policy offers clicks on this element. Decided by role so recorded and live pages agree. */
export function isClickable(el: ViewElement): boolean {
  return CLICK_ROLES.has(el.role) && !el.disabled && !el.inSelect;
}

/** Whether the policy offers fills on this element. */
export function isEditable(el: ViewElement): boolean {
  return (EDIT_ROLES.has(el.role) || (el.role === 'combobox' && !el.options?.length)) && !el.disabled;
}

/** Whether the element is a select with options. */
export function isSelect(el: ViewElement): boolean {
  return Boolean(el.options?.length) && !el.disabled;
}

/**
 * Page text as the policy reads it: element names in document order. Built the same way for live and
 * recorded pages (recorded `text` is innerText, which a live Observation does not carry).
 */
function namesText(elements: readonly { name: string }[]): string {
  return elements.map((e) => e.name).join('\n');
}

/** Options of each select, from the `option` elements that follow it (recorded pages keep no `options`). */
function optionsFromChildren(elements: readonly { role: string; name: string }[], index: number): string[] | undefined {
  const out: string[] = [];
  for (let i = index + 1; i < elements.length && elements[i]!.role === 'option'; i++) out.push(elements[i]!.name);
  return out.length ? out : undefined;
}

/** The view of a live observation. */
export function viewFromObservation(obs: Observation, history: readonly ViewHistoryEntry[], step: number): PageView {
  return {
    goal: obs.goal,
    url: obs.url,
    elements: markSelectOptions(obs.elements.map((e, index) => ({
      id: e.id,
      role: e.role,
      name: e.name,
      value: e.value,
      checked: e.checked,
      disabled: e.disabled,
      visible: e.visible,
      options: e.options,
      index,
    }))),
    text: namesText(obs.elements),
    focused: obs.focused ?? guessFocus(history),
    lastError: obs.lastActionError,
    history,
    step,
  };
}

/**
 * The view of a recorded page state. Recorded elements carry no select options, so `knownOptions`
 * (options seen in demo actions, by `role|name`) fills them in.
 */
export function viewFromPageState(goal: string, state: PageState, history: readonly ViewHistoryEntry[], step: number, knownOptions: ReadonlyMap<string, string[]>): PageView {
  const last = history.at(-1);
  return {
    goal,
    url: state.url,
    elements: markSelectOptions(state.elements.map((e, index) => ({
      id: e.id,
      role: e.role,
      name: e.name,
      value: e.value,
      checked: e.checked,
      disabled: e.disabled,
      visible: e.visible ?? true,
      options: e.role === 'combobox' || e.role === 'listbox' ? (optionsFromChildren(state.elements, index) ?? knownOptions.get(`${e.role}|${e.name}`)) : undefined,
      index,
    }))),
    text: namesText(state.elements),
    focused: guessFocus(history),
    lastError: last?.error ?? '',
    history,
    step,
  };
}

/** Recorded pages have no focus; the element last typed into is where focus most likely is. */
function guessFocus(history: readonly ViewHistoryEntry[]): string | undefined {
  const last = history.at(-1)?.action;
  return last && last.type === 'fill' ? last.id : undefined;
}
