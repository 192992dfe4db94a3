/**
 * From a run's episode log to its results: one EpisodeResult per planned episode, then success
 * rates with Wilson intervals overall, by split and by task, the steps distribution and where
 * failed episodes stopped.
 * @module
 */
import type { Trajectory } from '../env/index.ts';
import type { EpisodeRecord } from '../train/index.ts';
import { BENCH_RESULTS_SCHEMA_VERSION, episodeKey } from './results.ts';
import type { BenchConfig, BenchResults, EpisodeResult, GroupStats } from './results.ts';
import { integerBins, mean, quantile, wilsonInterval } from './stats.ts';

/** Options of `summarizeRun`. */
export interface SummarizeOptions {
  /** Description of a key step (graph node) of a task, for the failure-point chart. */
  describe?: (taskId: string, keyStep: string) => string | undefined;
  /** Timestamp written into the results. @default now */
  now?: Date;
}

/** The key step satisfied last: from the outcome's first-satisfied map when present, else from the steps' newlySatisfied. */
export function lastKeyStep(trajectory: Trajectory): { hasLabels: boolean; keyStep: string | null } {
  const labels = trajectory.outcome?.labels;
  if (labels && Object.keys(labels).length > 0) {
    let best: { id: string; at: number } | null = null;
    for (const [id, at] of Object.entries(labels)) {
      if (at !== null && (!best || at >= best.at)) best = { id, at };
    }
    return { hasLabels: true, keyStep: best?.id ?? null };
  }
  for (let i = trajectory.steps.length - 1; i >= 0; i--) {
    const newly = trajectory.steps[i]!.newlySatisfied;
    if (newly.length > 0) return { hasLabels: true, keyStep: newly[newly.length - 1]! };
  }
  // Without a verdict from a rewarder there were no labels; with one, none was satisfied.
  return { hasLabels: trajectory.outcome?.verdict !== undefined, keyStep: null };
}

/** The path to highlight in the task's graph: the witness when the graph passed, else the satisfied key steps in order. */
function takenPath(trajectory: Trajectory): string[] | undefined {
  const outcome = trajectory.outcome;
  const witness = outcome?.info?.path;
  if (Array.isArray(witness) && witness.every((id) => typeof id === 'string')) return witness as string[];
  if (!outcome?.labels) return undefined;
  const satisfied = Object.entries(outcome.labels).filter((e): e is [string, number] => e[1] !== null);
  return ['START', ...satisfied.sort((a, b) => a[1] - b[1]).map(([id]) => id)];
}

/** One finished episode as a result row. */
export function episodeResult(key: string, trajectory: Trajectory, split: 'train' | 'heldout', attempts: number, infraErrors: { code: string; message: string }[]): EpisodeResult {
  const outcome = trajectory.outcome;
  const usage = trajectory.steps.map((s) => s.usage);
  const started = Date.parse(trajectory.startedAt);
  const ended = trajectory.endedAt ? Date.parse(trajectory.endedAt) : NaN;
  const last = lastKeyStep(trajectory);
  const path = takenPath(trajectory);
  return {
    key,
    task_id: trajectory.taskId,
    seed: trajectory.seed,
    split,
    status: 'finished',
    success: outcome?.oracle?.success ?? null,
    ...(outcome?.oracle?.reason !== undefined && { oracle_reason: outcome.oracle.reason }),
    graph_success: outcome?.verdict ?? null,
    reward: outcome?.totalReward ?? trajectory.steps.reduce((n, s) => n + s.reward, 0),
    steps: trajectory.steps.length,
    seconds: Number.isFinite(ended - started) ? (ended - started) / 1000 : null,
    input_tokens: usage.reduce((n, u) => n + (u?.inputTokens ?? 0), 0),
    output_tokens: usage.reduce((n, u) => n + (u?.outputTokens ?? 0), 0),
    cost_usd: usage.reduce((n, u) => n + (u?.costUsd ?? 0), 0),
    agent_errors: trajectory.steps.filter((s) => s.error !== '').length,
    infra_errors: infraErrors,
    attempts,
    ...(outcome && { terminated: outcome.terminated, truncated: outcome.truncated }),
    ...(trajectory.answer !== undefined && { answer: trajectory.answer }),
    has_labels: last.hasLabels,
    last_key_step: last.keyStep,
    ...(path && { path }),
  };
}

