/**
 * Task templates on the tracker site: triage edits (close, reopen, assign, label, milestone,
 * rename, comment, file an issue), bulk work over filtered lists, questions answered by reading
 * the tracker, and requests the tracker cannot fulfil.
 * @module
 */
import type { OracleInput, TaskRuntime } from '../../env/task.ts';
import type { OracleVerdict } from '../../env/trajectory.ts';
import { fetchProbe } from '../site-control.ts';
import type { Rng } from '../../env/index.ts';
import type { Solver, SolverContext, SuiteUrls, TaskTemplate, TemplateFactory } from '../template.ts';
import { COMMENT_REQUESTS, MISSING_LABELS, NEW_ISSUES, PEOPLE, TITLE_PREFIXES, issueKey, openWorkload } from '../sites/tracker/index.ts';
import type { Issue, TrackerState, User } from '../sites/tracker/index.ts';
import {
  changesSinceSeed,
  collapse,
  expectCount,
  expectExactly,
  expectInfeasible,
  expectPerson,
  expectTitle,
  filterListByText,
  openProjectIssues,
  pageUntilLink,
  rngFor,
  rowTitles,
  searchHeader,
  seeded,
  tabCount,
} from '../sites/tracker/task-kit.ts';

type Params = Record<string, unknown>;

interface TemplateDef<P extends Params> {
  id: string;
  split?: 'train' | 'heldout';
  tags: string[];
  maxSteps: number;
  /** Choose this seed's instance from the seeded state. `path` is where the episode starts. */
  pick: (state: TrackerState, rng: Rng) => { goal: string; path: string; params: P };
  oracle: (input: OracleInput, params: P) => OracleVerdict;
  solvers: Record<string, (s: SolverContext, params: P) => Promise<void>>;
}

function define<P extends Params>(urls: SuiteUrls, def: TemplateDef<P>): TaskTemplate {
  const solvers: Record<string, Solver> = {};
  for (const [name, solve] of Object.entries(def.solvers)) solvers[name] = (s) => solve(s, s.instance.params as P);
  return {
    id: def.id,
    site: 'tracker',
    split: def.split ?? 'train',
    tags: ['tracker', ...def.tags],
    maxSteps: def.maxSteps,
    instantiate: (seed) => {
      const { goal, path, params } = def.pick(seeded(seed), rngFor(def.id, seed));
      return { goal, startUrl: `${urls.tracker}/__coregym/reset?seed=${seed}&next=${encodeURIComponent(path)}`, params };
    },
    probes: { tracker: ({ context }) => fetchProbe(context, urls.tracker) },
    oracle: (input) => def.oracle(input, input.instance.params as P),
    solvers,
  };
}

// Picking helpers over the seeded state.

const projectName = (st: TrackerState, slug: string) => st.projects.find((p) => p.slug === slug)!.name;
const userByName = (st: TrackerState, username: string) => st.users.find((u) => u.username === username)!;
const sortedLabels = (labels: readonly string[]) => [...labels].sort().join(', ');

/** Identifies one issue in params and goals. */
interface IssueRef extends Params {
  key: string;
  title: string;
  projectName: string;
  /** 'open' or 'closed' at the start. */
  state: string;
}

function ref(st: TrackerState, issue: Issue): IssueRef {
  return { key: issueKey(issue), title: issue.title, projectName: projectName(st, issue.project), state: issue.state };
}

function pickIssue(st: TrackerState, rng: Rng, where: (i: Issue) => boolean): Issue {
  const candidates = st.issues.filter(where);
  return rng.pick(candidates.length ? candidates : st.issues);
}

const openIn = (st: TrackerState, slug: string) => st.issues.filter((i) => i.project === slug && i.state === 'open');

/** Header search, then the closed or open tab the issue is listed under. */
const searchFor = (s: SolverContext, r: IssueRef) => searchHeader(s, r.title, r.state === 'closed' ? 'closed' : 'open');

