/**
 * What changed between two forum states, and answer normalization: the building blocks of the
 * forum's task oracles, which compare the seeded state with the state probed at the end.
 * @module
 */
import type { Comment, ForumState, ForumUser, Post } from './state.ts';

/** Every kind of change an episode can make to the forum. */
export interface ForumDiff {
  newPosts: Post[];
  deletedPosts: Post[];
  /** Posts whose title, body or subforum changed. */
  editedPosts: { before: Post; after: Post }[];
  newComments: Comment[];
  deletedComments: Comment[];
  votes: { key: string; from: number; to: number }[];
  subscribed: string[];
  unsubscribed: string[];
  /** Members whose display name or bio changed. */
  profiles: { before: ForumUser; after: ForumUser }[];
}

export type ChangeKind = keyof ForumDiff;

export function diffForum(before: ForumState, after: ForumState): ForumDiff {
  const beforePosts = new Map(before.posts.map((p) => [p.id, p]));
  const afterPosts = new Map(after.posts.map((p) => [p.id, p]));
  const beforeComments = new Set(before.comments.map((c) => c.id));
  const afterComments = new Set(after.comments.map((c) => c.id));
  const voteKeys = new Set([...Object.keys(before.votes), ...Object.keys(after.votes)]);
  const beforeUsers = new Map(before.users.map((u) => [u.username, u]));
  return {
    newPosts: after.posts.filter((p) => !beforePosts.has(p.id)),
    deletedPosts: before.posts.filter((p) => !afterPosts.has(p.id)),
    editedPosts: after.posts
      .filter((p) => {
        const b = beforePosts.get(p.id);
        return b && (b.title !== p.title || b.body !== p.body || b.forum !== p.forum);
      })
      .map((p) => ({ before: beforePosts.get(p.id)!, after: p })),
    newComments: after.comments.filter((c) => !beforeComments.has(c.id)),
    deletedComments: before.comments.filter((c) => !afterComments.has(c.id)),
    votes: [...voteKeys]
      .map((key) => ({ key, from: before.votes[key] ?? 0, to: after.votes[key] ?? 0 }))
      .filter((v) => v.from !== v.to),
    subscribed: after.subscriptions.filter((s) => !before.subscriptions.includes(s)),
    unsubscribed: before.subscriptions.filter((s) => !after.subscriptions.includes(s)),
    profiles: after.users
      .filter((u) => {
        const b = beforeUsers.get(u.username);
        return b && (b.displayName !== u.displayName || b.bio !== u.bio);
      })
      .map((u) => ({ before: beforeUsers.get(u.username)!, after: u })),
  };
}

const LABELS: Record<ChangeKind, string> = {
  newPosts: 'new posts',
  deletedPosts: 'deleted posts',
  editedPosts: 'edited posts',
  newComments: 'new comments',
  deletedComments: 'deleted comments',
  votes: 'vote changes',
  subscribed: 'new subscriptions',
  unsubscribed: 'removed subscriptions',
  profiles: 'profile changes',
};

/** Describe the non-empty change kinds that are not in `allowed` ('' when there are none). */
export function unexpectedChanges(diff: ForumDiff, allowed: readonly ChangeKind[] = []): string {
  const extra = (Object.keys(LABELS) as ChangeKind[]).filter((k) => !allowed.includes(k) && diff[k].length > 0);
  return extra.map((k) => `${diff[k].length} unexpected ${LABELS[k]}`).join(', ');
}

/** Collapse whitespace and trim: how typed texts are compared (case and punctuation still matter). */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Loose form for free-text answers: case, quotes, whitespace and trailing punctuation ignored. */
export function normalizeAnswer(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[“”"'‘’`]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.!]+$/, '');
}

function tokens(text: string): string[] {
  return normalizeAnswer(text)
    .split(/[\s—–]+/)
    .map((t) => t.replace(/^[?.,:;!()[\]*]+|[?.,:;!()[\]*]+$/g, '').replace(/^[uf]\//, ''))
    .filter(Boolean);
}

/**
 * Whether `answer` mentions `expected` as a whole phrase, loosely: case, quotes, punctuation
 * around words and `u/`/`f/` prefixes are ignored (`priya.n` still differs from `priya`).
 */
export function mentions(answer: string, expected: string): boolean {
  const a = tokens(answer);
  const e = tokens(expected);
  if (e.length === 0) return false;
  for (let i = 0; i + e.length <= a.length; i++) if (e.every((t, j) => a[i + j] === t)) return true;
  return false;
}

/** The integers an answer states (thousands separators allowed). */
export function numbersIn(answer: string): number[] {
  return [...answer.matchAll(/-?\d[\d,]*/g)].map((m) => Number(m[0].replace(/,/g, '')));
}
