/**
 * Read-only questions about forum state, shared by the pages and by the task templates so that
 * what a page shows and what an oracle expects are computed the same way.
 * @module
 */
import type { Comment, ForumState, ForumUser, Post, Subforum } from './state.ts';

/** How a post list is ordered. */
export type PostSort = 'hot' | 'new' | 'top';
export const POST_SORTS: readonly PostSort[] = ['hot', 'new', 'top'];

/** The time window of the `top` sort. */
export type TopRange = 'day' | 'week' | 'month' | 'all';
export const TOP_RANGES: readonly { value: TopRange; label: string; days: number }[] = [
  { value: 'day', label: 'Past 24 hours', days: 1 },
  { value: 'week', label: 'Past week', days: 7 },
  { value: 'month', label: 'Past month', days: 30 },
  { value: 'all', label: 'All time', days: Infinity },
];

export const PAGE_SIZE = 20;

/** Score as the member sees it: everyone's votes plus their own. */
export function postScore(state: ForumState, post: Post): number {
  return post.score + (state.votes[`p${post.id}`] ?? 0);
}

export function commentScore(state: ForumState, comment: Comment): number {
  return comment.score + (state.votes[`c${comment.id}`] ?? 0);
}

export function findUser(state: ForumState, username: string): ForumUser | undefined {
  return state.users.find((u) => u.username === username);
}

export function findForum(state: ForumState, name: string): Subforum | undefined {
  return state.subforums.find((f) => f.name === name);
}

export function findPost(state: ForumState, id: number): Post | undefined {
  return state.posts.find((p) => p.id === id);
}

/** Subscriber count as shown, the logged-in member included. */
export function subscriberCount(state: ForumState, forum: Subforum): number {
  return forum.subscribers + (state.subscriptions.includes(forum.name) ? 1 : 0);
}

export function commentsOfPost(state: ForumState, postId: number): Comment[] {
  return state.comments.filter((c) => c.postId === postId);
}

export function commentCount(state: ForumState, postId: number): number {
  return commentsOfPost(state, postId).length;
}

/** Children of a comment (or top-level comments for `parentId` null) in "best" order: score, then oldest. */
export function childComments(state: ForumState, postId: number, parentId: number | null): Comment[] {
  return state.comments
    .filter((c) => c.postId === postId && c.parentId === parentId)
    .sort((a, b) => commentScore(state, b) - commentScore(state, a) || a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
}

export function ageMs(state: ForumState, iso: string): number {
  return Date.parse(state.now) - Date.parse(iso);
}

function hotRank(state: ForumState, post: Post): number {
  const s = postScore(state, post);
  const order = Math.log10(Math.max(Math.abs(s), 1));
  return Math.sign(s) * order + Date.parse(post.createdAt) / 45_000_000;
}

/** Posts of one subforum (or all), sorted; `top` keeps only posts inside the time range. */
export function listPosts(state: ForumState, options: { forum?: string; sort: PostSort; range?: TopRange }): Post[] {
  let posts = state.posts.filter((p) => !options.forum || p.forum === options.forum);
  const newest = (a: Post, b: Post) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id;
  if (options.sort === 'new') return posts.sort(newest);
  if (options.sort === 'top') {
    const days = TOP_RANGES.find((r) => r.value === (options.range ?? 'all'))!.days;
    posts = posts.filter((p) => ageMs(state, p.createdAt) <= days * 86_400_000);
    return posts.sort((a, b) => postScore(state, b) - postScore(state, a) || newest(a, b));
  }
  return posts.sort((a, b) => hotRank(state, b) - hotRank(state, a) || newest(a, b));
}

/** Posts whose title or body contains every word of the query (case-insensitive), newest first. */
export function searchPosts(state: ForumState, query: string, forum?: string): Post[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  return state.posts
    .filter((p) => !forum || p.forum === forum)
    .filter((p) => {
      const text = `${p.title} ${p.body}`.toLowerCase();
      return words.every((w) => text.includes(w));
    })
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
}

/** A member's posts, newest first. */
export function postsBy(state: ForumState, username: string): Post[] {
  return state.posts.filter((p) => p.author === username).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
}

/** A member's comments (on posts that still exist), newest first. */
export function commentsBy(state: ForumState, username: string): Comment[] {
  const live = new Set(state.posts.map((p) => p.id));
  return state.comments
    .filter((c) => c.author === username && live.has(c.postId))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
}
