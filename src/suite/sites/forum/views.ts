/**
 * The forum's shared page parts: layout, post rows, vote controls, paging, sort tabs and the
 * nested comment tree.
 * @module
 */
import { html, page, raw } from '../../html.ts';
import type { SafeHtml } from '../../html.ts';
import type { Comment, ForumState, Post } from './state.ts';
import { ageMs, childComments, commentCount, commentScore, findUser, POST_SORTS, postScore, TOP_RANGES } from './queries.ts';
import type { PostSort, TopRange } from './queries.ts';

export const SITE_TITLE = 'Threadhub';

const CSS = `
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,sans-serif;background:#eef0f3;color:#1c1c1c}
a{color:#0b57a4;text-decoration:none}a:hover{text-decoration:underline}
.top{display:flex;gap:18px;align-items:center;background:#fff;border-bottom:1px solid #d5d8dc;padding:8px 20px;flex-wrap:wrap}
.brand{font-weight:700;font-size:19px;color:#c43c00}.top nav a{margin-right:12px}
.top form{flex:1;min-width:200px}.top input[type=search]{width:100%;max-width:380px;padding:6px 10px;border:1px solid #c4c7cc;border-radius:16px}
.account a{margin-left:10px}
main{max-width:1100px;margin:18px auto;padding:0 16px;display:flex;gap:20px;align-items:flex-start}
.content{flex:1;min-width:0}.side{width:290px;background:#fff;border:1px solid #d5d8dc;border-radius:6px;padding:12px 16px}
.card{background:#fff;border:1px solid #d5d8dc;border-radius:6px;padding:12px 16px;margin-bottom:12px}
.flash{background:#e7f6e7;border:1px solid #9bd19b;padding:8px 12px;border-radius:6px;margin-bottom:12px}
.errors{background:#fdecea;border:1px solid #f3a39a;padding:8px 12px;border-radius:6px;margin-bottom:12px}
.post-row{display:flex;gap:12px;background:#fff;border:1px solid #d5d8dc;border-radius:6px;padding:8px 12px;margin-bottom:8px}
.post-row h3{margin:0 0 2px;font-size:16px}.meta{color:#6a6d72;font-size:13px;margin:0}
.votes{display:flex;flex-direction:column;align-items:center;min-width:52px}.votes form{margin:0}
.votes button,.c-actions button.vote{background:none;border:0;cursor:pointer;font-size:16px;color:#8a8d91;padding:0 4px}
.votes button[aria-pressed=true].up,.c-actions button[aria-pressed=true].up{color:#e8590c}
.votes button[aria-pressed=true].down,.c-actions button[aria-pressed=true].down{color:#5b6ee1}
.score{font-weight:600;font-size:13px}
.sorts{display:flex;gap:8px;align-items:center;margin-bottom:10px}.sorts a{padding:4px 10px;border-radius:14px;background:#fff;border:1px solid #d5d8dc}
.sorts a[aria-current=page]{background:#1c1c1c;color:#fff}
.pager{display:flex;gap:14px;align-items:center;margin:12px 0}
label{display:block;font-weight:600;margin:10px 0 4px}input[type=text],textarea,select{width:100%;padding:7px;border:1px solid #c4c7cc;border-radius:4px;font:inherit}
textarea{min-height:110px}button.primary{background:#c43c00;color:#fff;border:0;border-radius:16px;padding:7px 16px;font-weight:600;cursor:pointer;margin-top:10px}
button.secondary{background:#fff;border:1px solid #c4c7cc;border-radius:16px;padding:6px 14px;cursor:pointer}
.thread{list-style:none;padding-left:18px;border-left:2px solid #e1e3e6;margin:6px 0}#comments>.thread{padding-left:0;border:0}
.comment{margin:8px 0}.c-head{font-size:13px;color:#6a6d72}.c-head a{font-weight:600}.c-body p{margin:4px 0}
.c-actions{display:flex;gap:8px;align-items:center;font-size:13px}.c-actions button{background:none;border:0;color:#6a6d72;cursor:pointer}
.collapse{background:none;border:0;color:#6a6d72;cursor:pointer;font-family:monospace}
.comment.collapsed>.c-body{display:none}
.reply-form textarea{min-height:70px}
table{width:100%;border-collapse:collapse;background:#fff}th,td{text-align:left;padding:8px;border-bottom:1px solid #e1e3e6}
[role=tablist]{display:flex;gap:6px;border-bottom:1px solid #d5d8dc;margin:12px 0}[role=tab]{background:none;border:0;padding:8px 12px;cursor:pointer;font:inherit}
[role=tab][aria-selected=true]{border-bottom:3px solid #c43c00;font-weight:600}
dialog{border:1px solid #d5d8dc;border-radius:8px;padding:20px;max-width:420px}dialog::backdrop{background:rgba(0,0,0,.4)}
`;

