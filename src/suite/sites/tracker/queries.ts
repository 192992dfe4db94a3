/**
 * Issue list queries: the filters, sort orders and paging the list and search pages share.
 * @module
 */
import type { Issue } from './state.ts';

export const PAGE_SIZE = 10;

export type SortOrder = 'newest' | 'oldest' | 'updated' | 'title';

export const SORT_LABELS: Record<SortOrder, string> = {
  newest: 'Newest',
  oldest: 'Oldest',
  updated: 'Recently updated',
  title: 'Title',
};

export interface IssueQuery {
  state: 'open' | 'closed' | 'all';
  /** Label name, or '' for any. */
  label: string;
  /** Username, 'none' for unassigned, or '' for anyone. */
  assignee: string;
  /** Milestone title, 'none' for no milestone, or '' for any. */
  milestone: string;
  /** Free text matched against title and description. */
  text: string;
  sort: SortOrder;
  /** 1-based. */
  page: number;
}

/** Read a query from URL search parameters, falling back to defaults for anything unknown. */
export function parseIssueQuery(params: Record<string, string | undefined>): IssueQuery {
  const state = params.state === 'closed' || params.state === 'all' ? params.state : 'open';
  const sort = params.sort && params.sort in SORT_LABELS ? (params.sort as SortOrder) : 'newest';
  const page = Math.max(1, Number.parseInt(params.page ?? '1', 10) || 1);
  return { state, label: params.label ?? '', assignee: params.assignee ?? '', milestone: params.milestone ?? '', text: (params.q ?? '').trim(), sort, page };
}

/** The query as URL search parameters (defaults left out), with overrides. */
export function queryString(q: IssueQuery, overrides: Partial<IssueQuery> = {}): string {
  const merged = { ...q, ...overrides };
  const out = new URLSearchParams();
  if (merged.state !== 'open') out.set('state', merged.state);
  if (merged.label) out.set('label', merged.label);
  if (merged.assignee) out.set('assignee', merged.assignee);
  if (merged.milestone) out.set('milestone', merged.milestone);
  if (merged.text) out.set('q', merged.text);
  if (merged.sort !== 'newest') out.set('sort', merged.sort);
  if (merged.page !== 1) out.set('page', String(merged.page));
  const s = out.toString();
  return s ? `?${s}` : '';
}

export function matchesText(issue: Issue, text: string): boolean {
  if (!text) return true;
  const needle = text.toLowerCase();
  return issue.title.toLowerCase().includes(needle) || issue.description.toLowerCase().includes(needle);
}

/** Issues matching everything but the state filter (the open/closed tabs count from these). */
export function filterIgnoringState(issues: readonly Issue[], q: IssueQuery): Issue[] {
  return issues.filter(
    (i) =>
      (!q.label || i.labels.includes(q.label)) &&
      (!q.assignee || (q.assignee === 'none' ? i.assignee === null : i.assignee === q.assignee)) &&
      (!q.milestone || (q.milestone === 'none' ? i.milestone === null : i.milestone === q.milestone)) &&
      matchesText(i, q.text),
  );
}

export function sortIssues(issues: readonly Issue[], sort: SortOrder): Issue[] {
  const out = [...issues];
  switch (sort) {
    case 'oldest':
      return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
    case 'updated':
      return out.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id - a.id);
    case 'title':
      return out.sort((a, b) => a.title.localeCompare(b.title) || a.id - b.id);
    default:
      return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
  }
}

export interface IssuePage {
  items: Issue[];
  total: number;
  page: number;
  pageCount: number;
  openCount: number;
  closedCount: number;
}

/** Filter, sort and cut one page. */
export function runIssueQuery(issues: readonly Issue[], q: IssueQuery): IssuePage {
  const base = filterIgnoringState(issues, q);
  const openCount = base.filter((i) => i.state === 'open').length;
  const matching = q.state === 'all' ? base : base.filter((i) => i.state === q.state);
  const sorted = sortIssues(matching, q.sort);
  const pageCount = Math.max(1, Math.ceil(sorted.length / PAGE_SIZE));
  const page = Math.min(q.page, pageCount);
  return {
    items: sorted.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
    total: sorted.length,
    page,
    pageCount,
    openCount,
    closedCount: base.length - openCount,
  };
}
