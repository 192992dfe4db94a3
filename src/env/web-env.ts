/**
 * WebEnv: the Gym-style environment over one browser context. reset/step/close, the episode's
 * trajectory, rewards from a pluggable Rewarder, and infrastructure failures reported as episode
 * errors rather than as rewards of 0.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { Action } from './action-schema.ts';
import type { Observation } from './observation.ts';
import type { Rewarder } from './rewarder.ts';
import type { TaskInstance, TaskRuntime, TaskSpec } from './task.ts';
import { TRAJECTORY_SCHEMA_VERSION, type Outcome, type PageState, type StepRecord, type Target, type Timings, type Trajectory, type Usage } from './trajectory.ts';
import { BrowserError, CoregymError, EnvError, quote } from './errors.ts';
import { formatAction, safeParseAction } from './action-parser.ts';
import { BrowserRuntime, type BrowserHost, type ContextLease } from './browser.ts';
import { TabSession } from './tab-session.ts';
import { observePage, toPageState, OBSERVE_DEFAULTS, type PageView } from './observe.ts';
import { EpisodeFailure, executeAction, PageGoneError } from './execute.ts';
import { waitForSettle, SETTLE_DEFAULTS } from './settle.ts';
import { withTimeout } from './timeout.ts';
import { getTask, instantiateTask } from './registry.ts';
import { Rng } from './rng.ts';

/** Options of WebEnv. Every field is optional; defaults are in WEB_ENV_DEFAULTS. */
export interface WebEnvOptions {
  /** Browser to run in. Several envs may share one. @default a BrowserRuntime owned (and closed) by this env */
  runtime?: BrowserHost;
  /** Task to run, or its registered id. May also be given to `reset({ task })`. */
  task?: TaskSpec | string;
  /** Scores steps and episodes; the env itself knows nothing of labels or graphs. */
  rewarder?: Rewarder;
  /** Put a PNG screenshot of the viewport in each observation. @default false */
  screenshot?: boolean;
  /** Put a PNG with numbered element boxes (set-of-marks) in each observation. @default false */
  setOfMarks?: boolean;
  /** Bound on `observation.axtree`, in characters. @default 20000 */
  maxTextChars?: number;
  /** Bound on the page text recorded per step in the trajectory, in characters. @default 8000 */
  maxPageTextChars?: number;
  /** Bound on the elements recorded per step in the trajectory. @default 400 */
  maxRecordedElements?: number;
  /**
   * Also record each state's accessibility-tree text (`axtree`, bounded by `maxTextChars`) in the
   * trajectory, so datasets can show a model exactly what the agent saw. Costs trajectory size.
   * @default false
   */
  recordObservationText?: boolean;
  /** Timeout of element actions, in ms (0 disables). @default the runtime's (5000) */
  actionTimeout?: number;
  /** Timeout of navigations, in ms (0 disables). @default the runtime's (15000) */
  navigationTimeout?: number;
  /** Upper bound of waiting for the page to settle after an action, in ms (0: no waiting). @default 3000 */
  settleTimeout?: number;
  /** How long the DOM must be unchanged to count as settled, in ms. @default 25 */
  domQuietMs?: number;
  /** Upper bound of one observation (DOM walk) before the page counts as unresponsive, in ms. @default 10000 */
  observeTimeout?: number;
  /** Only these origins may be requested (e.g. `['http://127.0.0.1:8080']`); others are blocked and listed in `info.blockedRequests`. @default all allowed */
  allowlist?: string[];
  /** How JavaScript dialogs are answered. @default 'accept' */
  dialogs?: 'accept' | 'dismiss';
  /**
   * How reset cleans the browser state. `clear` keeps the context and its first tab and clears
   * cookies, storage of visited origins, other tabs and history (fast); `context` closes the
   * context and opens a new one (strictest). A context that died is always replaced.
   * @default 'clear'
   */
  recycle?: 'clear' | 'context';
  /** Append each finished trajectory as one JSON line to `<recordDir>/trajectories.jsonl`. */
  recordDir?: string;
  /** Who acts, recorded in trajectories. */
  agent?: { name: string; model?: string };
  /** Trajectory source recorded in trajectories. @default 'rollout' */
  source?: Trajectory['source'];
}

