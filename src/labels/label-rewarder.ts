/**
 * LabelRewarder: dense rewards from a task's label functions, one reward per newly satisfied key
 * step, and a verdict that all key steps were satisfied.
 * @module
 */
import { EnvError, LabelError, quote } from '../env/errors.ts';
import type { RewardVerdict, Rewarder, StepReward } from '../env/rewarder.ts';
import type { TaskInstance } from '../env/task.ts';
import type { StepRecord, Trajectory } from '../env/trajectory.ts';
import type { LabelSet } from './label.ts';
import { LabelRuntime, type LabelResults, type LabelRuntimeOptions } from './runtime.ts';

/** Where a LabelRewarder finds the label set of a task: a lookup function, a Map or a plain object keyed by task id. */
export type LabelSetSource = ((taskId: string) => LabelSet | undefined) | ReadonlyMap<string, LabelSet> | Readonly<Record<string, LabelSet>>;

/** Options of {@link LabelRewarder}. */
export interface LabelRewarderOptions extends LabelRuntimeOptions {
  /**
   * Reward paid when a label is first satisfied, by label id. Labels not listed get
   * 1 / (number of labels in the task's set), so an episode that satisfies every label earns 1.
   */
  weights?: Readonly<Record<string, number>>;
  /** Runtime to score in (kept open by `close`); by default the rewarder owns one. */
  runtime?: LabelRuntime;
}

interface Episode {
  task: TaskInstance;
  set: LabelSet | undefined;
  started: boolean;
  /** Steps of the episode the runtime has seen. */
  scored: number;
  firstSatisfied: Record<string, number | null>;
  weights: Record<string, number>;
}

/**
 * Scores episodes with the label functions of each task: after every step, the reward is the sum
 * of the weights of the labels first satisfied at that step (`newlySatisfied`); `finish` re-checks
 * every label on the final state (`traj.done` true) and succeeds when all of them hold there.
 *
 * Label failures never throw: they appear in `info.labelErrors` (label id -> message) and the
 * label counts as false. A task without a label set earns 0 and fails, with `info.error` saying so.
 *
 * @example
 * const rewarder = new LabelRewarder(new Map([[set.taskId, set]]));
 * const env = new WebEnv({ runtime, task: set.taskId, rewarder });
 */
export class LabelRewarder implements Rewarder {
  readonly #source: LabelSetSource;
  readonly #weights: Readonly<Record<string, number>>;
  readonly #runtime: LabelRuntime;
  readonly #ownsRuntime: boolean;
  #episode: Episode | undefined;

  constructor(labels: LabelSetSource, options: LabelRewarderOptions = {}) {
    for (const [id, w] of Object.entries(options.weights ?? {})) {
      if (typeof w !== 'number' || !Number.isFinite(w)) {
        throw new LabelError('label_invalid', `LabelRewarder: bad weight for label ${quote(id)} (expected a finite number, got ${quote(w)}). Fix options.weights.`);
      }
    }
    this.#source = labels;
    this.#weights = { ...options.weights };
    this.#ownsRuntime = options.runtime === undefined;
    this.#runtime = options.runtime ?? new LabelRuntime(options);
  }

  /** Start an episode of `task`; its labels load on the first `score` or `finish`, when the initial state is known. */
  async reset(task: TaskInstance): Promise<void> {
    const set = this.#lookup(task.taskId);
    const labels = set?.labels ?? [];
    const weights: Record<string, number> = {};
    for (const l of labels) weights[l.id] = this.#weights[l.id] ?? 1 / labels.length;
    this.#episode = { task, set, started: false, scored: 0, firstSatisfied: Object.fromEntries(labels.map((l) => [l.id, null])), weights };
  }

  async score(trajectory: Trajectory, step: StepRecord): Promise<StepReward> {
    const ep = this.#current('score');
    if (ep.set === undefined) return { reward: 0, newlySatisfied: [], info: { error: this.#missing(ep) } };
    this.#start(ep, trajectory, step.index);
    // Catch up on steps this rewarder did not see, so first-satisfied indexes describe the whole episode.
    const newly: string[] = [];
    for (; ep.scored < step.index; ep.scored++) {
      const s = trajectory.steps[ep.scored];
      if (s === undefined) break;
      this.#record(ep, this.#runtime.step(s), ep.scored, newly);
    }
    const last = this.#runtime.step(step);
    ep.scored = step.index + 1;
    this.#record(ep, last, step.index, newly);
    let reward = 0;
    for (const id of newly) reward += ep.weights[id] ?? 0;
    return { reward, newlySatisfied: newly, info: infoOf(last) };
  }

  async finish(trajectory: Trajectory): Promise<RewardVerdict> {
    const ep = this.#current('finish');
    if (ep.set === undefined) return { success: false, labels: {}, info: { error: this.#missing(ep) } };
    this.#start(ep, trajectory, trajectory.steps.length);
    for (; ep.scored < trajectory.steps.length; ep.scored++) this.#record(ep, this.#runtime.step(trajectory.steps[ep.scored]!), ep.scored, []);
    const end = this.#runtime.finish({
      ...(trajectory.answer !== undefined && { answer: trajectory.answer }),
      ...(trajectory.infeasible !== undefined && { infeasible: trajectory.infeasible }),
    });
    const labels = { ...ep.firstSatisfied };
    for (const [id, v] of Object.entries(end.values)) {
      if (v && labels[id] === null) labels[id] = Math.max(0, trajectory.steps.length - 1);
    }
    const ids = Object.keys(end.values);
    const success = ids.length > 0 && ids.every((id) => end.values[id] === true);
    return { success, labels, info: { final: end.values, ...infoOf(end) } };
  }

  async close(): Promise<void> {
    this.#episode = undefined;
    if (this.#ownsRuntime) this.#runtime.close();
  }

  #lookup(taskId: string): LabelSet | undefined {
    const s = this.#source;
    if (typeof s === 'function') return s(taskId);
    if (s instanceof Map) return s.get(taskId);
    return Object.hasOwn(s, taskId) ? (s as Readonly<Record<string, LabelSet>>)[taskId] : undefined;
  }

  #current(method: string): Episode {
    if (this.#episode === undefined) throw new EnvError('env_state', `LabelRewarder.${method}: no episode (expected reset(task) first). Call reset at the start of each episode.`);
    return this.#episode;
  }

  #missing(ep: Episode): string {
    return `LabelRewarder: no label set for task ${quote(ep.task.taskId)}; the episode earns 0 and fails. Synthesize labels for the task or pass its label set.`;
  }

  /** Start the runtime's episode once the initial state is known, or restart it when asked to score an earlier step again. */
  #start(ep: Episode, trajectory: Trajectory, upTo: number): void {
    if (ep.started && ep.scored <= upTo) return;
    this.#runtime.reset(ep.set!.labels, { taskId: trajectory.taskId, goal: trajectory.goal, initial: trajectory.initial });
    ep.started = true;
    ep.scored = 0;
    for (const id of Object.keys(ep.firstSatisfied)) ep.firstSatisfied[id] = null;
  }

  #record(ep: Episode, r: LabelResults, index: number, newly: string[]): void {
    for (const [id, v] of Object.entries(r.values)) {
      if (v && ep.firstSatisfied[id] === null) {
        ep.firstSatisfied[id] = index;
        newly.push(id);
      }
    }
  }
}

function infoOf(r: LabelResults): Record<string, unknown> {
  const errors = Object.entries(r.errors);
  return {
    labels: r.values,
    ...(errors.length > 0 && { labelErrors: Object.fromEntries(errors.map(([id, e]) => [id, `${e.code}: ${e.message}`])) }),
  };
}
