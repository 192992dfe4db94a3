/**
 * The scores the graph reasons over: what the label runtime reports for one trajectory, keyed by
 * label id (in a strategy graph, a node's id is the id its label is scored under).
 * @module
 */
import type { Trajectory } from '../env/trajectory.ts';
import type { LabelFunction } from '../labels/label.ts';

/** Label values over one trajectory: the shape the label runtime's `scoreTrajectory` returns. */
export interface TrajectoryScores {
  /** Label id -> its value after each step (index = step index). */
  perStep: Record<string, boolean[]>;
  /** Label id -> the first step (0-based) at which it was true, or null when it never was. */
  firstSatisfied: Record<string, number | null>;
  /** Label id -> its value on the final state (an undone step is false here). */
  final: Record<string, boolean>;
  /** Label id -> errors it raised (thrown, timed out, non-boolean); a label with errors is not trusted. */
  errors: Record<string, string[]>;
}

/**
 * Scores labels over a trajectory in the sandbox, e.g. the label runtime's `scoreTrajectory`.
 * `final` holds the values on the finished episode's final state (`traj.done` true).
 */
export type Scorer = (labels: LabelFunction[], trajectory: Trajectory) => Promise<TrajectoryScores>;

/** First-satisfied step of a label, null when it never held (steps where it raised count as false). */
export function firstOf(scores: TrajectoryScores, id: string): number | null {
  return scores.firstSatisfied[id] ?? null;
}

/** Value of a label on the final state (an undone step is false here). */
export function finalOf(scores: TrajectoryScores, id: string): boolean {
  return scores.final[id] === true;
}

/**
 * Builds TrajectoryScores one state at a time from per-state label values (what the label runtime
 * returns for each step), so a rewarder can keep scores current during an episode.
 */
export class ScoreAccumulator {
  readonly scores: TrajectoryScores;

  constructor(ids: readonly string[]) {
    this.scores = { perStep: {}, firstSatisfied: {}, final: {}, errors: {} };
    for (const id of ids) {
      this.scores.perStep[id] = [];
      this.scores.firstSatisfied[id] = null;
      this.scores.final[id] = false;
      this.scores.errors[id] = [];
    }
  }

  /**
   * Records the values after step `index`; returns the ids first satisfied there.
   * With `isFinal`, the values are those of the finished episode's final state: they replace the
   * last step's `final` values, and a label first true only there counts as satisfied at `index`.
   */
  add(index: number, values: Readonly<Record<string, boolean>>, errors: Readonly<Record<string, { message: string }>> = {}, isFinal = false): string[] {
    const newly: string[] = [];
    for (const id of Object.keys(this.scores.final)) {
      const value = values[id] === true;
      if (!isFinal) this.scores.perStep[id]!.push(value);
      this.scores.final[id] = value;
      if (value && this.scores.firstSatisfied[id] === null) {
        this.scores.firstSatisfied[id] = index;
        newly.push(id);
      }
      const error = errors[id];
      if (error) this.scores.errors[id]!.push(error.message);
    }
    return newly;
  }
}
