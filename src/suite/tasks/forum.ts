/**
 * Task templates of the forum site: voting, commenting, posting, editing, deleting,
 * subscriptions, profile settings, information seeking and infeasible requests.
 * Each oracle compares the state seedState(seed) built with the state probed at the end.
 * @module
 */
import type { OracleInput, TaskRuntime } from '../../env/task.ts';
import type { OracleVerdict } from '../../env/trajectory.ts';
import { fetchProbe } from '../site-control.ts';
import { Rng } from '../../env/index.ts';
import type { SolverContext, SuiteUrls, TaskTemplate, TemplateFactory } from '../template.ts';
import { seedForumState } from '../sites/forum/index.ts';
import type { Comment, ForumState, Post } from '../sites/forum/index.ts';
import { diffForum, mentions, numbersIn, squash, unexpectedChanges } from '../sites/forum/diff.ts';
import type { ChangeKind, ForumDiff } from '../sites/forum/diff.ts';
import { childComments, commentCount, commentsOfPost, findUser, listPosts, postsBy, subscriberCount } from '../sites/forum/queries.ts';
import { clickAfter, clickAcrossPages, openForum, openOwnPostFromProfile, openPostByBrowsing, openPostBySearch } from '../sites/forum/solver-steps.ts';
import { MISSING_SUBFORUMS } from '../sites/forum/catalogue.ts';

const REPLY_TEXTS = [
  'Thanks, this worked for me as well.',
  'Great tip, I will try this over the weekend.',
  'Could you explain that in a bit more detail?',
  'Agreed, this matches my experience exactly.',
  'I had no idea about this, thank you for sharing.',
  'This saved me a lot of time, much appreciated.',
  'Interesting point, I had not considered that.',
  'Same problem here, glad it is not just me.',
];

const ADDITIONS = [
  'Update: thanks everyone, the suggestions in the comments solved it.',
  'Edit: I tried the advice above and it worked perfectly.',
  'Update: a few people asked, so I will post photos this weekend.',
  'Edit: fixed a couple of details after reading the replies.',
  'Update: still looking for more opinions, keep them coming.',
  'Edit: thanks for all the kind words, I did not expect this many replies.',
];

const NEW_POSTS: Record<string, readonly { title: string; body: string }[]> = {
  cooking: [
    { title: 'Cheap weeknight dinners that freeze well?', body: 'Looking for five or six recipes I can batch cook on Sunday and freeze in portions.' },
    { title: 'My first loaf of rye bread', body: 'Dense but tasty. Next time I will let it proof a little longer.' },
    { title: 'Which knife should I buy first?', body: 'I only have a blunt bread knife. Budget is about 60 for one good knife.' },
  ],
  gardening: [
    { title: 'Shade-tolerant vegetables for a north-facing garden?', body: 'My plot gets maybe three hours of direct sun. What can I grow there?' },
    { title: 'Compost bin smells terrible', body: 'It is mostly kitchen scraps and grass clippings. What am I doing wrong?' },
    { title: 'Seed swap this Saturday at the community garden', body: 'Bring any spare seeds you have. Tea and cake provided.' },
  ],
  cycling: [
    { title: 'Winter gloves that actually keep fingers warm?', body: 'Commuting at minus five and my fingers go numb after ten minutes.' },
    { title: 'Group ride for beginners on Sunday mornings', body: 'Easy pace, about 40 km, coffee stop halfway. Everyone welcome.' },
    { title: 'How do you carry a laptop on the bike?', body: 'Backpack makes my back sweaty. Panniers or something else?' },
  ],
  personalfinance: [
    { title: 'How much should we save before having a baby?', body: 'We both work full time and want to plan for parental leave.' },
    { title: 'Is a high-yield savings account worth switching for?', body: 'Current bank pays 0.5 percent, the new one offers 3.8 percent.' },
    { title: 'Tracking expenses without losing your mind', body: 'Every app I try I abandon after two weeks. What works for you?' },
  ],
  boardgames: [
    { title: 'Best games for a group of seven?', body: 'Our game night keeps growing and most games cap at five players.' },
    { title: 'Looking for a short filler game under 20 minutes', body: 'Something to play while waiting for everyone to arrive.' },
    { title: 'How do you store games with lots of tokens?', body: 'Bags everywhere. Setup takes longer than the game.' },
  ],
  homeimprovement: [
    { title: 'Painting over dark walls: primer or two coats?', body: 'Going from navy blue to white in the living room.' },
    { title: 'Best way to fix squeaky floorboards?', body: 'Old house, pine boards, carpet removed last month.' },
    { title: 'Is a cordless drill enough for most jobs?', body: 'Mostly shelves and curtain rails, maybe some tiling later.' },
  ],
  photography: [
    { title: 'Which second lens after the kit lens?', body: 'I mostly shoot family and some landscapes on holidays.' },
    { title: 'Photo walk in the old town this Sunday', body: 'Meeting at the main square at 9. Any camera welcome, phones too.' },
    { title: 'How do you back up your photos?', body: 'About 2 TB of RAW files on one external drive, which makes me nervous.' },
  ],
  books: [
    { title: 'Short novels you can finish in a weekend?', body: 'Looking for something under 250 pages that still packs a punch.' },
    { title: 'Reading slump, need something gripping', body: 'Have not finished a book in two months. Any genre is fine.' },
    { title: 'Book club for classics starting next month', body: 'First pick is Middlemarch. One meeting every two weeks, online.' },
  ],
};

