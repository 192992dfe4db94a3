/**
 * Pages about one issue: detail (comments and history tabs, sidebar with assignee, labels dialog,
 * milestone, close/reopen), edit form and the new-issue form, with their handlers.
 * @module
 */
import type { Hono } from 'hono';
import { html } from '../../html.ts';
import type { SafeHtml } from '../../html.ts';
import type { SiteEnv } from '../../site.ts';
import { readForm } from './forms.ts';
import type { FlashStore, TrackerContext } from './forms.ts';
import { formatDate, formatDateTime, issuePath, labelChip, layout, personLink, stateBadge } from './layout.ts';
import { addComment, createIssue, editIssue, findIssue, removeLabel, setAssignee, setIssueState, setLabels, setMilestone } from './mutations.ts';
import { nameOf } from './state.ts';
import type { Issue, Project, TrackerState } from './state.ts';

const TITLE_MAX = 200;

function option(value: string, label: string, selected: boolean, extra?: SafeHtml): SafeHtml {
  return html`<option value="${value}"${selected ? html` selected` : ''}${extra ?? ''}>${label}</option>`;
}

function errorList(errors: readonly string[]): SafeHtml {
  return errors.length ? html`<div class="errors" role="alert"><strong>Please fix the following:</strong><ul>${errors.map((e) => html`<li>${e}</li>`)}</ul></div>` : html``;
}

const DETAIL_SCRIPT = `
document.querySelectorAll('[role=tab]').forEach((tab)=>tab.addEventListener('click',()=>{
  document.querySelectorAll('[role=tab]').forEach((t)=>{const on=t===tab;t.setAttribute('aria-selected',String(on));t.tabIndex=on?0:-1;document.getElementById(t.getAttribute('aria-controls')).hidden=!on;});
}));
const dlg=document.getElementById('labels-dialog');
document.getElementById('open-labels').addEventListener('click',()=>dlg.showModal());
document.getElementById('cancel-labels').addEventListener('click',()=>dlg.close());
`;

interface DetailExtras {
  commentError?: string;
  commentDraft?: string;
}