// Collapsing threads, inline reply forms, profile tabs, the delete dialog and auto-submitting selects.
const SCRIPT = `
document.addEventListener('click', function (e) {
  var t = e.target.closest('button'); if (!t) return;
  if (t.classList.contains('collapse')) {
    var li = t.closest('.comment'); var collapsed = li.classList.toggle('collapsed');
    t.setAttribute('aria-expanded', String(!collapsed)); t.setAttribute('aria-label', collapsed ? 'Expand thread' : 'Collapse thread');
    t.textContent = collapsed ? '[+]' : '[\\u2013]';
  } else if (t.classList.contains('reply-toggle')) {
    var f = t.closest('.c-body').querySelector(':scope > .reply-form'); var open = f.hidden;
    f.hidden = !open; t.setAttribute('aria-expanded', String(open)); if (open) f.querySelector('textarea').focus();
  } else if (t.classList.contains('reply-cancel')) {
    var form = t.closest('.reply-form'); form.hidden = true;
    form.closest('.c-body').querySelector('.reply-toggle').setAttribute('aria-expanded', 'false');
  } else if (t.getAttribute('role') === 'tab') {
    t.parentElement.querySelectorAll('[role=tab]').forEach(function (x) {
      var on = x === t; x.setAttribute('aria-selected', String(on)); x.tabIndex = on ? 0 : -1;
      document.getElementById(x.getAttribute('aria-controls')).hidden = !on;
    });
  } else if (t.dataset.opens) {
    document.getElementById(t.dataset.opens).showModal();
  } else if (t.dataset.closes !== undefined) {
    t.closest('dialog').close();
  }
});
document.querySelectorAll('select[data-autosubmit]').forEach(function (s) {
  s.addEventListener('change', function () { s.form.submit(); });
});
`;

/** The full page: header with navigation, search and the member's links, then content and sidebar. */
export function layout(state: ForumState, options: { title: string; content: SafeHtml; side?: SafeHtml; query?: string }): string {
  const me = findUser(state, state.me)!;
  const flash = state.flash;
  state.flash = undefined;
  const header = html`<header class="top">
    <a class="brand" href="/">${SITE_TITLE}</a>
    <nav aria-label="Main"><a href="/">All posts</a><a href="/subforums">Subforums</a><a href="/users">Members</a><a href="/submit">New post</a></nav>
    <form role="search" action="/search" method="get"><input type="search" name="q" aria-label="Search posts" placeholder="Search posts" value="${options.query ?? ''}"></form>
    <div class="account">Logged in as <a href="/u/${me.username}">${me.username}</a><a href="/settings">Settings</a></div>
  </header>`;
  const body = html`<div class="content">${flash ? html`<div class="flash" role="status">${flash}</div>` : ''}${options.content}</div>${options.side ? html`<aside class="side">${options.side}</aside>` : ''}`;
  return page({ title: `${options.title} - ${SITE_TITLE}`, css: CSS, header, body, script: SCRIPT });
}