export const WEB_ENV_DEFAULTS = {
  screenshot: false,
  setOfMarks: false,
  maxTextChars: OBSERVE_DEFAULTS.maxTextChars,
  maxPageTextChars: OBSERVE_DEFAULTS.maxPageTextChars,
  maxRecordedElements: 400,
  recordObservationText: false,
  settleTimeout: SETTLE_DEFAULTS.timeout,
  domQuietMs: SETTLE_DEFAULTS.domQuietMs,
  observeTimeout: 10_000,
  dialogs: 'accept',
  recycle: 'clear',
  source: 'rollout',
} as const;

/** Options of `reset`. */
export interface ResetOptions {
  /** Task for this and later episodes (replaces the env's task). */
  task?: TaskSpec | string;
  /**
   * Seed. As in Gymnasium: pass an integer once, right after creating the env, for a reproducible
   * sequence of episodes; later resets without a seed draw their seed from the env's generator.
   * The seed given here is also the task instance's seed.
   */
  seed?: number;
  /** Without a task: start URL, goal and step budget of an ad-hoc episode. */
  options?: { startUrl?: string; goal?: string; maxSteps?: number };
}

/** The `info` of reset and step. */
export interface StepInfo {
  /** Task id and seed of the episode. */
  task: { id: string; seed: number };
  /** Step index (0-based) of this step; -1 after reset. */
  step: number;
  timings: Timings & { resetMs?: number; totalMs: number };
  /** True when the page did not settle within `settleTimeout`. */
  settleTimedOut?: boolean;
  /** What the rewarder reported for this step. */
  reward?: Record<string, unknown>;
  /** Label ids first satisfied at this step. */
  newlySatisfied?: string[];
  /** Requests blocked by the allowlist during this step. */
  blockedRequests?: string[];
  /**
   * An infrastructure failure that ended the episode. Codes: `browser_crashed`, `endpoint_down`
   * (the page, context or browser died), `page_unresponsive` (the page did not answer an
   * observation, or the browser did not carry out an action on a ready element, within the
   * bounds), `site_error` (the site answered 5xx), `site_timeout` (a page load the action started
   * never committed), `probe_failed` (a task probe failed), `rewarder_failed` (the rewarder threw), `env_internal`.
   */
  error?: { code: string; message: string };
  /** Same as `error`: the episode ended for reasons that are not the policy's. */
  episodeError?: { code: string; message: string };
  /** At the end of an episode: its outcome. */
  outcome?: Outcome;
}

/** Result of `reset`. */
export interface ResetResult {
  observation: Observation;
  info: StepInfo;
}

/** Result of `step`. */
export interface StepResult {
  observation: Observation;
  reward: number;
  /** The episode reached a terminal state: the agent answered or reported the task infeasible, or an infrastructure error ended it. */
  terminated: boolean;
  /** The episode was cut off by the step budget (maxSteps), not ended by the agent. */
  truncated: boolean;
  info: StepInfo;
}

/** Extra data about a step from the agent that produced it. */
export interface StepMeta {
  /** The model's raw output. Recorded; defaults to the action string when `step` got a string. */
  raw?: string;
  thought?: string;
  usage?: Usage;
  /** The agent's own failure to produce an action (its output did not parse); recorded as the step's error when the action raised none. */
  error?: string;
}

interface Episode {
  instance: TaskInstance;
  spec?: TaskSpec;
  trajectory: Trajectory;
  view: PageView;
  lastAction?: string;
  ended: boolean;
  totalReward: number;
  answer?: string;
  infeasible?: string;
  /** The task's teardown ran (or was skipped because the context was gone). */
  tornDown?: boolean;
}

/** Bound on a task's teardown, in ms: it runs between episodes, where a hung site must not stall the next reset. */
const TEARDOWN_TIMEOUT_MS = 2000;


