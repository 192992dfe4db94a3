/**
 * SelfTrainer: the CORE loop. Each round: Semantic Code Abstraction for tasks without labels,
 * exploration (K rollouts per task), verification with the strategy graph, expansion with new
 * strategies, trajectory-guided extrapolation, dataset export and the policy update; then the new
 * policy is evaluated on train and held-out tasks. Everything lands in the run directory as it
 * happens, and `resume` continues an interrupted run without redoing finished episodes.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RunError } from '../env/index.ts';
import type { BrowserHost, TaskSpec } from '../env/index.ts';
import type { Trajectory } from '../env/trajectory.ts';
import { LabelSetSchema, scoreTrajectory } from '../labels/index.ts';
import type { LabelSet, Synthesizer } from '../labels/index.ts';
import { GraphRewarder, StrategyGraph, expandGraph, graphToJSON, parseGraph } from '../graph/index.ts';
import type { ExpansionRecord } from '../graph/index.ts';
import { datasetRowCount, exportDataset } from './dataset.ts';
import type { DatasetEntry } from './dataset.ts';
import { extrapolate } from './extrapolate.ts';
import type { ExtrapolationRecord, Instructor } from './extrapolate.ts';
import type { Policy, PolicyUpdater } from './policy-updater.ts';
import { collectEpisodes } from './rollouts.ts';
import type { EpisodeJob, EpisodeOutcome } from './rollouts.ts';
import { EpisodeWriter, finishedEpisodes, readEpisodeLog, readJson, runPaths, writeJsonAtomic } from './run-store.ts';
import { fixedInstanceSpec } from './task-pool.ts';
import type { PoolTask, PoolTaskOrigin } from './task-pool.ts';

/** A task to evaluate on (oracle success, greedy policy). */
export interface EvalTask {
  spec: TaskSpec;
  seed: number;
  /** Which figure it counts toward. */
  split: 'train' | 'heldout' | 'heldout-template';
}

/** Metrics of one round (round 0: the initial policy, before self-training). */
export interface RoundMetrics {
  round: number;
  /** Oracle success of the greedy policy on the pool's suite tasks. */
  train_success: number;
  /** Oracle success on unseen seeds of the train templates. */
  heldout_success: number;
  /** Oracle success on templates never trained on (the held-out split), when evaluated. */
  heldout_template_success: number | null;
  /** Exploration rollouts the strategy graph accepted (share). */
  label_verified_success: number | null;
  /** Exploration rollouts the task oracle accepted (share, tasks with an oracle). */
  exploration_oracle_success: number | null;
  /** Exploration rollouts on tasks with an oracle that the strategy graph accepted. */
  graph_accepts: number;
  /** Graph accepts that the oracle rejects. */
  false_accepts: number;
  /** false_accepts / graph accepts on tasks with an oracle. */
  false_accept_rate: number | null;
  /** Strategy paths over all graphs, and the mean per suite task. */
  strategies: number;
  strategies_per_task: number;
  /** New tasks that entered the pool this round, by origin. */
  tasks_added: number;
  tasks_added_by_origin: Record<string, number>;
  pool_size: number;
  dataset_rows: number;
  expansions: number;
  infra_errors: number;
  episodes: number;
  tokens: number;
  cost_usd: number;
  seconds: number;
}

/** Progress events, for bars and logs. */
export type TrainerEvent =
  | { type: 'phase'; round: number; phase: 'labels' | 'explore' | 'expand' | 'extrapolate' | 'dataset' | 'update' | 'eval'; total?: number }
  | { type: 'episode'; round: number; phase: 'explore' | 'eval'; outcome: EpisodeOutcome }
  | { type: 'round'; metrics: RoundMetrics };

/** Options of SelfTrainer. */
export interface SelfTrainerOptions {
  /** Run directory; created when missing. */
  runDir: string;
  /** Browser (or pool) the environments share. */
  runtime: BrowserHost;
  /** The initial task pool: suite task instances with their demos. */
  pool: PoolTask[];
  /** Evaluation tasks. */
  eval: EvalTask[];
  synthesizer: Synthesizer;
  instructor: Instructor;
  policy: PolicyUpdater;
  /** Self-training rounds after round 0. @default 3 */
  rounds?: number;
  /** Exploration rollouts per task per round (the paper's K). @default 5 */
  rolloutsPerTask?: number;
  /** Environments at once. @default 4 */
  parallel?: number;
  /** New tasks per round from failure-driven extrapolation. @default 10 */
  maxFailureTasks?: number;
  /** New tasks per round from success-driven extrapolation. @default 10 */
  maxSuccessTasks?: number;
  /** Attempts per episode before an infrastructure failure is given up. @default 3 */
  maxAttempts?: number;
  /** Continue the run in `runDir` instead of refusing to overwrite it. @default false */
  resume?: boolean;
  /** Record screenshots (paths in the dataset). @default false */
  screenshots?: boolean;
  onEvent?: (event: TrainerEvent) => void;
  signal?: AbortSignal;
}

