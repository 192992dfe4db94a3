/**
 * Key steps of a demonstration (step 2b of CORE), found without a model: what the demo changed
 * that still holds at the end (backend changes seen through probes, located at the step where
 * they first held), its final answer or infeasibility report, and, when it changed nothing and
 * answered nothing, the page it ended on. Each key step carries data-only conditions that
 * label-templates.ts turns into label code and that this module can also evaluate on the host
 * to find where each condition first holds.
 * @module
 */
import type { PageState, StepRecord, Trajectory } from '../env/trajectory.ts';
import { describeAction, describeTrajectory, probeStateOf, q, referencedObject, summarizeElement, urlPath } from './describe.ts';
import type { StepDescription } from './describe.ts';
import { collectScalars, diffProbes, getAtPath, isPlainObject, isScalar, lastKey, pathText } from './probe-diff.ts';
import type { PathSegment, ProbeChange, Scalar } from './probe-diff.ts';

/** How a value in probe state is matched. */
export type ValueMatcher =
  /** Strict equality with a JSON scalar. */
  | { kind: 'eq'; value: Scalar }
  /** Equality after api.norm (text the user typed or the goal named). */
  | { kind: 'text'; value: string }
  /** An object whose listed fields match. */
  | { kind: 'object'; fields: Array<{ field: string; matcher: ValueMatcher }> }
  /** An array holding, for each item matcher, an element that matches it. */
  | { kind: 'contains'; items: ValueMatcher[] };

/** A data-only check on probe state (the state is the latest one unless `at` says otherwise). */
export type StateCondition =
  /** More elements of the array at `path` match than did initially (`baseline`). */
  | { kind: 'contains'; path: PathSegment[]; matcher: ValueMatcher; baseline: number; summary: string }
  /** No element of the array at `path` matches (the array must exist). */
  | { kind: 'absent'; path: PathSegment[]; matcher: ValueMatcher; summary: string }
  /** The value at `path` matches. */
  | { kind: 'equals'; path: PathSegment[]; matcher: ValueMatcher; summary: string }
  /** The key at the end of `path` is missing from its (existing) parent object. */
  | { kind: 'missing'; path: PathSegment[]; summary: string }
  /** The array at `path` has exactly `length` elements (guards against extra side effects). */
  | { kind: 'length'; path: PathSegment[]; length: number; summary: string }
  /** The value at `path` is the same as in the initial state (guards against damage). */
  | { kind: 'unchanged'; path: PathSegment[]; summary: string };

/** What kind of evidence a key step rests on. */
export type KeyStepKind = 'state' | 'answer' | 'infeasible' | 'navigation' | 'form';

/** One key step of a demo, with the data its label is generated from. */
export interface KeyStep {
  /** Demo step (0-based) after which the key step first holds. */
  index: number;
  kind: KeyStepKind;
  /** The key step in words (recorded as the label's description). */
  description: string;
  /** State conditions (kind `state`; guards for `infeasible`). */
  conditions: StateCondition[];
  /** Extra guards checked on the last key step only: counts of changed collections. */
  guards: StateCondition[];
  /** The demo's answer (kind `answer`). */
  answer?: string;
  /** The final page (kind `navigation`): url path, query parameters, heading. */
  page?: { path: string; query: Array<[string, string]>; heading?: string };
  /** The submitted form (kind `form`). */
  form?: { fills: Array<{ text: string; field: string }>; submit: { role: string; name: string } | { key: string } };
}

