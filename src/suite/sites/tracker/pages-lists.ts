/**
 * Pages that list things: dashboard, projects, a project's issue list with filters and bulk
 * actions, search, and people.
 * @module
 */
import type { Hono } from 'hono';
import { html } from '../../html.ts';
import type { SafeHtml } from '../../html.ts';
import type { SiteEnv } from '../../site.ts';
import { issueTable, pager } from './issue-table.ts';
import { issuePath, labelChip, layout, personLink } from './layout.ts';
import { addLabel, findIssue, setAssignee, setIssueState } from './mutations.ts';
import { SORT_LABELS, parseIssueQuery, queryString, runIssueQuery, sortIssues } from './queries.ts';
import type { IssueQuery } from './queries.ts';
import type { FlashStore, TrackerContext } from './forms.ts';
import { readForm } from './forms.ts';
import type { Project, TrackerState } from './state.ts';

function flashBlock(flash: ReturnType<FlashStore['take']>): SafeHtml {
  if (!flash) return html``;
  return flash.kind === 'error' ? html`<div class="errors" role="alert">${flash.text}</div>` : html`<div class="flash" role="status">${flash.text}</div>`;
}

function option(value: string, label: string, selected: boolean): SafeHtml {
  return html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
}

function notFound(c: TrackerContext, what: string) {
  return c.html(layout(c.get('state'), 'Not found', html`<h1>Not found</h1><p>${what}</p><p><a href="/projects">Back to projects</a></p>`), 404);
}

function projectIssuesPath(p: Project, q?: IssueQuery, overrides: Partial<IssueQuery> = {}): string {
  const base = `/projects/${p.slug}/issues`;
  return q ? base + queryString(q, overrides) : base;
}

const LIST_SCRIPT = `
const all=document.getElementById('select-all');const boxes=[...document.querySelectorAll('.row-select')];const out=document.getElementById('selected-count');
const sync=()=>{const n=boxes.filter(b=>b.checked).length;out.textContent=n+' selected';all.checked=n>0&&n===boxes.length;};
if(all){all.addEventListener('change',()=>{boxes.forEach(b=>b.checked=all.checked);sync();});boxes.forEach(b=>b.addEventListener('change',sync));}
`;

