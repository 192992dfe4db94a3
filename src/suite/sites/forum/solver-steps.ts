/**
 * Recurring moves of the forum's expert solvers, written against SolverContext: finding a
 * control that belongs to a row or comment, paging through lists, opening a post by search or
 * by browsing its subforum.
 * @module
 */
import type { ElementInfo } from '../../../env/observation.ts';
import type { ElementQuery, SolverContext } from '../../template.ts';

function matches(el: ElementInfo, query: Omit<ElementQuery, 'nth'>): boolean {
  if (query.role !== undefined) {
    const roles = Array.isArray(query.role) ? query.role : [query.role];
    if (!roles.includes(el.role)) return false;
  }
  const name = el.name.replace(/\s+/g, ' ').trim();
  return typeof query.name === 'string' ? name === query.name.replace(/\s+/g, ' ').trim() : query.name.test(name);
}

/**
 * Click the first element matching `target` that comes after `anchor` in document order: the
 * Upvote of a given comment (anchored on its author link), the Subscribe button of a table row
 * (anchored on the subforum link).
 */
export async function clickAfter(s: SolverContext, anchor: ElementQuery, target: Omit<ElementQuery, 'nth'>): Promise<void> {
  const from = s.find(anchor);
  const elements = s.obs().elements;
  const start = elements.findIndex((e) => e.id === from.id);
  const hit = elements.slice(start + 1).find((e) => matches(e, target));
  if (!hit) throw new Error(`clickAfter: no ${String(target.role)} ${String(target.name)} after ${from.role} "${from.name}"`);
  await s.step({ type: 'click', id: hit.id });
}

/** Click an element that may be on a later page of a paged list, following "Next" until it shows. */
export async function clickAcrossPages(s: SolverContext, query: Omit<ElementQuery, 'nth'>, maxPages = 10): Promise<void> {
  for (let i = 0; i < maxPages; i++) {
    if (s.findAll(query).length > 0) return s.click(query);
    await s.click({ role: 'link', name: 'Next' });
  }
  throw new Error(`clickAcrossPages: ${String(query.name)} not found in ${maxPages} pages`);
}

/** Search for a post by its title from the header search box and open it. */
export async function openPostBySearch(s: SolverContext, title: string): Promise<void> {
  await s.fill({ role: 'searchbox', name: 'Search posts' }, title);
  await s.press('Enter', { role: 'searchbox', name: 'Search posts' });
  await s.click({ role: 'link', name: title });
}

/** Open a subforum from the directory. */
export async function openForum(s: SolverContext, forum: string): Promise<void> {
  await s.click({ role: 'link', name: 'Subforums' });
  await s.click({ role: 'link', name: `f/${forum}` });
}

/** Open a post by browsing its subforum's list (paging as needed). */
export async function openPostByBrowsing(s: SolverContext, forum: string, title: string): Promise<void> {
  await openForum(s, forum);
  await clickAcrossPages(s, { role: 'link', name: title });
}

/** Open one of the member's own posts from their profile. */
export async function openOwnPostFromProfile(s: SolverContext, me: string, title: string): Promise<void> {
  await s.click({ role: 'link', name: me });
  await s.click({ role: 'link', name: title });
}
