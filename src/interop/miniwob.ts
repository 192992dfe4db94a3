/**
 * MiniWoB++ in coregym: find the task pages of a MiniWoB++ checkout (a folder or an HTTP URL
 * serving it) and register `miniwob.<task>` for each — a seeded start without the sync cover,
 * the page's instruction as the goal, its reward globals read by a probe every step, and a label
 * and an oracle that succeed when the page's episode ended with a positive reward.
 * @module
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { registerTask, unregisterTask, type OracleInput, type OracleVerdict, type PageState, type TaskRuntime, type TaskSpec } from '../env/index.ts';
import { LABEL_SCHEMA_VERSION, type LabelSet } from '../labels/index.ts';
import { InteropError } from './errors.ts';
import { startEpisodeInPage, statusInPage, utteranceInPage, type MiniwobStatus } from './miniwob-page.ts';

export type { MiniwobStatus } from './miniwob-page.ts';

/** Name of the probe that reads the reward globals (`probes.miniwob`). */
export const MINIWOB_PROBE = 'miniwob';

/** Options of {@link registerMiniwob}. Give `dir` or `url`; without either, the MINIWOB_URL environment variable is used. */
export interface RegisterMiniwobOptions {
  /** A MiniWoB++ checkout, or its `miniwob/html/miniwob` folder of task pages. */
  dir?: string;
  /** URL of the task-page folder served over HTTP (or file://), e.g. `http://localhost:8000/miniwob/`. @default process.env.MINIWOB_URL */
  url?: string;
  /** With `url`: the task names to register (`click-button` for `click-button.html`). @default the .html links of the page at `url` */
  tasks?: readonly string[];
  /** Id prefix: ids are `<prefix>.<task>`. @default 'miniwob' */
  prefix?: string;
  /** Step budget of each task. @default 30 */
  maxSteps?: number;
  /**
   * The page's own episode time limit, in ms (written to core.EPISODE_MAX_TIME before the episode
   * starts; MiniWoB++'s default is 10000, too short for model-driven agents). When it runs out the
   * page ends the episode with reward -1. 0 disables it. @default 0
   */
  episodeTimeout?: number;
  /** MiniWoB++ data mode passed to core.setDataMode (`train`, `test` ...). @default undefined (the page's default) */
  dataMode?: string;
  /** Keep the reward/timer display meant for people visible (it changes every second and shows the reward). @default false */
  showHud?: boolean;
  /** Time to load a task page and start its episode, in ms. @default 15000 */
  timeout?: number;
  /** Register the tasks with the env's registry (replacing tasks of the same id). @default true */
  register?: boolean;
}

/** Result of {@link registerMiniwob}. */
export interface MiniwobTasks {
  tasks: TaskSpec[];
  /** Label sets by task id, for `new LabelRewarder(labels)`. */
  labels: Map<string, LabelSet>;
  /** Pages found but not registered, with why. */
  skipped: { name: string; reason: string }[];
}

/** setTimeout's largest delay; a larger one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The first MiniWoB++ status in a trajectory that says the episode ended, if any. */
export function miniwobResult(states: readonly Pick<PageState, 'probes'>[]): MiniwobStatus | undefined {
  for (const s of states) {
    const m = s.probes?.[MINIWOB_PROBE] as MiniwobStatus | undefined;
    if (m?.done) return m;
  }
  return undefined;
}

/**
 * Whether the page's episode has ended as of this state. The registered tasks' `isTerminal` uses
 * it, so WebEnv terminates the episode by itself when the page is done.
 */
export function isMiniwobDone(state: Pick<PageState, 'probes'>): boolean {
  return (state.probes?.[MINIWOB_PROBE] as MiniwobStatus | undefined)?.done === true;
}

const LABEL_CODE = `(traj, api) => {
  const states = [traj.initial].concat(traj.steps);
  for (const s of states) {
    const m = s.probes && s.probes.${MINIWOB_PROBE};
    if (m && m.done) return m.rawReward > 0;
  }
  return false;
}`;

function labelSet(taskId: string): LabelSet {
  return {
    schema: LABEL_SCHEMA_VERSION,
    taskId,
    labels: [{ id: 'miniwob-success', description: 'The MiniWoB++ page ended its episode with a positive reward', code: LABEL_CODE, origin: 'imported', provenance: { taskId, synthesizer: 'miniwob' } }],
    attempts: [],
  };
}

