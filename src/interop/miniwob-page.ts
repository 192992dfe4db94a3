/**
 * Functions that run inside a MiniWoB++ task page (passed to page.evaluate): start a seeded
 * episode without the sync cover, and read the page's reward globals.
 *
 * The protocol of MiniWoB++'s core/core.js: `core.startEpisode()` (called on load) shows a
 * "START" cover (#sync-task-cover) whose click calls `core.startEpisodeReal()`, which calls the
 * task's `genProblem()` (drawing from `Math.random`, which `Math.seedrandom(seed)` makes
 * deterministic), resets `WOB_DONE_GLOBAL`/`WOB_REWARD_GLOBAL`/`WOB_RAW_REWARD_GLOBAL` and arms a
 * timer of `core.EPISODE_MAX_TIME` ms. `core.endEpisode(reward, timeProportional, reason)` sets
 * the globals (reward -1 with reason "timed out" when the timer fires) and shows the cover again.
 * @module
 */

/** Arguments of {@link startEpisodeInPage}. */
export interface StartArgs {
  seed: number;
  /** Written to core.EPISODE_MAX_TIME. */
  maxTimeMs: number;
  /** core.setDataMode(...) before the problem is generated, when set. */
  dataMode?: string;
  /** Hide the reward/timer display and the click canvas meant for people. */
  hideHud: boolean;
}

/** The page's reward globals. */
export interface MiniwobStatus {
  /** The page is a MiniWoB++ task page (its globals exist). */
  present: boolean;
  /** WOB_DONE_GLOBAL: the episode ended (success, failure or time out). */
  done: boolean;
  /** WOB_REWARD_GLOBAL: the reward, scaled down by elapsed time for tasks that ask for it. */
  reward: number;
  /** WOB_RAW_REWARD_GLOBAL: the reward before time scaling; > 0 means success. */
  rawReward: number;
  /** WOB_REWARD_REASON, when the task gave one. */
  reason: string | null;
  /** WOB_TASK_READY is not false (some tasks load data before they can be used). */
  ready: boolean;
  /** Why the globals could not be read (the page was navigating, say). */
  error?: string;
}

/** Runs in the page. Returns '' when the episode started, else what is missing. */
export function startEpisodeInPage(args: StartArgs): string {
  const w = window as unknown as Record<string, unknown> & { core?: Record<string, unknown> };
  const core = w.core;
  if (!core || typeof core.startEpisodeReal !== 'function') return 'the page has no MiniWoB++ core (core.startEpisodeReal is not defined)';
  const seedrandom = (Math as unknown as { seedrandom?: (seed: unknown) => void }).seedrandom;
  if (typeof seedrandom !== 'function') return 'the page has no Math.seedrandom (core.js installs it)';
  // startEpisodeReal hides the cover made by startEpisode, so the cover must exist first.
  if (!core.cover_div && typeof core.startEpisode === 'function') (core.startEpisode as () => void)();
  seedrandom(args.seed);
  core.EPISODE_MAX_TIME = args.maxTimeMs;
  if (args.dataMode !== undefined && typeof core.setDataMode === 'function') (core.setDataMode as (m: string) => void)(args.dataMode);
  (core.startEpisodeReal as () => void)();
  // endEpisode calls startEpisode to show the cover again; keep the final page visible and make a
  // second episode impossible, so the globals keep the first episode's result.
  core.startEpisode = () => undefined;
  if (args.hideHud) {
    for (const id of ['reward-display', 'click-canvas']) {
      const el = document.getElementById(id);
      if (el) el.style.display = 'none';
    }
  }
  return '';
}

/** Runs in the page: the task's instruction (`core.getUtterance()`, else the #query text). */
export function utteranceInPage(): string {
  const core = (window as unknown as { core?: { getUtterance?: () => unknown } }).core;
  const u = typeof core?.getUtterance === 'function' ? core.getUtterance() : undefined;
  if (typeof u === 'string') return u;
  if (u && typeof u === 'object' && typeof (u as { utterance?: unknown }).utterance === 'string') return (u as { utterance: string }).utterance;
  return (document.getElementById('query')?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Runs in the page: the reward globals. */
export function statusInPage(): MiniwobStatus {
  const w = window as unknown as Record<string, unknown>;
  const present = 'WOB_DONE_GLOBAL' in w;
  const reason = w.WOB_REWARD_REASON;
  return {
    present,
    done: w.WOB_DONE_GLOBAL === true,
    reward: Number(w.WOB_REWARD_GLOBAL ?? 0),
    rawReward: Number(w.WOB_RAW_REWARD_GLOBAL ?? 0),
    reason: reason === null || reason === undefined ? null : String(reason),
    ready: w.WOB_TASK_READY !== false,
  };
}