/** Aggregate a group of episode results. */
export function groupStats(rows: readonly EpisodeResult[]): GroupStats {
  const finished = rows.filter((r) => r.status === 'finished');
  const judged = finished.filter((r) => r.success !== null);
  const successes = judged.filter((r) => r.success).length;
  const graphed = finished.filter((r) => r.graph_success !== null);
  const graphSuccesses = graphed.filter((r) => r.graph_success).length;
  const both = finished.filter((r) => r.success !== null && r.graph_success !== null);
  const cost = finished.reduce((n, r) => n + r.cost_usd, 0);
  return {
    episodes: rows.length,
    finished: finished.length,
    successes,
    success: judged.length ? successes / judged.length : null,
    success_ci: wilsonInterval(successes, judged.length),
    graph_scored: graphed.length,
    graph_successes: graphSuccesses,
    graph_success: graphed.length ? graphSuccesses / graphed.length : null,
    graph_success_ci: wilsonInterval(graphSuccesses, graphed.length),
    verdict_agreement: both.length ? both.filter((r) => r.success === r.graph_success).length / both.length : null,
    mean_steps: mean(finished.map((r) => r.steps)),
    mean_reward: mean(finished.map((r) => r.reward ?? 0)),
    mean_seconds: mean(finished.flatMap((r) => (r.seconds === null ? [] : [r.seconds]))),
    input_tokens: finished.reduce((n, r) => n + r.input_tokens, 0),
    output_tokens: finished.reduce((n, r) => n + r.output_tokens, 0),
    cost_usd: cost,
    mean_cost_usd: finished.length ? cost / finished.length : null,
    agent_errors: finished.reduce((n, r) => n + r.agent_errors, 0),
    infra_errors: rows.reduce((n, r) => n + r.infra_errors.length, 0),
    unfinished: rows.filter((r) => r.status === 'infra_error').length,
    pending: rows.filter((r) => r.status === 'pending').length,
  };
}

/**
 * The results of a run from its config and its episode log (the last finished attempt of each
 * key counts; error records of a key are its infrastructure errors). Planned episodes with no
 * record are `pending`, so an interrupted run summarizes what it finished.
 */
export function summarizeRun(config: BenchConfig, records: readonly EpisodeRecord[], options: SummarizeOptions = {}): BenchResults {
  const finished = new Map<string, { trajectory: Trajectory; attempt: number }>();
  const errors = new Map<string, { code: string; message: string }[]>();
  for (const record of records) {
    if (record.kind === 'episode') finished.set(record.key, { trajectory: record.trajectory, attempt: record.attempt });
    else errors.set(record.key, [...(errors.get(record.key) ?? []), { code: record.code, message: record.message }]);
  }
  const rows: EpisodeResult[] = [];
  for (const task of config.task_info) {
    for (const seed of config.seeds) {
      const key = episodeKey(task.id, seed);
      const done = finished.get(key);
      const failed = errors.get(key) ?? [];
      if (done) {
        // Errors logged after a later success belong to another attempt; only earlier ones count against this episode.
        rows.push(episodeResult(key, done.trajectory, task.split, done.attempt, failed.slice(0, done.attempt - 1)));
      } else {
        rows.push({
          key, task_id: task.id, seed, split: task.split, status: failed.length ? 'infra_error' : 'pending', success: null, graph_success: null, reward: null, steps: 0,
          seconds: null, input_tokens: 0, output_tokens: 0, cost_usd: 0, agent_errors: 0, infra_errors: failed, attempts: failed.length, has_labels: false, last_key_step: null,
        });
      }
    }
  }
  const bySplit: Record<string, GroupStats> = {};
  for (const split of ['train', 'heldout'] as const) {
    const mine = rows.filter((r) => r.split === split);
    if (mine.length) bySplit[split] = groupStats(mine);
  }
  const tasks = config.task_info.map((t) => ({ task_id: t.id, split: t.split, ...groupStats(rows.filter((r) => r.task_id === t.id)) }));

  const done = rows.filter((r) => r.status === 'finished');
  const steps = done.map((r) => r.steps);
  const histogram = integerBins(steps.length ? Math.min(...steps) : 0, steps.length ? Math.max(...steps) : -1).map((bin) => {
    const inBin = done.filter((r) => r.steps >= bin.from && r.steps <= bin.to);
    return { ...bin, successes: inBin.filter((r) => r.success === true).length, failures: inBin.filter((r) => r.success !== true).length };
  });

  const points = new Map<string, { task_id: string; key_step: string | null; description: string | null; count: number }>();
  let unlabelled = 0;
  for (const r of done) {
    if (r.success !== false) continue;
    if (!r.has_labels) {
      unlabelled++;
      continue;
    }
    const id = `${r.task_id}\n${r.last_key_step ?? ''}`;
    const point = points.get(id) ?? { task_id: r.task_id, key_step: r.last_key_step, description: r.last_key_step === null ? null : (options.describe?.(r.task_id, r.last_key_step) ?? null), count: 0 };
    point.count++;
    points.set(id, point);
  }

  return {
    schema: BENCH_RESULTS_SCHEMA_VERSION,
    config,
    generated_at: (options.now ?? new Date()).toISOString(),
    overall: groupStats(rows),
    by_split: bySplit,
    tasks,
    steps_distribution: { min: quantile(steps, 0), median: quantile(steps, 0.5), p90: quantile(steps, 0.9), max: quantile(steps, 1), histogram },
    failure_points: [...points.values()].sort((a, b) => a.task_id.localeCompare(b.task_id) || b.count - a.count),
    unlabelled_failures: unlabelled,
    episodes: rows,
  };
}
