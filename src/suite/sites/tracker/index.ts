/**
 * The tracker site: an issue tracker in the style of GitLab or Jira, with projects, filtered and
 * paged issue lists, bulk actions, issue pages with tabs and a labels dialog, search and people.
 * @module
 */
import type { SiteDefinition } from '../../site.ts';
import { FlashStore } from './forms.ts';
import { registerIssuePages } from './pages-issue.ts';
import { registerListPages } from './pages-lists.ts';
import { seedState, toProbe } from './state.ts';
import type { TrackerState } from './state.ts';

export const trackerSite: SiteDefinition<TrackerState> = {
  name: 'tracker',
  seedState,
  probe: toProbe,
  routes: (app) => {
    const flashes = new FlashStore();
    registerListPages(app, flashes);
    registerIssuePages(app, flashes);
  },
};

export { seedState, toProbe } from './state.ts';
export type { Issue, ProbedIssue, TrackerProbe, TrackerState, User, Project, LabelDef, Milestone, Comment, HistoryEvent } from './state.ts';
export { diffTracker, describeChange, issueKey } from './diff.ts';
export type { TrackerChange, IssueField } from './diff.ts';
export { openWorkload, nameOf } from './state.ts';
export * as trackerMutations from './mutations.ts';
export { MISSING_LABELS, NEW_ISSUES, COMMENT_REQUESTS, TITLE_PREFIXES, PEOPLE } from './catalogue.ts';