/** "3 hours ago" relative to the site's clock, with the exact time as a tooltip. */
export function timeAgo(state: ForumState, iso: string): SafeHtml {
  const minutes = Math.max(0, Math.floor(ageMs(state, iso) / 60_000));
  const [n, unit] =
    minutes < 60 ? [minutes, 'minute'] : minutes < 1440 ? [Math.floor(minutes / 60), 'hour'] : minutes < 43_200 ? [Math.floor(minutes / 1440), 'day'] : minutes < 525_600 ? [Math.floor(minutes / 43_200), 'month'] : [Math.floor(minutes / 525_600), 'year'];
  const text = n === 0 ? 'just now' : `${n} ${unit}${n === 1 ? '' : 's'} ago`;
  return html`<time datetime="${iso}" title="${iso.slice(0, 16).replace('T', ' ')} UTC">${text}</time>`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function postPath(post: Post): string {
  return `/f/${post.forum}/${post.id}`;
}

/** Up/down vote buttons for a post (`p<id>`) or comment (`c<id>`); submitting toggles. */
export function voteButtons(state: ForumState, key: string, next: string): { up: SafeHtml; down: SafeHtml } {
  const vote = state.votes[key];
  const button = (dir: 'up' | 'down') => html`<form method="post" action="/vote"><input type="hidden" name="target" value="${key}"><input type="hidden" name="dir" value="${dir}"><input type="hidden" name="next" value="${next}"><button class="${dir}${key.startsWith('c') ? ' vote' : ''}" aria-label="${dir === 'up' ? 'Upvote' : 'Downvote'}" aria-pressed="${String(vote === (dir === 'up' ? 1 : -1))}">${dir === 'up' ? '▲' : '▼'}</button></form>`;
  return { up: button('up'), down: button('down') };
}

/** One post in a list. */
export function postRow(state: ForumState, post: Post, next: string): SafeHtml {
  const v = voteButtons(state, `p${post.id}`, next);
  const n = commentCount(state, post.id);
  return html`<article class="post-row">
    <div class="votes">${v.up}<span class="score">${postScore(state, post)}</span>${v.down}</div>
    <div><h3><a href="${postPath(post)}">${post.title}</a></h3>
      <p class="meta">Submitted ${timeAgo(state, post.createdAt)} by <a href="/u/${post.author}">${post.author}</a> to <a href="/f/${post.forum}">f/${post.forum}</a></p>
      <p class="meta"><a href="${postPath(post)}#comments">${plural(n, 'comment')}</a></p></div>
  </article>`;
}

/** A page of a list and its Previous/Next links; `href(n)` builds the URL of page n. */
export function paginate<T>(items: readonly T[], pageText: string | undefined, pageSize: number, href: (n: number) => string): { items: T[]; nav: SafeHtml } {
  const pages = Math.max(1, Math.ceil(items.length / pageSize));
  const requested = Number.parseInt(pageText ?? '1', 10);
  const n = Number.isFinite(requested) ? Math.min(Math.max(requested, 1), pages) : 1;
  const nav = pages === 1 ? html`` : html`<nav class="pager" aria-label="Pagination">${n > 1 ? html`<a href="${href(n - 1)}" rel="prev">Previous</a>` : ''}<span>Page ${n} of ${pages}</span>${n < pages ? html`<a href="${href(n + 1)}" rel="next">Next</a>` : ''}</nav>`;
  return { items: items.slice((n - 1) * pageSize, n * pageSize), nav };
}

/** Hot/New/Top links, plus the time-range select when sorting by top. */
export function sortControls(base: string, sort: PostSort, range: TopRange): SafeHtml {
  const label: Record<PostSort, string> = { hot: 'Hot', new: 'New', top: 'Top' };
  const links = POST_SORTS.map((s) => html`<a href="${base}?sort=${s}"${raw(s === sort ? ' aria-current="page"' : '')}>${label[s]}</a>`);
  const rangeForm =
    sort === 'top'
      ? html`<form method="get" action="${base}"><input type="hidden" name="sort" value="top"><label for="range" style="display:inline;margin:0 6px 0 12px">Time range</label><select id="range" name="t" data-autosubmit style="width:auto">${TOP_RANGES.map((r) => html`<option value="${r.value}"${raw(r.value === range ? ' selected' : '')}>${r.label}</option>`)}</select></form>`
      : '';
  return html`<nav class="sorts" aria-label="Sort posts">${links}${rangeForm}</nav>`;
}

/** What to re-show after a failed comment submission. */
export interface CommentFormError {
  /** Parent comment id, or null for the top-level form. */
  parentId: number | null;
  message: string;
}

/** The nested comment tree of a post. */
export function commentTree(state: ForumState, post: Post, error?: CommentFormError): SafeHtml {
  const next = postPath(post);
  const render = (c: Comment): SafeHtml => {
    const v = voteButtons(state, `c${c.id}`, `${next}#c${c.id}`);
    const children = childComments(state, post.id, c.id);
    const formError = error && error.parentId === c.id ? error : undefined;
    return html`<li class="comment" id="c${c.id}">
      <div class="c-head"><button type="button" class="collapse" aria-expanded="true" aria-label="Collapse thread">[–]</button> <a href="/u/${c.author}">${c.author}</a> · ${plural(commentScore(state, c), 'point')} · ${timeAgo(state, c.createdAt)}</div>
      <div class="c-body"><p>${c.body}</p>
        <div class="c-actions">${v.up}${v.down}<button type="button" class="reply-toggle" aria-expanded="${String(Boolean(formError))}">Reply</button></div>
        <form class="reply-form" method="post" action="${next}/comment"${raw(formError ? '' : ' hidden')}>
          <input type="hidden" name="parent" value="${c.id}">
          ${formError ? html`<p class="errors" role="alert">${formError.message}</p>` : ''}
          <label for="reply-${c.id}">Reply to ${c.author}</label><textarea id="reply-${c.id}" name="body"></textarea>
          <button class="primary">Post reply</button> <button type="button" class="secondary reply-cancel">Cancel</button>
        </form>
        ${children.length ? html`<ul class="thread">${children.map(render)}</ul>` : ''}
      </div>
    </li>`;
  };
  const top = childComments(state, post.id, null);
  const n = commentCount(state, post.id);
  const topError = error && error.parentId === null ? error : undefined;
  return html`<section id="comments" class="card" aria-labelledby="comments-heading">
    <h2 id="comments-heading">${plural(n, 'comment')}</h2>
    <form method="post" action="${next}/comment">
      ${topError ? html`<p class="errors" role="alert">${topError.message}</p>` : ''}
      <label for="new-comment">Add a comment</label><textarea id="new-comment" name="body"></textarea>
      <button class="primary">Post comment</button>
    </form>
    ${top.length ? html`<ul class="thread">${top.map(render)}</ul>` : html`<p>No comments yet. Be the first to share your thoughts.</p>`}
  </section>`;
}

/** Sidebar about a subforum, with its subscribe button. */
export function forumSide(state: ForumState, name: string, next: string, subscribers: number): SafeHtml {
  const f = state.subforums.find((x) => x.name === name)!;
  return html`<h2><a href="/f/${f.name}">f/${f.name}</a></h2><p>${f.description}</p><p>${subscribers.toLocaleString('en-US')} ${subscribers === 1 ? 'subscriber' : 'subscribers'}</p>
    ${subscribeButton(state, f.name, next)}
    <p><a href="/f/${f.name}/submit">Submit a post</a></p>`;
}

export function subscribeButton(state: ForumState, name: string, next: string): SafeHtml {
  const on = state.subscriptions.includes(name);
  return html`<form method="post" action="/f/${name}/${on ? 'unsubscribe' : 'subscribe'}"><input type="hidden" name="next" value="${next}"><button class="secondary">${on ? 'Unsubscribe' : 'Subscribe'}</button></form>`;
}