/** Normalize text the way api.norm does (NFKD, lower case, no diacritics, every run of non-letters/digits to one space, trimmed). */
export function normText(s: unknown): string {
  return String(s ?? '').normalize('NFKD').toLowerCase().replace(/\p{M}+/gu, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// Grounding and volatility: which values of new objects identify what the user asked for.

/** Values the user asked for or typed: goal text, task params, typed texts, selected options, answer. */
export interface Grounding {
  goal: string;
  texts: Set<string>;
  numbers: Set<number>;
  /** Every string and number in the initial probe state. */
  initial: Set<string | number>;
  /** String values of the initial state -> the field names they appear under (array elements under `[]`). */
  fieldsOf: Map<string, Set<string>>;
  /** The initial probe state of each probe (`probes.<name>.state`), to resolve references. */
  states: unknown[];
  /** Every object of the initial state, to tell copied values from chosen ones. */
  objects: Array<Record<string, unknown>>;
}

function allObjects(value: unknown, into: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  if (Array.isArray(value)) for (const v of value) allObjects(v, into);
  else if (isPlainObject(value)) {
    into.push(value);
    for (const v of Object.values(value)) allObjects(v, into);
  }
  return into;
}

/** Where each string of a state appears: under which field names, or `[]` as an element of an array. */
function stringFields(value: unknown, key: string, into: Map<string, Set<string>>): Map<string, Set<string>> {
  if (typeof value === 'string') {
    let set = into.get(value);
    if (!set) into.set(value, (set = new Set()));
    set.add(key);
  } else if (Array.isArray(value)) for (const v of value) stringFields(v, '[]', into);
  else if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) stringFields(v, k, into);
  return into;
}

const NUMBER_RE = /-?\d[\d,]*(?:\.\d+)?/g;

/** The numbers in a text ("$1,299.50" -> 1299.5). */
export function numbersIn(text: string): number[] {
  return (text.match(NUMBER_RE) ?? []).map((n) => Number(n.replace(/,/g, ''))).filter(Number.isFinite);
}

function flattenScalars(v: unknown, out: Scalar[] = []): Scalar[] {
  if (isScalar(v)) out.push(v);
  else if (Array.isArray(v)) for (const x of v) flattenScalars(x, out);
  else if (isPlainObject(v)) for (const x of Object.values(v)) flattenScalars(x, out);
  return out;
}

/** Build the grounding of a demo. */
export function groundingOf(demo: Pick<Trajectory, 'goal' | 'params' | 'steps' | 'initial' | 'answer'>): Grounding {
  const raw: string[] = [demo.goal];
  for (const v of flattenScalars(demo.params ?? {})) if (typeof v === 'string' || typeof v === 'number') raw.push(String(v));
  for (const s of demo.steps) {
    if (s.action.type === 'fill') raw.push(s.action.text);
    if (s.action.type === 'select') raw.push(...s.action.options);
  }
  if (demo.answer) raw.push(demo.answer);
  const texts = new Set(raw.map(normText).filter((t) => t !== ''));
  const numbers = new Set(raw.flatMap(numbersIn));
  for (const v of flattenScalars(demo.params ?? {})) if (typeof v === 'number') numbers.add(v);
  return {
    goal: ` ${normText(demo.goal)} `, texts, numbers, initial: collectScalars(demo.initial.probes ?? {}),
    fieldsOf: stringFields(demo.initial.probes ?? {}, '', new Map()),
    states: Object.values(demo.initial.probes ?? {}).map((p) => (isPlainObject(p) && isPlainObject(p.state) ? p.state : p)),
    objects: allObjects(demo.initial.probes ?? {}),
  };
}

/** The user asked for this value: it is a typed text or param, a number they named, or a word of the goal. */
export function inGoal(value: unknown, g: Grounding): boolean {
  if (typeof value === 'number') return g.numbers.has(value);
  if (typeof value !== 'string') return false;
  const n = normText(value);
  if (n === '') return false;
  if (g.texts.has(n)) return true;
  return n.length >= 1 && g.goal.includes(` ${n} `);
}

/** Containers whose changes only record that something happened: logs, clocks, counters of ids, form echoes. */
const VOLATILE_CONTAINER = /^(history|logs?|events|activity|audit\w*|flash|\w*[dD]raft|sessions?|recent\w*|lastVisited|visited|viewed|recentlyViewed|next[A-Z_]\w*|nextIds?|now|clock|cache|csrf\w*|tokens?)$/;
const TIMESTAMP_NAME = /(At|On|Date|Time|Ts)$|^(created|updated|modified|edited|deleted|timestamp|time|date|when|now|clock|placed|posted|seen|lastSeen)$/;
const COUNTER_NAME = /^(score|views?|\w*Count|count|votes|likes|hits|subscribers|followers|stock|inventory|rank|\w*Rank|position|sortOrder|version|rev|revision|seq|sequence)$/;
const MONEY_NAME = /(cents|Cents|price|Price|total|Total|amount|Amount|cost|Cost|discount|Discount|tax|Tax|balance|Balance)$/;
const OWN_ID_NAME = /^(id|_id|uuid|guid|number|num|no|ref|slug|code|key|token|hash)$/i;
const FOREIGN_ID_NAME = /[a-z](Id|_id|ID)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const ENUM_LIKE = /^[A-Za-z][A-Za-z _-]{0,30}$/;

/** A path through a volatile container (history, clock, id counters, drafts ...). */
export function isVolatilePath(path: readonly PathSegment[]): boolean {
  return path.some((s) => 'key' in s && VOLATILE_CONTAINER.test(s.key));
}

/**
 * Whether a field of a new or changed object identifies what the user asked for (kept in the
 * label) or is volatile (generated ids, timestamps, counters, derived money: skipped). A value
 * the user asked for is always kept; otherwise the field name, the value's shape and whether it
 * existed anywhere in the initial state decide.
 */
export function isIdentifyingField(name: string, value: unknown, g: Grounding): boolean {
  if (value === undefined) return false;
  // A new object's own id is generated, even when the number happens to occur in the goal.
  if (OWN_ID_NAME.test(name) && typeof value !== 'string') return false;
  if (inGoal(value, g)) return true;
  if (VOLATILE_CONTAINER.test(name) || TIMESTAMP_NAME.test(name) || COUNTER_NAME.test(name) || MONEY_NAME.test(name) || OWN_ID_NAME.test(name)) return false;
  if (value === null || typeof value === 'boolean') return true;
  if (typeof value === 'string') {
    if (ISO_DATE.test(value.trim())) return false;
    if (FOREIGN_ID_NAME.test(name)) return g.initial.has(value);
    const fields = g.fieldsOf.get(value);
    // Only ever seen as one option in a list (a product's colours) and not asked for: a free choice.
    if (fields && fields.size === 1 && fields.has('[]')) return false;
    return g.initial.has(value) || ENUM_LIKE.test(value);
  }
  if (typeof value === 'number') {
    if (FOREIGN_ID_NAME.test(name)) return g.initial.has(value);
    if (Math.abs(value) > 1e9) return false;
    return (Number.isInteger(value) && Math.abs(value) <= 1000) || g.initial.has(value);
  }
  return false;
}

/** Matcher for a scalar: text equality for what the user typed, strict equality otherwise. */
function scalarMatcher(value: Scalar, g: Grounding): ValueMatcher {
  if (typeof value === 'string' && inGoal(value, g) && !g.initial.has(value)) return { kind: 'text', value };
  return { kind: 'eq', value };
}

/** Matcher for a new object (or array), keeping identifying fields only. Undefined when nothing identifies it. */
export function buildMatcher(value: unknown, g: Grounding, name = '', depth = 0): ValueMatcher | undefined {
  if (isScalar(value)) return isIdentifyingField(name, value, g) || depth === 0 ? scalarMatcher(value, g) : undefined;
  if (depth > 3) return undefined;
  if (Array.isArray(value)) {
    if (VOLATILE_CONTAINER.test(name)) return undefined;
    const items = value.map((v) => buildMatcher(v, g, name, depth + 1)).filter((m): m is ValueMatcher => m !== undefined);
    return items.length > 0 ? { kind: 'contains', items } : undefined;
  }
  if (!isPlainObject(value)) return undefined;
  const fields: Array<{ field: string; matcher: ValueMatcher }> = [];
  for (const [field, v] of Object.entries(value)) {
    if (VOLATILE_CONTAINER.test(field)) continue;
    if (isScalar(v)) {
      if (isIdentifyingField(field, v, g)) fields.push({ field, matcher: scalarMatcher(v, g) });
      continue;
    }
    const m = buildMatcher(v, g, field, depth + 1);
    if (m) fields.push({ field, matcher: m });
  }
  dropFreeChoices(value, fields, g);
  // Cheap strict comparisons first: the generated code short-circuits on them.
  const cost = (m: ValueMatcher) => (m.kind === 'eq' ? 0 : m.kind === 'text' ? 1 : 2);
  fields.sort((a, b) => cost(a.matcher) - cost(b.matcher));
  return fields.length > 0 ? { kind: 'object', fields } : undefined;
}

/**
 * Drop option fields the user left to the agent: a value the goal does not name, picked from a
 * list of options of the object the new object refers to (one of a product's colours), and not
 * copied from an existing object with the same reference (a past order line). "Any colour is fine"
 * then accepts any colour, while "reorder the same colours" still checks them.
 */
function dropFreeChoices(value: Record<string, unknown>, fields: Array<{ field: string; matcher: ValueMatcher }>, g: Grounding): void {
  const refs = Object.entries(value).filter(([k, v]) => FOREIGN_ID_NAME.test(k) && (typeof v === 'string' || typeof v === 'number'));
  if (refs.length === 0) return;
  for (let i = fields.length - 1; i >= 0; i--) {
    const { field, matcher } = fields[i]!;
    if (matcher.kind !== 'eq' || typeof matcher.value !== 'string' || inGoal(matcher.value, g)) continue;
    const v = matcher.value;
    const chosen = refs.some(([k, id]) => g.states.some((state) => {
      const target = referencedObject(state, k, id);
      return target !== undefined && Object.values(target).some((list) => Array.isArray(list) && list.length >= 2 && list.includes(v));
    }));
    const copied = g.objects.some((o) => o[field] === v && refs.every(([k, id]) => o[k] === id));
    if (chosen && !copied) fields.splice(i, 1);
  }
}

// ---------------------------------------------------------------------------------------------
// Host-side evaluation (same semantics as the generated code; used to place key steps).

export function matches(m: ValueMatcher, v: unknown): boolean {
  switch (m.kind) {
    case 'eq': return v === m.value;
    case 'text': return typeof v === 'string' && normText(v) === normText(m.value);
    case 'object': return isPlainObject(v) && m.fields.every((f) => matches(f.matcher, v[f.field]));
    case 'contains': return Array.isArray(v) && m.items.every((item) => v.some((x) => matches(item, x)));
  }
}

/** Evaluate a condition on probe states (`probes` is the latest state, `initial` the initial one). */
export function evalCondition(c: StateCondition, probes: unknown, initial: unknown): boolean {
  if (probes === undefined || probes === null) return false;
  const v = getAtPath(probes, c.path);
  switch (c.kind) {
    case 'contains': return Array.isArray(v) && v.filter((x) => matches(c.matcher, x)).length > c.baseline;
    case 'absent': return Array.isArray(v) && !v.some((x) => matches(c.matcher, x));
    case 'equals': return matches(c.matcher, v);
    case 'missing': {
      const parent = getAtPath(probes, c.path.slice(0, -1));
      return isPlainObject(parent) && v === undefined;
    }
    case 'length': return Array.isArray(v) && v.length === c.length;
    case 'unchanged': return v !== undefined && JSON.stringify(v) === JSON.stringify(getAtPath(initial, c.path));
  }
}

// ---------------------------------------------------------------------------------------------
// Conditions from the net change between the initial and the final state.

function describeMatcher(m: ValueMatcher | undefined, state?: unknown): string {
  if (!m) return '';
  switch (m.kind) {
    case 'eq': return typeof m.value === 'string' ? q(m.value) : String(m.value);
    case 'text': return q(m.value);
    case 'contains': return m.items.map((i) => describeMatcher(i, state)).join(', ');
    case 'object': {
      const obj = Object.fromEntries(m.fields.filter((f) => f.matcher.kind === 'eq' || f.matcher.kind === 'text')
        .map((f) => [f.field, (f.matcher as { value: Scalar }).value]));
      return summarizeElement(obj, 4, state);
    }
  }
}

function where(path: readonly PathSegment[]): string {
  return pathText(path).replace(/^[^.[]+\.state(\.|(?=\[))/, '');
}

/** Conditions that say the demo's lasting backend changes hold, with guards on changed collections. */
export function netConditions(initialProbes: unknown, finalProbes: unknown, g: Grounding): { conditions: StateCondition[]; guards: StateCondition[] } {
  const changes = diffProbes(initialProbes, finalProbes).filter((c) => !isVolatilePath(c.path));
  const conditions: StateCondition[] = [];
  const changedArrays = new Map<string, PathSegment[]>();
  for (const change of changes) {
    const c = conditionFor(change, initialProbes, g);
    if (!c) continue;
    conditions.push(c);
    if (change.kind !== 'changed') changedArrays.set(pathText(change.path), change.path);
  }
  const guards: StateCondition[] = [];
  for (const path of changedArrays.values()) {
    const finalValue = getAtPath(finalProbes, path);
    if (Array.isArray(finalValue)) guards.push({ kind: 'length', path, length: finalValue.length, summary: `${where(path)} has ${finalValue.length} entries` });
  }
  return { conditions, guards };
}

function conditionFor(change: ProbeChange, initialProbes: unknown, g: Grounding): StateCondition | undefined {
  const name = lastKey(change.path);
  const at = where(change.path);
  if (change.kind === 'added') {
    const matcher = isScalar(change.element) ? { kind: 'eq' as const, value: change.element } : buildMatcher(change.element, g, name);
    if (!matcher) return undefined;
    const before = getAtPath(initialProbes, change.path);
    const baseline = Array.isArray(before) ? before.filter((x) => matches(matcher, x)).length : 0;
    return { kind: 'contains', path: change.path, matcher, baseline, summary: `${at} contains ${describeMatcher(matcher, probeStateOf(initialProbes, change.path))}` };
  }
  if (change.kind === 'removed') {
    const matcher: ValueMatcher | undefined = change.identity
      ? { kind: 'object', fields: [{ field: change.identity.field, matcher: { kind: 'eq', value: change.identity.value } }] }
      : isScalar(change.element) ? { kind: 'eq', value: change.element } : buildMatcher(change.element, g, name);
    if (!matcher) return undefined;
    const label = change.identity ? summarizeElement(change.element, 3, probeStateOf(initialProbes, change.path)) : describeMatcher(matcher);
    return { kind: 'absent', path: change.path, matcher, summary: `${at} no longer contains ${label}` };
  }
  // A changed field is kept when its new value identifies what the user asked for.
  if (change.after === undefined) {
    if (TIMESTAMP_NAME.test(name) || COUNTER_NAME.test(name)) return undefined;
    return { kind: 'missing', path: change.path, summary: `${at} is unset` };
  }
  if (isScalar(change.after)) {
    if (!isIdentifyingField(name, change.after, g)) return undefined;
    const matcher = scalarMatcher(change.after, g);
    return { kind: 'equals', path: change.path, matcher, summary: `${at} is ${describeMatcher(matcher)}` };
  }
  const matcher = buildMatcher(change.after, g, name);
  if (!matcher) return undefined;
  return { kind: 'equals', path: change.path, matcher, summary: `${at} is ${describeMatcher(matcher)}` };
}

// ---------------------------------------------------------------------------------------------
// Placing key steps in the demo.

/** First step index (0-based) whose state satisfies every condition; -1 for the initial state; null for never. */
export function firstHolding(demo: Pick<Trajectory, 'initial' | 'steps'>, conditions: readonly StateCondition[]): number | null {
  const initial = demo.initial.probes;
  const holds = (s: PageState) => conditions.every((c) => evalCondition(c, s.probes, initial));
  if (holds(demo.initial)) return -1;
  const i = demo.steps.findIndex(holds);
  return i < 0 ? null : i;
}

function finalState(demo: Pick<Trajectory, 'initial' | 'steps'>): PageState {
  return demo.steps.at(-1) ?? demo.initial;
}

function lastActionStep(demo: Trajectory, type: 'answer' | 'infeasible'): number {
  for (let i = demo.steps.length - 1; i >= 0; i--) if (demo.steps[i]!.action.type === type) return i;
  return demo.steps.length - 1;
}

/** Options of `findKeySteps`. */
export interface FindKeyStepsOptions {
  /** Step descriptions, when already computed. */
  descriptions?: StepDescription[];
}

/**
 * The key steps of a demo, in step order. State key steps come from probes; then the answer or
 * the infeasibility report; a demo with neither gets a navigation (and, without probes, a form)
 * key step for the page it ended on. Returns [] when the demo shows nothing to verify.
 */
export function findKeySteps(demo: Trajectory, options: FindKeyStepsOptions = {}): KeyStep[] {
  const descriptions = options.descriptions ?? describeTrajectory(demo);
  const g = groundingOf(demo);
  const end = finalState(demo);
  const keySteps: KeyStep[] = [];
  const hasProbes = demo.initial.probes !== undefined && end.probes !== undefined;

  let guards: StateCondition[] = [];
  if (hasProbes && !demo.infeasible) {
    const net = netConditions(demo.initial.probes, end.probes, g);
    guards = net.guards;
    const byStep = new Map<number, StateCondition[]>();
    for (const c of net.conditions) {
      const at = firstHolding(demo, [c]);
      if (at === null || at < 0) continue;
      byStep.set(at, [...(byStep.get(at) ?? []), c]);
    }
    for (const [index, conditions] of [...byStep.entries()].sort((a, b) => a[0] - b[0])) {
      keySteps.push({ index, kind: 'state', description: conditions.map((c) => c.summary).join('; '), conditions, guards: [] });
    }
  }

  if (demo.answer !== undefined && !isAcknowledgement(demo.answer)) {
    const index = lastActionStep(demo, 'answer');
    keySteps.push({ index, kind: 'answer', description: `Answer ${q(demo.answer, 200)}`, conditions: [], guards: [], answer: demo.answer });
  } else if (demo.infeasible !== undefined) {
    const index = lastActionStep(demo, 'infeasible');
    const conditions = hasProbes ? unchangedConditions(demo.initial.probes, end.probes) : [];
    keySteps.push({ index, kind: 'infeasible', description: 'Report that the task cannot be done, without changing anything', conditions, guards: [] });
  } else if (keySteps.length === 0) {
    if (!hasProbes) {
      const form = formKeyStep(demo, descriptions);
      if (form) keySteps.push(form);
    }
    const nav = navigationKeyStep(demo);
    if (nav) {
      const merged = keySteps.at(-1);
      if (merged && merged.index === nav.index) {
        merged.page = nav.page;
        merged.description = `${merged.description}, reaching ${nav.description.replace(/^Reach /, '')}`;
      } else keySteps.push(nav);
    }
  }
  const last = keySteps.at(-1);
  if (last && last.kind !== 'infeasible') last.guards = guards;
  return keySteps;
}

const ACKNOWLEDGEMENT = /^(done|ok|okay|yes|complete|completed|finished|success|successful|all done|task (is )?(done|complete|completed|finished))$/;

/**
 * An answer that only says the agent is finished ("done", "Task completed."): it carries no
 * information to check, so it is not a key step (solvers of state-changing tasks end with one).
 */
export function isAcknowledgement(answer: string): boolean {
  return ACKNOWLEDGEMENT.test(normText(answer));
}

/** Top-level state keys the demo left unchanged, as `unchanged` guards (an infeasible task must not do damage). */
export function unchangedConditions(initialProbes: unknown, finalProbes: unknown): StateCondition[] {
  const out: StateCondition[] = [];
  if (!isPlainObject(initialProbes)) return out;
  for (const [probe, value] of Object.entries(initialProbes)) {
    const root: PathSegment[] = [{ key: probe }];
    const state = isPlainObject(value) && isPlainObject(value.state) ? value.state : undefined;
    const base: PathSegment[] = state ? [...root, { key: 'state' }] : root;
    const obj = state ?? value;
    if (!isPlainObject(obj)) continue;
    for (const key of Object.keys(obj)) {
      const path = [...base, { key }];
      if (VOLATILE_CONTAINER.test(key) || TIMESTAMP_NAME.test(key)) continue;
      if (JSON.stringify(getAtPath(finalProbes, path)) !== JSON.stringify(obj[key])) continue;
      out.push({ kind: 'unchanged', path, summary: `${where(path)} unchanged` });
    }
  }
  return out;
}

function navigationKeyStep(demo: Trajectory): KeyStep | undefined {
  const end = finalState(demo);
  if (demo.steps.length === 0 || urlPath(end.url) === urlPath(demo.initial.url)) return undefined;
  let u: URL;
  try {
    u = new URL(end.url);
  } catch {
    return undefined;
  }
  const query = [...u.searchParams.entries()].filter(([k]) => !/^(_|utm_|ts$|t$|nonce$|session)/.test(k));
  const heading = end.elements.find((e) => e.role === 'heading' && e.name.trim() !== '')?.name;
  // The key step is the first step from which the demo stayed on the final page.
  let index = demo.steps.length - 1;
  while (index > 0 && samePage(demo.steps[index - 1]!, u)) index--;
  const where = `${u.pathname}${query.length ? `?${new URLSearchParams(query).toString()}` : ''}`;
  return {
    index, kind: 'navigation', conditions: [], guards: [],
    description: `Reach the page ${where}${heading ? ` with the heading ${q(heading)}` : ''}`,
    page: { path: u.pathname, query, heading },
  };
}

function samePage(step: StepRecord, target: URL): boolean {
  try {
    const u = new URL(step.url);
    return u.pathname === target.pathname && u.search === target.search;
  } catch {
    return false;
  }
}

function formKeyStep(demo: Trajectory, descriptions: StepDescription[]): KeyStep | undefined {
  let submitAt = -1;
  for (let i = demo.steps.length - 1; i >= 0 && submitAt < 0; i--) {
    const s = demo.steps[i]!;
    const isSubmit = (s.action.type === 'click' && s.target?.role === 'button') || (s.action.type === 'press' && s.action.key === 'Enter');
    if (isSubmit && demo.steps.slice(0, i).some((p) => p.action.type === 'fill' && !p.error)) submitAt = i;
  }
  if (submitAt < 0) return undefined;
  const fills = new Map<string, string>();
  for (const s of demo.steps.slice(0, submitAt + 1)) {
    if (s.action.type === 'fill' && !s.error && s.target?.name) fills.set(s.target.name, s.action.text);
  }
  if (fills.size === 0) return undefined;
  const s = demo.steps[submitAt]!;
  const submit = s.action.type === 'press' ? { key: s.action.key } : { role: s.target!.role, name: s.target!.name };
  const typed = [...fills.entries()].map(([field, text]) => ({ field, text }));
  return {
    index: submitAt, kind: 'form', conditions: [], guards: [],
    description: `Submit ${typed.map((f) => `${q(f.text)} as ${q(f.field)}`).join(', ')} (${descriptions[submitAt]?.action ?? describeAction(s)})`,
    form: { fills: typed, submit },
  };
}