/**
 * A Gym-style web environment: `reset` starts an episode of a task in a clean browser context,
 * `step` runs one action and returns the next observation, the reward, and whether the episode
 * ended. Agent mistakes never throw: they come back as `observation.lastActionError`.
 * @example
 * await using env = new WebEnv({ task: 'shop.add-to-cart' });
 * let { observation } = await env.reset({ seed: 0 });
 * const r = await env.step('click("12")');
 */
export class WebEnv {
  private readonly options: WebEnvOptions;
  private readonly host: BrowserHost;
  private readonly ownsHost: boolean;
  private task?: TaskSpec;
  private lease?: ContextLease;
  private session?: TabSession;
  private episode?: Episode;
  private rng?: Rng;
  private idCounter = 0;
  private closed = false;
  private busy = false;

  constructor(options: WebEnvOptions = {}) {
    for (const key of ['maxTextChars', 'maxPageTextChars', 'maxRecordedElements'] as const) {
      const v = options[key];
      if (v !== undefined && !(Number.isInteger(v) && v > 0)) throw new EnvError('env_options', `WebEnv: ${key} must be a positive integer (got ${quote(v)}).`);
    }
    for (const key of ['actionTimeout', 'navigationTimeout', 'settleTimeout', 'domQuietMs', 'observeTimeout'] as const) {
      const v = options[key];
      if (v !== undefined && !(Number.isFinite(v) && v >= 0)) throw new EnvError('env_options', `WebEnv: ${key} must be a number of ms >= 0 (got ${quote(v)}).`);
    }
    this.options = { ...options };
    this.ownsHost = !options.runtime;
    this.host = options.runtime ?? new BrowserRuntime();
    if (options.task) this.task = typeof options.task === 'string' ? getTask(options.task) : options.task;
  }

  /** The current episode's trajectory (steps so far; `outcome` once it ended). */
  get trajectory(): Trajectory | undefined {
    return this.episode?.trajectory;
  }

  /** The current task instance. */
  get instance(): TaskInstance | undefined {
    return this.episode?.instance;
  }

  /** The active page, for trusted code (task setup, tests). Agents act through `step`. */
  get page(): Page | undefined {
    return this.session?.page;
  }

  /** The browser context of this env, for trusted code. */
  get context(): BrowserContext | undefined {
    return this.session?.context;
  }

  private get actionTimeout(): number {
    return this.options.actionTimeout ?? this.host.settings.actionTimeout;
  }

  private get navigationTimeout(): number {
    return this.options.navigationTimeout ?? this.host.settings.navigationTimeout;
  }

  private opt<K extends keyof typeof WEB_ENV_DEFAULTS>(key: K): NonNullable<WebEnvOptions[K]> | (typeof WEB_ENV_DEFAULTS)[K] {
    return (this.options[key as keyof WebEnvOptions] as NonNullable<WebEnvOptions[K]> | undefined) ?? WEB_ENV_DEFAULTS[key];
  }

  private enter(api: string): void {
    if (this.closed) throw new EnvError('env_state', `WebEnv.${api}: the environment is closed. Create a new WebEnv.`);
    if (this.busy) throw new EnvError('env_state', `WebEnv.${api}: called while another reset/step is running. Await each call before the next.`);
    this.busy = true;
  }

  private taskRuntime(instance: TaskInstance): TaskRuntime {
    return { instance, page: this.session!.page, context: this.session!.context };
  }

  /**
   * Start a new episode: clean the browser context (or replace it if it died), run the task's
   * setup, load its start URL and observe.
   * @throws EnvError `env_state` after close; TaskFileError for an unknown task or a bad seed;
   *   BrowserError when the browser cannot be started or the start URL cannot be loaded.
   */
  async reset(args: ResetOptions = {}): Promise<ResetResult> {
    this.enter('reset');
    try {
      return await this.doReset(args);
    } finally {
      this.busy = false;
    }
  }

