/**
 * The forum's forms and their handlers: voting, commenting, creating, editing and deleting
 * posts, subscriptions and the member's settings. Every write redirects (POST-redirect-GET);
 * invalid input re-renders the form with its errors.
 * @module
 */
import type { Context, Hono } from 'hono';
import { html, raw } from '../../html.ts';
import type { SafeHtml } from '../../html.ts';
import type { SiteEnv } from '../../site.ts';
import { tick } from './state.ts';
import type { ForumState, Post } from './state.ts';
import { findForum, findPost, findUser } from './queries.ts';
import { layout, postPath } from './views.ts';
import { notFound, renderPost } from './routes-browse.ts';

type C = Context<SiteEnv<ForumState>>;

export const TITLE_MIN = 5;
export const TITLE_MAX = 200;
export const BODY_MAX = 5000;
export const COMMENT_MAX = 2000;
export const DISPLAY_NAME_MAX = 40;
export const BIO_MAX = 300;

async function form(c: C): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  // Browsers submit textarea line breaks as CRLF; store plain LF like a real backend would.
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v.replace(/\r\n?/g, '\n');
  return out;
}

/** Redirect targets come from hidden fields; only same-site paths are followed. */
function safeNext(next: string | undefined, fallback: string): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : fallback;
}

function forbidden(c: C, message: string): Response | Promise<Response> {
  const content = html`<div class="card"><h1>Not allowed</h1><p>${message}</p><p><a href="/">Back to all posts</a></p></div>`;
  return c.html(layout(c.get('state'), { title: 'Not allowed', content }), 403);
}

interface PostFormValues {
  forum: string;
  title: string;
  body: string;
}

function validatePost(state: ForumState, values: PostFormValues, withForum: boolean): string[] {
  const errors: string[] = [];
  if (withForum && !findForum(state, values.forum)) errors.push('Choose a subforum to post in.');
  const title = values.title.trim();
  if (!title) errors.push('Title is required.');
  else if (title.length < TITLE_MIN) errors.push(`Title must be at least ${TITLE_MIN} characters.`);
  else if (title.length > TITLE_MAX) errors.push(`Title must be at most ${TITLE_MAX} characters.`);
  if (values.body.length > BODY_MAX) errors.push(`Body must be at most ${BODY_MAX} characters.`);
  return errors;
}

function errorList(errors: string[]): SafeHtml | string {
  return errors.length ? html`<div class="errors" role="alert"><p style="margin:0 0 4px">Please fix the following:</p><ul>${errors.map((e) => html`<li>${e}</li>`)}</ul></div>` : '';
}

function postForm(c: C, options: { heading: string; action: string; values: PostFormValues; errors: string[]; submit: string; withForum: boolean; cancel?: string }): Response | Promise<Response> {
  const state = c.get('state');
  const { values } = options;
  const forumField = options.withForum
    ? html`<label for="post-forum">Subforum</label><select id="post-forum" name="forum"><option value="">Choose a subforum</option>${[...state.subforums]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((f) => html`<option value="${f.name}"${raw(f.name === values.forum ? ' selected' : '')}>f/${f.name}</option>`)}</select>`
    : '';
  const content = html`<div class="card"><h1 style="margin-top:0">${options.heading}</h1>${errorList(options.errors)}
    <form method="post" action="${options.action}" novalidate>
      ${forumField}
      <label for="post-title">Title</label><input type="text" id="post-title" name="title" value="${values.title}" maxlength="${TITLE_MAX}">
      <label for="post-body">Body</label><textarea id="post-body" name="body">${values.body}</textarea>
      <button class="primary">${options.submit}</button>${options.cancel ? html` <a href="${options.cancel}">Cancel</a>` : ''}
    </form></div>`;
  return c.html(layout(state, { title: options.heading, content }), options.errors.length ? 400 : 200);
}

function ownPost(c: C): Post | undefined {
  const post = findPost(c.get('state'), Number(c.req.param('id')));
  return post && post.forum === c.req.param('forum') ? post : undefined;
}

function settingsPage(c: C, values: { displayName: string; bio: string }, errors: string[]): Response | Promise<Response> {
  const content = html`<div class="card"><h1 style="margin-top:0">Settings</h1>${errorList(errors)}
    <form method="post" action="/settings" novalidate>
      <label for="display-name">Display name</label><input type="text" id="display-name" name="displayName" value="${values.displayName}">
      <label for="bio">Bio</label><textarea id="bio" name="bio" aria-describedby="bio-help">${values.bio}</textarea>
      <p id="bio-help" class="meta">Shown on your profile. Up to ${BIO_MAX} characters.</p>
      <button class="primary">Save settings</button>
    </form></div>`;
  return c.html(layout(c.get('state'), { title: 'Settings', content }), errors.length ? 400 : 200);
}