export const trackerTemplates: TemplateFactory = (urls) => [
  define<IssueRef>(urls, {
    id: 'tracker.close-issue',
    tags: ['multi-strategy'],
    maxSteps: 15,
    pick: (st, rng) => {
      const r = ref(st, pickIssue(st, rng, (i) => i.state === 'open'));
      return { goal: `Close the issue "${r.title}" in the ${r.projectName} project.`, path: '/', params: r };
    },
    oracle: (input, p) => expectExactly(input, [{ key: p.key, field: 'state', after: 'closed' }]),
    solvers: {
      'detail-page': async (s, p) => {
        await openProjectIssues(s, p.projectName);
        await filterListByText(s, p.title);
        await s.click({ role: 'link', name: p.title });
        await s.click({ role: 'button', name: 'Close issue' });
      },
      'bulk-from-list': async (s, p) => {
        await openProjectIssues(s, p.projectName);
        await filterListByText(s, p.title);
        await s.check({ role: 'checkbox', name: `Select ${p.title}` });
        await s.click({ role: 'button', name: 'Close selected' });
      },
    },
  }),

  define<IssueRef>(urls, {
    id: 'tracker.reopen-issue',
    split: 'heldout',
    tags: ['multi-strategy'],
    maxSteps: 15,
    pick: (st, rng) => {
      const r = ref(st, pickIssue(st, rng, (i) => i.state === 'closed'));
      return { goal: `The issue "${r.title}" in ${r.projectName} was closed by mistake. Reopen it.`, path: '/', params: r };
    },
    oracle: (input, p) => expectExactly(input, [{ key: p.key, field: 'state', after: 'open' }]),
    solvers: {
      search: async (s, p) => {
        await searchHeader(s, p.title, 'closed');
        await s.click({ role: 'link', name: p.title });
        await s.click({ role: 'button', name: 'Reopen issue' });
      },
      'browse-closed-tab': async (s, p) => {
        await openProjectIssues(s, p.projectName);
        await s.click({ role: 'link', name: /^Closed \d+$/ });
        await pageUntilLink(s, p.title);
        await s.click({ role: 'link', name: p.title });
        await s.click({ role: 'button', name: 'Reopen issue' });
      },
    },
  }),

  define<IssueRef & { username: string; userName: string }>(urls, {
    id: 'tracker.assign-issue',
    tags: ['multi-strategy'],
    maxSteps: 18,
    pick: (st, rng) => {
      const issue = pickIssue(st, rng, (i) => i.state === 'open');
      const user = rng.pick(st.users.filter((u) => u.username !== issue.assignee));
      const r = ref(st, issue);
      return { goal: `Assign the issue "${r.title}" in ${r.projectName} to ${user.name}.`, path: '/projects', params: { ...r, username: user.username, userName: user.name } };
    },
    oracle: (input, p) => expectExactly(input, [{ key: p.key, field: 'assignee', after: p.username }]),
    solvers: {
      'detail-select': async (s, p) => {
        await openProjectIssues(s, p.projectName);
        await filterListByText(s, p.title);
        await s.click({ role: 'link', name: p.title });
        await s.select({ role: 'combobox', name: 'Assignee' }, p.userName);
        await s.click({ role: 'button', name: 'Save assignee' });
      },
      'bulk-assign': async (s, p) => {
        await openProjectIssues(s, p.projectName);
        await filterListByText(s, p.title);
        await s.check({ role: 'checkbox', name: `Select ${p.title}` });
        await s.select({ role: 'combobox', name: 'Assign to' }, p.userName);
        await s.click({ role: 'button', name: 'Assign selected' });
      },
    },
  }),

  define<{ projectName: string; from: string; to: string; expected: { key: string; labels: string }[] }>(urls, {
    id: 'tracker.add-label-to-labelled',
    tags: ['multi-strategy', 'long-horizon'],
    maxSteps: 60,
    pick: (st, rng) => {
      const options: { slug: string; from: string; to: string; issues: Issue[] }[] = [];
      for (const p of st.projects) {
        for (const from of st.labels) {
          const issues = openIn(st, p.slug).filter((i) => i.labels.includes(from.name));
          if (issues.length < 2 || issues.length > 5) continue;
          for (const to of st.labels) if (to.name !== from.name && issues.some((i) => !i.labels.includes(to.name))) options.push({ slug: p.slug, from: from.name, to: to.name, issues });
        }
      }
      const o = rng.pick(options);
      const name = projectName(st, o.slug);
      const expected = o.issues.filter((i) => !i.labels.includes(o.to)).map((i) => ({ key: issueKey(i), labels: sortedLabels([...i.labels, o.to]) }));
      return {
        goal: `In ${name}, add the label "${o.to}" to every open issue that currently has the label "${o.from}".`,
        path: '/',
        params: { projectName: name, from: o.from, to: o.to, expected },
      };
    },
    oracle: (input, p) => expectExactly(input, p.expected.map((e) => ({ key: e.key, field: 'labels' as const, after: e.labels }))),
    solvers: {
      bulk: async (s, p) => {
        await openProjectIssues(s, p.projectName);
        await s.select({ role: 'combobox', name: 'Label' }, p.from);
        await s.click({ role: 'button', name: 'Apply filters' });
        for (const title of rowTitles(s)) await s.check({ role: 'checkbox', name: `Select ${title}` });
        await s.select({ role: 'combobox', name: 'Label to add' }, p.to);
        await s.click({ role: 'button', name: 'Add label to selected' });
      },
      'one-by-one': async (s, p) => {
        await openProjectIssues(s, p.projectName);
        await s.select({ role: 'combobox', name: 'Label' }, p.from);
        await s.click({ role: 'button', name: 'Apply filters' });
        for (const title of rowTitles(s)) {
          await s.click({ role: 'link', name: title });
          await s.click({ role: 'button', name: 'Edit labels' });
          await s.check({ role: 'checkbox', name: p.to });
          await s.click({ role: 'button', name: 'Apply labels' });
          // The label chip on the issue page leads back to the filtered list.
          await s.click({ role: 'link', name: p.from });
        }
      },
    },
  }),

  define<{ slug: string; projectName: string; title: string; description: string; labels: string[]; username: string; userName: string }>(urls, {
    id: 'tracker.create-issue',
    tags: ['multi-strategy', 'long-horizon'],
    maxSteps: 24,
    pick: (st, rng) => {
      const project = rng.pick(st.projects);
      const draft = rng.pick(NEW_ISSUES);
      const labels = rng.sample(st.labels, 2).map((l) => l.name);
      const user = rng.pick(st.users);
      return {
        goal: `File a new issue in ${project.name} titled "${draft.title}" with the description "${draft.description}". Give it the labels "${labels[0]}" and "${labels[1]}" and assign it to ${user.name}.`,
        path: '/',
        params: { slug: project.slug, projectName: project.name, title: draft.title, description: draft.description, labels, username: user.username, userName: user.name },
      };
    },
    oracle: (input, p) => {
      if (input.infeasible) return { success: false, reason: `reported infeasible on a feasible task: ${input.infeasible}` };
      const changes = changesSinceSeed(input);
      if (!Array.isArray(changes)) return changes;
      const created = changes.filter((c) => c.kind === 'created');
      if (created.length !== 1 || created[0]!.kind !== 'created') return { success: false, reason: `expected exactly one new issue, found ${created.length}` };
      if (changes.length !== 1) return { success: false, reason: 'other issues changed too' };
      const i = created[0].issue;
      const problems = [
        i.project !== p.slug && `project is ${i.project}`,
        collapse(i.title) !== p.title && `title is ${JSON.stringify(i.title)}`,
        collapse(i.description) !== p.description && `description is ${JSON.stringify(i.description)}`,
        sortedLabels(i.labels) !== sortedLabels(p.labels) && `labels are [${i.labels.join(', ')}]`,
        i.assignee !== p.username && `assignee is ${i.assignee}`,
        i.milestone !== null && `milestone set to ${i.milestone}`,
      ].filter(Boolean);
      return problems.length ? { success: false, reason: problems.join('; ') } : { success: true };
    },
    solvers: {
      'from-project-page': async (s, p) => {
        await s.click({ role: 'link', name: p.projectName });
        // The project page's own "New issue" button comes after the one in the site header.
        await s.click({ role: 'link', name: 'New issue', nth: 1 });
        await fillNewIssue(s, p);
      },
      'from-header': async (s, p) => {
        await s.click({ role: 'link', name: 'New issue' });
        await s.select({ role: 'combobox', name: 'Project' }, p.projectName);
        await fillNewIssue(s, p);
      },
    },
  }),

  define<IssueRef & { text: string }>(urls, {
    id: 'tracker.comment-on-issue',
    tags: [],
    maxSteps: 15,
    pick: (st, rng) => {
      const state = rng.chance(0.7) ? 'open' : 'closed';
      const r = ref(st, pickIssue(st, rng, (i) => i.state === state));
      const text = rng.pick(COMMENT_REQUESTS);
      return { goal: `Add a comment to the issue "${r.title}" in ${r.projectName} that says exactly: ${text}`, path: '/', params: { ...r, text } };
    },
    oracle: (input, p) => expectExactly(input, [{ key: p.key, comment: p.text }]),
    solvers: {
      search: async (s, p) => {
        await searchFor(s, p);
        await s.click({ role: 'link', name: p.title });
        await s.fill({ role: 'textbox', name: 'Add a comment' }, p.text);
        await s.click({ role: 'button', name: 'Comment' });
      },
    },
  }),

  define<IssueRef & { milestone: string }>(urls, {
    id: 'tracker.change-milestone',
    tags: [],
    maxSteps: 18,
    pick: (st, rng) => {
      const issue = pickIssue(st, rng, (i) => i.state === 'open');
      const project = st.projects.find((p) => p.slug === issue.project)!;
      const milestone = rng.pick(project.milestones.filter((m) => m.title !== issue.milestone)).title;
      const r = ref(st, issue);
      return { goal: `Move the issue "${r.title}" in ${r.projectName} to the "${milestone}" milestone.`, path: '/', params: { ...r, milestone } };
    },
    oracle: (input, p) => expectExactly(input, [{ key: p.key, field: 'milestone', after: p.milestone }]),
    solvers: {
      'detail-page': async (s, p) => {
        await openProjectIssues(s, p.projectName);
        await filterListByText(s, p.title);
        await s.click({ role: 'link', name: p.title });
        await s.select({ role: 'combobox', name: 'Milestone' }, p.milestone);
        await s.click({ role: 'button', name: 'Save milestone' });
      },
    },
  }),

  define<IssueRef & { newTitle: string }>(urls, {
    id: 'tracker.edit-title',
    split: 'heldout',
    tags: [],
    maxSteps: 15,
    pick: (st, rng) => {
      const r = ref(st, pickIssue(st, rng, () => true));
      const newTitle = rng.pick(TITLE_PREFIXES) + r.title;
      return { goal: `Rename the issue "${r.title}" in ${r.projectName} to "${newTitle}".`, path: '/', params: { ...r, newTitle } };
    },
    oracle: (input, p) => expectExactly(input, [{ key: p.key, field: 'title', after: p.newTitle }]),
    solvers: {
      'search-then-edit': async (s, p) => {
        await searchFor(s, p);
        await s.click({ role: 'link', name: p.title });
        await s.click({ role: 'link', name: 'Edit' });
        await s.fill({ role: 'textbox', name: 'Title' }, p.newTitle);
        await s.click({ role: 'button', name: 'Save changes' });
      },
    },
  }),

  define<IssueRef & { label: string; remaining: string }>(urls, {
    id: 'tracker.remove-label',
    tags: ['multi-strategy'],
    maxSteps: 15,
    pick: (st, rng) => {
      const issue = pickIssue(st, rng, (i) => i.labels.length >= 2);
      const label = rng.pick(issue.labels);
      const r = ref(st, issue);
      return {
        goal: `Remove the "${label}" label from the issue "${r.title}" in ${r.projectName}, keeping its other labels.`,
        path: '/',
        params: { ...r, label, remaining: sortedLabels(issue.labels.filter((l) => l !== label)) },
      };
    },
    oracle: (input, p) => expectExactly(input, [{ key: p.key, field: 'labels', after: p.remaining }]),
    solvers: {
      'sidebar-button': async (s, p) => {
        await searchFor(s, p);
        await s.click({ role: 'link', name: p.title });
        await s.click({ role: 'button', name: `Remove label ${p.label}` });
      },
      'labels-dialog': async (s, p) => {
        await searchFor(s, p);
        await s.click({ role: 'link', name: p.title });
        await s.click({ role: 'button', name: 'Edit labels' });
        await s.click({ role: 'checkbox', name: p.label });
        await s.click({ role: 'button', name: 'Apply labels' });
      },
    },
  }),

  define<{ projectName: string; milestone: string; keys: string[] }>(urls, {
    id: 'tracker.close-milestone-issues',
    split: 'heldout',
    tags: ['multi-strategy', 'long-horizon'],
    maxSteps: 50,
    pick: (st, rng) => {
      const groups = st.projects.flatMap((p) =>
        p.milestones.map((m) => ({ slug: p.slug, milestone: m.title, issues: openIn(st, p.slug).filter((i) => i.milestone === m.title) })),
      );
      const fitting = groups.filter((g) => g.issues.length >= 3 && g.issues.length <= 8);
      const g = rng.pick(fitting.length ? fitting : groups.filter((x) => x.issues.length >= 1 && x.issues.length <= 10));
      const name = projectName(st, g.slug);
      return {
        goal: `Close every open issue in the "${g.milestone}" milestone of ${name}.`,
        path: '/',
        params: { projectName: name, milestone: g.milestone, keys: g.issues.map(issueKey) },
      };
    },
    oracle: (input, p) => expectExactly(input, p.keys.map((key) => ({ key, field: 'state' as const, after: 'closed' }))),
    solvers: {
      bulk: async (s, p) => {
        await openProjectIssues(s, p.projectName);
        await s.select({ role: 'combobox', name: 'Milestone' }, p.milestone);
        await s.click({ role: 'button', name: 'Apply filters' });
        for (const title of rowTitles(s)) await s.check({ role: 'checkbox', name: `Select ${title}` });
        await s.click({ role: 'button', name: 'Close selected' });
      },
      'one-by-one': async (s, p) => {
        await openProjectIssues(s, p.projectName);
        await s.select({ role: 'combobox', name: 'Milestone' }, p.milestone);
        await s.click({ role: 'button', name: 'Apply filters' });
        for (const title of rowTitles(s)) {
          await s.click({ role: 'link', name: title });
          await s.click({ role: 'button', name: 'Close issue' });
          // The milestone link in the sidebar leads back to the milestone's open issues.
          await s.click({ role: 'link', name: p.milestone });
        }
      },
    },
  }),

  define<{ projectName: string; label: string; count: number }>(urls, {
    id: 'tracker.count-open-labelled',
    tags: ['info-seeking', 'multi-strategy'],
    maxSteps: 12,
    pick: (st, rng) => {
      const options = st.projects.flatMap((p) =>
        st.labels.map((l) => ({ p, label: l.name, count: openIn(st, p.slug).filter((i) => i.labels.includes(l.name)).length })),
      );
      const o = rng.pick(options.filter((x) => x.count >= 1));
      return { goal: `How many open issues labeled "${o.label}" does ${o.p.name} have?`, path: '/', params: { projectName: o.p.name, label: o.label, count: o.count } };
    },
    oracle: (input, p) => expectCount(input, p.count),
    solvers: {
      'filter-form': async (s, p) => {
        await openProjectIssues(s, p.projectName);
        await s.select({ role: 'combobox', name: 'Label' }, p.label);
        await s.click({ role: 'button', name: 'Apply filters' });
        await s.answer(String(tabCount(s, 'Open')));
      },
      'label-chip': async (s, p) => {
        await s.click({ role: 'link', name: p.projectName });
        await s.click({ role: 'link', name: p.label });
        await s.answer(String(tabCount(s, 'Open')));
      },
    },
  }),

  define<IssueRef & { username: string }>(urls, {
    id: 'tracker.who-is-assigned',
    tags: ['info-seeking', 'multi-strategy'],
    maxSteps: 15,
    pick: (st, rng) => {
      const issue = pickIssue(st, rng, (i) => i.assignee !== null);
      const r = ref(st, issue);
      return { goal: `Who is assigned to the issue "${r.title}" in ${r.projectName}? Answer with the person's full name.`, path: '/', params: { ...r, username: issue.assignee! } };
    },
    oracle: (input, p) => {
      const st = seeded(input.instance.seed);
      return expectPerson(input, userByName(st, p.username), st.users);
    },
    solvers: {
      search: async (s, p) => {
        await searchFor(s, p);
        await s.click({ role: 'link', name: p.title });
        await s.answer(s.find({ role: 'combobox', name: 'Assignee' }).value ?? '');
      },
      'browse-all': async (s, p) => {
        await openProjectIssues(s, p.projectName);
        await s.select({ role: 'combobox', name: 'State' }, 'All');
        await s.click({ role: 'button', name: 'Apply filters' });
        await pageUntilLink(s, p.title);
        await s.click({ role: 'link', name: p.title });
        await s.answer(s.find({ role: 'combobox', name: 'Assignee' }).value ?? '');
      },
    },
  }),

  define<{ projectName: string; title: string; others: string[] }>(urls, {
    id: 'tracker.oldest-open-bug',
    tags: ['info-seeking', 'multi-strategy'],
    maxSteps: 15,
    pick: (st, rng) => {
      const bugsOf = (slug: string) => openIn(st, slug).filter((i) => i.labels.includes('bug')).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      const fitting = st.projects.filter((p) => bugsOf(p.slug).length >= 2);
      const project = rng.pick(fitting.length ? fitting : st.projects.filter((p) => bugsOf(p.slug).length >= 1));
      const bugs = bugsOf(project.slug);
      return {
        goal: `What is the title of the oldest open issue labeled "bug" in ${project.name}?`,
        path: '/',
        params: { projectName: project.name, title: bugs[0]!.title, others: bugs.slice(1).map((b) => b.title) },
      };
    },
    oracle: (input, p) => expectTitle(input, p.title, p.others),
    solvers: {
      'sort-oldest': async (s, p) => {
        await openProjectIssues(s, p.projectName);
        await s.select({ role: 'combobox', name: 'Label' }, 'bug');
        await s.select({ role: 'combobox', name: 'Sort by' }, 'Oldest');
        await s.click({ role: 'button', name: 'Apply filters' });
        await s.answer(rowTitles(s)[0]!);
      },
      'last-page-of-newest': async (s, p) => {
        await openProjectIssues(s, p.projectName);
        await s.select({ role: 'combobox', name: 'Label' }, 'bug');
        await s.click({ role: 'button', name: 'Apply filters' });
        const pages = s.findAll({ role: 'link', name: /^Page \d+$/ }).map((e) => Number(e.name.slice(5)));
        if (pages.length) await s.click({ role: 'link', name: `Page ${Math.max(...pages)}` });
        await s.answer(rowTitles(s).at(-1)!);
      },
    },
  }),

  define<{ username: string }>(urls, {
    id: 'tracker.most-assigned-user',
    tags: ['info-seeking', 'long-horizon'],
    maxSteps: 60,
    pick: (st) => {
      const [top] = [...openWorkload(st).entries()].sort((a, b) => b[1] - a[1]);
      return { goal: 'Across all projects, which person has the most open issues assigned to them? Answer with their full name.', path: '/', params: { username: top![0] } };
    },
    oracle: (input, p) => {
      const st = seeded(input.instance.seed);
      return expectPerson(input, userByName(st, p.username), st.users);
    },
    solvers: {
      'visit-each-person': async (s) => {
        await s.click({ role: 'link', name: 'People' });
        const people = s.findAll({ role: 'link', name: /.+/ }).filter((e) => e.href?.includes('/users/')).map((e) => e.name);
        let best = { name: '', open: -1 };
        for (const name of people) {
          await s.click({ role: 'link', name });
          const open = tabCount(s, 'Open');
          if (open > best.open) best = { name, open };
          await s.back();
        }
        await s.answer(best.name);
      },
    },
  }),

  define<IssueRef & { username: string }>(urls, {
    id: 'tracker.who-closed-issue',
    split: 'heldout',
    tags: ['info-seeking'],
    maxSteps: 15,
    pick: (st, rng) => {
      const issue = pickIssue(st, rng, (i) => i.state === 'closed');
      const closedBy = [...issue.history].reverse().find((h) => h.text === 'closed this issue')!.actor;
      const r = ref(st, issue);
      return { goal: `Who closed the issue "${r.title}" in ${r.projectName}? Answer with the person's full name.`, path: '/', params: { ...r, username: closedBy } };
    },
    oracle: (input, p) => {
      const st = seeded(input.instance.seed);
      return expectPerson(input, userByName(st, p.username), st.users);
    },
    solvers: {
      'history-tab': async (s, p) => {
        await searchHeader(s, p.title, 'closed');
        await s.click({ role: 'link', name: p.title });
        await s.click({ role: 'tab', name: /^History/ });
        // History rows read Who | What | When, newest first: the cell before the first "closed this issue".
        const cells = s.findAll({ role: 'cell', name: /.+/ }).map((e) => e.name);
        const at = cells.indexOf('closed this issue');
        if (at < 1) throw new Error('tracker.who-closed-issue: no "closed this issue" entry in the history tab');
        await s.answer(cells[at - 1]!);
      },
    },
  }),

  define<IssueRef & { ghost: string }>(urls, {
    id: 'tracker.assign-nonexistent-user',
    tags: ['infeasible'],
    maxSteps: 12,
    pick: (st, rng) => {
      const r = ref(st, pickIssue(st, rng, (i) => i.state === 'open'));
      const ghost = rng.pick(PEOPLE.filter((p) => !st.users.some((u) => u.username === p.username))).name;
      return { goal: `Assign the issue "${r.title}" in ${r.projectName} to ${ghost}.`, path: '/', params: { ...r, ghost } };
    },
    oracle: (input) => expectInfeasible(input),
    solvers: {
      'check-assignee-list': async (s, p) => {
        await searchFor(s, p);
        await s.click({ role: 'link', name: p.title });
        const options = s.find({ role: 'combobox', name: 'Assignee' }).options ?? [];
        if (options.includes(p.ghost)) throw new Error(`tracker.assign-nonexistent-user: ${p.ghost} is listed after all`);
        await s.infeasible(`${p.ghost} is not a member of the tracker, so the issue cannot be assigned to them.`);
      },
    },
  }),

  define<IssueRef & { label: string }>(urls, {
    id: 'tracker.add-missing-label',
    split: 'heldout',
    tags: ['infeasible'],
    maxSteps: 12,
    pick: (st, rng) => {
      const r = ref(st, pickIssue(st, rng, () => true));
      const label = rng.pick(MISSING_LABELS);
      return { goal: `Add the label "${label}" to the issue "${r.title}" in ${r.projectName}.`, path: '/', params: { ...r, label } };
    },
    oracle: (input) => expectInfeasible(input),
    solvers: {
      'check-labels-dialog': async (s, p) => {
        await searchFor(s, p);
        await s.click({ role: 'link', name: p.title });
        await s.click({ role: 'button', name: 'Edit labels' });
        if (s.findAll({ role: 'checkbox', name: p.label }).length) throw new Error(`tracker.add-missing-label: label ${p.label} exists after all`);
        await s.infeasible(`There is no "${p.label}" label in the tracker and labels cannot be created here.`);
      },
    },
  }),

  define<{ projectName: string }>(urls, {
    id: 'tracker.delete-project',
    tags: ['infeasible'],
    maxSteps: 10,
    pick: (st, rng) => {
      const project = rng.pick(st.projects);
      return { goal: `Delete the ${project.name} project together with all of its issues.`, path: '/', params: { projectName: project.name } };
    },
    oracle: (input) => expectInfeasible(input),
    solvers: {
      'look-for-delete': async (s, p) => {
        await s.click({ role: 'link', name: 'Projects' });
        await s.click({ role: 'link', name: p.projectName });
        await s.infeasible('The tracker offers no way to delete a project.');
      },
    },
  }),

  define<{ projectName: string; username: string; userName: string; keys: string[] }>(urls, {
    id: 'tracker.triage-unassigned-bugs',
    tags: ['multi-strategy', 'long-horizon'],
    maxSteps: 60,
    pick: (st, rng) => {
      const unassignedBugs = (slug: string) => openIn(st, slug).filter((i) => i.labels.includes('bug') && i.assignee === null);
      const fitting = st.projects.filter((p) => unassignedBugs(p.slug).length >= 2 && unassignedBugs(p.slug).length <= 5);
      const project = rng.pick(fitting.length ? fitting : st.projects.filter((p) => unassignedBugs(p.slug).length >= 1 && unassignedBugs(p.slug).length <= 10));
      const user: User = rng.pick(st.users);
      return {
        goal: `Assign every open, unassigned issue labeled "bug" in ${project.name} to ${user.name}.`,
        path: '/',
        params: { projectName: project.name, username: user.username, userName: user.name, keys: unassignedBugs(project.slug).map(issueKey) },
      };
    },
    oracle: (input, p) => expectExactly(input, p.keys.map((key) => ({ key, field: 'assignee' as const, after: p.username }))),
    solvers: {
      bulk: async (s, p) => {
        await filterUnassignedBugs(s, p.projectName);
        for (const title of rowTitles(s)) await s.check({ role: 'checkbox', name: `Select ${title}` });
        await s.select({ role: 'combobox', name: 'Assign to' }, p.userName);
        await s.click({ role: 'button', name: 'Assign selected' });
      },
      'one-by-one': async (s, p) => {
        await filterUnassignedBugs(s, p.projectName);
        for (const title of rowTitles(s)) {
          await searchHeader(s, title);
          await s.click({ role: 'link', name: title });
          await s.select({ role: 'combobox', name: 'Assignee' }, p.userName);
          await s.click({ role: 'button', name: 'Save assignee' });
        }
      },
    },
  }),
];

async function fillNewIssue(s: SolverContext, p: { title: string; description: string; labels: string[]; userName: string }): Promise<void> {
  await s.fill({ role: 'textbox', name: 'Title' }, p.title);
  await s.fill({ role: 'textbox', name: 'Description' }, p.description);
  for (const label of p.labels) await s.check({ role: 'checkbox', name: label });
  await s.select({ role: 'combobox', name: 'Assignee' }, p.userName);
  await s.click({ role: 'button', name: 'Create issue' });
}

async function filterUnassignedBugs(s: SolverContext, projectName: string): Promise<void> {
  await openProjectIssues(s, projectName);
  await s.select({ role: 'combobox', name: 'Label' }, 'bug');
  await s.select({ role: 'combobox', name: 'Assignee' }, 'Unassigned');
  await s.click({ role: 'button', name: 'Apply filters' });
}
