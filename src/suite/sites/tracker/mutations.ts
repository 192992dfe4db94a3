/**
 * Every change the tracker's pages can make to an issue, each recorded in the issue's history.
 * Pages call these; tests call them too, to build near-miss states for oracles.
 * @module
 */
import { nameOf } from './state.ts';
import type { Issue, TrackerState } from './state.ts';

function tick(state: TrackerState): string {
  const now = state.clock;
  state.clock = new Date(Date.parse(now) + 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return now;
}

function record(state: TrackerState, issue: Issue, text: string): void {
  const at = tick(state);
  issue.history.push({ at, actor: state.currentUser, text });
  issue.updatedAt = at;
}

export function findIssue(state: TrackerState, project: string, number: number): Issue | undefined {
  return state.issues.find((i) => i.project === project && i.number === number);
}

export function setIssueState(state: TrackerState, issue: Issue, next: 'open' | 'closed'): void {
  if (issue.state === next) return;
  issue.state = next;
  record(state, issue, next === 'closed' ? 'closed this issue' : 'reopened this issue');
}

export function setAssignee(state: TrackerState, issue: Issue, username: string | null): void {
  if (issue.assignee === username) return;
  const previous = issue.assignee;
  issue.assignee = username;
  record(state, issue, username ? `assigned to ${nameOf(state.users, username)}` : `unassigned ${nameOf(state.users, previous ?? '')}`);
}

export function addLabel(state: TrackerState, issue: Issue, label: string): void {
  if (issue.labels.includes(label)) return;
  issue.labels.push(label);
  record(state, issue, `added label ${label}`);
}

export function removeLabel(state: TrackerState, issue: Issue, label: string): void {
  if (!issue.labels.includes(label)) return;
  issue.labels = issue.labels.filter((l) => l !== label);
  record(state, issue, `removed label ${label}`);
}

/** Replace the label set, recording one event per added or removed label. */
export function setLabels(state: TrackerState, issue: Issue, labels: readonly string[]): void {
  for (const l of [...issue.labels]) if (!labels.includes(l)) removeLabel(state, issue, l);
  for (const l of labels) addLabel(state, issue, l);
}

export function setMilestone(state: TrackerState, issue: Issue, milestone: string | null): void {
  if (issue.milestone === milestone) return;
  issue.milestone = milestone;
  record(state, issue, milestone ? `set milestone to ${milestone}` : 'removed the milestone');
}

export function addComment(state: TrackerState, issue: Issue, body: string): void {
  const at = tick(state);
  issue.comments.push({ id: state.nextCommentId++, author: state.currentUser, body, createdAt: at });
  issue.updatedAt = at;
}

export function editIssue(state: TrackerState, issue: Issue, title: string, description: string): void {
  if (issue.title !== title) {
    record(state, issue, `changed the title from "${issue.title}" to "${title}"`);
    issue.title = title;
  }
  if (issue.description !== description) {
    issue.description = description;
    record(state, issue, 'edited the description');
  }
}

export interface NewIssue {
  project: string;
  title: string;
  description: string;
  labels: string[];
  assignee: string | null;
  milestone: string | null;
}

export function createIssue(state: TrackerState, input: NewIssue): Issue {
  const at = tick(state);
  const number = Math.max(0, ...state.issues.filter((i) => i.project === input.project).map((i) => i.number)) + 1;
  const issue: Issue = {
    id: state.nextIssueId++,
    project: input.project,
    number,
    title: input.title,
    description: input.description,
    state: 'open',
    labels: [...input.labels],
    assignee: input.assignee,
    milestone: input.milestone,
    author: state.currentUser,
    createdAt: at,
    updatedAt: at,
    comments: [],
    history: [{ at, actor: state.currentUser, text: 'opened this issue' }],
  };
  state.issues.push(issue);
  return issue;
}