const FIRST_COMMENTS = [
  'To add some context: I am a complete beginner at this.',
  'Happy to share more details if anyone is interested.',
  'I will post an update once I have tried a few suggestions.',
  'Any recommendations are welcome, thanks in advance!',
];

const BIOS = [
  'Weekend tinkerer and lifelong learner.',
  'Here for the good advice and the occasional argument.',
  'Mostly lurking, sometimes helping.',
  'Coffee first, questions later.',
  'Learning something new every week.',
  'Quietly collecting hobbies since 1994.',
];

const NICKNAMES = ['Night Owl', 'Weekend Tinkerer', 'Balcony Botanist', 'Spreadsheet Sage', 'Dice Goblin', 'Slow Cooker', 'Trail Mix', 'Page Turner'];

const MISSING_POSTS: Record<string, { title: string; body: string }> = {
  astronomy: { title: 'Best beginner telescope under 400?', body: 'I would like to see the rings of Saturn from my garden.' },
  knitting: { title: 'First sweater finished!', body: 'It took three months but it fits.' },
  woodworking: { title: 'Which hand plane should I buy first?', body: 'Setting up a small workshop in the garage.' },
  running: { title: 'Couch to 5k: week 6 is hard', body: 'Any tips for getting through the longer runs?' },
  aquariums: { title: 'Cloudy water after a filter change', body: 'Sixty litre tank, tetras and a couple of shrimp.' },
  chess: { title: 'How do you study openings?', body: 'Rated about 1200 online and stuck there.' },
  birdwatching: { title: 'Good binoculars for birding?', body: 'Mostly woodland walks, budget around 200.' },
  pottery: { title: 'Centering clay is impossible', body: 'Three lessons in and everything still wobbles.' },
};

interface ForumProbe {
  seed: number;
  state: ForumState;
}

function isProbe(value: unknown): value is ForumProbe {
  return typeof value === 'object' && value !== null && 'state' in value && typeof (value as ForumProbe).state?.posts === 'object';
}

type Check = (d: ForumDiff, before: ForumState, after: ForumState, input: OracleInput) => string | undefined;

/**
 * Oracle from a check on the diff between the seeded and the final state. `allowed` lists the
 * change kinds the task may make; any other change fails the episode.
 */
function diffOracle(allowed: readonly ChangeKind[], check: Check, options: { infeasibleTask?: boolean } = {}): (input: OracleInput) => OracleVerdict {
  return (input) => {
    // A feasible task that the agent did and then called infeasible was not done: the user was told it could not be.
    if (!options.infeasibleTask && input.infeasible !== undefined) return { success: false, reason: 'reported the task infeasible' };
    const probe = input.probes.forum;
    if (!isProbe(probe)) return { success: false, reason: 'forum probe missing from the final state' };
    const before = seedForumState(input.instance.seed);
    const diff = diffForum(before, probe.state);
    const extra = unexpectedChanges(diff, allowed);
    if (extra) return { success: false, reason: `side effects: ${extra}` };
    const problem = check(diff, before, probe.state, input);
    return problem ? { success: false, reason: problem } : { success: true, reason: 'forum state matches the request' };
  };
}

/** Oracle of an information-seeking task: the answer must pass `check` and the forum must be left unchanged. */
function answerOracle(check: (answer: string, params: Record<string, unknown>) => string | undefined): (input: OracleInput) => OracleVerdict {
  return diffOracle([], (_d, _b, _a, input) => {
    if (input.answer === undefined) return input.infeasible !== undefined ? 'reported infeasible instead of answering' : 'no answer given';
    return check(input.answer, input.instance.params);
  });
}

/** Oracle of an infeasible task: reported infeasible, and the forum left exactly as it was. */
function infeasibleOracle(): (input: OracleInput) => OracleVerdict {
  return diffOracle(
    [],
    (_d, _b, _a, input) => {
      if (input.infeasible !== undefined) return undefined;
      return input.answer !== undefined ? 'answered instead of reporting the task infeasible' : 'did not report the task infeasible';
    },
    { infeasibleTask: true },
  );
}

function voteIs(d: ForumDiff, key: string, to: number): boolean {
  return d.votes.some((v) => v.key === key && v.to === to);
}

function onlyVotes(d: ForumDiff, keys: string[]): string | undefined {
  const stray = d.votes.filter((v) => !keys.includes(v.key));
  return stray.length ? `also changed votes on ${stray.map((v) => v.key).join(', ')}` : undefined;
}

function oneNewComment(d: ForumDiff, after: ForumState, postId: number, parentId: number | null, text: string): string | undefined {
  if (d.newComments.length !== 1) return `expected exactly 1 new comment, got ${d.newComments.length}`;
  const c = d.newComments[0]!;
  if (c.postId !== postId) return `comment was posted on post ${c.postId}, not ${postId}`;
  if (c.parentId !== parentId) return parentId === null ? 'comment was posted as a reply instead of directly on the post' : `comment replies to ${c.parentId === null ? 'the post' : `comment ${c.parentId}`}, not comment ${parentId}`;
  if (c.author !== after.me) return 'comment is not by the logged-in member';
  if (squash(c.body) !== squash(text)) return `comment text differs: ${JSON.stringify(c.body)}`;
  return undefined;
}

/** Each template draws its own choices, so one seed does not make every task pick the same post. */
function taskRng(templateId: string, seed: number): Rng {
  let h = 2166136261;
  for (const ch of templateId) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return new Rng((seed ^ h) | 0);
}