function detailPage(c: TrackerContext, flashes: FlashStore, p: Project, issue: Issue, extras: DetailExtras = {}) {
  const state = c.get('state');
  const flash = flashes.take(c);
  const base = issuePath(issue);
  const comments = issue.comments.map(
    (cm) => html`<article class="card comment"><header><strong>${nameOf(state.users, cm.author)}</strong> commented on ${formatDateTime(cm.createdAt)}</header><p>${cm.body}</p></article>`,
  );
  const history = [...issue.history]
    .reverse()
    .map((h) => html`<tr><td>${nameOf(state.users, h.actor)}</td><td>${h.text}</td><td class="meta">${formatDateTime(h.at)}</td></tr>`);
  const body = html`<div class="crumbs"><a href="/projects">Projects</a> / <a href="/projects/${p.slug}">${p.name}</a> / <a href="/projects/${p.slug}/issues">Issues</a> / #${issue.number}</div>
${flash ? (flash.kind === 'error' ? html`<div class="errors" role="alert">${flash.text}</div>` : html`<div class="flash" role="status">${flash.text}</div>`) : ''}
<h1>${issue.title} <span class="meta">#${issue.number}</span></h1>
<p>${stateBadge(issue)} <span class="meta">Opened ${formatDate(issue.createdAt)} by ${nameOf(state.users, issue.author)}</span></p>
<div style="display:flex;gap:8px;margin:8px 0"><a class="btn" href="${base}/edit">Edit</a>
<form method="post" action="${base}/state"><input type="hidden" name="to" value="${issue.state === 'open' ? 'closed' : 'open'}">
<button type="submit" class="${issue.state === 'open' ? 'danger' : 'primary'}">${issue.state === 'open' ? 'Close issue' : 'Reopen issue'}</button></form></div>
<div class="layout">
<div>
  <section class="card"><h2 class="sr-only">Description</h2><p>${issue.description || html`<span class="meta">No description provided.</span>`}</p></section>
  <div class="tabs" role="tablist" aria-label="Activity">
    <button type="button" role="tab" id="tab-comments" aria-controls="panel-comments" aria-selected="true">Comments (${issue.comments.length})</button>
    <button type="button" role="tab" id="tab-history" aria-controls="panel-history" aria-selected="false" tabindex="-1">History (${issue.history.length})</button>
  </div>
  <section role="tabpanel" id="panel-comments" aria-labelledby="tab-comments">
    ${comments.length ? comments : html`<p class="meta">No comments yet.</p>`}
    <form method="post" action="${base}/comments" class="stack">
      ${extras.commentError ? html`<p class="error" role="alert">${extras.commentError}</p>` : ''}
      <label for="comment-body">Add a comment</label><textarea id="comment-body" name="body">${extras.commentDraft ?? ''}</textarea>
      <div><button type="submit" class="primary">Comment</button></div>
    </form>
  </section>
  <section role="tabpanel" id="panel-history" aria-labelledby="tab-history" hidden>
    <table class="issues"><thead><tr><th>Who</th><th>What</th><th>When</th></tr></thead><tbody>${history}</tbody></table>
  </section>
</div>
<aside>
  <section><h3>Assignee</h3>
    <p>${issue.assignee ? personLink(state, issue.assignee) : html`<span class="meta">No one</span>`}</p>
    <form method="post" action="${base}/assignee"><label class="sr-only" for="assignee-select">Assignee</label>
      <select id="assignee-select" name="assignee">${option('', 'Unassigned', issue.assignee === null)}${state.users.map((u) => option(u.username, u.name, issue.assignee === u.username))}</select>
      <button type="submit">Save assignee</button></form>
  </section>
  <section><h3>Labels</h3>
    <ul style="list-style:none;padding:0;margin:0 0 6px">${issue.labels.map(
      (l) => html`<li>${labelChip(state.labels, l, `/projects/${p.slug}/issues?label=${encodeURIComponent(l)}`)}<form method="post" action="${base}/labels/remove" style="display:inline"><input type="hidden" name="label" value="${l}"><button type="submit" aria-label="Remove label ${l}">×</button></form></li>`,
    )}</ul>
    ${issue.labels.length ? '' : html`<p class="meta">None</p>`}
    <button type="button" id="open-labels">Edit labels</button>
  </section>
  <section><h3>Milestone</h3>
    <p>${issue.milestone ? html`<a href="/projects/${p.slug}/issues?milestone=${encodeURIComponent(issue.milestone)}">${issue.milestone}</a>` : html`<span class="meta">None</span>`}</p>
    <form method="post" action="${base}/milestone"><label class="sr-only" for="milestone-select">Milestone</label>
      <select id="milestone-select" name="milestone">${option('', 'No milestone', issue.milestone === null)}${p.milestones.map((m) => option(m.title, m.title, issue.milestone === m.title))}</select>
      <button type="submit">Save milestone</button></form>
  </section>
  <section><h3>Details</h3><p class="meta">Created ${formatDateTime(issue.createdAt)}<br>Updated ${formatDateTime(issue.updatedAt)}</p></section>
</aside>
</div>
<dialog id="labels-dialog" aria-labelledby="labels-dialog-title">
  <h2 id="labels-dialog-title">Edit labels</h2>
  <form method="post" action="${base}/labels">
    <fieldset><legend class="sr-only">Labels</legend>${state.labels.map(
      (l) => html`<label><input type="checkbox" name="labels" value="${l.name}"${issue.labels.includes(l.name) ? html` checked` : ''}> ${l.name}</label>`,
    )}</fieldset>
    <p><button type="submit" class="primary">Apply labels</button> <button type="button" id="cancel-labels">Cancel</button></p>
  </form>
</dialog>`;
  return c.html(layout(state, `${issue.title} · ${p.name}`, body, DETAIL_SCRIPT), extras.commentError ? 422 : 200);
}

interface EditValues {
  title: string;
  description: string;
}

function editPage(c: TrackerContext, p: Project, issue: Issue, values: EditValues, errors: string[]) {
  const body = html`<div class="crumbs"><a href="/projects">Projects</a> / <a href="/projects/${p.slug}">${p.name}</a> / <a href="${issuePath(issue)}">#${issue.number}</a> / Edit</div>
<h1>Edit issue #${issue.number}</h1>${errorList(errors)}
<form method="post" action="${issuePath(issue)}/edit" class="stack">
  <label for="edit-title">Title</label><input type="text" id="edit-title" name="title" value="${values.title}" maxlength="${TITLE_MAX + 50}">
  <label for="edit-description">Description</label><textarea id="edit-description" name="description">${values.description}</textarea>
  <div><button type="submit" class="primary">Save changes</button> <a href="${issuePath(issue)}">Cancel</a></div>
</form>`;
  return c.html(layout(c.get('state'), `Edit #${issue.number}`, body), errors.length ? 422 : 200);
}

