/**
 * Offline scoring: a whole recorded trajectory through the label runtime, the same path that
 * scores live episodes step by step.
 * @module
 */
import type { Trajectory } from '../env/trajectory.ts';
import type { LabelFunction, LabelSet } from './label.ts';
import { LabelRuntime, type LabelResults, type LabelRuntimeOptions } from './runtime.ts';

/** Label values over one trajectory. The graph module reasons over exactly this shape. */
export interface TrajectoryScores {
  /** Label id -> its value after each step (index = position in `trajectory.steps`). */
  perStep: Record<string, boolean[]>;
  /**
   * Label id -> the index of the first step after which it was true, or null. A label true only
   * on the final state counts as satisfied at the last step (0 for a trajectory without steps).
   */
  firstSatisfied: Record<string, number | null>;
  /** Label id -> its value on the final state, with `traj.done` true. */
  final: Record<string, boolean>;
  /** Label id -> messages of the errors it raised (at most 20, then a count); a failing label counts as false. */
  errors: Record<string, string[]>;
}

/** Options of {@link scoreTrajectory}. */
export interface ScoreOptions extends LabelRuntimeOptions {
  /** Runtime to score in (kept open); by default a temporary one is created and closed. */
  runtime?: LabelRuntime;
}

const MAX_ERRORS = 20;

/**
 * Run a recorded trajectory through the label runtime and report every label's value after each
 * step, when it was first satisfied, and its value on the final state.
 * @example
 * const scores = await scoreTrajectory(labelSet, trajectory);
 * scores.firstSatisfied['k1-cart-has-item']; // 3
 */
export async function scoreTrajectory(labels: LabelSet | readonly LabelFunction[], trajectory: Trajectory, options: ScoreOptions = {}): Promise<TrajectoryScores> {
  return scoreWithRuntime(labelsOf(labels), trajectory, options).scores;
}

/** Same as {@link scoreTrajectory}, for callers that need only `firstSatisfied` and `final`. */
export const scoreLabelValues: (labels: readonly LabelFunction[], trajectory: Trajectory) => Promise<TrajectoryScores> = (labels, trajectory) =>
  scoreTrajectory(labels, trajectory);

/** Scores plus the labels' values on the initial state, before any step (validation needs them). */
export interface ScoresWithInitial {
  scores: TrajectoryScores;
  initial: LabelResults;
}

/** Scores a trajectory, optionally also on its initial state. */
export function scoreWithRuntime(labels: readonly LabelFunction[], trajectory: Trajectory, options: ScoreOptions = {}, withInitial = false): ScoresWithInitial {
  const runtime = options.runtime ?? new LabelRuntime(options);
  try {
    const scores: TrajectoryScores = { perStep: {}, firstSatisfied: {}, final: {}, errors: {} };
    const dropped: Record<string, number> = {};
    for (const l of labels) {
      scores.perStep[l.id] = [];
      scores.firstSatisfied[l.id] = null;
      scores.final[l.id] = false;
      scores.errors[l.id] = [];
      dropped[l.id] = 0;
    }
    const note = (r: LabelResults): void => {
      for (const [id, e] of Object.entries(r.errors)) {
        const list = scores.errors[id];
        if (list === undefined) continue;
        if (list.length < MAX_ERRORS) list.push(e.message);
        else dropped[id]!++;
      }
    };
    runtime.reset(labels, { taskId: trajectory.taskId, goal: trajectory.goal, initial: trajectory.initial });
    let initial: LabelResults = { values: {}, errors: {} };
    if (withInitial) {
      initial = runtime.score();
      note(initial);
    }
    trajectory.steps.forEach((step, i) => {
      const r = runtime.step(step);
      note(r);
      for (const l of labels) {
        const v = r.values[l.id] === true;
        scores.perStep[l.id]!.push(v);
        if (v && scores.firstSatisfied[l.id] === null) scores.firstSatisfied[l.id] = i;
      }
    });
    const end = runtime.finish({
      ...(trajectory.answer !== undefined && { answer: trajectory.answer }),
      ...(trajectory.infeasible !== undefined && { infeasible: trajectory.infeasible }),
    });
    note(end);
    for (const l of labels) {
      scores.final[l.id] = end.values[l.id] === true;
      if (scores.final[l.id] && scores.firstSatisfied[l.id] === null) scores.firstSatisfied[l.id] = Math.max(0, trajectory.steps.length - 1);
      if (dropped[l.id]! > 0) scores.errors[l.id]!.push(`... and ${dropped[l.id]} more errors`);
    }
    return { scores, initial };
  } finally {
    if (options.runtime === undefined) runtime.close();
  }
}

/** The labels of a LabelSet or an array of labels. */
export function labelsOf(labels: LabelSet | readonly LabelFunction[]): readonly LabelFunction[] {
  return 'labels' in labels ? labels.labels : labels;
}
