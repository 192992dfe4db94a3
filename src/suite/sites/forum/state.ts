/**
 * The forum's backend state and how a seed builds it: members, subforums, posts, nested
 * comments, the logged-in member's votes and subscriptions.
 * @module
 */
import { Rng } from '../../../env/index.ts';
import { GENERIC_COMMENTS, MEMBERS, REPLIES, SUBFORUMS } from './catalogue.ts';

/** A member. */
export interface ForumUser {
  username: string;
  displayName: string;
  bio: string;
  joinedAt: string;
}

/** A subforum. `subscribers` counts everyone but the logged-in member (see `ForumState.subscriptions`). */
export interface Subforum {
  name: string;
  title: string;
  description: string;
  subscribers: number;
}

/** A post. `score` is everyone's votes but the logged-in member's (see `ForumState.votes`). */
export interface Post {
  id: number;
  forum: string;
  author: string;
  title: string;
  body: string;
  /** What the post is about, e.g. `risotto`; used by task goals. */
  subject: string;
  createdAt: string;
  editedAt?: string;
  score: number;
}

/** A comment; `parentId` null for a top-level comment on the post. */
export interface Comment {
  id: number;
  postId: number;
  parentId: number | null;
  author: string;
  body: string;
  createdAt: string;
  score: number;
}

/** Vote key: `p<id>` for a post, `c<id>` for a comment. */
export type VoteKey = `p${number}` | `c${number}`;

/** Everything one session of the forum holds. */
export interface ForumState {
  /** Username of the logged-in member. */
  me: string;
  /** The site's clock; advances one minute per write so new content sorts after old. */
  now: string;
  users: ForumUser[];
  subforums: Subforum[];
  posts: Post[];
  comments: Comment[];
  /** The logged-in member's votes: +1 or -1; absent means no vote. */
  votes: Record<string, 1 | -1>;
  /** Subforums the logged-in member is subscribed to. */
  subscriptions: string[];
  nextPostId: number;
  nextCommentId: number;
  /** One-shot message for the next page view; not part of the probe. */
  flash?: string;
}

const EPOCH_NOW = Date.parse('2026-05-18T14:00:00Z');
const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;

function isoMinutesAgo(minutes: number): string {
  return new Date(EPOCH_NOW - minutes * MINUTE).toISOString();
}

function fill(pattern: string, subject: string): string {
  return pattern.replaceAll('{x}', subject);
}

/** Skewed toward small numbers, with a long tail, like real vote counts. */
function skewedScore(rng: Rng, max: number): number {
  return Math.floor(Math.pow(rng.next(), 2.6) * max) - rng.int(0, 4);
}

/** Distinct integers in [min, max] at least `gap` apart. */
function spreadInts(rng: Rng, count: number, min: number, max: number, gap: number): number[] {
  const out: number[] = [];
  while (out.length < count) {
    const v = rng.int(min, max);
    if (out.every((o) => Math.abs(o - v) >= gap)) out.push(v);
  }
  return out;
}

