/**
 * The tracker's backend state and how a seed builds it: twelve people, five projects, about 120
 * issues with labels, assignees, milestones, comments and history.
 * @module
 */
import { Rng } from '../../../env/index.ts';
import { COMMENTS, DESCRIPTIONS, KIND_LABEL, LABELS, PEOPLE, PROJECTS, ROLES } from './catalogue.ts';

export interface User {
  username: string;
  name: string;
  role: string;
}

export interface LabelDef {
  name: string;
  color: string;
  description: string;
}

export interface Milestone {
  title: string;
  /** YYYY-MM-DD */
  due: string;
}

export interface Project {
  slug: string;
  name: string;
  description: string;
  milestones: Milestone[];
}

export interface Comment {
  id: number;
  author: string;
  body: string;
  createdAt: string;
}

/** One line of an issue's history, e.g. `{ actor: 'mchen', text: 'closed this issue' }`. */
export interface HistoryEvent {
  at: string;
  actor: string;
  text: string;
}

export interface Issue {
  /** Global id, stable across edits; never shown. */
  id: number;
  /** Project slug. */
  project: string;
  /** Number within the project, shown as `#123`. */
  number: number;
  title: string;
  description: string;
  state: 'open' | 'closed';
  labels: string[];
  /** Username, or null when unassigned. */
  assignee: string | null;
  /** Milestone title within the project, or null. */
  milestone: string | null;
  author: string;
  createdAt: string;
  updatedAt: string;
  comments: Comment[];
  history: HistoryEvent[];
}

export interface TrackerState {
  /** Username of the signed-in person. */
  currentUser: string;
  users: User[];
  labels: LabelDef[];
  projects: Project[];
  issues: Issue[];
  nextIssueId: number;
  nextCommentId: number;
  /** Time of the next edit (ISO); advances by a minute per edit. */
  clock: string;
}

