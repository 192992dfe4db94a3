import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { BrowserRuntime, WebEnv } from '../../src/env/index.ts';
import type { ContextLease, OracleInput, Trajectory } from '../../src/env/index.ts';
import { serveSites } from '../../src/suite/server.ts';
import type { ServedSites } from '../../src/suite/server.ts';
import { runSolver } from '../../src/suite/solver-context.ts';
import { forumSite, seedForumState } from '../../src/suite/sites/forum/index.ts';
import type { ForumState, Post } from '../../src/suite/sites/forum/index.ts';
import { childComments, commentCount, listPosts, postsBy } from '../../src/suite/sites/forum/queries.ts';
import { forumTemplates } from '../../src/suite/tasks/forum.ts';
import type { TaskTemplate } from '../../src/suite/template.ts';

let served: ServedSites;
let url: string;
let runtime: BrowserRuntime;
let templates: TaskTemplate[];
const leases: ContextLease[] = [];

beforeAll(async () => {
  served = await serveSites([forumSite]);
  url = served.sites[0]!.url;
  templates = forumTemplates({ shop: 'http://127.0.0.1:9', forum: url, tracker: 'http://127.0.0.1:9' });
  runtime = new BrowserRuntime({ executablePath: '/usr/lib/chromium/chromium-headless-shell' });
});

afterAll(async () => {
  for (const lease of leases) await lease.release();
  await runtime?.close();
  await served?.close();
});

async function newContext(): Promise<BrowserContext> {
  const lease = await runtime.acquire();
  leases.push(lease);
  // The machine is shared; a form post plus redirect can take seconds under load.
  lease.context.setDefaultTimeout(30_000);
  return lease.context;
}

async function probe(context: BrowserContext): Promise<{ seed: number; state: ForumState }> {
  return (await context.request.get(`${url}/__coregym/probe`)).json();
}