/** What a finished run reports. */
export interface TrainResult {
  runDir: string;
  rounds: RoundMetrics[];
  pool: PoolTask[];
  policy: Policy;
}

const clip = (s: string) => (s.length > 80 ? `${s.slice(0, 80)}...` : s);
const share = (n: number, d: number) => (d === 0 ? null : n / d);

/** The CORE loop over a task pool. */
export class SelfTrainer {
  readonly #o: Required<Omit<SelfTrainerOptions, 'onEvent' | 'signal'>> & Pick<SelfTrainerOptions, 'onEvent' | 'signal'>;
  readonly #paths;
  #pool: PoolTask[];
  #entries: DatasetEntry[] = [];
  /** Where each entry's trajectory is kept on disk, parallel to #entries (tasks.json stores these, not the trajectories). */
  #entryRefs: EntryRef[] = [];

  constructor(options: SelfTrainerOptions) {
    this.#o = {
      rounds: 3,
      rolloutsPerTask: 5,
      parallel: 4,
      maxFailureTasks: 10,
      maxSuccessTasks: 10,
      maxAttempts: 3,
      resume: false,
      screenshots: false,
      ...options,
    };
    if (!Number.isInteger(this.#o.rounds) || this.#o.rounds < 1) throw new RunError('run_invalid', `SelfTrainer: rounds must be an integer >= 1 (got ${this.#o.rounds}).`);
    if (!Number.isInteger(this.#o.rolloutsPerTask) || this.#o.rolloutsPerTask < 1) throw new RunError('run_invalid', `SelfTrainer: rolloutsPerTask must be an integer >= 1 (got ${this.#o.rolloutsPerTask}).`);
    this.#paths = runPaths(options.runDir);
    this.#pool = [...options.pool];
  }

  /** Run (or resume) every round; returns the metrics of rounds 0..rounds. */
  async run(): Promise<TrainResult> {
    const o = this.#o;
    const config = { version: 1, rounds: o.rounds, rolloutsPerTask: o.rolloutsPerTask, synthesizer: o.synthesizer.name, instructor: o.instructor.name, policy: o.policy.name, pool: this.#pool.map((t) => t.id), eval: o.eval.map((e) => `${e.spec.id}@${e.seed}`) };
    const previous = readJson(this.#paths.config) as Partial<typeof config> | undefined;
    if (previous && !o.resume) {
      throw new RunError('run_invalid', `SelfTrainer: ${o.runDir} already holds a run. Pass resume (--resume) to continue it, or choose another run directory.`);
    }
    if (previous) {
      // A resumed run must be the same experiment; only more rounds may be asked for.
      for (const key of ['rolloutsPerTask', 'synthesizer', 'instructor', 'policy', 'pool', 'eval'] as const) {
        if (JSON.stringify(previous[key]) !== JSON.stringify(config[key])) {
          throw new RunError('run_invalid', `SelfTrainer.resume: ${o.runDir} was started with a different ${key} (${clip(JSON.stringify(previous[key]))}, now ${clip(JSON.stringify(config[key]))}). Resume with the run's original settings, or start a new run directory.`);
        }
      }
    }
    writeJsonAtomic(this.#paths.config, previous ? { ...config, rounds: Math.max(o.rounds, previous.rounds ?? 0) } : config);
    const demoTasks = this.#pool.filter((t) => t.trainOnDemo !== false);
    const trainingDemos = demoTasks.map((t) => t.demo);
    this.#entries = [];
    this.#entryRefs = [];
    for (const t of demoTasks) this.#addEntry({ trajectory: t.demo, source: 'demo' }, { task: t.id });

    const metrics: RoundMetrics[] = [];
    let policy = (await this.#restorePolicy(0)) ?? (await o.policy.initial(trainingDemos));
    writeJsonAtomic(this.#paths.round(0).policy, policy.toJSON?.() ?? null);
    metrics.push(await this.#roundZero(policy));

    for (let round = 1; round <= o.rounds; round++) {
      const done = readJson(this.#paths.round(round).metrics) as RoundMetrics | undefined;
      const restored = done ? await this.#restoreRound(round) : undefined;
      if (done && restored) {
        policy = restored;
        metrics.push(done);
        continue;
      }
      const result = await this.#round(round, policy);
      policy = result.policy;
      metrics.push(result.metrics);
    }
    writeJsonAtomic(this.#paths.summary, { rounds: metrics });
    return { runDir: o.runDir, rounds: metrics, pool: this.#pool, policy };
  }

  async #restorePolicy(round: number): Promise<Policy | undefined> {
    const json = readJson(this.#paths.round(round).policy);
    if (json === undefined || json === null || !this.#o.policy.restore) return undefined;
    return this.#o.policy.restore(json);
  }

  /** Rebuild the pool and the training entries as they were at the end of a finished round. */
  async #restoreRound(round: number): Promise<Policy | undefined> {
    const saved = readJson(this.#paths.round(round).tasks) as SavedPool | undefined;
    const policy = await this.#restorePolicy(round);
    if (!saved || !policy) return undefined;
    this.#pool = restorePool(saved, this.#pool);
    this.#entryRefs = saved.entries;
    this.#entries = resolveEntries(saved.entries, this.#pool, (r) => this.#paths.round(r).episodes);
    return policy;
  }

  async #roundZero(policy: Policy): Promise<RoundMetrics> {
    const existing = readJson(this.#paths.round(0).metrics) as RoundMetrics | undefined;
    // Labels first either way: on resume they are read back from round-0/labels, not synthesized again.
    await this.#ensureLabels(0);
    if (existing) return existing;
    const started = Date.now();
    const evaluation = await this.#evaluate(0, policy);
    const m = this.#metrics(0, { evaluation, explored: [], expansions: [], added: [], datasetRows: datasetRowCount(this.#entries), started });
    writeJsonAtomic(this.#paths.round(0).metrics, m);
    this.#o.onEvent?.({ type: 'round', metrics: m });
    return m;
  }

  async #round(round: number, policy: Policy): Promise<{ policy: Policy; metrics: RoundMetrics }> {
    const o = this.#o;
    const started = Date.now();
    const paths = this.#paths.round(round);
    await this.#ensureLabels(round);

    // 2. Exploration: K rollouts per labelled task, scored by its strategy graph.
    const explorable = this.#pool.filter((t) => t.graph && t.labels && t.labels.labels.length > 0);
    const jobs: EpisodeJob[] = explorable.flatMap((t) =>
      Array.from({ length: o.rolloutsPerTask }, (_, k) => ({ key: `r${round}/explore/${t.id}/k${k}`, task: t.spec, seed: t.seed, tag: t.id })),
    );
    o.onEvent?.({ type: 'phase', round, phase: 'explore', total: jobs.length });
    const explored = await this.#collect(round, 'explore', paths.episodes, jobs, policy.explorer.bind(policy));

    // 3. Verification and expansion: oracle-accepted, graph-rejected rollouts reveal new strategies.
    o.onEvent?.({ type: 'phase', round, phase: 'expand' });
    const byId = new Map(this.#pool.map((t) => [t.id, t]));
    const expansions: ExpansionRecord[] = [];
    const newStrategies: { trajectory: Trajectory; from: PoolTask }[] = [];
    const bank = this.#pool.map((t) => t.demo);
    for (const outcome of explored) {
      const task = byId.get(outcome.job.tag!);
      const trajectory = outcome.trajectory;
      if (!task?.graph || !trajectory) continue;
      if (trajectory.outcome?.verdict || trajectory.outcome?.oracle?.success !== true) continue;
      const record = await expandGraph(task.graph, trajectory, { synthesizer: o.synthesizer, scorer: scoreTrajectory, bank, negatives: this.#negativesFor(task) });
      expansions.push(record);
      if (record.status === 'expanded') newStrategies.push({ trajectory, from: task });
    }
    writeJsonAtomic(paths.expansions, expansions);

    // 4. Trajectory-guided extrapolation.
    o.onEvent?.({ type: 'phase', round, phase: 'extrapolate' });
    const failures = explored
      .filter((e) => e.trajectory && e.trajectory.outcome?.verdict === false && e.trajectory.steps.some((s) => !s.error))
      .map((e) => ({ trajectory: e.trajectory!, from: byId.get(e.job.tag!)!, origin: 'failure-extrapolated' as const }));
    const failureResult = await extrapolate(dedupeByTask(failures), { synthesizer: o.synthesizer, instructor: o.instructor, pool: this.#pool, maxTasks: o.maxFailureTasks, negatives: bank.slice(0, 8) });
    const successResult = await extrapolate(
      newStrategies.map((s) => ({ ...s, origin: 'success-extrapolated' as const })),
      { synthesizer: o.synthesizer, instructor: o.instructor, pool: [...this.#pool, ...failureResult.tasks], maxTasks: o.maxSuccessTasks, negatives: bank.slice(0, 8) },
    );
    const added = [...failureResult.tasks, ...successResult.tasks];
    for (const task of added) task.graph = StrategyGraph.fromLabelSet(task.id, task.labels!, task.demo.id);
    this.#pool.push(...added);
    writeJsonAtomic(join(paths.dir, 'extrapolation.json'), [...failureResult.records, ...successResult.records] satisfies ExtrapolationRecord[]);

    // 5. Dataset: label-verified rollouts (the graph, not the oracle, decides: users have no oracle) plus extrapolated tasks.
    o.onEvent?.({ type: 'phase', round, phase: 'dataset' });
    for (const e of explored) if (e.trajectory?.outcome?.verdict === true) this.#addEntry({ trajectory: e.trajectory, source: 'verified' }, { round, key: e.job.key });
    for (const t of added) this.#addEntry({ trajectory: t.demo, source: 'extrapolated', instruction: t.demo.goal }, { task: t.id });
    const card = exportDataset(paths.dataset, this.#entries, { name: `coregym-round-${round}`, filters: ['graph verdict true (label-verified)', 'extrapolated tasks whose labels validate', 'steps with an action error dropped'] });

    // 6. Policy update.
    o.onEvent?.({ type: 'phase', round, phase: 'update' });
    const next = await o.policy.update({ round, datasetDir: paths.dataset, entries: this.#entries, signal: o.signal });
    writeJsonAtomic(paths.policy, next.toJSON?.() ?? null);

    const evaluation = await this.#evaluate(round, next);
    const m = this.#metrics(round, { evaluation, explored, expansions, added, datasetRows: card.rows, started });
    this.#savePool(round);
    writeJsonAtomic(paths.metrics, m);
    o.onEvent?.({ type: 'round', metrics: m });
    return { policy: next, metrics: m };
  }

  #addEntry(entry: DatasetEntry, ref: EntryRef['ref']): void {
    this.#entries.push({ ...entry, trajectory: withoutProbes(entry.trajectory) });
    this.#entryRefs.push({ source: entry.source, ...(entry.instruction !== undefined ? { instruction: entry.instruction } : {}), ref });
  }

  /** 1. Semantic Code Abstraction for pool tasks without labels. */
  async #ensureLabels(round: number): Promise<void> {
    const dir = this.#paths.round(round).labels;
    const toSynthesize: PoolTask[] = [];
    for (const task of this.#pool.filter((t) => !t.labels)) {
      const file = join(dir, `${task.id}.json`);
      const saved = existsSync(file) ? LabelSetSchema.safeParse(readJson(file)) : undefined;
      if (saved?.success) this.#setLabels(task, saved.data);
      else toSynthesize.push(task);
    }
    if (toSynthesize.length === 0) return;
    this.#o.onEvent?.({ type: 'phase', round, phase: 'labels', total: toSynthesize.length });
    for (const task of toSynthesize) {
      const labels = await this.#o.synthesizer.synthesize(task.demo, { negatives: this.#negativesFor(task) });
      writeJsonAtomic(join(dir, `${task.id}.json`), labels);
      this.#setLabels(task, labels);
    }
  }

  #setLabels(task: PoolTask, labels: LabelSet): void {
    task.labels = labels;
    task.graph = StrategyGraph.fromLabelSet(task.id, labels, task.demo.id);
  }

  /** Cheap negatives: demos of other tasks on the same site (they lack this task's key steps). */
  #negativesFor(task: PoolTask): Trajectory[] {
    const site = task.baseId.split('.')[0];
    return this.#pool.filter((t) => t.baseId !== task.baseId && t.baseId.split('.')[0] === site && t.origin === 'suite').slice(0, 6).map((t) => t.demo);
  }

  async #evaluate(round: number, policy: Policy): Promise<EpisodeOutcome[]> {
    const jobs: EpisodeJob[] = this.#o.eval.map((e) => ({ key: `r${round}/eval/${e.split}/${e.spec.id}/s${e.seed}`, task: e.spec, seed: e.seed, tag: e.split }));
    this.#o.onEvent?.({ type: 'phase', round, phase: 'eval', total: jobs.length });
    return this.#collect(round, 'eval', this.#paths.round(round).eval, jobs, policy.evaluator.bind(policy), false);
  }

  async #collect(round: number, phase: 'explore' | 'eval', file: string, jobs: EpisodeJob[], agent: Policy['explorer'], scored = true): Promise<EpisodeOutcome[]> {
    const log = readEpisodeLog(file, { repair: true });
    const writer = new EpisodeWriter(file);
    const graphs = this.#pool.flatMap((t) => (t.graph ? [t.graph] : []));
    const rewarders: GraphRewarder[] = [];
    try {
      return await collectEpisodes(jobs, {
        runtime: this.#o.runtime,
        parallel: this.#o.parallel,
        agent,
        rewarder: scored
          ? () => {
              const r = new GraphRewarder(graphs);
              rewarders.push(r);
              return r;
            }
          : undefined,
        writer,
        done: finishedEpisodes(log),
        maxAttempts: this.#o.maxAttempts,
        // Only exploration feeds datasets, which show a model the observation text; eval episodes skip it.
        env: { screenshot: this.#o.screenshots, recordObservationText: phase === 'explore' },
        onEpisode: (outcome) => this.#o.onEvent?.({ type: 'episode', round, phase, outcome }),
        signal: this.#o.signal,
      });
    } finally {
      writer.close();
      await Promise.all(rewarders.map((r) => r.close()));
    }
  }

  #metrics(round: number, d: { evaluation: EpisodeOutcome[]; explored: EpisodeOutcome[]; expansions: ExpansionRecord[]; added: PoolTask[]; datasetRows: number; started: number }): RoundMetrics {
    const success = (split: EvalTask['split']) => {
      const runs = d.evaluation.filter((e) => e.job.tag === split && e.trajectory);
      return share(runs.filter((e) => e.trajectory!.outcome?.oracle?.success === true).length, runs.length);
    };
    const finished = d.explored.filter((e) => e.trajectory).map((e) => e.trajectory!);
    const withOracle = finished.filter((t) => t.outcome?.oracle);
    const accepted = withOracle.filter((t) => t.outcome?.verdict === true);
    const falseAccepts = accepted.filter((t) => t.outcome?.oracle?.success !== true).length;
    const suiteGraphs = this.#pool.filter((t) => t.origin === 'suite' && t.graph);
    const strategies = this.#pool.reduce((n, t) => n + (t.graph?.paths().length ?? 0), 0);
    const byOrigin: Record<string, number> = {};
    for (const t of d.added) byOrigin[t.origin] = (byOrigin[t.origin] ?? 0) + 1;
    const usage = [...d.explored, ...d.evaluation].flatMap((e) => e.trajectory?.steps ?? []).map((s) => s.usage);
    return {
      round,
      train_success: success('train') ?? 0,
      heldout_success: success('heldout') ?? 0,
      heldout_template_success: success('heldout-template'),
      label_verified_success: share(finished.filter((t) => t.outcome?.verdict === true).length, finished.length),
      exploration_oracle_success: share(withOracle.filter((t) => t.outcome?.oracle?.success === true).length, withOracle.length),
      graph_accepts: accepted.length,
      false_accepts: falseAccepts,
      false_accept_rate: share(falseAccepts, accepted.length),
      strategies,
      strategies_per_task: suiteGraphs.length ? suiteGraphs.reduce((n, t) => n + t.graph!.paths().length, 0) / suiteGraphs.length : 0,
      tasks_added: d.added.length,
      tasks_added_by_origin: byOrigin,
      pool_size: this.#pool.length,
      dataset_rows: d.datasetRows,
      expansions: d.expansions.filter((e) => e.status === 'expanded').length,
      infra_errors: [...d.explored, ...d.evaluation].reduce((n, e) => n + e.errors.length, 0),
      episodes: finished.length + d.evaluation.filter((e) => e.trajectory).length,
      tokens: usage.reduce((n, u) => n + (u ? u.inputTokens + u.outputTokens : 0), 0),
      cost_usd: usage.reduce((n, u) => n + (u?.costUsd ?? 0), 0),
      seconds: (Date.now() - d.started) / 1000,
    };
  }

  #savePool(round: number): void {
    const saved: SavedPool = {
      // Suite tasks' demos come back from the initial pool on resume; only extrapolated tasks carry theirs.
      tasks: this.#pool.map((t) => ({ id: t.id, baseId: t.baseId, seed: t.seed, origin: t.origin, goal: t.spec.instantiate(t.seed).goal, oracle: t.spec.oracle !== undefined, demo: t.origin === 'suite' ? undefined : t.demo, trainOnDemo: t.trainOnDemo, labels: t.labels, graph: t.graph ? graphToJSON(t.graph) : undefined, parent: t.parent })),
      entries: this.#entryRefs,
    };
    writeJsonAtomic(this.#paths.round(round).tasks, saved);
    const dir = this.#paths.round(round).graphs;
    for (const t of this.#pool) if (t.graph) writeJsonAtomic(join(dir, `${t.id}.json`), graphToJSON(t.graph));
  }
}

/** Where a dataset entry's trajectory lives: a pool task's demo, or an exploration episode of a round. */
interface EntryRef {
  source: DatasetEntry['source'];
  instruction?: string;
  ref: { task: string } | { round: number; key: string };
}

interface SavedPool {
  tasks: { id: string; baseId: string; seed: number; origin: PoolTaskOrigin; goal: string; oracle: boolean; demo?: Trajectory; trainOnDemo?: boolean; labels?: LabelSet; graph?: unknown; parent?: string }[];
  entries: EntryRef[];
}

/**
 * Probe data (backend state after every step) is for labels, not for training: dropping it from
 * the trajectories the trainer keeps in memory and in tasks.json keeps both small.
 */
function withoutProbes(t: Trajectory): Trajectory {
  const { probes: _initial, ...initial } = t.initial;
  return { ...t, initial, steps: t.steps.map(({ probes: _p, ...step }) => step) };
}

function resolveEntries(refs: readonly EntryRef[], pool: readonly PoolTask[], episodesFile: (round: number) => string): DatasetEntry[] {
  const demos = new Map(pool.map((t) => [t.id, t.demo]));
  const logs = new Map<number, Map<string, Trajectory>>();
  const episode = (round: number, key: string) => {
    if (!logs.has(round)) logs.set(round, finishedEpisodes(readEpisodeLog(episodesFile(round))));
    return logs.get(round)!.get(key);
  };
  return refs.map((r) => {
    const trajectory = 'task' in r.ref ? demos.get(r.ref.task) : episode(r.ref.round, r.ref.key);
    if (!trajectory) {
      const where = 'task' in r.ref ? `the demo of pool task ${r.ref.task}` : `episode ${r.ref.key} of round ${r.ref.round}`;
      throw new RunError('run_invalid', `SelfTrainer.resume: the saved dataset refers to ${where}, which the run directory no longer holds. Restore the run directory or start a new run.`);
    }
    return { trajectory: withoutProbes(trajectory), source: r.source, ...(r.instruction !== undefined ? { instruction: r.instruction } : {}) };
  });
}

function restorePool(saved: SavedPool, initial: readonly PoolTask[]): PoolTask[] {
  const specs = new Map(initial.map((t) => [`${t.baseId}|${t.seed}`, t.spec]));
  const initialDemos = new Map(initial.map((t) => [t.id, t.demo]));
  return saved.tasks.map((t) => {
    const base = specs.get(`${t.baseId}|${t.seed}`);
    if (!base) throw new RunError('run_invalid', `SelfTrainer.resume: the saved pool has task ${t.id} of ${t.baseId}, which the current suite does not have.`);
    const spec = t.origin === 'suite' ? base : fixedInstanceSpec(base, t.seed, { id: t.id, goal: t.goal, oracle: t.oracle });
    const demo = t.demo ?? initialDemos.get(t.id);
    if (!demo) throw new RunError('run_invalid', `SelfTrainer.resume: no demo for pool task ${t.id} (the initial pool does not have it and tasks.json does not carry it).`);
    return { id: t.id, baseId: t.baseId, seed: t.seed, origin: t.origin, spec, demo, trainOnDemo: t.trainOnDemo, labels: t.labels, graph: t.graph ? parseGraph(t.graph) : undefined, parent: t.parent };
  });
}

/** At most one failure candidate per task per round, so one hard task does not flood the pool. */
function dedupeByTask<T extends { from: PoolTask }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(i.from.id) ? false : (seen.add(i.from.id), true)));
}