  private async doReset(args: ResetOptions): Promise<ResetResult> {
    const t0 = performance.now();
    await this.teardownEpisode();
    if (args.task) this.task = typeof args.task === 'string' ? getTask(args.task) : args.task;
    if (args.seed !== undefined) {
      if (!Number.isSafeInteger(args.seed)) throw new EnvError('env_options', `WebEnv.reset: seed must be a safe integer (got ${quote(args.seed)}).`);
      this.rng = new Rng(args.seed);
    }
    this.rng ??= new Rng(Math.floor(Math.random() * 2 ** 31));
    const seed = args.seed ?? this.rng.nextSeed();
    const spec = this.task;
    let instance: TaskInstance;
    if (spec) instance = instantiateTask(spec, seed);
    else if (args.options?.startUrl) {
      instance = { taskId: 'adhoc', seed, goal: args.options.goal ?? '', startUrl: args.options.startUrl, maxSteps: args.options.maxSteps ?? 100, params: {} };
    } else {
      throw new EnvError('env_options', 'WebEnv.reset: no task (expected a task in the constructor or reset({ task }), or reset({ options: { startUrl } }) for an ad-hoc episode).');
    }

    let view: PageView | undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.prepareContext(attempt > 0);
        if (spec?.setup) await spec.setup(this.taskRuntime(instance));
        const page = this.session!.page;
        const response = await page.goto(instance.startUrl, { waitUntil: 'domcontentloaded', timeout: this.navigationTimeout });
        const serverError = this.session!.takeServerError() ?? (response && response.status() >= 500 ? { url: response.url(), status: response.status() } : undefined);
        if (serverError) {
          throw new BrowserError('site_error', `WebEnv.reset: the site answered HTTP ${serverError.status} for ${serverError.url} while starting ${quote(instance.taskId)}. The site failed, not the agent: retry the episode, and check the site if it persists.`);
        }
        // Dropping history is a browser-side call the page's settling does not wait on: overlap them.
        await Promise.all([
          this.session!.resetHistory(),
          waitForSettle(this.session!, page, t0, { timeout: this.opt('settleTimeout'), domQuietMs: this.opt('domQuietMs') }),
        ]);
        this.idCounter = 0;
        view = await this.observe();
        break;
      } catch (e) {
        const dead = !this.lease?.isAlive() || this.session?.crashed || this.session?.contextClosed || this.session?.page?.isClosed();
        if (dead && attempt === 0) continue;
        if (e instanceof CoregymError) throw e;
        const code = dead ? (this.lease?.downCode ?? 'browser_crashed') : 'start_failed';
        await this.dropContext();
        throw new BrowserError(code, `WebEnv.reset: could not start ${quote(instance.taskId)} at ${instance.startUrl}: ${(e as Error).message.split('\n')[0]}. Check that the site is running and reachable from the browser.`, { cause: e });
      }
    }
    const observeMs = performance.now() - t0;
    const initial: PageState = this.#pageState(view);
    const trajectory: Trajectory = {
      schema: TRAJECTORY_SCHEMA_VERSION,
      id: randomUUID(),
      taskId: instance.taskId,
      seed: instance.seed,
      goal: instance.goal,
      startUrl: instance.startUrl,
      params: instance.params,
      source: this.opt('source'),
      initial,
      steps: [],
      startedAt: new Date().toISOString(),
    };
    if (this.options.agent) trajectory.agent = this.options.agent;
    this.episode = { instance, spec, trajectory, view, ended: false, totalReward: 0 };
    const tr = performance.now();
    if (spec?.probes) initial.probes = await this.runProbes(spec, instance);
    if (this.options.rewarder) await this.options.rewarder.reset(instance);
    const rewardMs = performance.now() - tr;
    const events = await this.session!.takeEvents(0);
    const observation = await this.buildObservation(view, '', events);
    const totalMs = performance.now() - t0;
    return {
      observation,
      info: {
        task: { id: instance.taskId, seed: instance.seed },
        step: -1,
        timings: { actionMs: 0, settleMs: 0, observeMs, rewardMs, resetMs: totalMs, totalMs },
      },
    };
  }

  /**
   * Run the previous episode's `teardown` (a suite site drops the episode's session) while its
   * context still holds the episode's cookies. The episode is over, so a failure is not reported:
   * it only means the site keeps that state until it expires on its own.
   */
  private async teardownEpisode(): Promise<void> {
    const ep = this.episode;
    if (!ep || ep.tornDown) return;
    ep.tornDown = true;
    const session = this.session;
    if (!ep.spec?.teardown || !session || session.crashed || session.contextClosed || !this.lease?.isAlive()) return;
    await withTimeout(ep.spec.teardown(this.taskRuntime(ep.instance)), TEARDOWN_TIMEOUT_MS, () => new Error('teardown timed out')).catch(() => undefined);
  }

  private async prepareContext(forceNew: boolean): Promise<void> {
    const reuse = !forceNew && this.opt('recycle') === 'clear' && this.lease?.isAlive() && this.session && !this.session.crashed && !this.session.contextClosed;
    if (reuse) {
      try {
        await this.session!.clean();
        return;
      } catch {
        // the context broke while cleaning: fall through to a fresh one
      }
    }
    await this.dropContext();
    this.lease = await this.host.acquire();
    this.session = await TabSession.open(this.lease.context, { allowlist: this.options.allowlist, dialogs: this.opt('dialogs') });
  }

  private async dropContext(): Promise<void> {
    this.session?.dispose();
    this.session = undefined;
    const lease = this.lease;
    this.lease = undefined;
    await lease?.release();
  }

  private async observe(): Promise<PageView> {
    const session = this.session!;
    const page = session.page;
    const run = () => observePage(page, this.idCounter, {
      maxTextChars: this.opt('maxTextChars'),
      maxPageTextChars: this.opt('maxPageTextChars'),
      screenshot: this.opt('screenshot'),
      setOfMarks: this.opt('setOfMarks'),
    });
    const timeout = this.opt('observeTimeout');
    const unresponsive = () => new EpisodeFailure('page_unresponsive', `the page did not answer an observation within ${timeout}ms (a script may be stuck in a loop).`);
    let view: PageView;
    try {
      view = await withTimeout(run(), timeout, unresponsive);
    } catch (e) {
      if (e instanceof EpisodeFailure) throw e;
      if (page.isClosed() || !this.lease?.isAlive() || session.crashed) throw new PageGoneError('page gone while observing', { cause: e });
      // A navigation replaced the document mid-walk: wait for the new one and walk again.
      await page.waitForLoadState('domcontentloaded', { timeout: this.navigationTimeout }).catch(() => undefined);
      view = await withTimeout(run(), timeout, unresponsive);
    }
    this.idCounter = Math.max(this.idCounter, view.nextId);
    return view;
  }

  private async buildObservation(view: PageView, error: string, events: { dialogs: Observation['dialogs']; downloads: Observation['downloads'] }): Promise<Observation> {
    const session = this.session!;
    const tabs = await Promise.all(session.pages.map(async (p, index) => ({
      index,
      url: index === session.active ? view.url : p.url(),
      title: index === session.active ? view.title : await p.title().catch(() => ''),
    })));
    const obs: Observation = {
      url: view.url,
      title: view.title,
      goal: this.episode?.instance.goal ?? '',
      tabs,
      activeTab: session.active,
      axtree: view.axtree,
      elements: view.elements,
      lastActionError: error,
      dialogs: events.dialogs,
      downloads: events.downloads,
      truncated: view.truncated,
    };
    if (view.focused) obs.focused = view.focused;
    if (this.episode?.lastAction !== undefined) obs.lastAction = this.episode.lastAction;
    if (session.fileChooser) obs.fileChooserPending = true;
    if (view.screenshot) obs.screenshot = view.screenshot;
    if (view.setOfMarks) obs.setOfMarks = view.setOfMarks;
    return obs;
  }

  private async runProbes(spec: TaskSpec, instance: TaskInstance): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    const entries = Object.entries(spec.probes ?? {});
    await Promise.all(entries.map(async ([name, probe]) => {
      try {
        out[name] = await probe(this.taskRuntime(instance));
      } catch (e) {
        throw new EpisodeFailure('probe_failed', `probe ${quote(name)} of ${quote(spec.id)} threw: ${(e as Error).message}`, { cause: e });
      }
    }));
    return out;
  }

  /**
   * Run one action (typed, or a string in the BrowserGym call syntax) and observe the result.
   *
   * `terminated` is true when the agent answered (`send_msg_to_user`) or reported the task
   * infeasible, or when an infrastructure failure ended the episode (then `info.error` is set and
   * the episode has no policy verdict). `truncated` is true when the step budget ran out. After
   * either, call `reset` before stepping again.
   * @throws EnvError `env_state` before reset, after the episode ended, or after close.
   */
  async step(action: Action | string, meta: StepMeta = {}): Promise<StepResult> {
    this.enter('step');
    try {
      return await this.doStep(action, meta);
    } finally {
      this.busy = false;
    }
  }

  private async doStep(input: Action | string, meta: StepMeta): Promise<StepResult> {
    const ep = this.episode;
    if (!ep) throw new EnvError('env_state', 'WebEnv.step: no episode is running. Call reset() first.');
    if (ep.ended) throw new EnvError('env_state', 'WebEnv.step: the episode has ended (terminated or truncated). Call reset() to start a new one.');
    const t0 = performance.now();
    const parsed = safeParseAction(input);
    const action: Action = parsed.success ? parsed.action : { type: 'noop' };
    const actionText = parsed.success ? formatAction(parsed.action) : String(typeof input === 'string' ? input : JSON.stringify(input)).slice(0, 500);
    const target = 'id' in action && action.id !== undefined ? this.targetOf(ep.view, action.id) : undefined;
    const session = this.session!;
    let error = parsed.success ? '' : parsed.error.message;
    let actionMs = 0;
    let settleMs = 0;
    let settleTimedOut = false;
    let view: PageView;
    let events;
    try {
      session.beginStep();
      // Trusted code (or a fault) can close the page between steps: that ends the episode as an
      // infrastructure error, not as a TypeError on the missing page.
      if (session.pages.length === 0) throw new PageGoneError('the page was closed between steps');
      if (parsed.success) {
        error = await executeAction(action, {
          session,
          idLimit: this.idCounter,
          actionTimeout: this.actionTimeout,
          navigationTimeout: this.navigationTimeout,
          isAlive: () => this.lease?.isAlive() ?? false,
        });
      }
      actionMs = performance.now() - t0;
      const ts = performance.now();
      if (session.contextClosed) throw new PageGoneError('context closed');
      if (session.followPopups()) await session.page.waitForLoadState('domcontentloaded', { timeout: this.navigationTimeout }).catch(() => undefined);
      await session.ensurePage();
      if (action.type !== 'answer' && action.type !== 'infeasible' && action.type !== 'noop') {
        const settle = { timeout: this.opt('settleTimeout'), domQuietMs: this.opt('domQuietMs'), navigationTimeout: this.navigationTimeout };
        let r = await waitForSettle(session, session.page, t0, settle);
        // On a loaded machine a popup's page event can arrive after the opener settled: follow it
        // and settle the new tab too, so the observation shows where the action led.
        if (session.followPopups()) {
          await session.page.waitForLoadState('domcontentloaded', { timeout: this.navigationTimeout }).catch(() => undefined);
          r = await waitForSettle(session, session.page, t0, { ...settle, timeout: Math.max(1, this.opt('settleTimeout') - (performance.now() - t0)) });
        }
        if (r.navigationPending) {
          throw new EpisodeFailure('site_timeout', `the site did not answer the page load this action started within ${this.navigationTimeout}ms: the site failed, not the agent.`);
        }
        settleTimedOut = r.timedOut;
      }
      events = await session.takeEvents(Math.max(0, this.opt('settleTimeout') - (performance.now() - t0)));
      settleMs = performance.now() - ts;
      if (session.crashed || !this.lease?.isAlive()) throw new PageGoneError('browser gone');
      view = await this.observe();
      const serverError = session.takeServerError();
      if (serverError) throw new EpisodeFailure('site_error', `the site answered HTTP ${serverError.status} for ${serverError.url}: the site failed, not the agent.`);
    } catch (e) {
      return this.failEpisode(e, t0);
    }
    const observeMs = performance.now() - t0 - actionMs - settleMs;
    ep.view = view;
    ep.lastAction = actionText;
    if (action.type === 'answer') ep.answer = action.text;
    if (action.type === 'infeasible') ep.infeasible = action.reason;

    const record: StepRecord = {
      ...this.#pageState(view),
      index: ep.trajectory.steps.length,
      action,
      actionText,
      error,
      reward: 0,
      newlySatisfied: [],
    };
    if (target) record.target = target;
    const raw = meta.raw ?? (typeof input === 'string' ? input : undefined);
    if (raw !== undefined) record.raw = raw;
    if (meta.thought !== undefined) record.thought = meta.thought;
    if (meta.usage) record.usage = meta.usage;
    if (meta.error && !record.error) record.error = meta.error;
    ep.trajectory.steps.push(record);

    let terminated = action.type === 'answer' || action.type === 'infeasible';
    const tr = performance.now();
    let rewardInfo: Record<string, unknown> | undefined;
    try {
      if (ep.spec?.probes) record.probes = await this.runProbes(ep.spec, ep.instance);
      if (!terminated && ep.spec?.isTerminal?.({ instance: ep.instance, probes: record.probes ?? {} })) terminated = true;
      if (this.options.rewarder) {
        const r = await this.options.rewarder.score(ep.trajectory, record);
        record.reward = r.reward;
        record.newlySatisfied = r.newlySatisfied ?? [];
        rewardInfo = r.info;
      }
    } catch (e) {
      return this.failEpisode(e instanceof EpisodeFailure ? e : new EpisodeFailure('rewarder_failed', `the rewarder threw: ${(e as Error).message}`, { cause: e }), t0);
    }
    const rewardMs = performance.now() - tr;
    const truncated = !terminated && ep.trajectory.steps.length >= ep.instance.maxSteps;
    ep.totalReward += record.reward;
    const timings: Timings = { actionMs, settleMs, observeMs, rewardMs };
    record.timings = timings;
    const info: StepInfo = {
      task: { id: ep.instance.taskId, seed: ep.instance.seed },
      step: record.index,
      timings: { ...timings, totalMs: 0 },
    };
    if (settleTimedOut) info.settleTimedOut = true;
    if (rewardInfo) info.reward = rewardInfo;
    if (record.newlySatisfied.length) info.newlySatisfied = record.newlySatisfied;
    if (events.blockedRequests.length) info.blockedRequests = events.blockedRequests;
    const observation = await this.buildObservation(view, error, events);
    if (terminated || truncated) {
      try {
        await this.finishEpisode(terminated, truncated);
      } catch (e) {
        return this.failEpisode(e, t0);
      }
      info.outcome = ep.trajectory.outcome;
    }
    info.timings.totalMs = performance.now() - t0;
    return { observation, reward: record.reward, terminated, truncated, info };
  }

  private targetOf(view: PageView, id: string): Target | undefined {
    const e = view.elements.find((x) => x.id === id);
    if (!e) return undefined;
    const t: Target = { id: e.id, role: e.role, name: e.name };
    if (e.value !== undefined) t.value = e.value;
    if (e.tag) t.tag = e.tag;
    if (e.href) t.href = e.href;
    return t;
  }

  private async finishEpisode(terminated: boolean, truncated: boolean): Promise<void> {
    const ep = this.episode!;
    ep.ended = true;
    const traj = ep.trajectory;
    if (ep.answer !== undefined) traj.answer = ep.answer;
    if (ep.infeasible !== undefined) traj.infeasible = ep.infeasible;
    const outcome: Outcome = { terminated, truncated, totalReward: ep.totalReward };
    if (this.options.rewarder) {
      const v = await this.options.rewarder.finish(traj);
      outcome.verdict = v.success;
      if (v.labels) outcome.labels = v.labels;
      if (v.info) outcome.info = v.info;
    }
    if (ep.spec?.oracle) {
      const probes = ep.spec.probes ? await this.runProbes(ep.spec, ep.instance) : {};
      outcome.oracle = await ep.spec.oracle({ instance: ep.instance, trajectory: traj, probes, answer: ep.answer, infeasible: ep.infeasible });
    }
    traj.outcome = outcome;
    traj.endedAt = new Date().toISOString();
    await this.record(traj);
  }

  private async record(traj: Trajectory): Promise<void> {
    const dir = this.options.recordDir;
    if (!dir) return;
    await mkdir(dir, { recursive: true });
    await appendFile(join(dir, 'trajectories.jsonl'), `${JSON.stringify(traj)}\n`);
  }

  /** End the episode on an infrastructure failure: terminated, with the error in info and outcome. */
  private async failEpisode(e: unknown, t0: number): Promise<StepResult> {
    const ep = this.episode!;
    let code: string;
    let message: string;
    if (e instanceof EpisodeFailure) {
      code = e.code;
      message = e.message;
    } else if (e instanceof PageGoneError || !this.lease?.isAlive() || this.session?.crashed || this.session?.contextClosed) {
      code = this.lease?.downCode ?? 'browser_crashed';
      const where = this.lease?.endpoint ? ` (endpoint ${this.lease.endpoint})` : '';
      message = this.session?.crashed
        ? 'the page crashed during the step.'
        : code === 'endpoint_down'
          ? `the remote browser went away during the step${where}.`
          : this.lease?.isAlive()
            ? 'the page or its context closed during the step.'
            : 'the browser disconnected during the step.';
    } else if (e instanceof CoregymError) {
      throw e;
    } else {
      code = 'env_internal';
      message = (e as Error)?.message ?? String(e);
    }
    const error = { code, message: `WebEnv.step: ${message} The episode ended with an infrastructure error; reset() starts a fresh one.` };
    ep.ended = true;
    ep.trajectory.outcome = { terminated: true, truncated: false, error, totalReward: ep.totalReward };
    ep.trajectory.endedAt = new Date().toISOString();
    await this.record(ep.trajectory).catch(() => undefined);
    // A page stuck in a load that never committed does not answer evaluate either: start the next episode on a fresh context.
    if (code === 'browser_crashed' || code === 'endpoint_down' || code === 'page_unresponsive' || code === 'site_timeout') await withTimeout(this.dropContext(), 5000, () => new Error('context close timed out')).catch(() => undefined);
    const observation: Observation = {
      url: ep.view.url,
      title: ep.view.title,
      goal: ep.instance.goal,
      tabs: [],
      activeTab: 0,
      axtree: '',
      elements: [],
      lastActionError: error.message,
      dialogs: [],
      downloads: [],
      truncated: false,
    };
    const totalMs = performance.now() - t0;
    return {
      observation,
      reward: 0,
      terminated: true,
      truncated: false,
      info: {
        task: { id: ep.instance.taskId, seed: ep.instance.seed },
        step: ep.trajectory.steps.length,
        timings: { actionMs: 0, settleMs: 0, observeMs: 0, rewardMs: 0, totalMs },
        error,
        episodeError: error,
        outcome: ep.trajectory.outcome,
      },
    };
  }

  /** Close the context (and the browser, when this env created it). Idempotent. */
  #pageState(view: PageView): PageState {
    const state = toPageState(view, this.opt('maxRecordedElements'));
    return this.opt('recordObservationText') ? { ...state, axtree: view.axtree } : state;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.teardownEpisode();
    await this.dropContext();
    if (this.options.rewarder) await this.options.rewarder.close().catch(() => undefined);
    if (this.ownsHost) await this.host.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