const ISSUES_PER_PROJECT = 24;
const START = Date.UTC(2025, 8, 1);
const SPAN_MS = 240 * 24 * 3600_000;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Build the whole tracker for a seed. Deterministic; returns fresh objects. */
export function seedState(seed: number): TrackerState {
  const rng = new Rng(seed);
  const hired = rng.sample(PEOPLE, 12);
  const users: User[] = hired.map((p, i) => ({ username: p.username, name: p.name, role: i === 0 ? 'Maintainer' : rng.pick(ROLES) }));
  // Workload is uneven on purpose: some people carry far more issues than others.
  const weights = users.map(() => rng.pick([1, 1, 2, 3, 5]));
  const weightedAssignee = () => {
    let r = rng.next() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < users.length; i++) {
      r -= weights[i]!;
      if (r < 0) return users[i]!.username;
    }
    return users[users.length - 1]!.username;
  };
  const anyone = () => rng.pick(users).username;

  const projects: Project[] = [];
  const issues: Issue[] = [];
  let nextCommentId = 1;
  for (const entry of PROJECTS) {
    const dueBase = START + SPAN_MS + rng.int(10, 40) * 86400_000;
    const project: Project = {
      slug: entry.slug,
      name: entry.name,
      description: entry.description,
      milestones: entry.milestones.map((title, i) => ({ title, due: iso(dueBase + i * 30 * 86400_000).slice(0, 10) })),
    };
    projects.push(project);
    const chosen = rng.sample(entry.issues, ISSUES_PER_PROJECT);
    // Distinct creation times so "oldest" and "newest" are always well defined.
    const times = chosen.map(() => START + rng.int(0, SPAN_MS / 60_000) * 60_000).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) if (times[i]! <= times[i - 1]!) times[i] = times[i - 1]! + 60_000;
    let number = rng.int(12, 240);
    chosen.forEach(([title, kind], i) => {
      const created = times[i]!;
      const labels = new Set<string>([KIND_LABEL[kind]]);
      if (kind === 'bug' && rng.chance(0.25)) labels.add('regression');
      if ((kind === 'perf' || kind === 'a11y' || kind === 'security') && rng.chance(0.35)) labels.add('bug');
      if (rng.chance(0.15)) labels.add('good first issue');
      const closed = rng.chance(0.35);
      if (!closed && rng.chance(0.2)) labels.add('needs triage');
      const assignee = rng.chance(0.75) ? weightedAssignee() : null;
      const milestone = rng.chance(0.6) ? rng.pick(entry.milestones) : null;
      const author = anyone();
      const history: HistoryEvent[] = [{ at: iso(created), actor: author, text: 'opened this issue' }];
      let t = created;
      const later = () => (t += rng.int(20, 4000) * 60_000);
      history.push({ at: iso(later()), actor: author, text: `added labels ${[...labels].join(', ')}` });
      if (assignee) history.push({ at: iso(later()), actor: users[0]!.username, text: `assigned to ${nameOf(users, assignee)}` });
      if (milestone) history.push({ at: iso(later()), actor: users[0]!.username, text: `set milestone to ${milestone}` });
      const comments: Comment[] = [];
      const commentCount = rng.int(0, 4);
      for (let k = 0; k < commentCount; k++) {
        comments.push({ id: nextCommentId++, author: anyone(), body: rng.pick(COMMENTS), createdAt: iso(later()) });
      }
      if (closed) history.push({ at: iso(later()), actor: rng.chance(0.5) && assignee ? assignee : anyone(), text: 'closed this issue' });
      const description = rng.pick(DESCRIPTIONS[kind]).replace('{project}', entry.name);
      issues.push({
        id: issues.length + 1,
        project: entry.slug,
        number,
        title,
        description,
        state: closed ? 'closed' : 'open',
        labels: [...labels],
        assignee,
        milestone,
        author,
        createdAt: iso(created),
        updatedAt: iso(Math.max(t, ...comments.map((c) => Date.parse(c.createdAt)))),
        comments,
        history,
      });
      number += rng.chance(0.3) ? rng.int(2, 4) : 1;
    });
  }
  breakWorkloadTie(issues, users);
  const latest = Math.max(...issues.map((i) => Date.parse(i.updatedAt)));
  return {
    currentUser: users[rng.int(0, users.length - 1)]!.username,
    users,
    labels: LABELS.map((l) => ({ ...l })),
    projects,
    issues,
    nextIssueId: issues.length + 1,
    nextCommentId,
    clock: iso(latest + 86400_000),
  };
}

/** An issue as probes report it: without its history, which no oracle reads and which doubles the size. */
export type ProbedIssue = Omit<Issue, 'history'>;

/** What `/__coregym/probe` returns as `state`. */
export interface TrackerProbe extends Omit<TrackerState, 'issues'> {
  issues: ProbedIssue[];
}

export function toProbe(state: TrackerState): TrackerProbe {
  return { ...state, issues: state.issues.map(({ history: _history, ...rest }) => rest) };
}

/** Display name of a username (the username itself when unknown). */
export function nameOf(users: readonly User[], username: string): string {
  return users.find((u) => u.username === username)?.name ?? username;
}

/** Open issues assigned to each username. */
export function openWorkload(state: Pick<TrackerState, 'issues' | 'users'>): Map<string, number> {
  const counts = new Map(state.users.map((u) => [u.username, 0]));
  for (const i of state.issues) if (i.state === 'open' && i.assignee) counts.set(i.assignee, (counts.get(i.assignee) ?? 0) + 1);
  return counts;
}

// "Who has the most open issues" must have one answer, so a tie at the top is broken by handing
// the first leader an unassigned open issue (or, failing that, one from the runner-up).
function breakWorkloadTie(issues: Issue[], users: User[]): void {
  const counts = [...openWorkload({ issues, users }).entries()].sort((a, b) => b[1] - a[1]);
  const [first, second] = counts;
  if (!first || !second || first[1] !== second[1]) return;
  const donor = issues.find((i) => i.state === 'open' && !i.assignee) ?? issues.find((i) => i.state === 'open' && i.assignee === second[0]);
  if (!donor) return;
  donor.assignee = first[0];
  donor.history.push({ at: donor.updatedAt, actor: users[0]!.username, text: `assigned to ${nameOf(users, first[0])}` });
}
