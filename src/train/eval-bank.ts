/**
 * The fixed bank of trajectories that label quality and graph expansion are measured on, per task
 * instance of the built-in suite: the demo, runs of the other strategies' solvers, seeded random
 * runs, and perturbed replays of the demo (stopped early, a step skipped, another select option
 * such as the wrong size, altered typed text, a wrong answer). Every trajectory is a real episode
 * in the browser with the task oracle's real verdict.
 * @module
 */
import type { Action } from '../env/action-schema.ts';
import type { BrowserHost } from '../env/index.ts';
import type { Observation } from '../env/observation.ts';
import type { TaskInstance } from '../env/task.ts';
import type { Trajectory } from '../env/trajectory.ts';
import { RandomAgent, ReplayAgent } from '../agents/index.ts';
import type { Agent, AgentContext, AgentStep } from '../agents/index.ts';
import { loadDemos } from '../suite/index.ts';
import type { RunningSuite, TaskTemplate } from '../suite/index.ts';
import { collectEpisodes } from './rollouts.ts';
import type { EpisodeJob } from './rollouts.ts';
import { fixedInstanceSpec, instanceId } from './task-pool.ts';

/** How a bank trajectory was made. */
export type BankKind = 'demo' | 'other-strategy' | 'random' | 'stop-early' | 'skip-step' | 'other-option' | 'altered-text' | 'wrong-answer';

/** One bank trajectory with the oracle's verdict. */
export interface BankTrajectory {
  kind: BankKind;
  /** Strategy of the solver that made it (demo and other-strategy runs). */
  strategy?: string;
  trajectory: Trajectory;
  oracleSuccess: boolean;
}

/** The bank of one task instance. */
export interface TaskBank {
  /** Instance id (`<template>.s<seed>`). */
  taskId: string;
  template: TaskTemplate;
  seed: number;
  /** The demo labels are synthesized from (the first strategy's). */
  demo: Trajectory;
  /** Demos of the other strategies (solver runs), by strategy. */
  otherStrategies: Trajectory[];
  bank: BankTrajectory[];
}

/** Options of `buildEvalBank`. */
export interface EvalBankOptions {
  runtime: BrowserHost;
  /** Demo seeds to build banks for. @default [1] */
  seeds?: readonly number[];
  /** Only templates that pass this filter. */
  filter?: (template: TaskTemplate) => boolean;
  /** Random-agent runs per instance. @default 2 */
  randomRuns?: number;
  /** Environments at once. @default 4 */
  parallel?: number;
  /** Folder of demos. @default the shipped demos */
  demoDir?: string;
  onEpisode?: () => void;
}

type Perturbation = Exclude<BankKind, 'demo' | 'other-strategy' | 'random'>;

/** Which step each perturbation changes in a demo, or undefined when it does not apply. */
function perturbationSites(demo: Trajectory): Partial<Record<Perturbation, number>> {
  const steps = demo.steps;
  const last = steps.length - 1;
  const isEnd = (a: Action) => a.type === 'answer' || a.type === 'infeasible';
  const work = steps.map((s, i) => ({ s, i })).filter(({ s }) => !isEnd(s.action));
  const sites: Partial<Record<Perturbation, number>> = {};
  if (work.length > 0) sites['stop-early'] = work.at(-1)!.i;
  const clicks = work.filter(({ s }) => s.action.type === 'click');
  if (clicks.length > 1) sites['skip-step'] = clicks[Math.floor(clicks.length / 2)]!.i;
  const select = work.find(({ s }) => s.action.type === 'select');
  if (select) sites['other-option'] = select.i;
  const fill = work.filter(({ s }) => s.action.type === 'fill' && (s.action as { text: string }).text.length > 0).at(-1);
  if (fill) sites['altered-text'] = fill.i;
  const answer = steps[last];
  if (answer?.action.type === 'answer' && answer.action.text.toLowerCase() !== 'done') sites['wrong-answer'] = last;
  return sites;
}

function alterText(text: string): string {
  const digits = text.replace(/\d/g, (d) => String((Number(d) + 3) % 10));
  return digits !== text ? digits : `${text.slice(0, Math.max(1, Math.floor(text.length / 2)))} (draft)`;
}

/**
 * Replays a demo with one perturbation, re-targeting elements by role and name as ReplayAgent does.
 * `stop-early` answers "done" in place of the last working step; `skip-step` leaves one click out.
 */
