/**
 * The issue table and pager used by the project list, search results and people pages.
 * @module
 */
import { html } from '../../html.ts';
import type { SafeHtml } from '../../html.ts';
import { formatDate, issuePath, labelChip, personLink, projectName, stateBadge } from './layout.ts';
import { PAGE_SIZE } from './queries.ts';
import type { IssuePage } from './queries.ts';
import { nameOf } from './state.ts';
import type { Issue, TrackerState } from './state.ts';

export interface IssueTableOptions {
  /** Show a selection checkbox per row (bulk actions). */
  selectable?: boolean;
  /** Show the project name in each row (lists that span projects). */
  showProject?: boolean;
  /** Where a label chip leads, or none for plain chips. */
  labelHref?: (issue: Issue, label: string) => string;
}

export function issueTable(state: TrackerState, items: readonly Issue[], options: IssueTableOptions = {}): SafeHtml {
  if (items.length === 0) return html`<p class="card">No issues match these filters.</p>`;
  const rows = items.map(
    (i) => html`<tr>
  ${options.selectable ? html`<td><input type="checkbox" name="ids" value="${i.number}" aria-label="Select ${i.title}" class="row-select"></td>` : ''}
  <td>${stateBadge(i)} <a href="${issuePath(i)}"><strong>${i.title}</strong></a>
    ${i.labels.map((l) => labelChip(state.labels, l, options.labelHref?.(i, l)))}
    <div class="meta">${options.showProject ? html`${projectName(state, i.project)} ` : ''}#${i.number} · opened ${formatDate(i.createdAt)} by ${nameOf(state.users, i.author)}${i.comments.length ? html` · ${i.comments.length} comment${i.comments.length === 1 ? '' : 's'}` : ''}</div></td>
  <td>${i.assignee ? personLink(state, i.assignee) : html`<span class="meta">Unassigned</span>`}</td>
  <td>${i.milestone ?? html`<span class="meta">—</span>`}</td>
  <td class="meta">${formatDate(i.updatedAt)}</td>
</tr>`,
  );
  return html`<table class="issues">
<thead><tr>${options.selectable ? html`<th><span class="sr-only">Selection</span></th>` : ''}<th>Issue</th><th>Assignee</th><th>Milestone</th><th>Updated</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

/** "Showing 11–20 of 23" with Previous / numbered / Next links. */
export function pager(result: IssuePage, hrefFor: (page: number) => string): SafeHtml {
  if (result.total === 0) return html``;
  const from = (result.page - 1) * PAGE_SIZE + 1;
  const to = from + result.items.length - 1;
  const numbers = Array.from({ length: result.pageCount }, (_, k) => k + 1).map((n) =>
    n === result.page ? html`<span aria-current="page"><strong>${n}</strong></span>` : html`<a href="${hrefFor(n)}" aria-label="Page ${n}">${n}</a>`,
  );
  return html`<nav class="pager" aria-label="Pagination"><span class="meta">Showing ${from}–${to} of ${result.total}</span>
${result.page > 1 ? html`<a href="${hrefFor(result.page - 1)}">Previous</a>` : ''} ${numbers} ${result.page < result.pageCount ? html`<a href="${hrefFor(result.page + 1)}">Next</a>` : ''}</nav>`;
}