interface NewValues {
  project: string;
  title: string;
  description: string;
  labels: string[];
  assignee: string;
  milestone: string;
}

const NEW_SCRIPT = `
const proj=document.getElementById('project-select');const ms=document.getElementById('milestone-select');
const syncMilestones=()=>{[...ms.options].forEach(o=>{if(!o.value)return;const ok=o.dataset.project===proj.value;o.hidden=!ok;o.disabled=!ok;if(!ok&&o.selected)ms.value='';});};
proj.addEventListener('change',syncMilestones);syncMilestones();
`;

function newIssuePage(c: TrackerContext, values: NewValues, errors: string[]) {
  const state = c.get('state');
  const body = html`<h1>New issue</h1>${errorList(errors)}
<form method="post" action="/issues/new" class="stack">
  <label for="project-select">Project</label>
  <select id="project-select" name="project">${option('', 'Choose a project…', !values.project)}${state.projects.map((p) => option(p.slug, p.name, values.project === p.slug))}</select>
  <label for="new-title">Title</label><input type="text" id="new-title" name="title" value="${values.title}">
  <label for="new-description">Description</label><textarea id="new-description" name="description">${values.description}</textarea>
  <fieldset class="labels"><legend>Labels</legend>${state.labels.map(
    (l) => html`<label><input type="checkbox" name="labels" value="${l.name}"${values.labels.includes(l.name) ? html` checked` : ''}> ${l.name}</label>`,
  )}</fieldset>
  <label for="new-assignee">Assignee</label><select id="new-assignee" name="assignee">${option('', 'Unassigned', !values.assignee)}${state.users.map((u) => option(u.username, u.name, values.assignee === u.username))}</select>
  <label for="milestone-select">Milestone</label>
  <select id="milestone-select" name="milestone">${option('', 'No milestone', !values.milestone)}${state.projects.flatMap((p) =>
    p.milestones.map((m) => option(m.title, m.title, values.milestone === m.title && values.project === p.slug, html` data-project="${p.slug}"`)),
  )}</select>
  <div><button type="submit" class="primary">Create issue</button> <a href="/projects">Cancel</a></div>
</form>`;
  return c.html(layout(state, 'New issue', body, NEW_SCRIPT), errors.length ? 422 : 200);
}