export function writeRoutes(app: Hono<SiteEnv<ForumState>>): void {
  app.post('/vote', async (c) => {
    const state = c.get('state');
    const f = await form(c);
    const match = /^([pc])(\d+)$/.exec(f.target ?? '');
    const exists = match && (match[1] === 'p' ? state.posts.some((p) => p.id === Number(match[2])) : state.comments.some((cm) => cm.id === Number(match[2])));
    if (!match || !exists || (f.dir !== 'up' && f.dir !== 'down')) return c.text('Bad vote', 400);
    const key = f.target!;
    const wanted = f.dir === 'up' ? 1 : -1;
    if (state.votes[key] === wanted) delete state.votes[key];
    else state.votes[key] = wanted;
    return c.redirect(safeNext(f.next, '/'), 303);
  });

  app.post('/f/:forum/:id{[0-9]+}/comment', async (c) => {
    const state = c.get('state');
    const post = ownPost(c);
    if (!post) return notFound(c, 'This post does not exist or was deleted.');
    const f = await form(c);
    const parentId = f.parent ? Number(f.parent) : null;
    if (parentId !== null && !state.comments.some((cm) => cm.id === parentId && cm.postId === post.id)) return c.text('Bad parent comment', 400);
    const body = (f.body ?? '').trim();
    const message = !body ? 'Comment cannot be empty.' : body.length > COMMENT_MAX ? `Comment must be at most ${COMMENT_MAX} characters.` : undefined;
    if (message) return renderPost(c, post.id, { parentId, message }, 400);
    const id = state.nextCommentId++;
    state.comments.push({ id, postId: post.id, parentId, author: state.me, body, createdAt: tick(state), score: 1 });
    return c.redirect(`${postPath(post)}#c${id}`, 303);
  });

  const blank = { forum: '', title: '', body: '' };
  app.get('/submit', (c) => postForm(c, { heading: 'Create a post', action: '/submit', values: blank, errors: [], submit: 'Create post', withForum: true }));
  app.get('/f/:forum/submit', (c) => {
    const f = findForum(c.get('state'), c.req.param('forum'));
    if (!f) return notFound(c, `There is no subforum called f/${c.req.param('forum')}.`);
    return postForm(c, { heading: 'Create a post', action: '/submit', values: { ...blank, forum: f.name }, errors: [], submit: 'Create post', withForum: true, cancel: `/f/${f.name}` });
  });
  app.post('/submit', async (c) => {
    const state = c.get('state');
    const f = await form(c);
    const values = { forum: f.forum ?? '', title: f.title ?? '', body: f.body ?? '' };
    const errors = validatePost(state, values, true);
    if (errors.length) return postForm(c, { heading: 'Create a post', action: '/submit', values, errors, submit: 'Create post', withForum: true });
    const post: Post = { id: state.nextPostId++, forum: values.forum, author: state.me, title: values.title.trim(), body: values.body.trim(), subject: '', createdAt: tick(state), score: 1 };
    state.posts.push(post);
    return c.redirect(postPath(post), 303);
  });

  app.get('/f/:forum/:id{[0-9]+}/edit', (c) => {
    const state = c.get('state');
    const post = ownPost(c);
    if (!post) return notFound(c, 'This post does not exist or was deleted.');
    if (post.author !== state.me) return forbidden(c, 'You can only edit your own posts.');
    return postForm(c, { heading: 'Edit post', action: `${postPath(post)}/edit`, values: post, errors: [], submit: 'Save changes', withForum: false, cancel: postPath(post) });
  });
  app.post('/f/:forum/:id{[0-9]+}/edit', async (c) => {
    const state = c.get('state');
    const post = ownPost(c);
    if (!post) return notFound(c, 'This post does not exist or was deleted.');
    if (post.author !== state.me) return forbidden(c, 'You can only edit your own posts.');
    const f = await form(c);
    const values = { forum: post.forum, title: f.title ?? '', body: f.body ?? '' };
    const errors = validatePost(state, values, false);
    if (errors.length) return postForm(c, { heading: 'Edit post', action: `${postPath(post)}/edit`, values, errors, submit: 'Save changes', withForum: false, cancel: postPath(post) });
    const title = values.title.trim();
    const body = values.body.trim();
    if (title !== post.title || body !== post.body) {
      post.title = title;
      post.body = body;
      post.editedAt = tick(state);
    }
    return c.redirect(postPath(post), 303);
  });

  app.post('/f/:forum/:id{[0-9]+}/delete', (c) => {
    const state = c.get('state');
    const post = ownPost(c);
    if (!post) return notFound(c, 'This post does not exist or was deleted.');
    if (post.author !== state.me) return forbidden(c, 'You can only delete your own posts.');
    state.posts.splice(state.posts.indexOf(post), 1);
    state.flash = `Your post “${post.title}” was deleted.`;
    return c.redirect(`/f/${post.forum}`, 303);
  });

  for (const action of ['subscribe', 'unsubscribe'] as const) {
    app.post(`/f/:forum/${action}`, async (c) => {
      const state = c.get('state');
      const forum = findForum(state, c.req.param('forum'));
      if (!forum) return notFound(c, `There is no subforum called f/${c.req.param('forum')}.`);
      const f = await form(c);
      const on = state.subscriptions.includes(forum.name);
      if (action === 'subscribe' && !on) state.subscriptions.push(forum.name);
      if (action === 'unsubscribe' && on) state.subscriptions.splice(state.subscriptions.indexOf(forum.name), 1);
      state.flash = action === 'subscribe' ? `You are now subscribed to f/${forum.name}.` : `You have unsubscribed from f/${forum.name}.`;
      return c.redirect(safeNext(f.next, `/f/${forum.name}`), 303);
    });
  }

  app.get('/settings', (c) => {
    const me = findUser(c.get('state'), c.get('state').me)!;
    return settingsPage(c, me, []);
  });
  app.post('/settings', async (c) => {
    const state = c.get('state');
    const me = findUser(state, state.me)!;
    const f = await form(c);
    const values = { displayName: (f.displayName ?? '').trim(), bio: (f.bio ?? '').trim() };
    const errors: string[] = [];
    if (!values.displayName) errors.push('Display name is required.');
    else if (values.displayName.length > DISPLAY_NAME_MAX) errors.push(`Display name must be at most ${DISPLAY_NAME_MAX} characters.`);
    if (values.bio.length > BIO_MAX) errors.push(`Bio must be at most ${BIO_MAX} characters.`);
    if (errors.length) return settingsPage(c, { displayName: f.displayName ?? '', bio: f.bio ?? '' }, errors);
    me.displayName = values.displayName;
    me.bio = values.bio;
    state.flash = 'Your settings have been saved.';
    return c.redirect('/settings', 303);
  });
}