class PerturbedReplay implements Agent {
  readonly name: string;
  readonly #replay: ReplayAgent;
  readonly #kind: Perturbation;
  readonly #site: number;
  readonly #length: number;
  constructor(demo: Trajectory, kind: Perturbation, site: number) {
    this.name = `perturbed:${kind}`;
    this.#kind = kind;
    this.#site = site;
    this.#length = demo.steps.length;
    // skip-step removes the step from the recording, so the replay continues with the next one.
    this.#replay = new ReplayAgent(kind === 'skip-step' ? { ...demo, steps: demo.steps.filter((_, i) => i !== site).map((s, i) => ({ ...s, index: i })) } : demo);
  }
  reset(task: TaskInstance) {
    return this.#replay.reset(task);
  }
  async act(observation: Observation, context: AgentContext): Promise<AgentStep> {
    if (context.step >= this.#length) return { action: { type: 'answer', text: 'done' } };
    if (this.#kind === 'stop-early' && context.step === this.#site) return { action: { type: 'answer', text: 'done' } };
    const step = await this.#replay.act(observation, context);
    if (context.step !== this.#site || typeof step.action === 'string') return step;
    const action = step.action;
    if (this.#kind === 'other-option' && action.type === 'select') {
      const live = observation.elements.find((e) => e.id === action.id);
      const other = live?.options?.find((o) => !action.options.includes(o) && o.trim() !== '' && !/^(select|choose|--)/i.test(o.trim()));
      return other ? { ...step, action: { ...action, options: [other] } } : step;
    }
    if (this.#kind === 'altered-text' && action.type === 'fill') return { ...step, action: { ...action, text: alterText(action.text) } };
    if (this.#kind === 'wrong-answer' && action.type === 'answer') return { ...step, action: { ...action, text: alterText(action.text) } };
    return step;
  }
}

/**
 * Build the bank of every (filtered) template instance that has demos, running the other solvers'
 * demos from disk, random runs and perturbed replays in the browser.
 */
export async function buildEvalBank(suite: RunningSuite, options: EvalBankOptions): Promise<TaskBank[]> {
  const seeds = options.seeds ?? [1];
  const templates = suite.templates.filter((t) => !options.filter || options.filter(t));
  const demos = loadDemos(suite.urls, { dir: options.demoDir, taskIds: templates.map((t) => t.id), seeds });
  const banks: TaskBank[] = [];
  const jobs: EpisodeJob[] = [];
  for (const template of templates) {
    const strategies = Object.keys(template.solvers);
    for (const seed of seeds) {
      const mine = demos.filter((d) => d.taskId === template.id && d.seed === seed);
      const demo = mine.find((d) => d.strategy === strategies[0]) ?? mine[0];
      if (!demo) continue;
      const id = instanceId(template.id, seed);
      const spec = fixedInstanceSpec(template, seed);
      const others = mine.filter((d) => d !== demo).map((d) => ({ ...d, taskId: id }));
      const bank: TaskBank = { taskId: id, template, seed, demo: { ...demo, taskId: id }, otherStrategies: others, bank: [] };
      bank.bank.push({ kind: 'demo', strategy: demo.strategy, trajectory: bank.demo, oracleSuccess: demo.outcome?.oracle?.success === true });
      for (const d of others) bank.bank.push({ kind: 'other-strategy', strategy: d.strategy, trajectory: d, oracleSuccess: d.outcome?.oracle?.success === true });
      banks.push(bank);
      for (let k = 0; k < (options.randomRuns ?? 2); k++) {
        jobs.push({ key: `${id}/random/${k}`, task: spec, seed, tag: id, agent: new RandomAgent({ seed: 100 + k }) });
      }
      for (const [kind, site] of Object.entries(perturbationSites(demo)) as [Perturbation, number][]) {
        jobs.push({ key: `${id}/${kind}`, task: spec, seed, tag: id, agent: new PerturbedReplay(demo, kind, site) });
      }
    }
  }
  const results = await collectEpisodes(jobs, {
    runtime: options.runtime,
    parallel: options.parallel ?? 4,
    agent: () => new RandomAgent({ seed: 0 }),
    onEpisode: () => options.onEpisode?.(),
  });
  const byId = new Map(banks.map((b) => [b.taskId, b]));
  for (const r of results) {
    if (!r.trajectory) continue;
    const kind = (r.job.key.split('/').at(-2) === 'random' ? 'random' : r.job.key.split('/').at(-1)) as BankKind;
    byId.get(r.job.tag!)!.bank.push({ kind, trajectory: r.trajectory, oracleSuccess: r.trajectory.outcome?.oracle?.success === true });
  }
  return banks;
}