function projectIssueList(c: TrackerContext, flashes: FlashStore, p: Project) {
  const state = c.get('state');
  const q = parseIssueQuery(c.req.query());
  const result = runIssueQuery(state.issues.filter((i) => i.project === p.slug), q);
  const tabs = html`<nav class="tabs" aria-label="Issue state">
  <a href="${projectIssuesPath(p, q, { state: 'open', page: 1 })}" class="${q.state === 'open' ? 'current' : ''}">Open ${result.openCount}</a>
  <a href="${projectIssuesPath(p, q, { state: 'closed', page: 1 })}" class="${q.state === 'closed' ? 'current' : ''}">Closed ${result.closedCount}</a>
  <a href="${projectIssuesPath(p, q, { state: 'all', page: 1 })}" class="${q.state === 'all' ? 'current' : ''}">All ${result.openCount + result.closedCount}</a>
</nav>`;
  const filters = html`<form class="filters" method="get" action="/projects/${p.slug}/issues" aria-label="Filter issues">
  <div class="field"><label for="f-state">State</label><select id="f-state" name="state">${option('open', 'Open', q.state === 'open')}${option('closed', 'Closed', q.state === 'closed')}${option('all', 'All', q.state === 'all')}</select></div>
  <div class="field"><label for="f-label">Label</label><select id="f-label" name="label">${option('', 'Any label', !q.label)}${state.labels.map((l) => option(l.name, l.name, q.label === l.name))}</select></div>
  <div class="field"><label for="f-assignee">Assignee</label><select id="f-assignee" name="assignee">${option('', 'Anyone', !q.assignee)}${option('none', 'Unassigned', q.assignee === 'none')}${state.users.map((u) => option(u.username, u.name, q.assignee === u.username))}</select></div>
  <div class="field"><label for="f-milestone">Milestone</label><select id="f-milestone" name="milestone">${option('', 'Any milestone', !q.milestone)}${option('none', 'No milestone', q.milestone === 'none')}${p.milestones.map((m) => option(m.title, m.title, q.milestone === m.title))}</select></div>
  <div class="field"><label for="f-text">Text</label><input type="text" id="f-text" name="q" value="${q.text}" placeholder="Filter by text"></div>
  <div class="field"><label for="f-sort">Sort by</label><select id="f-sort" name="sort">${Object.entries(SORT_LABELS).map(([k, v]) => option(k, v, q.sort === k))}</select></div>
  <button type="submit">Apply filters</button> <a href="/projects/${p.slug}/issues">Clear filters</a>
</form>`;
  const bulk = html`<form method="post" action="/projects/${p.slug}/issues/bulk">
<input type="hidden" name="back" value="${queryString(q)}">
<div class="bulk" role="group" aria-label="Bulk actions">
  <label><input type="checkbox" id="select-all"> Select all</label> <span id="selected-count" class="meta">0 selected</span>
  <button type="submit" name="action" value="close">Close selected</button>
  <button type="submit" name="action" value="reopen">Reopen selected</button>
  <label for="b-label">Label to add</label> <select id="b-label" name="label">${option('', 'Choose a label…', true)}${state.labels.map((l) => option(l.name, l.name, false))}</select>
  <button type="submit" name="action" value="label">Add label to selected</button>
  <label for="b-assignee">Assign to</label> <select id="b-assignee" name="assignee">${option('', 'Choose a person…', true)}${option('none', 'Unassigned', false)}${state.users.map((u) => option(u.username, u.name, false))}</select>
  <button type="submit" name="action" value="assign">Assign selected</button>
</div>
${issueTable(state, result.items, { selectable: true, labelHref: (_i, l) => projectIssuesPath(p, q, { label: l, page: 1 }) })}
</form>`;
  const body = html`<div class="crumbs"><a href="/projects">Projects</a> / <a href="/projects/${p.slug}">${p.name}</a> / Issues</div>
<h1>${p.name} issues</h1>
${flashBlock(flashes.take(c))}
<p><a class="btn" href="/issues/new?project=${p.slug}">New issue</a></p>
${filters}${tabs}${bulk}${pager(result, (n) => projectIssuesPath(p, q, { page: n }))}`;
  return c.html(layout(state, `${p.name} issues`, body, LIST_SCRIPT));
}

async function bulkAction(c: TrackerContext, flashes: FlashStore, p: Project) {
  const state = c.get('state');
  const form = await readForm(c);
  const back = form.one('back');
  const target = `/projects/${p.slug}/issues${back.startsWith('?') ? back : ''}`;
  const issues = form.all('ids').map((n) => findIssue(state, p.slug, Number(n))).filter((i) => i !== undefined);
  if (issues.length === 0) {
    flashes.set(c, 'Select at least one issue first.', 'error');
    return c.redirect(target, 303);
  }
  const count = `${issues.length} issue${issues.length === 1 ? '' : 's'}`;
  switch (form.one('action')) {
    case 'close':
      for (const i of issues) setIssueState(state, i, 'closed');
      flashes.set(c, `Closed ${count}.`);
      break;
    case 'reopen':
      for (const i of issues) setIssueState(state, i, 'open');
      flashes.set(c, `Reopened ${count}.`);
      break;
    case 'label': {
      const label = form.one('label');
      if (!state.labels.some((l) => l.name === label)) {
        flashes.set(c, 'Choose a label to add.', 'error');
        break;
      }
      for (const i of issues) addLabel(state, i, label);
      flashes.set(c, `Added label ${label} to ${count}.`);
      break;
    }
    case 'assign': {
      const who = form.one('assignee');
      if (who !== 'none' && !state.users.some((u) => u.username === who)) {
        flashes.set(c, 'Choose a person to assign.', 'error');
        break;
      }
      for (const i of issues) setAssignee(state, i, who === 'none' ? null : who);
      flashes.set(c, `Updated the assignee of ${count}.`);
      break;
    }
    default:
      flashes.set(c, 'Choose an action.', 'error');
  }
  return c.redirect(target, 303);
}