/** Build the forum for a seed. Deterministic; returns fresh objects every call. */
export function seedState(seed: number): ForumState {
  const rng = new Rng(seed);
  const users: ForumUser[] = MEMBERS.map((m) => ({
    username: m.username,
    displayName: m.displayName,
    bio: m.bio,
    joinedAt: isoMinutesAgo(rng.int(120, 1100) * DAY_MINUTES + rng.int(0, DAY_MINUTES)),
  }));
  const me = rng.pick(users).username;
  const others = users.map((u) => u.username).filter((u) => u !== me);

  const counts = spreadInts(rng, SUBFORUMS.length, 900, 48_000, 5);
  const subforums: Subforum[] = SUBFORUMS.map((f, i) => ({ name: f.name, title: f.title, description: f.description, subscribers: counts[i]! }));
  const subscriptions = rng.sample(SUBFORUMS.map((f) => f.name), rng.int(2, 4));

  const posts: Post[] = [];
  const comments: Comment[] = [];
  let nextCommentId = 1;
  for (const f of SUBFORUMS) {
    const combos: Array<[number, number]> = [];
    for (let t = 0; t < f.titles.length; t++) for (let s = 0; s < f.subjects.length; s++) combos.push([t, s]);
    const chosen = rng.sample(combos, rng.int(16, 21));
    for (const [t, s] of chosen) {
      const subject = f.subjects[s]!;
      const inWeek = rng.chance(0.35);
      const age = inWeek ? rng.int(30, 7 * DAY_MINUTES - 120) : rng.int(7 * DAY_MINUTES + 120, 90 * DAY_MINUTES);
      const sentences = [fill(f.openers[t]!, subject), ...rng.sample(f.fillers, rng.int(1, 2))];
      posts.push({
        id: 0,
        forum: f.name,
        author: rng.pick(others),
        title: fill(f.titles[t]!, subject),
        body: sentences.join(' '),
        subject,
        createdAt: isoMinutesAgo(age),
        score: skewedScore(rng, 900),
      });
    }
  }
  // Ids follow creation time, as on a real forum.
  posts.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  let id = 1000;
  for (const p of posts) p.id = id += rng.int(1, 4);
  for (const p of rng.sample(posts, 6)) p.author = me;
  uniquifyWeeklyTop(posts);

  for (const post of posts) {
    const forum = SUBFORUMS.find((f) => f.name === post.forum)!;
    // The member's own posts always have discussion, so tasks about replies on them exist for every seed.
    const n = post.author !== me && rng.chance(0.1) ? 0 : rng.int(1, 10);
    const thread: Comment[] = [];
    const depth = new Map<number, number>();
    const postAge = (EPOCH_NOW - Date.parse(post.createdAt)) / MINUTE;
    for (let i = 0; i < n; i++) {
      const parent = thread.length > 0 && rng.chance(0.45) ? rng.pick(thread.filter((c) => depth.get(c.id)! < 4)) : undefined;
      const parentAge = parent ? (EPOCH_NOW - Date.parse(parent.createdAt)) / MINUTE : postAge;
      const age = Math.max(1, Math.floor(parentAge - rng.int(1, Math.max(2, Math.floor(parentAge / 3)))));
      const bank = parent ? (rng.chance(0.7) ? REPLIES : GENERIC_COMMENTS) : rng.chance(0.75) ? forum.comments : GENERIC_COMMENTS;
      const author = rng.chance(0.06) ? me : rng.pick(others.filter((u) => u !== parent?.author && u !== post.author));
      const c: Comment = {
        id: nextCommentId++,
        postId: post.id,
        parentId: parent?.id ?? null,
        author,
        body: fill(rng.pick(bank), post.subject),
        createdAt: isoMinutesAgo(age),
        score: skewedScore(rng, 120),
      };
      depth.set(c.id, parent ? depth.get(parent.id)! + 1 : 0);
      thread.push(c);
    }
    uniquifySiblingScores(thread);
    comments.push(...thread);
  }

  const votes: Record<string, 1 | -1> = {};
  for (const p of rng.sample(posts.filter((p) => p.author !== me), 10)) votes[`p${p.id}`] = rng.chance(0.8) ? 1 : -1;
  for (const c of rng.sample(comments.filter((c) => c.author !== me), 14)) votes[`c${c.id}`] = rng.chance(0.8) ? 1 : -1;

  return {
    me,
    now: new Date(EPOCH_NOW).toISOString(),
    users,
    subforums,
    posts,
    comments,
    votes,
    subscriptions,
    nextPostId: posts[posts.length - 1]!.id + 7,
    nextCommentId,
  };
}

/** Sibling comments get distinct scores so "the top comment" is never a tie. */
function uniquifySiblingScores(thread: Comment[]): void {
  const seen = new Map<string, Set<number>>();
  for (const c of thread) {
    const key = String(c.parentId);
    const used = seen.get(key) ?? new Set<number>();
    while (used.has(c.score)) c.score++;
    used.add(c.score);
    seen.set(key, used);
  }
}

/** Within each subforum, the best post of the past week stays strictly ahead of the rest whatever the member's votes. */
function uniquifyWeeklyTop(posts: Post[]): void {
  const weekAgo = EPOCH_NOW - 7 * DAY_MINUTES * MINUTE;
  for (const f of SUBFORUMS) {
    const week = posts.filter((p) => p.forum === f.name && Date.parse(p.createdAt) > weekAgo).sort((a, b) => b.score - a.score);
    if (week.length > 1 && week[0]!.score - week[1]!.score < 3) week[0]!.score = week[1]!.score + 3 + (week[0]!.id % 5);
  }
}

/** Advance the clock one minute and return the new time (for content created now). */
export function tick(state: ForumState): string {
  state.now = new Date(Date.parse(state.now) + MINUTE).toISOString();
  return state.now;
}