function oracle({ trajectory, probes }: OracleInput): OracleVerdict {
  const result = miniwobResult([trajectory.initial, ...trajectory.steps, { probes }]);
  if (!result) return { success: false, reason: 'the page did not end its episode (WOB_DONE_GLOBAL stayed false)' };
  return { success: result.rawReward > 0, reason: `MiniWoB++ raw reward ${result.rawReward}, reward ${result.reward}${result.reason ? ` (${result.reason})` : ''}` };
}

interface Resolved {
  prefix: string;
  maxSteps: number;
  maxTimeMs: number;
  dataMode?: string;
  hideHud: boolean;
  timeout: number;
}

function taskSpec(name: string, pageUrl: string, o: Resolved): TaskSpec {
  const id = `${o.prefix}.${name}`;
  const start = async (rt: TaskRuntime): Promise<void> => {
    const { page, instance } = rt;
    const where = `${id}.setup`;
    await page.goto(pageUrl, { waitUntil: 'load', timeout: o.timeout });
    const problem = await page.evaluate(startEpisodeInPage, { seed: instance.seed, maxTimeMs: o.maxTimeMs, dataMode: o.dataMode, hideHud: o.hideHud });
    if (problem) throw new InteropError('miniwob_start', `${where}: ${pageUrl} did not start an episode: ${problem}. Check that it is a MiniWoB++ task page and that ../core/core.js loads from it.`);
    // Most tasks are ready at once; the ones that load data first clear WOB_TASK_READY meanwhile.
    if (!(await page.evaluate(statusInPage)).ready) {
      await page.waitForFunction(() => (window as unknown as { WOB_TASK_READY?: unknown }).WOB_TASK_READY !== false, undefined, { timeout: o.timeout, polling: 50 });
    }
    const utterance = await page.evaluate(utteranceInPage);
    // The instruction is drawn by the page, so the goal is only known now. WebEnv builds the
    // trajectory and the first observation from this same instance after setup returns.
    if (utterance) instance.goal = utterance;
    instance.params.utterance = utterance;
  };
  const readStatus = async ({ page }: TaskRuntime): Promise<MiniwobStatus> => {
    try {
      return await page.evaluate(statusInPage);
    } catch (e) {
      // The agent navigated away or the page is reloading: report no status rather than fail the step.
      return { present: false, done: false, reward: 0, rawReward: 0, reason: null, ready: false, error: (e as Error).message.split('\n')[0]! };
    }
  };
  return {
    id,
    maxSteps: o.maxSteps,
    tags: ['miniwob'],
    // Setup loads the page and starts the episode; the start URL differs only by its fragment, so
    // WebEnv's navigation to it stays in the same document instead of reloading a fresh problem.
    instantiate: () => ({ goal: `Follow the instruction on the page (MiniWoB++ task ${name}).`, startUrl: `${pageUrl}#coregym`, params: { task: name } }),
    setup: start,
    probes: { [MINIWOB_PROBE]: readStatus },
    isTerminal: ({ probes }) => isMiniwobDone({ probes }),
    oracle,
  };
}

const TASK_NAME = /^[a-z0-9][a-z0-9_.-]*$/;

async function scanDir(dir: string): Promise<{ base: string; pages: { name: string; isTask: boolean }[] }> {
  const candidates = [join(dir, 'miniwob', 'html', 'miniwob'), join(dir, 'html', 'miniwob'), dir];
  for (const folder of candidates) {
    const entries = await readdir(folder).catch(() => undefined);
    if (!entries) continue;
    const html = entries.filter((f) => f.endsWith('.html')).sort();
    if (html.length === 0) continue;
    const pages = await Promise.all(html.map(async (f) => {
      const text = await readFile(join(folder, f), 'utf8');
      return { name: f.slice(0, -'.html'.length), isTask: /core\/core\.js/.test(text) && /genProblem/.test(text) };
    }));
    if (pages.some((p) => p.isTask)) return { base: pathToFileURL(`${folder}/`).href, pages };
  }
  throw new InteropError('miniwob_not_found', `registerMiniwob: no MiniWoB++ task pages in ${dir} (looked in ${candidates.join(', ')}). Pass the folder of a miniwob-plusplus checkout (git clone https://github.com/Farama-Foundation/miniwob-plusplus).`);
}