function projectOverview(c: TrackerContext, p: Project) {
  const state = c.get('state');
  const issues = state.issues.filter((i) => i.project === p.slug);
  const open = issues.filter((i) => i.state === 'open');
  const milestones = p.milestones.map((m) => {
    const inM = issues.filter((i) => i.milestone === m.title);
    const openM = inM.filter((i) => i.state === 'open').length;
    return html`<li><a href="/projects/${p.slug}/issues?milestone=${encodeURIComponent(m.title)}">${m.title}</a> <span class="meta">due ${m.due} · ${openM} open, ${inM.length - openM} closed</span></li>`;
  });
  const labels = state.labels.map(
    (l) => html`<li>${labelChip(state.labels, l.name, `/projects/${p.slug}/issues?label=${encodeURIComponent(l.name)}`)} <span class="meta">${l.description}</span></li>`,
  );
  const recent = sortIssues(issues, 'updated').slice(0, 5);
  const body = html`<div class="crumbs"><a href="/projects">Projects</a> / ${p.name}</div>
<h1>${p.name}</h1><p>${p.description}</p>
<p><a class="btn" href="/projects/${p.slug}/issues">Issues</a> <a class="btn" href="/issues/new?project=${p.slug}">New issue</a>
<span class="meta">${open.length} open · ${issues.length - open.length} closed</span></p>
<div class="grid">
<section class="card"><h2>Milestones</h2><ul>${milestones}</ul></section>
<section class="card"><h2>Labels</h2><ul>${labels}</ul></section>
<section class="card"><h2>Recently updated</h2><ul>${recent.map((i) => html`<li><a href="${issuePath(i)}">${i.title}</a> <span class="meta">#${i.number}</span></li>`)}</ul></section>
</div>`;
  return c.html(layout(state, p.name, body));
}

export function registerListPages(app: Hono<SiteEnv<TrackerState>>, flashes: FlashStore): void {
  const projectOf = (c: TrackerContext) => c.get('state').projects.find((p) => p.slug === c.req.param('slug'));

  app.get('/', (c) => {
    const state = c.get('state');
    const mine = sortIssues(state.issues.filter((i) => i.assignee === state.currentUser && i.state === 'open'), 'updated');
    const recent = sortIssues(state.issues, 'updated').slice(0, 8);
    const body = html`<h1>Dashboard</h1>${flashBlock(flashes.take(c))}
<div class="grid">
<section class="card"><h2>Projects</h2><ul>${state.projects.map((p) => html`<li><a href="/projects/${p.slug}">${p.name}</a></li>`)}</ul></section>
<section class="card"><h2>Assigned to you</h2>${mine.length ? html`<ul>${mine.slice(0, 8).map((i) => html`<li><a href="${issuePath(i)}">${i.title}</a> <span class="meta">#${i.number}</span></li>`)}</ul>` : html`<p class="meta">Nothing assigned to you.</p>`}
<p><a href="/users/${state.currentUser}">All your issues</a></p></section>
<section class="card"><h2>Recent activity</h2><ul>${recent.map((i) => html`<li><a href="${issuePath(i)}">${i.title}</a> <span class="meta">#${i.number}</span></li>`)}</ul></section>
</div>`;
    return c.html(layout(state, 'Dashboard', body));
  });

  app.get('/projects', (c) => {
    const state = c.get('state');
    const cards = state.projects.map((p) => {
      const issues = state.issues.filter((i) => i.project === p.slug);
      const open = issues.filter((i) => i.state === 'open').length;
      return html`<article class="card"><h2><a href="/projects/${p.slug}">${p.name}</a></h2><p>${p.description}</p><p class="meta">${open} open issues · ${p.milestones.length} milestones</p></article>`;
    });
    return c.html(layout(state, 'Projects', html`<h1>Projects</h1><div class="grid">${cards}</div>`));
  });

  app.get('/projects/:slug', (c) => {
    const p = projectOf(c);
    return p ? projectOverview(c, p) : notFound(c, 'There is no such project.');
  });

  app.get('/projects/:slug/issues', (c) => {
    const p = projectOf(c);
    return p ? projectIssueList(c, flashes, p) : notFound(c, 'There is no such project.');
  });

  app.post('/projects/:slug/issues/bulk', async (c) => {
    const p = projectOf(c);
    return p ? bulkAction(c, flashes, p) : notFound(c, 'There is no such project.');
  });

  app.get('/search', (c) => {
    const state = c.get('state');
    const q = parseIssueQuery(c.req.query());
    const result = q.text ? runIssueQuery(state.issues, q) : undefined;
    const href = (overrides: Partial<IssueQuery>) => `/search${queryString(q, overrides)}`;
    const body = html`<h1>Search</h1>
<form method="get" action="/search" class="filters" aria-label="Search">
  <div class="field"><label for="s-text">Search text</label><input type="text" id="s-text" name="q" value="${q.text}"></div>
  <div class="field"><label for="s-state">State</label><select id="s-state" name="state">${option('open', 'Open', q.state === 'open')}${option('closed', 'Closed', q.state === 'closed')}${option('all', 'All', q.state === 'all')}</select></div>
  <button type="submit">Search</button>
</form>
${result
  ? html`<nav class="tabs" aria-label="Issue state"><a href="${href({ state: 'open', page: 1 })}" class="${q.state === 'open' ? 'current' : ''}">Open ${result.openCount}</a><a href="${href({ state: 'closed', page: 1 })}" class="${q.state === 'closed' ? 'current' : ''}">Closed ${result.closedCount}</a><a href="${href({ state: 'all', page: 1 })}" class="${q.state === 'all' ? 'current' : ''}">All ${result.openCount + result.closedCount}</a></nav>
<p class="meta">Results for “${q.text}” across all projects</p>
${issueTable(state, result.items, { showProject: true })}${pager(result, (n) => href({ page: n }))}`
  : html`<p class="meta">Type some words from an issue's title or description.</p>`}`;
    return c.html(layout(state, q.text ? `Search: ${q.text}` : 'Search', body));
  });

  app.get('/users', (c) => {
    const state = c.get('state');
    const rows = [...state.users]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((u) => html`<tr><td>${personLink(state, u.username)}</td><td class="meta">@${u.username}</td><td>${u.role}</td></tr>`);
    return c.html(layout(state, 'People', html`<h1>People</h1><table class="issues"><thead><tr><th>Name</th><th>Username</th><th>Role</th></tr></thead><tbody>${rows}</tbody></table>`));
  });

  app.get('/users/:username', (c) => {
    const state = c.get('state');
    const user = state.users.find((u) => u.username === c.req.param('username'));
    if (!user) return notFound(c, 'There is no such person.');
    const q = parseIssueQuery(c.req.query());
    const result = runIssueQuery(state.issues.filter((i) => i.assignee === user.username), { ...q, label: '', assignee: '', milestone: '', text: '' });
    const href = (overrides: Partial<IssueQuery>) => `/users/${user.username}${queryString(q, overrides)}`;
    const body = html`<div class="crumbs"><a href="/users">People</a> / ${user.name}</div>
<h1>${user.name}</h1><p class="meta">@${user.username} · ${user.role}</p>
<h2>Assigned issues</h2>
<nav class="tabs" aria-label="Issue state"><a href="${href({ state: 'open', page: 1 })}" class="${q.state === 'open' ? 'current' : ''}">Open ${result.openCount}</a><a href="${href({ state: 'closed', page: 1 })}" class="${q.state === 'closed' ? 'current' : ''}">Closed ${result.closedCount}</a></nav>
${issueTable(state, result.items, { showProject: true })}${pager(result, (n) => href({ page: n }))}`;
    return c.html(layout(state, user.name, body));
  });
}
