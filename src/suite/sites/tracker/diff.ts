/**
 * What changed between two tracker states, as a list oracles can check exactly: the changes a
 * task asked for, and nothing else a user would care about.
 * @module
 */
import type { Issue, ProbedIssue, TrackerProbe } from './state.ts';

export type IssueField = 'state' | 'assignee' | 'milestone' | 'title' | 'description' | 'labels';

export type TrackerChange =
  | { kind: 'field'; key: string; field: IssueField; before: string | null; after: string | null }
  | { kind: 'comment'; key: string; body: string }
  | { kind: 'created'; key: string; issue: ProbedIssue }
  | { kind: 'deleted'; key: string }
  /** Projects, people or labels changed (the site has no page that does this). */
  | { kind: 'catalogue'; what: 'projects' | 'users' | 'labels' };

/** `atlas-api#123` */
export function issueKey(issue: Pick<Issue, 'project' | 'number'>): string {
  return `${issue.project}#${issue.number}`;
}

const FIELDS: readonly IssueField[] = ['state', 'assignee', 'milestone', 'title', 'description', 'labels'];

function fieldValue(issue: ProbedIssue, field: IssueField): string | null {
  return field === 'labels' ? [...issue.labels].sort().join(', ') : issue[field];
}

/** Every user-visible change from `before` to `after`. Timestamps and history are not compared. */
export function diffTracker(before: TrackerProbe, after: TrackerProbe): TrackerChange[] {
  const changes: TrackerChange[] = [];
  for (const what of ['projects', 'users', 'labels'] as const) {
    if (JSON.stringify(before[what]) !== JSON.stringify(after[what])) changes.push({ kind: 'catalogue', what });
  }
  const afterById = new Map(after.issues.map((i) => [i.id, i]));
  for (const old of before.issues) {
    const now = afterById.get(old.id);
    if (!now) {
      changes.push({ kind: 'deleted', key: issueKey(old) });
      continue;
    }
    for (const field of FIELDS) {
      const a = fieldValue(old, field);
      const b = fieldValue(now, field);
      if (a !== b) changes.push({ kind: 'field', key: issueKey(old), field, before: a, after: b });
    }
    const known = new Set(old.comments.map((c) => c.id));
    for (const c of now.comments) if (!known.has(c.id)) changes.push({ kind: 'comment', key: issueKey(old), body: c.body });
    if (now.comments.length < old.comments.length) changes.push({ kind: 'deleted', key: `${issueKey(old)} comment` });
  }
  const oldIds = new Set(before.issues.map((i) => i.id));
  for (const i of after.issues) if (!oldIds.has(i.id)) changes.push({ kind: 'created', key: issueKey(i), issue: i });
  return changes;
}

/** One line describing a change, for oracle reasons. */
export function describeChange(c: TrackerChange): string {
  switch (c.kind) {
    case 'field':
      return `${c.key} ${c.field}: ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`;
    case 'comment':
      return `${c.key} new comment ${JSON.stringify(c.body.slice(0, 80))}`;
    case 'created':
      return `created ${c.key} ${JSON.stringify(c.issue.title)}`;
    case 'deleted':
      return `deleted ${c.key}`;
    case 'catalogue':
      return `${c.what} changed`;
  }
}