async function listUrl(url: string): Promise<string[]> {
  let body: string;
  try {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    body = await res.text();
  } catch (e) {
    throw new InteropError('miniwob_not_found', `registerMiniwob: cannot read the index page ${url}: ${(e as Error).message}. Serve the folder (python -m http.server) or pass { tasks: [...] }.`, { cause: e });
  }
  const names = new Set<string>();
  for (const m of body.matchAll(/href\s*=\s*["']?([^"'\s>]+?)\.html["'\s>]/gi)) {
    const name = decodeURIComponent(m[1]!.split('/').at(-1)!);
    if (name !== 'index') names.add(name);
  }
  if (names.size === 0) throw new InteropError('miniwob_not_found', `registerMiniwob: the page at ${url} links no .html task pages. Pass { tasks: ['click-button', ...] }.`);
  return [...names].sort();
}

/**
 * Find MiniWoB++ task pages and register `miniwob.<task>` for each.
 *
 * Each episode loads the page, seeds `Math.random` with the episode's seed (`Math.seedrandom`),
 * sets the page's time limit, starts the episode programmatically (no sync-cover click) and takes
 * the page's instruction as the goal. A probe reads the reward globals after every step; the
 * label `miniwob-success` and the oracle succeed when the page ended its episode with a positive
 * raw reward. The episode terminates when the page ends its own episode (`isTerminal`).
 * @throws InteropError `miniwob_not_found` when no task pages are found.
 * @example
 * const { labels } = await registerMiniwob({ dir: '/src/miniwob-plusplus' });
 * const env = new WebEnv({ task: 'miniwob.click-button', rewarder: new LabelRewarder(labels) });
 */
export async function registerMiniwob(options: RegisterMiniwobOptions = {}): Promise<MiniwobTasks> {
  const episodeTimeout = options.episodeTimeout ?? 0;
  if (!(Number.isFinite(episodeTimeout) && episodeTimeout >= 0)) throw new InteropError('interop_options', `registerMiniwob: episodeTimeout must be a number of ms >= 0 (got ${JSON.stringify(episodeTimeout)}).`);
  const o: Resolved = {
    prefix: options.prefix ?? 'miniwob',
    maxSteps: options.maxSteps ?? 30,
    maxTimeMs: episodeTimeout === 0 ? MAX_TIMER_MS : Math.min(episodeTimeout, MAX_TIMER_MS),
    dataMode: options.dataMode,
    hideHud: !(options.showHud ?? false),
    timeout: options.timeout ?? 15_000,
  };
  let dir = options.dir;
  let url = dir === undefined ? (options.url ?? process.env.MINIWOB_URL) : undefined;
  if (dir === undefined && url === undefined) {
    throw new InteropError('miniwob_not_found', 'registerMiniwob: no MiniWoB++ location (expected options.dir, options.url or the MINIWOB_URL environment variable, got none). Clone https://github.com/Farama-Foundation/miniwob-plusplus and pass { dir }.');
  }
  if (url?.startsWith('file:')) {
    dir = fileURLToPath(url);
    url = undefined;
  }
  const skipped: MiniwobTasks['skipped'] = [];
  let base: string;
  let names: string[];
  if (dir !== undefined) {
    if (!(await stat(dir).catch(() => undefined))?.isDirectory()) throw new InteropError('miniwob_not_found', `registerMiniwob: ${dir} is not a folder. Pass the folder of a miniwob-plusplus checkout.`);
    const found = await scanDir(dir);
    base = found.base;
    names = found.pages.filter((p) => p.isTask).map((p) => p.name);
    for (const p of found.pages) if (!p.isTask) skipped.push({ name: p.name, reason: 'not a task page (no core/core.js and genProblem)' });
  } else {
    base = url!.endsWith('/') ? url! : `${url!}/`;
    names = options.tasks ? [...options.tasks] : await listUrl(base);
  }
  const tasks: TaskSpec[] = [];
  for (const name of names) {
    if (!TASK_NAME.test(name)) {
      skipped.push({ name, reason: 'the name does not make a task id (expected lower-case letters, digits, ".", "_" or "-")' });
      continue;
    }
    tasks.push(taskSpec(name, new URL(`${encodeURIComponent(name)}.html`, base).href, o));
  }
  if (options.register ?? true) {
    for (const t of tasks) {
      unregisterTask(t.id);
      registerTask(t);
    }
  }
  return { tasks, labels: new Map(tasks.map((t) => [t.id, labelSet(t.id)])), skipped };
}
