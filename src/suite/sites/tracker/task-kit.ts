/**
 * What the tracker's task templates share: seeded state lookup, per-template randomness, strict
 * change checks and answer matching for oracles, and the navigation steps solvers repeat.
 * @module
 */
import type { OracleInput } from '../../../env/task.ts';
import type { OracleVerdict } from '../../../env/trajectory.ts';
import { Rng } from '../../../env/index.ts';
import type { SolverContext } from '../../template.ts';
import { describeChange, diffTracker } from './diff.ts';
import type { IssueField, TrackerChange } from './diff.ts';
import { seedState } from './state.ts';
import type { TrackerProbe, TrackerState } from './state.ts';

const cache = new Map<number, TrackerState>();

/** The state a seed builds, memoized. Read-only: never mutate what this returns. */
export function seeded(seed: number): TrackerState {
  let state = cache.get(seed);
  if (!state) {
    state = seedState(seed);
    cache.set(seed, state);
    if (cache.size > 32) cache.delete(cache.keys().next().value!);
  }
  return state;
}

/** Randomness for one template and seed, independent of the site's own draws for that seed. */
export function rngFor(templateId: string, seed: number): Rng {
  let h = 2166136261;
  for (const ch of templateId) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return new Rng((seed ^ h) | 0);
}

/** The tracker state from the `tracker` probe, or undefined when the probe did not answer. */
export function probeState(probes: Record<string, unknown>): TrackerProbe | undefined {
  const p = probes.tracker as { state?: TrackerProbe } | undefined;
  return p && typeof p === 'object' && p.state && Array.isArray(p.state.issues) ? p.state : undefined;
}

/** Changes since the seeded state, or a failing verdict when the probe is missing. */
export function changesSinceSeed(input: OracleInput): TrackerChange[] | OracleVerdict {
  const after = probeState(input.probes);
  if (!after) return { success: false, reason: 'tracker probe missing: the episode never reached the site' };
  return diffTracker(seeded(input.instance.seed), after);
}

/** A change an oracle requires: a field of an issue ending at a value, or a comment with a body. */
export type ExpectedChange = { key: string; field: IssueField; after: string | null } | { key: string; comment: string };

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function matches(c: TrackerChange, e: ExpectedChange): boolean {
  if ('comment' in e) return c.kind === 'comment' && c.key === e.key && collapse(c.body) === collapse(e.comment);
  return c.kind === 'field' && c.key === e.key && c.field === e.field && c.after === e.after;
}

/**
 * Success iff every expected change happened and nothing else changed. A near miss (right issue,
 * wrong label; an extra issue closed) fails with the offending change as the reason.
 */
export function expectExactly(input: OracleInput, expected: readonly ExpectedChange[]): OracleVerdict {
  if (input.infeasible) return { success: false, reason: `reported infeasible on a feasible task: ${input.infeasible}` };
  const changes = changesSinceSeed(input);
  if (!Array.isArray(changes)) return changes;
  for (const e of expected) {
    const hits = changes.filter((c) => matches(c, e));
    if (hits.length !== 1) return { success: false, reason: `expected ${'comment' in e ? `one comment ${JSON.stringify(e.comment)} on ${e.key}` : `${e.key} ${e.field} = ${JSON.stringify(e.after)}`}, found ${hits.length}` };
  }
  const extra = changes.filter((c) => !expected.some((e) => matches(c, e)));
  if (extra.length) return { success: false, reason: `unrequested changes: ${extra.slice(0, 3).map(describeChange).join('; ')}` };
  return { success: true };
}

/** Infeasible tasks: success iff the agent said so and changed nothing. */
export function expectInfeasible(input: OracleInput): OracleVerdict {
  if (!input.infeasible) return { success: false, reason: input.answer ? `answered ${JSON.stringify(input.answer)} instead of reporting infeasible` : 'did not report the task infeasible' };
  const changes = changesSinceSeed(input);
  if (!Array.isArray(changes)) return { success: true, reason: 'reported infeasible without touching the site' };
  if (changes.length) return { success: false, reason: `reported infeasible but changed: ${changes.slice(0, 3).map(describeChange).join('; ')}` };
  return { success: true };
}