function start(urls: SuiteUrls, seed: number, path: string): string {
  return `${urls.forum}/__coregym/reset?seed=${seed}&next=${encodeURIComponent(path)}`;
}

/** Posts by other members that the member has not voted on. */
function othersPosts(st: ForumState, filter: (p: Post) => boolean = () => true): Post[] {
  return st.posts.filter((p) => p.author !== st.me && st.votes[`p${p.id}`] === undefined && filter(p));
}

/** A comment whose author appears once in the thread and is neither the post's author nor the member. */
function hasUniqueAuthor(st: ForumState, post: Post, c: Comment): boolean {
  return c.author !== post.author && c.author !== st.me && commentsOfPost(st, post.id).filter((x) => x.author === c.author).length === 1;
}

/** Subjects that name exactly one post in the subforum (so "the post about X" is unambiguous). */
function subjectIsUnique(st: ForumState, post: Post): boolean {
  return st.posts.filter((p) => p.forum === post.forum && p.subject === post.subject).length === 1;
}

function weeklyTop(st: ForumState, forum: string): Post | undefined {
  return listPosts(st, { forum, sort: 'top', range: 'week' })[0];
}

/** Build the forum's task templates for a running suite. */
export const forumTemplates: TemplateFactory = (urls) => {
  const probes = {
    forum: ({ context }: TaskRuntime): Promise<unknown> => fetchProbe(context, urls.forum),
  };
  const base = { site: 'forum' as const, probes };

  const templates: TaskTemplate[] = [
    {
      ...base,
      id: 'forum.upvote-post',
      maxSteps: 14,
      split: 'train',
      tags: ['forum', 'multi-strategy'],
      instantiate(seed) {
        const st = seedForumState(seed);
        const post = taskRng('forum.upvote-post', seed).pick(othersPosts(st));
        return { goal: `Upvote the post "${post.title}" in f/${post.forum}.`, startUrl: start(urls, seed, '/'), params: { postId: post.id, title: post.title, forum: post.forum } };
      },
      oracle: diffOracle(['votes'], (d, _b, _a, { instance }) => {
        const key = `p${instance.params.postId as number}`;
        return voteIs(d, key, 1) ? onlyVotes(d, [key]) : 'the post is not upvoted';
      }),
      solvers: {
        search: async (s) => {
          await openPostBySearch(s, s.instance.params.title as string);
          await s.click({ role: 'button', name: 'Upvote' });
        },
        browse: async (s) => {
          await openPostByBrowsing(s, s.instance.params.forum as string, s.instance.params.title as string);
          await s.click({ role: 'button', name: 'Upvote' });
        },
      },
    },
    {
      ...base,
      id: 'forum.downvote-comment',
      maxSteps: 12,
      split: 'train',
      tags: ['forum'],
      instantiate(seed) {
        const st = seedForumState(seed);
        const candidates = othersPosts(st).flatMap((p) => commentsOfPost(st, p.id).filter((c) => hasUniqueAuthor(st, p, c) && st.votes[`c${c.id}`] === undefined).map((c) => ({ p, c })));
        const { p, c } = taskRng('forum.downvote-comment', seed).pick(candidates);
        return {
          goal: `On the post "${p.title}", downvote the comment written by ${c.author}.`,
          startUrl: start(urls, seed, '/'),
          params: { postId: p.id, title: p.title, commentId: c.id, author: c.author },
        };
      },
      oracle: diffOracle(['votes'], (d, _b, _a, { instance }) => {
        const key = `c${instance.params.commentId as number}`;
        return voteIs(d, key, -1) ? onlyVotes(d, [key]) : `the comment by ${instance.params.author as string} is not downvoted`;
      }),
      solvers: {
        search: async (s) => {
          await openPostBySearch(s, s.instance.params.title as string);
          await clickAfter(s, { role: 'link', name: s.instance.params.author as string }, { role: 'button', name: 'Downvote' });
        },
      },
    },
    {
      ...base,
      id: 'forum.reply-top-comment',
      maxSteps: 15,
      split: 'train',
      tags: ['forum'],
      instantiate(seed) {
        const st = seedForumState(seed);
        const rng = taskRng('forum.reply-top-comment', seed);
        const post = rng.pick(othersPosts(st, (p) => childComments(st, p.id, null).length >= 2));
        const top = childComments(st, post.id, null)[0]!;
        const text = rng.pick(REPLY_TEXTS);
        return {
          goal: `Reply to the highest-scored top-level comment on the post "${post.title}" with the text "${text}".`,
          startUrl: start(urls, seed, '/'),
          params: { postId: post.id, title: post.title, commentId: top.id, text },
        };
      },
      oracle: diffOracle(['newComments'], (d, _b, after, { instance }) => oneNewComment(d, after, instance.params.postId as number, instance.params.commentId as number, instance.params.text as string)),
      solvers: {
        search: async (s) => {
          const { title, text } = s.instance.params as { title: string; text: string };
          await openPostBySearch(s, title);
          await s.click({ role: 'button', name: 'Reply', nth: 0 });
          await s.fill({ role: 'textbox', name: /^Reply to / }, text);
          await s.click({ role: 'button', name: 'Post reply' });
        },
      },
    },
    {
      ...base,
      id: 'forum.create-post',
      maxSteps: 16,
      split: 'train',
      tags: ['forum', 'multi-strategy'],
      instantiate(seed) {
        const rng = taskRng('forum.create-post', seed);
        const forum = rng.pick(Object.keys(NEW_POSTS));
        const { title, body } = rng.pick(NEW_POSTS[forum]!);
        return { goal: `Create a post in f/${forum} titled "${title}" with the text "${body}".`, startUrl: start(urls, seed, '/'), params: { forum, title, body } };
      },
      oracle: diffOracle(['newPosts'], (d, _b, _a, { instance }) => {
        const { forum, title, body } = instance.params as { forum: string; title: string; body: string };
        if (d.newPosts.length !== 1) return `expected exactly 1 new post, got ${d.newPosts.length}`;
        const p = d.newPosts[0]!;
        if (p.forum !== forum) return `post was created in f/${p.forum}, not f/${forum}`;
        if (squash(p.title) !== squash(title)) return `title differs: ${JSON.stringify(p.title)}`;
        if (squash(p.body) !== squash(body)) return `text differs: ${JSON.stringify(p.body)}`;
        return undefined;
      }),
      solvers: {
        'subforum-page': async (s) => {
          const { forum, title, body } = s.instance.params as { forum: string; title: string; body: string };
          await openForum(s, forum);
          await s.click({ role: 'link', name: 'Submit a post' });
          await s.fill({ role: 'textbox', name: 'Title' }, title);
          await s.fill({ role: 'textbox', name: 'Body' }, body);
          await s.click({ role: 'button', name: 'Create post' });
        },
        'global-form': async (s) => {
          const { forum, title, body } = s.instance.params as { forum: string; title: string; body: string };
          await s.click({ role: 'link', name: 'New post' });
          await s.select({ role: 'combobox', name: 'Subforum' }, `f/${forum}`);
          await s.fill({ role: 'textbox', name: 'Title' }, title);
          await s.fill({ role: 'textbox', name: 'Body' }, body);
          await s.click({ role: 'button', name: 'Create post' });
        },
      },
    },
    {
      ...base,
      id: 'forum.edit-own-post',
      maxSteps: 14,
      split: 'train',
      tags: ['forum', 'multi-strategy'],
      instantiate(seed) {
        const st = seedForumState(seed);
        const rng = taskRng('forum.edit-own-post', seed);
        const post = rng.pick(postsBy(st, st.me));
        const addition = rng.pick(ADDITIONS);
        return {
          goal: `Edit your post "${post.title}" so that its text ends with this sentence, keeping the existing text: "${addition}"`,
          startUrl: start(urls, seed, '/'),
          params: { postId: post.id, title: post.title, body: post.body, addition, me: st.me },
        };
      },
      oracle: diffOracle(['editedPosts'], (d, _b, _a, { instance }) => checkAppended(d, instance.params)),
      solvers: {
        profile: async (s) => {
          const p = s.instance.params as { title: string; body: string; addition: string; me: string };
          await openOwnPostFromProfile(s, p.me, p.title);
          await editBody(s, `${p.body}\n\n${p.addition}`);
        },
        search: async (s) => {
          const p = s.instance.params as { title: string; body: string; addition: string };
          await openPostBySearch(s, p.title);
          await editBody(s, `${p.body}\n\n${p.addition}`);
        },
      },
    },
    {
      ...base,
      id: 'forum.delete-own-post',
      maxSteps: 12,
      split: 'heldout',
      tags: ['forum', 'multi-strategy'],
      instantiate(seed) {
        const st = seedForumState(seed);
        const post = taskRng('forum.delete-own-post', seed).pick(postsBy(st, st.me));
        return { goal: `Delete your post "${post.title}".`, startUrl: start(urls, seed, '/'), params: { postId: post.id, title: post.title, me: st.me } };
      },
      oracle: diffOracle(['deletedPosts'], (d, _b, _a, { instance }) => {
        if (d.deletedPosts.length !== 1 || d.deletedPosts[0]!.id !== instance.params.postId) return d.deletedPosts.length ? `deleted the wrong posts: ${d.deletedPosts.map((p) => JSON.stringify(p.title)).join(', ')}` : 'the post still exists';
        return undefined;
      }),
      solvers: {
        profile: async (s) => {
          await openOwnPostFromProfile(s, s.instance.params.me as string, s.instance.params.title as string);
          await s.click({ role: 'button', name: 'Delete' });
          await s.click({ role: 'button', name: 'Yes, delete' });
        },
        search: async (s) => {
          await openPostBySearch(s, s.instance.params.title as string);
          await s.click({ role: 'button', name: 'Delete' });
          await s.click({ role: 'button', name: 'Yes, delete' });
        },
      },
    },
    {
      ...base,
      id: 'forum.subscribe',
      maxSteps: 10,
      split: 'train',
      tags: ['forum', 'multi-strategy'],
      instantiate(seed) {
        const st = seedForumState(seed);
        const forum = taskRng('forum.subscribe', seed).pick(st.subforums.filter((f) => !st.subscriptions.includes(f.name))).name;
        return { goal: `Subscribe to the f/${forum} subforum.`, startUrl: start(urls, seed, '/'), params: { forum } };
      },
      oracle: diffOracle(['subscribed'], (d, _b, _a, { instance }) => {
        const forum = instance.params.forum as string;
        if (!d.subscribed.includes(forum)) return `not subscribed to f/${forum}`;
        return d.subscribed.length > 1 ? `also subscribed to ${d.subscribed.filter((f) => f !== forum).join(', ')}` : undefined;
      }),
      solvers: {
        directory: async (s) => {
          await s.click({ role: 'link', name: 'Subforums' });
          await clickAfter(s, { role: 'link', name: `f/${s.instance.params.forum as string}` }, { role: 'button', name: 'Subscribe' });
        },
        'subforum-page': async (s) => {
          await openForum(s, s.instance.params.forum as string);
          await s.click({ role: 'button', name: 'Subscribe' });
        },
      },
    },
    {
      ...base,
      id: 'forum.change-bio',
      maxSteps: 10,
      split: 'train',
      tags: ['forum'],
      instantiate(seed) {
        const st = seedForumState(seed);
        const bio = taskRng('forum.change-bio', seed).pick(BIOS.filter((b) => b !== findUser(st, st.me)!.bio));
        return { goal: `Change your profile bio to "${bio}"`, startUrl: start(urls, seed, '/'), params: { bio, me: st.me } };
      },
      oracle: diffOracle(['profiles'], (d, before, after, { instance }) => {
        const me = after.me;
        const now = findUser(after, me)!;
        const was = findUser(before, me)!;
        if (d.profiles.some((p) => p.after.username !== me)) return 'changed another member';
        if (squash(now.bio) !== squash(instance.params.bio as string)) return `bio is ${JSON.stringify(now.bio)}`;
        return now.displayName === was.displayName ? undefined : 'display name was changed too';
      }),
      solvers: {
        settings: async (s) => {
          await s.click({ role: 'link', name: 'Settings' });
          await s.fill({ role: 'textbox', name: 'Bio' }, s.instance.params.bio as string);
          await s.click({ role: 'button', name: 'Save settings' });
        },
      },
    },
    {
      ...base,
      id: 'forum.update-profile',
      maxSteps: 12,
      split: 'heldout',
      tags: ['forum'],
      instantiate(seed) {
        const st = seedForumState(seed);
        const rng = taskRng('forum.update-profile', seed);
        const displayName = rng.pick(NICKNAMES);
        const bio = rng.pick(BIOS.filter((b) => b !== findUser(st, st.me)!.bio));
        return { goal: `Update your profile: display name "${displayName}" and bio "${bio}".`, startUrl: start(urls, seed, '/'), params: { displayName, bio, me: st.me } };
      },
      oracle: diffOracle(['profiles'], (_d, _b, after, { instance }) => {
        const now = findUser(after, after.me)!;
        if (now.displayName !== squash(instance.params.displayName as string)) return `display name is ${JSON.stringify(now.displayName)}`;
        return squash(now.bio) === squash(instance.params.bio as string) ? undefined : `bio is ${JSON.stringify(now.bio)}`;
      }),
      solvers: {
        'from-profile': async (s) => {
          const p = s.instance.params as { displayName: string; bio: string; me: string };
          await s.click({ role: 'link', name: p.me });
          await s.click({ role: 'link', name: 'Edit profile' });
          await s.fill({ role: 'textbox', name: 'Display name' }, p.displayName);
          await s.fill({ role: 'textbox', name: 'Bio' }, p.bio);
          await s.click({ role: 'button', name: 'Save settings' });
        },
      },
    },
    {
      ...base,
      id: 'forum.top-post-author-week',
      maxSteps: 12,
      split: 'train',
      tags: ['forum', 'info-seeking', 'multi-strategy'],
      instantiate(seed) {
        const st = seedForumState(seed);
        const forum = taskRng('forum.top-post-author-week', seed).pick(st.subforums.filter((f) => weeklyTop(st, f.name))).name;
        const top = weeklyTop(st, forum)!;
        return {
          goal: `Who wrote the highest-scored post in f/${forum} during the past week? Answer with their username.`,
          startUrl: start(urls, seed, '/'),
          params: { forum, username: top.author, displayName: findUser(st, top.author)!.displayName, postId: top.id },
        };
      },
      oracle: answerOracle((answer, p) => (mentions(answer, p.username as string) || mentions(answer, p.displayName as string) ? undefined : `answer ${JSON.stringify(answer)} does not name ${p.username as string}`)),
      solvers: {
        'top-filter': async (s) => {
          await openForum(s, s.instance.params.forum as string);
          await s.click({ role: 'link', name: 'Top' });
          await s.select({ role: 'combobox', name: 'Time range' }, 'Past week');
          await s.answer(s.instance.params.username as string);
        },
        'browse-new': async (s) => {
          await openForum(s, s.instance.params.forum as string);
          await s.click({ role: 'link', name: 'New' });
          await s.answer(s.instance.params.username as string);
        },
      },
    },
    {
      ...base,
      id: 'forum.comment-count',
      maxSteps: 12,
      split: 'train',
      tags: ['forum', 'info-seeking', 'multi-strategy'],
      instantiate(seed) {
        const st = seedForumState(seed);
        const post = taskRng('forum.comment-count', seed).pick(st.posts.filter((p) => commentCount(st, p.id) > childComments(st, p.id, null).length));
        return {
          goal: `How many comments, replies included, does the post "${post.title}" in f/${post.forum} have?`,
          startUrl: start(urls, seed, '/'),
          params: { postId: post.id, title: post.title, forum: post.forum, count: commentCount(st, post.id) },
        };
      },
      oracle: answerOracle((answer, p) => {
        // "7", "7 comments" and "3 top-level plus 4 replies, 7 in total" all state the count.
        const n = numbersIn(answer);
        return n[0] === p.count || n[n.length - 1] === p.count ? undefined : `answer ${JSON.stringify(answer)} is not ${p.count as number}`;
      }),
      solvers: {
        search: async (s) => {
          await s.fill({ role: 'searchbox', name: 'Search posts' }, s.instance.params.title as string);
          await s.press('Enter', { role: 'searchbox', name: 'Search posts' });
          await s.answer(String(s.instance.params.count));
        },
        browse: async (s) => {
          await openPostByBrowsing(s, s.instance.params.forum as string, s.instance.params.title as string);
          await s.answer(String(s.instance.params.count));
        },
      },
    },
    {
      ...base,
      id: 'forum.newest-post-by-user',
      maxSteps: 10,
      split: 'heldout',
      tags: ['forum', 'info-seeking'],
      instantiate(seed) {
        const st = seedForumState(seed);
        const user = taskRng('forum.newest-post-by-user', seed).pick(st.users.filter((u) => u.username !== st.me && postsBy(st, u.username).length >= 2));
        const [newest, second] = postsBy(st, user.username);
        return {
          goal: `What is the title of the newest post by ${user.username}?`,
          startUrl: start(urls, seed, '/'),
          params: { username: user.username, title: newest!.title, otherTitle: second!.title },
        };
      },
      oracle: answerOracle((answer, p) => {
        if (!mentions(answer, p.title as string)) return `answer ${JSON.stringify(answer)} does not give the title ${JSON.stringify(p.title)}`;
        return mentions(answer, p.otherTitle as string) ? 'answer also names an older post' : undefined;
      }),
      solvers: {
        members: async (s) => {
          await s.click({ role: 'link', name: 'Members' });
          await clickAcrossPages(s, { role: 'link', name: s.instance.params.username as string });
          await s.answer(s.instance.params.title as string);
        },
      },
    },
    {
      ...base,
      id: 'forum.most-subscribers',
      maxSteps: 10,
      split: 'train',
      tags: ['forum', 'info-seeking'],
      instantiate(seed) {
        const st = seedForumState(seed);
        const ranked = [...st.subforums].sort((a, b) => subscriberCount(st, b) - subscriberCount(st, a));
        return {
          goal: 'Which subforum has the most subscribers?',
          startUrl: start(urls, seed, '/'),
          params: { forum: ranked[0]!.name, title: ranked[0]!.title, others: ranked.slice(1).map((f) => f.name) },
        };
      },
      oracle: answerOracle((answer, p) => {
        if (!mentions(answer, p.forum as string) && !mentions(answer, p.title as string)) return `answer ${JSON.stringify(answer)} does not name f/${p.forum as string}`;
        const others = (p.others as string[]).filter((f) => mentions(answer, f));
        return others.length ? `answer also names ${others.join(', ')}` : undefined;
      }),
      solvers: {
        directory: async (s) => {
          await s.click({ role: 'link', name: 'Subforums' });
          await s.answer(`f/${s.instance.params.forum as string}`);
        },
      },
    },
    {
      ...base,
      id: 'forum.reply-second-comment-and-upvote',
      maxSteps: 22,
      split: 'train',
      tags: ['forum', 'long-horizon'],
      instantiate(seed) {
        const st = seedForumState(seed);
        const rng = taskRng('forum.reply-second-comment-and-upvote', seed);
        const post = rng.pick(
          othersPosts(st, (p) => {
            const top = childComments(st, p.id, null);
            return subjectIsUnique(st, p) && top.length >= 3 && hasUniqueAuthor(st, p, top[1]!) && st.votes[`c${top[1]!.id}`] === undefined;
          }),
        );
        const second = childComments(st, post.id, null)[1]!;
        const text = rng.pick(REPLY_TEXTS);
        return {
          goal: `In f/${post.forum}, find the post about ${post.subject}. Reply to its second top-level comment with "${text}", then upvote both the post and that comment.`,
          startUrl: start(urls, seed, '/'),
          params: { postId: post.id, title: post.title, forum: post.forum, commentId: second.id, author: second.author, text },
        };
      },
      oracle: diffOracle(['newComments', 'votes'], (d, _b, after, { instance }) => {
        const { postId, commentId, text } = instance.params as { postId: number; commentId: number; text: string };
        const keys = [`p${postId}`, `c${commentId}`];
        return oneNewComment(d, after, postId, commentId, text) ?? (voteIs(d, keys[0]!, 1) ? undefined : 'the post is not upvoted') ?? (voteIs(d, keys[1]!, 1) ? undefined : 'the comment is not upvoted') ?? onlyVotes(d, keys);
      }),
      solvers: {
        browse: async (s) => {
          const p = s.instance.params as { title: string; forum: string; author: string; text: string };
          await openPostByBrowsing(s, p.forum, p.title);
          await clickAfter(s, { role: 'link', name: p.author }, { role: 'button', name: 'Reply' });
          await s.fill({ role: 'textbox', name: `Reply to ${p.author}` }, p.text);
          await s.click({ role: 'button', name: 'Post reply' });
          await clickAfter(s, { role: 'link', name: p.author }, { role: 'button', name: 'Upvote' });
          await s.click({ role: 'button', name: 'Upvote', nth: 0 });
        },
      },
    },
    {
      ...base,
      id: 'forum.prune-subscriptions',
      maxSteps: 16,
      split: 'heldout',
      tags: ['forum', 'multi-strategy'],
      instantiate(seed) {
        const st = seedForumState(seed);
        const keep = taskRng('forum.prune-subscriptions', seed).pick(st.subscriptions);
        return {
          goal: `Unsubscribe from every subforum except f/${keep}.`,
          startUrl: start(urls, seed, '/'),
          params: { keep, drop: st.subscriptions.filter((f) => f !== keep) },
        };
      },
      oracle: diffOracle(['unsubscribed'], (_d, _b, after, { instance }) => {
        const keep = instance.params.keep as string;
        return after.subscriptions.length === 1 && after.subscriptions[0] === keep ? undefined : `subscriptions are [${after.subscriptions.join(', ')}], expected [${keep}]`;
      }),
      solvers: {
        directory: async (s) => {
          await s.click({ role: 'link', name: 'Subforums' });
          for (const f of s.instance.params.drop as string[]) await clickAfter(s, { role: 'link', name: `f/${f}` }, { role: 'button', name: 'Unsubscribe' });
        },
        'subforum-pages': async (s) => {
          for (const f of s.instance.params.drop as string[]) {
            await s.click({ role: 'link', name: 'All posts' });
            await s.click({ role: 'link', name: `f/${f}`, nth: 0 });
            await s.click({ role: 'button', name: 'Unsubscribe' });
          }
        },
      },
    },
    {
      ...base,
      id: 'forum.edit-and-reply',
      maxSteps: 22,
      split: 'train',
      tags: ['forum', 'long-horizon'],
      instantiate(seed) {
        const st = seedForumState(seed);
        const rng = taskRng('forum.edit-and-reply', seed);
        const post = rng.pick(postsBy(st, st.me).filter((p) => childComments(st, p.id, null).length > 0));
        const top = childComments(st, post.id, null)[0]!;
        const addition = rng.pick(ADDITIONS);
        const text = rng.pick(REPLY_TEXTS);
        return {
          goal: `Add the sentence "${addition}" to the end of your post "${post.title}" (keep the rest of the text), then reply to the top comment on that post with "${text}".`,
          startUrl: start(urls, seed, '/'),
          params: { postId: post.id, title: post.title, body: post.body, addition, commentId: top.id, text, me: st.me },
        };
      },
      oracle: diffOracle(['editedPosts', 'newComments'], (d, _b, after, { instance }) => checkAppended(d, instance.params) ?? oneNewComment(d, after, instance.params.postId as number, instance.params.commentId as number, instance.params.text as string)),
      solvers: {
        profile: async (s) => {
          const p = s.instance.params as { title: string; body: string; addition: string; text: string; me: string };
          await openOwnPostFromProfile(s, p.me, p.title);
          await editBody(s, `${p.body} ${p.addition}`);
          await s.click({ role: 'button', name: 'Reply', nth: 0 });
          await s.fill({ role: 'textbox', name: /^Reply to / }, p.text);
          await s.click({ role: 'button', name: 'Post reply' });
        },
      },
    },
    {
      ...base,
      id: 'forum.crosspost',
      maxSteps: 22,
      split: 'heldout',
      tags: ['forum', 'long-horizon'],
      instantiate(seed) {
        const st = seedForumState(seed);
        const rng = taskRng('forum.crosspost', seed);
        const post = rng.pick(othersPosts(st));
        const to = rng.pick(st.subforums.filter((f) => f.name !== post.forum)).name;
        return {
          goal: `Share the post "${post.title}" from f/${post.forum} in f/${to} too: create a new post there with exactly the same title and text.`,
          startUrl: start(urls, seed, '/'),
          params: { postId: post.id, title: post.title, body: post.body, from: post.forum, to },
        };
      },
      oracle: diffOracle(['newPosts'], (d, _b, _a, { instance }) => {
        const { title, body, to } = instance.params as { title: string; body: string; to: string };
        if (d.newPosts.length !== 1) return `expected exactly 1 new post, got ${d.newPosts.length}`;
        const p = d.newPosts[0]!;
        if (p.forum !== to) return `post was created in f/${p.forum}, not f/${to}`;
        if (squash(p.title) !== squash(title)) return `title differs: ${JSON.stringify(p.title)}`;
        return squash(p.body) === squash(body) ? undefined : `text differs: ${JSON.stringify(p.body)}`;
      }),
      solvers: {
        'search-then-form': async (s) => {
          const p = s.instance.params as { title: string; body: string; to: string };
          await openPostBySearch(s, p.title);
          await s.click({ role: 'link', name: 'New post' });
          await s.select({ role: 'combobox', name: 'Subforum' }, `f/${p.to}`);
          await s.fill({ role: 'textbox', name: 'Title' }, p.title);
          await s.fill({ role: 'textbox', name: 'Body' }, p.body);
          await s.click({ role: 'button', name: 'Create post' });
        },
      },
    },
    {
      ...base,
      id: 'forum.start-discussion',
      maxSteps: 22,
      split: 'train',
      tags: ['forum', 'long-horizon'],
      instantiate(seed) {
        const st = seedForumState(seed);
        const rng = taskRng('forum.start-discussion', seed);
        const forum = rng.pick(st.subforums.filter((f) => !st.subscriptions.includes(f.name))).name;
        const { title, body } = rng.pick(NEW_POSTS[forum]!);
        const comment = rng.pick(FIRST_COMMENTS);
        return {
          goal: `Start a discussion in f/${forum}: post "${title}" with the text "${body}", add a first comment to it saying "${comment}", and subscribe to f/${forum} so you see the replies.`,
          startUrl: start(urls, seed, '/'),
          params: { forum, title, body, comment },
        };
      },
      oracle: diffOracle(['newPosts', 'newComments', 'subscribed'], (d, _b, after, { instance }) => {
        const { forum, title, body, comment } = instance.params as { forum: string; title: string; body: string; comment: string };
        if (d.newPosts.length !== 1) return `expected exactly 1 new post, got ${d.newPosts.length}`;
        const p = d.newPosts[0]!;
        if (p.forum !== forum || squash(p.title) !== squash(title) || squash(p.body) !== squash(body)) return `the new post does not match (f/${p.forum}, ${JSON.stringify(p.title)})`;
        if (d.subscribed.length !== 1 || d.subscribed[0] !== forum) return `expected a subscription to f/${forum}, got [${d.subscribed.join(', ')}]`;
        return oneNewComment(d, after, p.id, null, comment);
      }),
      solvers: {
        'global-form': async (s) => {
          const p = s.instance.params as { forum: string; title: string; body: string; comment: string };
          await s.click({ role: 'link', name: 'New post' });
          await s.select({ role: 'combobox', name: 'Subforum' }, `f/${p.forum}`);
          await s.fill({ role: 'textbox', name: 'Title' }, p.title);
          await s.fill({ role: 'textbox', name: 'Body' }, p.body);
          await s.click({ role: 'button', name: 'Create post' });
          await s.fill({ role: 'textbox', name: 'Add a comment' }, p.comment);
          await s.click({ role: 'button', name: 'Post comment' });
          await s.click({ role: 'button', name: 'Subscribe' });
        },
      },
    },
    {
      ...base,
      id: 'forum.edit-others-post',
      maxSteps: 12,
      split: 'train',
      tags: ['forum', 'infeasible'],
      instantiate(seed) {
        const st = seedForumState(seed);
        const post = taskRng('forum.edit-others-post', seed).pick(othersPosts(st));
        return {
          goal: `Mark the post "${post.title}" by ${post.author} as solved by editing its title to "[Solved] ${post.title}".`,
          startUrl: start(urls, seed, '/'),
          params: { postId: post.id, title: post.title, author: post.author },
        };
      },
      oracle: infeasibleOracle(),
      solvers: {
        search: async (s) => {
          await openPostBySearch(s, s.instance.params.title as string);
          await s.infeasible(`Only the author can edit this post; it belongs to ${s.instance.params.author as string} and has no Edit option for me.`);
        },
      },
    },
    {
      ...base,
      id: 'forum.post-missing-subforum',
      maxSteps: 10,
      split: 'heldout',
      tags: ['forum', 'infeasible'],
      instantiate(seed) {
        const forum = taskRng('forum.post-missing-subforum', seed).pick(MISSING_SUBFORUMS);
        const { title, body } = MISSING_POSTS[forum]!;
        return { goal: `Create a post in f/${forum} titled "${title}" with the text "${body}".`, startUrl: start(urls, seed, '/'), params: { forum, title, body } };
      },
      oracle: infeasibleOracle(),
      solvers: {
        'new-post-form': async (s) => {
          await s.click({ role: 'link', name: 'New post' });
          await s.infeasible(`There is no f/${s.instance.params.forum as string} subforum to post in.`);
        },
      },
    },
    {
      ...base,
      id: 'forum.reply-to-post',
      maxSteps: 14,
      split: 'train',
      tags: ['forum', 'multi-strategy'],
      instantiate(seed) {
        const st = seedForumState(seed);
        const rng = taskRng('forum.reply-to-post', seed);
        const post = rng.pick(othersPosts(st));
        const text = rng.pick(REPLY_TEXTS);
        return {
          goal: `Leave a comment on the post "${post.title}" in f/${post.forum} saying "${text}".`,
          startUrl: start(urls, seed, '/'),
          params: { postId: post.id, title: post.title, forum: post.forum, text },
        };
      },
      oracle: diffOracle(['newComments'], (d, _b, after, { instance }) => oneNewComment(d, after, instance.params.postId as number, null, instance.params.text as string)),
      solvers: {
        search: async (s) => {
          await openPostBySearch(s, s.instance.params.title as string);
          await s.fill({ role: 'textbox', name: 'Add a comment' }, s.instance.params.text as string);
          await s.click({ role: 'button', name: 'Post comment' });
        },
        browse: async (s) => {
          await openPostByBrowsing(s, s.instance.params.forum as string, s.instance.params.title as string);
          await s.fill({ role: 'textbox', name: 'Add a comment' }, s.instance.params.text as string);
          await s.click({ role: 'button', name: 'Post comment' });
        },
      },
    },
  ];
  return templates;
};

/** Check that exactly the task's post was edited by appending the sentence, title unchanged. */
function checkAppended(d: ForumDiff, params: Record<string, unknown>): string | undefined {
  const { postId, body, addition } = params as { postId: number; body: string; addition: string };
  if (d.editedPosts.length !== 1 || d.editedPosts[0]!.after.id !== postId) return d.editedPosts.length ? 'edited the wrong post' : 'the post was not edited';
  const after = d.editedPosts[0]!.after;
  if (after.title !== d.editedPosts[0]!.before.title) return 'the title was changed';
  return squash(after.body) === squash(`${body} ${addition}`) ? undefined : `text is ${JSON.stringify(after.body)}, expected the old text followed by the sentence`;
}

async function editBody(s: SolverContext, body: string): Promise<void> {
  await s.click({ role: 'link', name: 'Edit' });
  await s.fill({ role: 'textbox', name: 'Body' }, body);
  await s.click({ role: 'button', name: 'Save changes' });
}
