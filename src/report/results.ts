/**
 * The files of a benchmark run directory besides its episodes: `config.json` (what was asked) and
 * `results.json` (what came out), as zod schemas with their inferred types.
 * @module
 */
import { join } from 'node:path';
import { z } from 'zod';

export const BENCH_CONFIG_SCHEMA_VERSION = 'coregym.bench-config/1';
export const BENCH_RESULTS_SCHEMA_VERSION = 'coregym.bench-results/1';

/** Which templates a benchmark runs. */
export const SplitSchema = z.enum(['train', 'heldout', 'all']);
export type Split = z.infer<typeof SplitSchema>;

/** What a benchmark was asked to do; written once when the run starts, checked on resume. */
export const BenchConfigSchema = z.object({
  schema: z.literal(BENCH_CONFIG_SCHEMA_VERSION),
  /** Display name of the run in reports (defaults to the folder name). */
  name: z.string(),
  agent: z.object({ name: z.string(), model: z.string().optional() }),
  suite: z.string(),
  /** The task filter as given (substring or /regex/), or null for every task. */
  tasks: z.string().nullable(),
  split: SplitSchema,
  /** Episodes per task (one per seed). */
  episodes: z.number().int().min(1),
  seeds: z.array(z.number().int()),
  parallel: z.number().int().min(1),
  screenshots: z.boolean(),
  /** The tasks benchmarked, with what the report groups them by. */
  task_info: z.array(z.object({ id: z.string(), split: z.enum(['train', 'heldout']), tags: z.array(z.string()).default([]), max_steps: z.number().int() })),
  /** Graph task ids available for the label/graph verdict (see `runBenchmark`'s `graphs`). */
  graphs: z.array(z.string()).default([]),
  started_at: z.string(),
});
export type BenchConfig = z.infer<typeof BenchConfigSchema>;

const InfraErrorSchema = z.object({ code: z.string(), message: z.string() });

/** One benchmark episode as the report sees it. */
export const EpisodeResultSchema = z.object({
  key: z.string(),
  task_id: z.string(),
  seed: z.number().int(),
  split: z.enum(['train', 'heldout']),
  /** `finished`: the episode ran to its end; `infra_error`: every attempt failed for reasons that are not the agent's; `pending`: not run yet (interrupted). */
  status: z.enum(['finished', 'infra_error', 'pending']),
  /** The task oracle's verdict (null: not finished, or the task has no oracle). */
  success: z.boolean().nullable(),
  oracle_reason: z.string().optional(),
  /** The strategy graph's verdict (null: no graph for this instance, or not finished). */
  graph_success: z.boolean().nullable(),
  reward: z.number().nullable(),
  steps: z.number().int(),
  /** Wall-clock time of the finished attempt, in seconds. */
  seconds: z.number().nullable(),
  input_tokens: z.number(),
  output_tokens: z.number(),
  cost_usd: z.number(),
  /** Steps where the agent failed to produce an action or the action raised an error (policy behaviour, counted in the verdict). */
  agent_errors: z.number().int(),
  /** Infrastructure errors of failed attempts (never counted as policy failures). */
  infra_errors: z.array(InfraErrorSchema),
  attempts: z.number().int(),
  terminated: z.boolean().optional(),
  truncated: z.boolean().optional(),
  answer: z.string().optional(),
  /** Whether key-step labels scored this episode (a graph was available). */
  has_labels: z.boolean(),
  /** The key step (graph node id) satisfied last, or null when none was (or there were no labels). */
  last_key_step: z.string().nullable(),
  /** The graph path to highlight: the witnessing path when the graph passed, else the key steps satisfied in order. */
  path: z.array(z.string()).optional(),
});
export type EpisodeResult = z.infer<typeof EpisodeResultSchema>;

const IntervalSchema = z.tuple([z.number(), z.number()]).nullable();

/** Aggregates over a group of episodes (the whole run, a split, a task). */
export const GroupStatsSchema = z.object({
  /** Planned episodes in the group. */
  episodes: z.number().int(),
  /** Episodes that ran to their end (the denominator of every rate). */
  finished: z.number().int(),
  successes: z.number().int(),
  /** Oracle success rate over finished episodes with an oracle verdict. */
  success: z.number().nullable(),
  /** 95% Wilson interval of `success`. */
  success_ci: IntervalSchema,
  graph_scored: z.number().int(),
  graph_successes: z.number().int(),
  graph_success: z.number().nullable(),
  graph_success_ci: IntervalSchema,
  /** Share of episodes with both verdicts on which the graph agrees with the oracle. */
  verdict_agreement: z.number().nullable(),
  mean_steps: z.number().nullable(),
  mean_reward: z.number().nullable(),
  mean_seconds: z.number().nullable(),
  input_tokens: z.number(),
  output_tokens: z.number(),
  cost_usd: z.number(),
  mean_cost_usd: z.number().nullable(),
  agent_errors: z.number().int(),
  /** Failed attempts (each retried; see `unfinished` for episodes given up). */
  infra_errors: z.number().int(),
  /** Episodes every attempt of which failed for infrastructure reasons. */
  unfinished: z.number().int(),
  pending: z.number().int(),
});
export type GroupStats = z.infer<typeof GroupStatsSchema>;

export const BenchResultsSchema = z.object({
  schema: z.literal(BENCH_RESULTS_SCHEMA_VERSION),
  config: BenchConfigSchema,
  generated_at: z.string(),
  overall: GroupStatsSchema,
  by_split: z.record(z.string(), GroupStatsSchema),
  tasks: z.array(GroupStatsSchema.extend({ task_id: z.string(), split: z.enum(['train', 'heldout']) })),
  steps_distribution: z.object({
    min: z.number().nullable(),
    median: z.number().nullable(),
    p90: z.number().nullable(),
    max: z.number().nullable(),
    histogram: z.array(z.object({ from: z.number(), to: z.number(), successes: z.number().int(), failures: z.number().int() })),
  }),
  /**
   * Where failed episodes stopped: per task, the last key step satisfied (`key_step` null: none
   * was). Only episodes scored by labels count; the others are in `unlabelled_failures`.
   */
  failure_points: z.array(z.object({ task_id: z.string(), key_step: z.string().nullable(), description: z.string().nullable(), count: z.number().int() })),
  unlabelled_failures: z.number().int(),
  episodes: z.array(EpisodeResultSchema),
});
export type BenchResults = z.infer<typeof BenchResultsSchema>;

/** Paths inside a benchmark run directory. */
export function benchPaths(dir: string) {
  return {
    dir,
    config: join(dir, 'config.json'),
    episodes: join(dir, 'episodes.jsonl'),
    results: join(dir, 'results.json'),
    report: join(dir, 'report.html'),
    graphs: join(dir, 'graphs'),
    screenshots: join(dir, 'screenshots'),
  };
}

/** The key of a benchmark episode: `<taskId>/s<seed>`. */
export function episodeKey(taskId: string, seed: number): string {
  return `${taskId}/s${seed}`;
}

/** Folder of an episode's screenshots, relative to the run directory. */
export function screenshotDir(taskId: string, seed: number): string {
  return join('screenshots', `${taskId}.s${seed}`);
}