/** Lower case, no quotes or final punctuation, single spaces. */
export function normalize(text: string): string {
  return collapse(text.toLowerCase().replace(/[“”"'‘’`]/g, '').replace(/[.!?]+$/g, ''));
}

function answered(input: OracleInput): string | OracleVerdict {
  if (input.infeasible) return { success: false, reason: `reported infeasible on an answerable question: ${input.infeasible}` };
  if (!input.answer?.trim()) return { success: false, reason: 'no answer given' };
  return input.answer;
}

/** The answer names exactly one number and it is `expected`. */
export function expectCount(input: OracleInput, expected: number): OracleVerdict {
  const a = answered(input);
  if (typeof a !== 'string') return a;
  const numbers = [...new Set((a.match(/\d+/g) ?? []).map(Number))];
  if (numbers.length !== 1) return { success: false, reason: `expected one number (${expected}), got ${JSON.stringify(a)}` };
  return numbers[0] === expected ? { success: true } : { success: false, reason: `expected ${expected}, got ${numbers[0]}` };
}

/** The answer names `expected` (by display name or username) and none of the `others`. */
export function expectPerson(input: OracleInput, expected: { name: string; username: string }, others: readonly { name: string; username: string }[]): OracleVerdict {
  const a = answered(input);
  if (typeof a !== 'string') return a;
  const text = ` ${normalize(a).replace(/@/g, ' ')} `;
  const mentions = (p: { name: string; username: string }) => text.includes(` ${normalize(p.name)}`) || text.includes(` ${p.username} `);
  if (!mentions(expected)) return { success: false, reason: `expected ${expected.name}, got ${JSON.stringify(a)}` };
  const wrong = others.filter((o) => o.username !== expected.username && mentions(o));
  if (wrong.length) return { success: false, reason: `answer also names ${wrong.map((w) => w.name).join(', ')}` };
  return { success: true };
}

/** The answer contains `expected` (normalized) and none of the `others`. */
export function expectTitle(input: OracleInput, expected: string, others: readonly string[]): OracleVerdict {
  const a = answered(input);
  if (typeof a !== 'string') return a;
  const text = normalize(a);
  if (!text.includes(normalize(expected))) return { success: false, reason: `expected ${JSON.stringify(expected)}, got ${JSON.stringify(a)}` };
  const wrong = others.filter((o) => o !== expected && !normalize(expected).includes(normalize(o)) && text.includes(normalize(o)));
  if (wrong.length) return { success: false, reason: `answer also names ${JSON.stringify(wrong[0])}` };
  return { success: true };
}

// Solver steps. They use only what the pages show: link texts, labels and option names.

/** From any page with the project's name as a link: open its issue list. */
export async function openProjectIssues(s: SolverContext, projectName: string): Promise<void> {
  await s.click({ role: 'link', name: projectName });
  await s.click({ role: 'link', name: 'Issues' });
}

/** On a project's issue list: narrow to one title with the text filter (and a state). */
export async function filterListByText(s: SolverContext, title: string, state: 'Open' | 'Closed' | 'All' = 'Open'): Promise<void> {
  if (state !== 'Open') await s.select({ role: 'combobox', name: 'State' }, state);
  await s.fill({ role: 'textbox', name: 'Text' }, title);
  await s.click({ role: 'button', name: 'Apply filters' });
}

/** Search every project from the header, landing on results that include closed issues when asked. */
export async function searchHeader(s: SolverContext, text: string, state: 'open' | 'closed' | 'all' = 'open'): Promise<void> {
  await s.fill({ role: 'searchbox', name: 'Search issues' }, text);
  await s.press('Enter', { role: 'searchbox', name: 'Search issues' });
  if (state === 'closed') await s.click({ role: 'link', name: /^Closed \d+$/ });
  if (state === 'all') await s.click({ role: 'link', name: /^All \d+$/ });
}

/** Page forward through a list until a link with this exact name is on the page. */
export async function pageUntilLink(s: SolverContext, name: string): Promise<void> {
  while (s.findAll({ role: 'link', name }).length === 0) await s.click({ role: 'link', name: 'Next' });
}

/** Titles of the rows on the current list page, read from their selection checkboxes. */
export function rowTitles(s: SolverContext): string[] {
  return s
    .findAll({ role: 'checkbox', name: /^Select / })
    .map((e) => e.name)
    .filter((n) => n !== 'Select all')
    .map((n) => n.slice('Select '.length));
}

/** The number in a tab such as `Open 12`. */
export function tabCount(s: SolverContext, tab: 'Open' | 'Closed'): number {
  const name = s.find({ role: 'link', name: new RegExp(`^${tab} \\d+$`) }).name;
  return Number(name.slice(tab.length + 1));
}
