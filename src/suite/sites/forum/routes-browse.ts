/**
 * The forum's read-only pages: post lists, subforums, a post with its comments, search,
 * members and profiles.
 * @module
 */
import type { Context, Hono } from 'hono';
import { html, raw } from '../../html.ts';
import type { SafeHtml } from '../../html.ts';
import type { SiteEnv } from '../../site.ts';
import type { ForumState } from './state.ts';
import { commentsBy, findForum, findPost, findUser, listPosts, PAGE_SIZE, POST_SORTS, postsBy, postScore, searchPosts, subscriberCount, TOP_RANGES } from './queries.ts';
import type { PostSort, TopRange } from './queries.ts';
import { commentTree, forumSide, layout, paginate, plural, postPath, postRow, sortControls, subscribeButton, timeAgo, voteButtons } from './views.ts';
import type { CommentFormError } from './views.ts';

type C = Context<SiteEnv<ForumState>>;

function currentPath(c: C): string {
  const url = new URL(c.req.url);
  return url.pathname + url.search;
}

function withQuery(path: string, params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export function notFound(c: C, what: string): Response | Promise<Response> {
  const content = html`<div class="card"><h1>Page not found</h1><p>${what}</p><p><a href="/">Back to all posts</a></p></div>`;
  return c.html(layout(c.get('state'), { title: 'Not found', content }), 404);
}

function postList(c: C, forum: string | undefined): { controls: SafeHtml; rows: SafeHtml; nav: SafeHtml } {
  const state = c.get('state');
  const sortText = c.req.query('sort');
  const sort: PostSort = POST_SORTS.includes(sortText as PostSort) ? (sortText as PostSort) : 'hot';
  const rangeText = c.req.query('t');
  const range: TopRange = TOP_RANGES.some((r) => r.value === rangeText) ? (rangeText as TopRange) : 'all';
  const base = forum ? `/f/${forum}` : '/';
  const posts = listPosts(state, { forum, sort, range });
  const paged = paginate(posts, c.req.query('page'), PAGE_SIZE, (n) => withQuery(base, { sort: sort === 'hot' ? undefined : sort, t: sort === 'top' && range !== 'all' ? range : undefined, page: String(n) }));
  const next = currentPath(c);
  return {
    controls: sortControls(base, sort, range),
    rows: paged.items.length ? html`${paged.items.map((p) => postRow(state, p, next))}` : html`<p class="card">No posts here yet.</p>`,
    nav: paged.nav,
  };
}

/** Render a post page, optionally with a failed comment form reopened. */
export function renderPost(c: C, postId: number, error?: CommentFormError, status: 200 | 400 = 200): Response | Promise<Response> {
  const state = c.get('state');
  const post = findPost(state, postId);
  if (!post || post.forum !== c.req.param('forum')) return notFound(c, 'This post does not exist or was deleted.');
  const v = voteButtons(state, `p${post.id}`, postPath(post));
  const mine = post.author === state.me;
  const owner = mine
    ? html`<p class="c-actions"><a href="${postPath(post)}/edit">Edit</a> <button type="button" class="secondary" data-opens="delete-dialog">Delete</button></p>
      <dialog id="delete-dialog" aria-labelledby="delete-title"><h2 id="delete-title">Delete this post?</h2><p>“${post.title}” and its comments will be removed. This cannot be undone.</p>
        <form method="post" action="${postPath(post)}/delete"><button class="primary">Yes, delete</button> <button type="button" class="secondary" data-closes>Cancel</button></form></dialog>`
    : '';
  const content = html`<article class="post-row">
      <div class="votes">${v.up}<span class="score">${postScore(state, post)}</span>${v.down}</div>
      <div style="flex:1"><h1 style="margin:0 0 4px;font-size:22px">${post.title}</h1>
        <p class="meta">Submitted ${timeAgo(state, post.createdAt)} by <a href="/u/${post.author}">${post.author}</a> to <a href="/f/${post.forum}">f/${post.forum}</a>${post.editedAt ? html` · edited ${timeAgo(state, post.editedAt)}` : ''}</p>
        <div class="post-body">${post.body.split(/\n{2,}/).map((para) => html`<p>${para}</p>`)}</div>
        ${owner}
      </div>
    </article>
    ${commentTree(state, post, error)}`;
  const f = findForum(state, post.forum)!;
  return c.html(layout(state, { title: post.title, content, side: forumSide(state, f.name, postPath(post), subscriberCount(state, f)) }), status);
}

export function browseRoutes(app: Hono<SiteEnv<ForumState>>): void {
  app.get('/', (c) => {
    const state = c.get('state');
    const list = postList(c, undefined);
    const content = html`<h1 style="margin-top:0">All posts</h1>${list.controls}${list.rows}${list.nav}`;
    const subs = state.subscriptions.map((name) => html`<li><a href="/f/${name}">f/${name}</a></li>`);
    const side = html`<h2>Your subscriptions</h2>${subs.length ? html`<ul>${subs}</ul>` : html`<p>You are not subscribed to any subforums yet.</p>`}<p><a href="/subforums">Browse all subforums</a></p><p><a href="/submit">Create a post</a></p>`;
    return c.html(layout(state, { title: 'All posts', content, side }));
  });

  app.get('/subforums', (c) => {
    const state = c.get('state');
    const rows = [...state.subforums]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((f) => html`<tr><td><a href="/f/${f.name}">f/${f.name}</a></td><td>${f.description}</td><td>${subscriberCount(state, f).toLocaleString('en-US')}</td><td>${subscribeButton(state, f.name, '/subforums')}</td></tr>`);
    const content = html`<h1 style="margin-top:0">Subforums</h1><table><thead><tr><th scope="col">Subforum</th><th scope="col">Description</th><th scope="col">Subscribers</th><th scope="col"><span style="position:absolute;left:-9999px">Subscription</span></th></tr></thead><tbody>${rows}</tbody></table>`;
    return c.html(layout(state, { title: 'Subforums', content }));
  });

  app.get('/f/:forum', (c) => {
    const state = c.get('state');
    const f = findForum(state, c.req.param('forum'));
    if (!f) return notFound(c, `There is no subforum called f/${c.req.param('forum')}.`);
    const list = postList(c, f.name);
    const content = html`<div class="card"><h1 style="margin:0">${f.title}</h1><p class="meta">f/${f.name}</p></div>${list.controls}${list.rows}${list.nav}`;
    return c.html(layout(state, { title: f.title, content, side: forumSide(state, f.name, currentPath(c), subscriberCount(state, f)) }));
  });

  app.get('/f/:forum/:id{[0-9]+}', (c) => renderPost(c, Number(c.req.param('id'))));

  app.get('/search', (c) => {
    const state = c.get('state');
    const q = (c.req.query('q') ?? '').trim();
    const forumText = c.req.query('forum') ?? '';
    const forum = findForum(state, forumText)?.name;
    const results = q ? searchPosts(state, q, forum) : [];
    const paged = paginate(results, c.req.query('page'), PAGE_SIZE, (n) => withQuery('/search', { q, forum, page: String(n) }));
    const options = [...state.subforums].sort((a, b) => a.name.localeCompare(b.name)).map((f) => html`<option value="${f.name}"${raw(f.name === forum ? ' selected' : '')}>f/${f.name}</option>`);
    const next = currentPath(c);
    const content = html`<h1 style="margin-top:0">Search</h1>
      <form class="card" method="get" action="/search">
        <label for="search-q">Keywords</label><input type="text" id="search-q" name="q" value="${q}">
        <label for="search-forum">Subforum</label><select id="search-forum" name="forum"><option value="">All subforums</option>${options}</select>
        <button class="primary">Search</button>
      </form>
      ${q ? html`<p>${plural(results.length, 'result')} for “${q}”${forum ? html` in f/${forum}` : ''}</p>` : html`<p>Enter keywords to search post titles and text.</p>`}
      ${paged.items.map((p) => postRow(state, p, next))}${paged.nav}`;
    return c.html(layout(state, { title: q ? `Search: ${q}` : 'Search', content, query: q }));
  });

  app.get('/users', (c) => {
    const state = c.get('state');
    const users = [...state.users].sort((a, b) => a.username.localeCompare(b.username));
    const paged = paginate(users, c.req.query('page'), PAGE_SIZE, (n) => `/users?page=${n}`);
    const rows = paged.items.map((u) => html`<tr><td><a href="/u/${u.username}">${u.username}</a></td><td>${u.displayName}</td><td>${timeAgo(state, u.joinedAt)}</td><td>${postsBy(state, u.username).length}</td></tr>`);
    const content = html`<h1 style="margin-top:0">Members</h1><table><thead><tr><th scope="col">Username</th><th scope="col">Name</th><th scope="col">Joined</th><th scope="col">Posts</th></tr></thead><tbody>${rows}</tbody></table>${paged.nav}`;
    return c.html(layout(state, { title: 'Members', content }));
  });

  app.get('/u/:username', (c) => {
    const state = c.get('state');
    const user = findUser(state, c.req.param('username'));
    if (!user) return notFound(c, `There is no member called ${c.req.param('username')}.`);
    const posts = postsBy(state, user.username);
    const comments = commentsBy(state, user.username);
    const next = currentPath(c);
    const karma = posts.reduce((sum, p) => sum + postScore(state, p), 0);
    const commentItems = comments.map((cm) => {
      const p = findPost(state, cm.postId)!;
      return html`<li class="card"><p class="meta">On <a href="${postPath(p)}#c${cm.id}">${p.title}</a> in <a href="/f/${p.forum}">f/${p.forum}</a> · ${plural(cm.score + (state.votes[`c${cm.id}`] ?? 0), 'point')} · ${timeAgo(state, cm.createdAt)}</p><p>${cm.body}</p></li>`;
    });
    const content = html`<div class="card"><h1 style="margin:0">${user.displayName}</h1><p class="meta">u/${user.username} · joined ${timeAgo(state, user.joinedAt)} · ${plural(karma, 'post point')}</p>${user.bio ? html`<p>${user.bio}</p>` : ''}${user.username === state.me ? html`<p><a href="/settings">Edit profile</a></p>` : ''}</div>
      <div role="tablist" aria-label="Profile sections">
        <button type="button" role="tab" id="tab-posts" aria-controls="panel-posts" aria-selected="true">Posts</button>
        <button type="button" role="tab" id="tab-comments" aria-controls="panel-comments" aria-selected="false" tabindex="-1">Comments</button>
      </div>
      <div role="tabpanel" id="panel-posts" aria-labelledby="tab-posts">${posts.length ? posts.map((p) => postRow(state, p, next)) : html`<p>No posts yet.</p>`}</div>
      <div role="tabpanel" id="panel-comments" aria-labelledby="tab-comments" hidden>${comments.length ? html`<ul style="list-style:none;padding:0">${commentItems}</ul>` : html`<p>No comments yet.</p>`}</div>`;
    return c.html(layout(state, { title: `${user.displayName} (u/${user.username})`, content }));
  });
}