async function openAt(context: BrowserContext, seed: number, path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${url}/__coregym/reset?seed=${seed}&next=${encodeURIComponent(path)}`);
  return page;
}

const postPath = (p: Post) => `/f/${p.forum}/${p.id}`;
const template = (id: string) => templates.find((t) => t.id === id)!;
const probeOf = (st: ForumState) => JSON.parse(JSON.stringify(st)) as ForumState;

describe('forum seeded state', () => {
  it('builds the same state for the same seed and different posts, scores and comments for another', () => {
    expect(JSON.stringify(seedForumState(11))).toBe(JSON.stringify(seedForumState(11)));
    const a = seedForumState(11);
    const b = seedForumState(12);
    expect(a.posts.map((p) => p.title)).not.toEqual(b.posts.map((p) => p.title));
    expect(a.posts.map((p) => p.score)).not.toEqual(b.posts.map((p) => p.score));
    expect(a.comments.map((c) => c.body)).not.toEqual(b.comments.map((c) => c.body));
  });

  it.each([0, 1, 77, 2 ** 31 - 1, 1_234_567_890])('seeds eight subforums, ~150 posts and nested comments for seed %i', (seed) => {
    const st = seedForumState(seed);
    expect(st.subforums).toHaveLength(8);
    expect(st.users.length).toBeGreaterThanOrEqual(30);
    expect(st.posts.length).toBeGreaterThanOrEqual(130);
    expect(st.posts.length).toBeLessThanOrEqual(170);
    expect(new Set(st.posts.map((p) => p.title)).size).toBe(st.posts.length);
    expect(new Set(st.subforums.map((f) => f.subscribers)).size).toBe(8);
    const mine = postsBy(st, st.me);
    expect(mine.length).toBeGreaterThanOrEqual(5);
    for (const p of mine) expect(commentCount(st, p.id)).toBeGreaterThan(0);
    const byId = new Map(st.comments.map((c) => [c.id, c]));
    const depth = (id: number): number => (byId.get(id)!.parentId === null ? 0 : 1 + depth(byId.get(id)!.parentId!));
    expect(Math.max(...st.comments.map((c) => depth(c.id)))).toBeGreaterThanOrEqual(2);
    for (const c of st.comments) if (c.parentId !== null) expect(byId.get(c.parentId)!.postId).toBe(c.postId);
  });
});

describe('forum sessions', () => {
  it('reset restores the seeded state exactly, and another seed gives another state', async () => {
    const context = await newContext();
    const page = await openAt(context, 5, '/');
    const first = await probe(context);
    expect(first.seed).toBe(5);
    expect(first.state).toEqual(probeOf(seedForumState(5)));
    await page.getByRole('button', { name: 'Upvote' }).first().click();
    await page.waitForLoadState();
    expect((await probe(context)).state).not.toEqual(first.state);
    await page.goto(`${url}/__coregym/reset?seed=5&next=/`);
    expect(await probe(context)).toEqual(first);
    await page.goto(`${url}/__coregym/reset?seed=6&next=/`);
    expect((await probe(context)).state).not.toEqual(first.state);
    await page.close();
  });

  it('keeps four browser contexts mutating in parallel apart', async () => {
    const contexts = await Promise.all([0, 1, 2, 3].map(() => newContext()));
    const seed = 9;
    const st = seedForumState(seed);
    const targets = st.posts.filter((p) => p.author !== st.me && st.votes[`p${p.id}`] === undefined).slice(0, 4);
    await Promise.all(
      contexts.map(async (context, k) => {
        const page = await openAt(context, seed, postPath(targets[k]!));
        await page.getByRole('button', { name: 'Upvote' }).first().click();
        await page.getByRole('textbox', { name: 'Add a comment' }).fill(`Comment from context ${k}`);
        await page.getByRole('button', { name: 'Post comment' }).click();
        await page.waitForURL(/#c\d+$/);
        await page.close();
      }),
    );
    for (const [k, context] of contexts.entries()) {
      const { state } = await probe(context);
      const changed = targets.filter((p) => state.votes[`p${p.id}`] === 1).map((p) => p.id);
      expect(changed).toEqual([targets[k]!.id]);
      const added = state.comments.slice(st.comments.length);
      expect(added.map((c) => [c.postId, c.body])).toEqual([[targets[k]!.id, `Comment from context ${k}`]]);
    }
  });
});

describe('forum pages', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await newContext();
  });

  it('rejects an empty new post with messages, then creates it in the chosen subforum', async () => {
    const page = await openAt(context, 3, '/submit');
    await page.getByRole('button', { name: 'Create post' }).click();
    const alert = page.getByRole('alert');
    await expect(alert.textContent()).resolves.toContain('Choose a subforum to post in.');
    await expect(alert.textContent()).resolves.toContain('Title is required.');
    await page.getByRole('textbox', { name: 'Title' }).fill('Hey');
    await page.getByRole('textbox', { name: 'Body' }).fill('Kept after the error');
    await page.getByRole('button', { name: 'Create post' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Title must be at least 5 characters.');
    expect(await page.getByRole('textbox', { name: 'Body' }).inputValue()).toBe('Kept after the error');
    await page.getByRole('combobox', { name: 'Subforum' }).selectOption({ label: 'f/books' });
    await page.getByRole('textbox', { name: 'Title' }).fill('Short story collections worth reading');
    await page.getByRole('button', { name: 'Create post' }).click();
    await page.waitForURL(/\/f\/books\/\d+$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Short story collections worth reading');
    const { state } = await probe(context);
    expect(state.posts.at(-1)).toMatchObject({ forum: 'books', author: state.me, title: 'Short story collections worth reading', body: 'Kept after the error' });
    await page.close();
  });

  it('pages through a subforum and filters the top sort to the past week', async () => {
    const seed = 4;
    const st = seedForumState(seed);
    const forum = st.subforums.find((f) => st.posts.filter((p) => p.forum === f.name).length > 20)!.name;
    const page = await openAt(context, seed, `/f/${forum}?sort=new`);
    const titles = async () => page.locator('article h3 a').allTextContents();
    const first = await titles();
    expect(first).toHaveLength(20);
    expect(await page.getByText('Page 1 of 2').count()).toBe(1);
    await page.getByRole('link', { name: 'Next' }).click();
    const second = await titles();
    expect([...first, ...second]).toEqual(listPosts(st, { forum, sort: 'new' }).map((p) => p.title));
    await page.getByRole('link', { name: 'Top' }).click();
    await page.getByRole('combobox', { name: 'Time range' }).selectOption({ label: 'Past week' });
    await page.waitForURL(/t=week/);
    expect(await titles()).toEqual(listPosts(st, { forum, sort: 'top', range: 'week' }).map((p) => p.title));
    await page.close();
  });

  it('deletes an own post only after the confirmation dialog, and Cancel keeps it', async () => {
    const seed = 8;
    const st = seedForumState(seed);
    const mine = postsBy(st, st.me)[0]!;
    const page = await openAt(context, seed, postPath(mine));
    const dialog = page.getByRole('dialog', { name: 'Delete this post?' });
    expect(await dialog.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Delete' }).click();
    expect(await dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await dialog.isVisible()).toBe(false);
    expect((await probe(context)).state.posts.some((p) => p.id === mine.id)).toBe(true);
    await page.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Yes, delete' }).click();
    await page.waitForURL(`${url}/f/${mine.forum}`);
    expect(await page.getByRole('status').textContent()).toContain('was deleted');
    expect((await probe(context)).state.posts.some((p) => p.id === mine.id)).toBe(false);
    await page.close();
  });

  it('replies to a comment through its inline form and collapses a thread', async () => {
    const seed = 2;
    const st = seedForumState(seed);
    const post = st.posts.find((p) => childComments(st, p.id, null).some((c) => childComments(st, p.id, c.id).length > 0))!;
    const parent = childComments(st, post.id, null).find((c) => childComments(st, post.id, c.id).length > 0)!;
    const child = childComments(st, post.id, parent.id)[0]!;
    const page = await openAt(context, seed, postPath(post));
    const item = page.locator(`#c${parent.id}`);
    expect(await page.getByRole('button', { name: 'Post reply' }).count()).toBe(0);
    await item.getByRole('button', { name: 'Reply' }).first().click();
    await page.getByRole('textbox', { name: `Reply to ${parent.author}` }).fill('   ');
    await page.getByRole('button', { name: 'Post reply' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('Comment cannot be empty.');
    await page.getByRole('textbox', { name: `Reply to ${parent.author}` }).fill('Nested reply from the test');
    await page.getByRole('button', { name: 'Post reply' }).click();
    await page.waitForURL(/#c\d+$/);
    const added = (await probe(context)).state.comments.at(-1)!;
    expect(added).toMatchObject({ postId: post.id, parentId: parent.id, body: 'Nested reply from the test' });
    expect(await page.locator(`#c${parent.id} #c${added.id}`).count()).toBe(1);

    const childText = page.locator(`#c${child.id} > .c-body > p`).first();
    expect(await childText.isVisible()).toBe(true);
    const toggle = page.locator(`#c${parent.id} > .c-head`).getByRole('button', { name: 'Collapse thread' });
    await toggle.click();
    expect(await childText.isVisible()).toBe(false);
    expect(await page.locator(`#c${parent.id} > .c-head button`).getAttribute('aria-expanded')).toBe('false');
    await page.locator(`#c${parent.id} > .c-head`).getByRole('button', { name: 'Expand thread' }).click();
    expect(await childText.isVisible()).toBe(true);
    await page.close();
  });

  it('toggles votes: up, up again to clear, then down', async () => {
    const seed = 6;
    const st = seedForumState(seed);
    const post = st.posts.find((p) => p.author !== st.me && st.votes[`p${p.id}`] === undefined)!;
    const page = await openAt(context, seed, postPath(post));
    const score = () => page.locator('article .score').first().textContent();
    const up = page.getByRole('button', { name: 'Upvote' }).first();
    expect(await score()).toBe(String(post.score));
    await up.click();
    await page.waitForLoadState();
    expect(await score()).toBe(String(post.score + 1));
    expect(await page.getByRole('button', { name: 'Upvote' }).first().getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: 'Upvote' }).first().click();
    await page.waitForLoadState();
    expect(await score()).toBe(String(post.score));
    await page.getByRole('button', { name: 'Downvote' }).first().click();
    await page.waitForLoadState();
    expect(await score()).toBe(String(post.score - 1));
    expect((await probe(context)).state.votes[`p${post.id}`]).toBe(-1);
    await page.close();
  });

  it('searches post text within one subforum', async () => {
    const seed = 1;
    const st = seedForumState(seed);
    const subject = st.posts[0]!.subject;
    const page = await openAt(context, seed, '/');
    await page.getByRole('searchbox', { name: 'Search posts' }).fill(subject);
    await page.getByRole('searchbox', { name: 'Search posts' }).press('Enter');
    await page.waitForURL(/\/search\?/);
    const all = await page.locator('article h3 a').allTextContents();
    await page.getByRole('combobox', { name: 'Subforum' }).selectOption({ label: `f/${st.posts[0]!.forum}` });
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/forum=/);
    const filtered = await page.locator('article h3 a').allTextContents();
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.length).toBeLessThanOrEqual(all.length);
    const inForum = st.posts.filter((p) => p.forum === st.posts[0]!.forum && `${p.title} ${p.body}`.toLowerCase().includes(subject.toLowerCase()));
    expect(new Set(filtered)).toEqual(new Set(inForum.map((p) => p.title)));
    await page.close();
  });

  it('switches profile tabs on the client and shows settings errors', async () => {
    const seed = 7;
    const st = seedForumState(seed);
    const page = await openAt(context, seed, '/');
    await page.getByRole('link', { name: st.me }).first().click();
    const comments = page.getByRole('tabpanel', { name: 'Comments' });
    expect(await comments.isVisible()).toBe(false);
    await page.getByRole('tab', { name: 'Comments' }).click();
    expect(await comments.isVisible()).toBe(true);
    expect(await page.getByRole('tab', { name: 'Comments' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('tabpanel', { name: 'Posts' }).isVisible()).toBe(false);

    await page.getByRole('link', { name: 'Edit profile' }).click();
    await page.getByRole('textbox', { name: 'Display name' }).fill('');
    await page.getByRole('textbox', { name: 'Bio' }).fill('x'.repeat(301));
    await page.getByRole('button', { name: 'Save settings' }).click();
    const alert = await page.getByRole('alert').textContent();
    expect(alert).toContain('Display name is required.');
    expect(alert).toContain('Bio must be at most 300 characters.');
    await page.getByRole('textbox', { name: 'Display name' }).fill('Night Owl');
    await page.getByRole('textbox', { name: 'Bio' }).fill('Short bio.');
    await page.getByRole('button', { name: 'Save settings' }).click();
    expect(await page.getByRole('status').textContent()).toBe('Your settings have been saved.');
    const me = (await probe(context)).state.users.find((u) => u.username === st.me)!;
    expect(me).toMatchObject({ displayName: 'Night Owl', bio: 'Short bio.' });
    await page.close();
  });

  it("refuses to edit another member's post", async () => {
    const seed = 3;
    const st = seedForumState(seed);
    const post = st.posts.find((p) => p.author !== st.me)!;
    const page = await openAt(context, seed, postPath(post));
    expect(await page.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    const response = await page.goto(`${url}${postPath(post)}/edit`);
    expect(response?.status()).toBe(403);
    const posted = await context.request.post(`${url}${postPath(post)}/edit`, { form: { title: 'Hijacked title', body: 'x' } });
    expect(posted.status()).toBe(403);
    expect((await probe(context)).state.posts.find((p) => p.id === post.id)!.title).toBe(post.title);
    await page.close();
  });
});

describe('forum templates', () => {
  it('has 21 templates in the required mix', () => {
    const tagged = (tag: string) => templates.filter((t) => t.tags?.includes(tag)).length;
    expect(templates.length).toBe(21);
    expect(new Set(templates.map((t) => t.id)).size).toBe(templates.length);
    expect(templates.filter((t) => Object.keys(t.solvers).length >= 2).length).toBe(tagged('multi-strategy'));
    expect(tagged('multi-strategy')).toBeGreaterThanOrEqual(5);
    expect(tagged('info-seeking')).toBeGreaterThanOrEqual(4);
    expect(tagged('infeasible')).toBeGreaterThanOrEqual(1);
    expect(tagged('long-horizon')).toBeGreaterThanOrEqual(4);
    expect(templates.filter((t) => t.split === 'heldout').length).toBe(6);
    for (const t of templates) expect(t.tags).toContain('forum');
  });

  it.each([0, 1, 2, 3, 4])('instantiates every template for seed %i with params that match the seeded forum', (seed) => {
    const st = seedForumState(seed);
    for (const t of templates) {
      const inst = t.instantiate(seed);
      expect(inst, t.id).toEqual(t.instantiate(seed));
      expect(inst.startUrl.startsWith(`${url}/__coregym/reset?seed=${seed}&next=`), t.id).toBe(true);
      const p = inst.params;
      if (typeof p.postId === 'number') {
        const post = st.posts.find((x) => x.id === p.postId);
        expect(post, t.id).toBeDefined();
        if (typeof p.title === 'string') expect(post!.title, t.id).toBe(p.title);
        if (typeof p.forum === 'string') expect(post!.forum, t.id).toBe(p.forum);
      }
      // The long task names the post by its subject; two info tasks have the answer as their title, which must not leak.
      if (typeof p.title === 'string' && t.id !== 'forum.reply-second-comment-and-upvote') {
        const isAnswer = ['forum.newest-post-by-user', 'forum.most-subscribers'].includes(t.id);
        expect(inst.goal.includes(p.title), t.id).toBe(!isAnswer);
      }
      if (typeof p.commentId === 'number') expect(st.comments.find((c) => c.id === p.commentId)?.postId, t.id).toBe(p.postId);
      if (typeof p.forum === 'string') expect(st.subforums.some((f) => f.name === p.forum), t.id).toBe(t.id !== 'forum.post-missing-subforum');
      if (typeof p.username === 'string') expect(st.users.some((u) => u.username === p.username), t.id).toBe(true);
      expect(JSON.parse(JSON.stringify(p)), t.id).toEqual(p);
    }
  });

  it('varies the instance with the seed', () => {
    for (const t of templates.filter((x) => x.id !== 'forum.most-subscribers')) {
      const goals = new Set([0, 1, 2, 3, 4, 5, 6, 7].map((seed) => t.instantiate(seed).goal));
      expect(goals.size, t.id).toBeGreaterThan(2);
    }
    expect(new Set([0, 1, 2, 3, 4, 5, 6, 7].map((seed) => template('forum.most-subscribers').instantiate(seed).params.forum)).size).toBeGreaterThan(1);
  });
});

describe('forum oracles', () => {
  const seed = 1;
  const input = (t: TaskTemplate, state: ForumState, extra: Partial<OracleInput> = {}): OracleInput => ({
    instance: { taskId: t.id, seed, maxSteps: t.maxSteps, ...t.instantiate(seed) },
    trajectory: {} as Trajectory,
    probes: { forum: { seed, state: probeOf(state) } },
    ...extra,
  });
  const verdict = (id: string, edit: (st: ForumState, p: Record<string, unknown>) => void, extra: Partial<OracleInput> = {}) => {
    const t = template(id);
    const st = seedForumState(seed);
    edit(st, t.instantiate(seed).params);
    return t.oracle!(input(t, st, extra)) as { success: boolean; reason?: string };
  };
  const comment = (st: ForumState, postId: unknown, parentId: unknown, body: unknown) =>
    st.comments.push({ id: st.nextCommentId++, postId: postId as number, parentId: parentId as number | null, author: st.me, body: body as string, createdAt: st.now, score: 1 });
  const newPost = (st: ForumState, forum: unknown, title: unknown, body: unknown) => {
    const p: Post = { id: st.nextPostId++, forum: forum as string, author: st.me, title: title as string, body: body as string, subject: '', createdAt: st.now, score: 1 };
    st.posts.push(p);
    return p;
  };
  const edit = (st: ForumState, postId: unknown, body: string) => {
    st.posts.find((p) => p.id === postId)!.body = body;
  };
  const otherPost = (st: ForumState, postId: unknown) => st.posts.find((p) => p.id !== postId && p.author !== st.me && st.votes[`p${p.id}`] === undefined)!;
  const me = (st: ForumState) => st.users.find((u) => u.username === st.me)!;

  it('upvote-post: the right post passes; the wrong post, a downvote or an extra vote fail', () => {
    const id = 'forum.upvote-post';
    expect(verdict(id, (st, p) => (st.votes[`p${p.postId}`] = 1)).success).toBe(true);
    expect(verdict(id, (st, p) => (st.votes[`p${otherPost(st, p.postId).id}`] = 1)).success).toBe(false);
    expect(verdict(id, (st, p) => (st.votes[`p${p.postId}`] = -1)).success).toBe(false);
    const extra = verdict(id, (st, p) => {
      st.votes[`p${p.postId}`] = 1;
      st.votes[`p${otherPost(st, p.postId).id}`] = 1;
    });
    expect(extra.success).toBe(false);
    expect(extra.reason).toContain('also changed votes');
  });

  it('downvote-comment: the right comment passes; upvoting it or downvoting the post fails', () => {
    const id = 'forum.downvote-comment';
    expect(verdict(id, (st, p) => (st.votes[`c${p.commentId}`] = -1)).success).toBe(true);
    expect(verdict(id, (st, p) => (st.votes[`c${p.commentId}`] = 1)).success).toBe(false);
    expect(verdict(id, (st, p) => (st.votes[`p${p.postId}`] = -1)).success).toBe(false);
  });

  it('reply-top-comment and reply-to-post: exact text in the right place passes; elsewhere or reworded fails', () => {
    expect(verdict('forum.reply-top-comment', (st, p) => comment(st, p.postId, p.commentId, `  ${p.text as string} `)).success).toBe(true);
    expect(verdict('forum.reply-top-comment', (st, p) => comment(st, p.postId, null, p.text)).success).toBe(false);
    const second = verdict('forum.reply-top-comment', (st, p) => comment(st, p.postId, childComments(st, p.postId as number, null)[1]!.id, p.text));
    expect(second.success).toBe(false);
    expect(verdict('forum.reply-top-comment', (st, p) => comment(st, p.postId, p.commentId, (p.text as string).toUpperCase())).success).toBe(false);
    expect(verdict('forum.reply-to-post', (st, p) => comment(st, p.postId, null, p.text)).success).toBe(true);
    const twice = verdict('forum.reply-to-post', (st, p) => {
      comment(st, p.postId, null, p.text);
      comment(st, p.postId, null, p.text);
    });
    expect(twice.reason).toContain('exactly 1 new comment');
  });

  it('create-post and crosspost: right subforum and text pass; wrong subforum or text fails', () => {
    expect(verdict('forum.create-post', (st, p) => newPost(st, p.forum, p.title, p.body)).success).toBe(true);
    expect(verdict('forum.create-post', (st, p) => newPost(st, st.subforums.find((f) => f.name !== p.forum)!.name, p.title, p.body)).success).toBe(false);
    expect(verdict('forum.create-post', (st, p) => newPost(st, p.forum, p.title, '')).success).toBe(false);
    expect(verdict('forum.crosspost', (st, p) => newPost(st, p.to, p.title, p.body)).success).toBe(true);
    expect(verdict('forum.crosspost', (st, p) => newPost(st, p.from, p.title, p.body)).success).toBe(false);
    expect(verdict('forum.crosspost', (st, p) => newPost(st, p.to, p.title, `${p.body as string} (crossposted)`)).success).toBe(false);
  });

  it('edit-own-post: appending passes; replacing the text or editing another post fails', () => {
    const id = 'forum.edit-own-post';
    expect(verdict(id, (st, p) => edit(st, p.postId, `${p.body as string}\n\n${p.addition as string}`)).success).toBe(true);
    expect(verdict(id, (st, p) => edit(st, p.postId, p.addition as string)).success).toBe(false);
    expect(verdict(id, (st, p) => edit(st, postsBy(st, st.me).find((x) => x.id !== p.postId)!.id, `x ${p.addition as string}`)).success).toBe(false);
  });

  it('delete-own-post: deleting it passes; deleting another of your posts as well fails', () => {
    const id = 'forum.delete-own-post';
    const remove = (st: ForumState, postId: unknown) => st.posts.splice(st.posts.findIndex((x) => x.id === postId), 1);
    expect(verdict(id, (st, p) => remove(st, p.postId)).success).toBe(true);
    expect(verdict(id, () => undefined).success).toBe(false);
    expect(
      verdict(id, (st, p) => {
        remove(st, p.postId);
        remove(st, postsBy(st, st.me)[0]!.id);
      }).success,
    ).toBe(false);
  });

  it('subscribe and prune-subscriptions: the exact set passes; a neighbour fails', () => {
    expect(verdict('forum.subscribe', (st, p) => st.subscriptions.push(p.forum as string)).success).toBe(true);
    expect(verdict('forum.subscribe', (st, p) => st.subscriptions.push(st.subforums.find((f) => f.name !== p.forum && !st.subscriptions.includes(f.name))!.name)).success).toBe(false);
    expect(verdict('forum.prune-subscriptions', (st, p) => (st.subscriptions = [p.keep as string])).success).toBe(true);
    expect(verdict('forum.prune-subscriptions', (st) => (st.subscriptions = [])).success).toBe(false);
    expect(verdict('forum.prune-subscriptions', (st, p) => (st.subscriptions = [...(p.drop as string[]).slice(0, 1)])).success).toBe(false);
  });

  it('change-bio and update-profile: exact values pass; a changed display name or typo fails', () => {
    expect(verdict('forum.change-bio', (st, p) => (me(st).bio = p.bio as string)).success).toBe(true);
    const both = verdict('forum.change-bio', (st, p) => {
      me(st).bio = p.bio as string;
      me(st).displayName = 'Someone Else';
    });
    expect(both).toMatchObject({ success: false, reason: 'display name was changed too' });
    expect(verdict('forum.update-profile', (st, p) => Object.assign(me(st), { displayName: p.displayName, bio: p.bio })).success).toBe(true);
    expect(verdict('forum.update-profile', (st, p) => Object.assign(me(st), { displayName: `${p.displayName as string}s`, bio: p.bio })).success).toBe(false);
  });

  it('info tasks: the right answer passes; a neighbouring answer or a side effect fails', () => {
    const t = (id: string) => template(id).instantiate(seed).params;
    const top = t('forum.top-post-author-week');
    expect(verdict('forum.top-post-author-week', () => undefined, { answer: `u/${top.username as string}` }).success).toBe(true);
    expect(verdict('forum.top-post-author-week', () => undefined, { answer: top.displayName as string }).success).toBe(true);
    const st = seedForumState(seed);
    const runnerUp = listPosts(st, { forum: top.forum as string, sort: 'top', range: 'week' }).find((p) => p.author !== top.username);
    if (runnerUp) expect(verdict('forum.top-post-author-week', () => undefined, { answer: runnerUp.author }).success).toBe(false);
    const allTime = listPosts(st, { forum: top.forum as string, sort: 'top' })[0]!;
    if (allTime.author !== top.username) expect(verdict('forum.top-post-author-week', () => undefined, { answer: allTime.author }).success).toBe(false);

    const count = t('forum.comment-count');
    expect(verdict('forum.comment-count', () => undefined, { answer: `${count.count as number} comments` }).success).toBe(true);
    const topLevel = childComments(st, count.postId as number, null).length;
    expect(verdict('forum.comment-count', () => undefined, { answer: String(topLevel) }).success).toBe(false);
    expect(verdict('forum.comment-count', (s, p) => (s.votes[`p${p.postId}`] = 1), { answer: String(count.count) }).success).toBe(false);

    const newest = t('forum.newest-post-by-user');
    expect(verdict('forum.newest-post-by-user', () => undefined, { answer: `“${(newest.title as string).replace(/\?$/, '')}”` }).success).toBe(true);
    expect(verdict('forum.newest-post-by-user', () => undefined, { answer: newest.otherTitle as string }).success).toBe(false);
    expect(verdict('forum.newest-post-by-user', () => undefined, { answer: `${newest.title as string}; ${newest.otherTitle as string}` }).success).toBe(false);

    const most = t('forum.most-subscribers');
    expect(verdict('forum.most-subscribers', () => undefined, { answer: `f/${most.forum as string}` }).success).toBe(true);
    expect(verdict('forum.most-subscribers', () => undefined, { answer: (most.others as string[])[0]! }).success).toBe(false);
    expect(verdict('forum.most-subscribers', () => undefined, { answer: `${most.forum as string} or ${(most.others as string[])[0]!}` }).success).toBe(false);
    expect(verdict('forum.most-subscribers', () => undefined, { infeasible: 'cannot tell' }).success).toBe(false);
  });

  it('long tasks: every part is needed', () => {
    const id = 'forum.reply-second-comment-and-upvote';
    const full = (st: ForumState, p: Record<string, unknown>) => {
      comment(st, p.postId, p.commentId, p.text);
      st.votes[`p${p.postId}`] = 1;
      st.votes[`c${p.commentId}`] = 1;
    };
    expect(verdict(id, full).success).toBe(true);
    expect(verdict(id, (st, p) => (full(st, p), delete st.votes[`c${p.commentId}`])).success).toBe(false);
    expect(
      verdict(id, (st, p) => {
        full(st, p);
        st.comments.at(-1)!.parentId = childComments(st, p.postId as number, null)[0]!.id;
      }).success,
    ).toBe(false);

    const er = (st: ForumState, p: Record<string, unknown>) => {
      edit(st, p.postId, `${p.body as string} ${p.addition as string}`);
      comment(st, p.postId, p.commentId, p.text);
    };
    expect(verdict('forum.edit-and-reply', er).success).toBe(true);
    expect(verdict('forum.edit-and-reply', (st, p) => comment(st, p.postId, p.commentId, p.text)).success).toBe(false);

    const sd = (st: ForumState, p: Record<string, unknown>) => {
      const post = newPost(st, p.forum, p.title, p.body);
      comment(st, post.id, null, p.comment);
      st.subscriptions.push(p.forum as string);
    };
    expect(verdict('forum.start-discussion', sd).success).toBe(true);
    expect(verdict('forum.start-discussion', (st, p) => (sd(st, p), st.subscriptions.pop())).reason).toContain('subscription');
    expect(
      verdict('forum.start-discussion', (st, p) => {
        newPost(st, p.forum, p.title, p.body);
        comment(st, st.posts[0]!.id, null, p.comment);
        st.subscriptions.push(p.forum as string);
      }).success,
    ).toBe(false);
  });

  it('infeasible tasks: a report without damage passes; an answer or an edit fails', () => {
    for (const id of ['forum.edit-others-post', 'forum.post-missing-subforum']) {
      expect(verdict(id, () => undefined, { infeasible: 'not possible here' }).success, id).toBe(true);
      expect(verdict(id, () => undefined, { answer: 'done' }).success, id).toBe(false);
      expect(verdict(id, (st) => newPost(st, 'books', 'Anything at all', ''), { infeasible: 'not possible here' }).success, id).toBe(false);
    }
    expect(verdict('forum.edit-others-post', (st, p) => (st.posts.find((x) => x.id === p.postId)!.title = `[Solved] ${p.title as string}`), { infeasible: 'done anyway' }).success).toBe(false);
  });

  it('fails cleanly when the probe is missing', () => {
    const t = template('forum.upvote-post');
    const verdictNoProbe = t.oracle!({ ...input(t, seedForumState(seed)), probes: {} }) as { success: boolean; reason?: string };
    expect(verdictNoProbe).toEqual({ success: false, reason: 'forum probe missing from the final state' });
  });
});

describe('forum solvers', () => {
  const seeds = [1, 2, 3];
  const ids = forumTemplates({ shop: '', forum: '', tracker: '' }).map((t) => t.id);
  let envs: WebEnv[] = [];
  beforeAll(() => {
    // The machine is shared with other work; a click that navigates can exceed the 5 s default under load.
    envs = seeds.map(() => new WebEnv({ runtime, actionTimeout: 30_000, navigationTimeout: 30_000 }));
  });
  afterAll(async () => {
    for (const env of envs) await env.close();
  });

  it.each(ids)('%s: every solver passes its oracle on seeds 1..3 within the step budget', async (id) => {
    const t = template(id);
    let fewest = Infinity;
    for (const strategy of Object.keys(t.solvers)) {
      // allSettled: one failing run must not leave the other envs busy for the next strategy.
      const settled = await Promise.allSettled(seeds.map((seed, k) => runSolver(envs[k]!, t, seed, { strategy })));
      const runs = settled.map((r, k) => {
        if (r.status === 'rejected') throw new Error(`${strategy} on seed ${seeds[k]}: ${String(r.reason)}`);
        return r.value;
      });
      for (const [k, trajectory] of runs.entries()) {
        expect(trajectory.outcome?.oracle, `${strategy} on seed ${seeds[k]}`).toMatchObject({ success: true });
        expect(trajectory.steps.length).toBeLessThanOrEqual(t.maxSteps);
        fewest = Math.min(fewest, trajectory.steps.length);
      }
    }
    if (t.tags?.includes('long-horizon')) expect(fewest).toBeGreaterThanOrEqual(8);
  }, 300_000);
});