export function registerIssuePages(app: Hono<SiteEnv<TrackerState>>, flashes: FlashStore): void {
  const notFound = (c: TrackerContext) =>
    c.html(layout(c.get('state'), 'Not found', html`<h1>Not found</h1><p>There is no such issue.</p><p><a href="/projects">Back to projects</a></p>`), 404);
  const resolve = (c: TrackerContext): { p: Project; issue: Issue } | undefined => {
    const state = c.get('state');
    const p = state.projects.find((x) => x.slug === c.req.param('slug'));
    const issue = p ? findIssue(state, p.slug, Number(c.req.param('number'))) : undefined;
    return p && issue ? { p, issue } : undefined;
  };
  const ISSUE = '/projects/:slug/issues/:number{[0-9]+}';

  app.get(ISSUE, (c) => {
    const r = resolve(c);
    return r ? detailPage(c, flashes, r.p, r.issue) : notFound(c);
  });

  app.post(`${ISSUE}/state`, async (c) => {
    const r = resolve(c);
    if (!r) return notFound(c);
    const to = (await readForm(c)).one('to');
    if (to === 'open' || to === 'closed') {
      setIssueState(c.get('state'), r.issue, to);
      flashes.set(c, to === 'closed' ? 'Issue closed.' : 'Issue reopened.');
    }
    return c.redirect(issuePath(r.issue), 303);
  });

  app.post(`${ISSUE}/assignee`, async (c) => {
    const r = resolve(c);
    if (!r) return notFound(c);
    const state = c.get('state');
    const who = (await readForm(c)).one('assignee');
    if (who && !state.users.some((u) => u.username === who)) {
      flashes.set(c, 'That person is not a member of this project.', 'error');
    } else {
      setAssignee(state, r.issue, who || null);
      flashes.set(c, who ? `Assigned to ${nameOf(state.users, who)}.` : 'Assignee removed.');
    }
    return c.redirect(issuePath(r.issue), 303);
  });

  app.post(`${ISSUE}/milestone`, async (c) => {
    const r = resolve(c);
    if (!r) return notFound(c);
    const m = (await readForm(c)).one('milestone');
    if (m && !r.p.milestones.some((x) => x.title === m)) {
      flashes.set(c, 'That milestone does not belong to this project.', 'error');
    } else {
      setMilestone(c.get('state'), r.issue, m || null);
      flashes.set(c, m ? `Milestone set to ${m}.` : 'Milestone removed.');
    }
    return c.redirect(issuePath(r.issue), 303);
  });

  app.post(`${ISSUE}/labels`, async (c) => {
    const r = resolve(c);
    if (!r) return notFound(c);
    const state = c.get('state');
    const wanted = (await readForm(c)).all('labels').filter((l) => state.labels.some((x) => x.name === l));
    setLabels(state, r.issue, wanted);
    flashes.set(c, 'Labels updated.');
    return c.redirect(issuePath(r.issue), 303);
  });

  app.post(`${ISSUE}/labels/remove`, async (c) => {
    const r = resolve(c);
    if (!r) return notFound(c);
    const label = (await readForm(c)).one('label');
    removeLabel(c.get('state'), r.issue, label);
    flashes.set(c, `Removed label ${label}.`);
    return c.redirect(issuePath(r.issue), 303);
  });

  app.post(`${ISSUE}/comments`, async (c) => {
    const r = resolve(c);
    if (!r) return notFound(c);
    const text = (await readForm(c)).one('body').trim();
    if (!text) return detailPage(c, flashes, r.p, r.issue, { commentError: 'Comment cannot be empty.' });
    addComment(c.get('state'), r.issue, text);
    flashes.set(c, 'Comment added.');
    return c.redirect(issuePath(r.issue), 303);
  });

  app.get(`${ISSUE}/edit`, (c) => {
    const r = resolve(c);
    return r ? editPage(c, r.p, r.issue, { title: r.issue.title, description: r.issue.description }, []) : notFound(c);
  });

  app.post(`${ISSUE}/edit`, async (c) => {
    const r = resolve(c);
    if (!r) return notFound(c);
    const form = await readForm(c);
    const values = { title: form.one('title').trim(), description: form.one('description').trim() };
    const errors: string[] = [];
    if (!values.title) errors.push('Title is required.');
    if (values.title.length > TITLE_MAX) errors.push(`Title is too long (at most ${TITLE_MAX} characters).`);
    if (errors.length) return editPage(c, r.p, r.issue, values, errors);
    editIssue(c.get('state'), r.issue, values.title, values.description);
    flashes.set(c, 'Issue updated.');
    return c.redirect(issuePath(r.issue), 303);
  });

  app.get('/issues/new', (c) => {
    const project = c.req.query('project') ?? '';
    const known = c.get('state').projects.some((p) => p.slug === project);
    return newIssuePage(c, { project: known ? project : '', title: '', description: '', labels: [], assignee: '', milestone: '' }, []);
  });

  app.post('/issues/new', async (c) => {
    const state = c.get('state');
    const form = await readForm(c);
    const values: NewValues = {
      project: form.one('project'),
      title: form.one('title').trim(),
      description: form.one('description').trim(),
      labels: form.all('labels').filter((l) => state.labels.some((x) => x.name === l)),
      assignee: form.one('assignee'),
      milestone: form.one('milestone'),
    };
    const project = state.projects.find((p) => p.slug === values.project);
    const errors: string[] = [];
    if (!project) errors.push('Choose a project.');
    if (!values.title) errors.push('Title is required.');
    if (values.title.length > TITLE_MAX) errors.push(`Title is too long (at most ${TITLE_MAX} characters).`);
    if (values.assignee && !state.users.some((u) => u.username === values.assignee)) errors.push('Choose an assignee from the list.');
    if (values.milestone && project && !project.milestones.some((m) => m.title === values.milestone)) errors.push(`Milestone ${values.milestone} does not belong to ${project.name}.`);
    if (errors.length || !project) return newIssuePage(c, values, errors);
    const issue = createIssue(state, {
      project: project.slug,
      title: values.title,
      description: values.description,
      labels: values.labels,
      assignee: values.assignee || null,
      milestone: values.milestone || null,
    });
    flashes.set(c, `Issue #${issue.number} created.`);
    return c.redirect(issuePath(issue), 303);
  });
}
