/**
 * How good a synthesizer's labels are: synthesize labels from each task's demo, then compare the
 * labels' verdict on a bank of trajectories with the task oracle's verdict. This is what
 * `coregym eval-labels` prints.
 * @module
 */
import type { Trajectory } from '../env/trajectory.ts';
import type { LabelFunction, LabelSet } from './label.ts';
import { LabelRuntime } from './runtime.ts';
import { scoreTrajectory } from './score.ts';
import type { SynthesizeOptions, Synthesizer } from './synthesizer.ts';

/** One task to evaluate: its demo, and trajectories with the oracle's verdict on each. */
export interface LabelQualityEntry {
  taskId: string;
  demo: Trajectory;
  bank: Array<{ trajectory: Trajectory; oracleSuccess: boolean }>;
}

/** A label set's values on one trajectory. */
export interface TrajectoryLabelValues {
  /** Label id -> first step index (0-based) at which it was true, or null when never. */
  firstSatisfied: Record<string, number | null>;
  /** Label id -> value on the final state of the finished episode. */
  final: Record<string, boolean>;
}

/** Scores a label set on a finished trajectory. */
export type ScoreLabelsFn = (labels: readonly LabelFunction[], trajectory: Trajectory) => Promise<TrajectoryLabelValues>;

/** Counts of one task (or all tasks). */
export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Per-task results. */
export interface TaskLabelQuality extends Confusion {
  taskId: string;
  labels: number;
  /** Share of the key steps the synthesizer attempted that got a validated label. */
  validated_share: number;
  trajectories: number;
  accuracy: number;
  /** Why labels were dropped, when some were. */
  dropped: string[];
  /** Set when synthesis failed for this task (an infrastructure error). */
  error?: string;
}

/** The JSON `coregym eval-labels` prints. */
export interface LabelQualityReport {
  synthesizer: string;
  tasks: number;
  labels_per_task: number;
  validated_share: number;
  accuracy: number;
  precision: number;
  recall: number;
  false_accept_rate: number;
  per_task: TaskLabelQuality[];
}

/** Options of `evaluateLabelQuality`. */
export interface EvaluateLabelQualityOptions {
  /** How label sets are scored on trajectories. @default scoreTrajectory (sandboxed) */
  score?: ScoreLabelsFn;
  /** Passed to every `synthesize` call. */
  synthesize?: SynthesizeOptions;
  /** Called after each task, e.g. for progress output. */
  onTask?: (result: TaskLabelQuality, set: LabelSet | undefined) => void;
}

/**
 * Whether a label set accepts a trajectory: every label was satisfied at some step, in key-step
 * order (each first satisfied no earlier than the one before it), and the last key step's label
 * still holds on the final state. An empty set accepts nothing.
 */
export function acceptsTrajectory(labels: readonly LabelFunction[], values: TrajectoryLabelValues): boolean {
  if (labels.length === 0) return false;
  const ordered = [...labels].sort((a, b) => (a.provenance.keyStep ?? 0) - (b.provenance.keyStep ?? 0));
  let previous = -Infinity;
  for (const label of ordered) {
    const at = values.firstSatisfied[label.id];
    if (at === null || at === undefined || at < previous) return false;
    previous = at;
  }
  return values.final[ordered.at(-1)!.id] === true;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/** Share of attempted key steps that ended with a kept label. */
export function validatedShare(set: LabelSet): number {
  const attempted = new Set(set.attempts.filter((a) => a.keyStep >= 0).map((a) => `${a.keyStep}|${a.description}`));
  return ratio(set.labels.length, attempted.size);
}

/**
 * Synthesize labels for each entry's demo and measure them on its bank against the oracle.
 * A task whose synthesis throws counts its whole bank as rejected and records the error.
 */
export async function evaluateLabelQuality(entries: readonly LabelQualityEntry[], synthesizer: Synthesizer, options: EvaluateLabelQualityOptions = {}): Promise<LabelQualityReport> {
  // One sandbox serves the whole evaluation (an isolate per trajectory would dominate the cost). Its
  // time limits are generous: offline scoring on a busy machine must not turn slow labels into false.
  const runtime = options.score ? undefined : new LabelRuntime({ timeout: 1000, stepTimeout: 10_000 });
  const score: ScoreLabelsFn = options.score ?? ((labels, trajectory) => scoreTrajectory(labels, trajectory, { runtime }));
  try {
    return await evaluate(entries, synthesizer, score, options);
  } finally {
    runtime?.close();
  }
}

async function evaluate(entries: readonly LabelQualityEntry[], synthesizer: Synthesizer, score: ScoreLabelsFn, options: EvaluateLabelQualityOptions): Promise<LabelQualityReport> {
  const perTask: TaskLabelQuality[] = [];
  const total: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  let labelCount = 0;
  let shareSum = 0;
  for (const entry of entries) {
    let set: LabelSet | undefined;
    let error: string | undefined;
    try {
      set = await synthesizer.synthesize(entry.demo, options.synthesize);
    } catch (e) {
      error = e instanceof Error ? `${(e as { code?: string }).code ?? e.name}: ${e.message}` : String(e);
    }
    const c: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
    for (const { trajectory, oracleSuccess } of entry.bank) {
      const accepted = set !== undefined && set.labels.length > 0 && acceptsTrajectory(set.labels, await score(set.labels, trajectory));
      if (accepted && oracleSuccess) c.tp++;
      else if (accepted) c.fp++;
      else if (oracleSuccess) c.fn++;
      else c.tn++;
    }
    const share = set ? validatedShare(set) : 0;
    const result: TaskLabelQuality = {
      taskId: entry.taskId, labels: set?.labels.length ?? 0, validated_share: share, trajectories: entry.bank.length,
      ...c, accuracy: ratio(c.tp + c.tn, entry.bank.length),
      dropped: (set?.attempts ?? []).filter((a) => !a.kept && !set!.labels.some((l) => l.provenance.keyStep === a.keyStep && l.description === a.description))
        .map((a) => `step ${a.keyStep} attempt ${a.attempt}: ${a.reason}`),
      ...(error ? { error } : {}),
    };
    perTask.push(result);
    options.onTask?.(result, set);
    labelCount += result.labels;
    shareSum += share;
    total.tp += c.tp; total.fp += c.fp; total.tn += c.tn; total.fn += c.fn;
  }
  const n = total.tp + total.fp + total.tn + total.fn;
  return {
    synthesizer: synthesizer.name,
    tasks: entries.length,
    labels_per_task: ratio(labelCount, entries.length),
    validated_share: ratio(shareSum, entries.length),
    accuracy: ratio(total.tp + total.tn, n),
    precision: ratio(total.tp, total.tp + total.fp),
    recall: ratio(total.tp, total.tp + total.fn),
    false_accept_rate: ratio(total.fp, total.fp + total.tn),
    per_task: perTask,
  };
}
