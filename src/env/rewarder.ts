/**
 * The Rewarder interface: how an environment asks for rewards without knowing what computes them.
 * src/labels (LabelRewarder) and src/graph (GraphRewarder) implement it.
 * @module
 */
import type { TaskInstance } from './task.ts';
import type { StepRecord, Trajectory } from './trajectory.ts';

/** Result of scoring one step. */
export interface StepReward {
  /** Reward for this step (dense). */
  reward: number;
  /** Ids of key steps (labels) first satisfied at this step. */
  newlySatisfied?: string[];
  /** Anything the rewarder wants surfaced in `info.reward` (label errors, progress, ...). JSON-serializable. */
  info?: Record<string, unknown>;
}

/** Terminal verdict of a rewarder for a finished episode. */
export interface RewardVerdict {
  /** True when the rewarder judges the task done. */
  success: boolean;
  /** Label id -> the step index (0-based) at which it was first satisfied, or null. */
  labels?: Record<string, number | null>;
  info?: Record<string, unknown>;
}

/**
 * Scores episodes step by step. One instance serves one environment and is reused across episodes:
 * `reset` is called at the start of each episode, `score` after each step with the trajectory so far
 * (the newest step last), and `finish` once when the episode ends.
 *
 * A rewarder must not throw for a bad label or a bad trajectory: it reports such problems in `info`.
 * Throwing is reserved for infrastructure failures, and the env records them as an episode error.
 */
export interface Rewarder {
  reset(task: TaskInstance): Promise<void>;
  score(trajectory: Trajectory, step: StepRecord): Promise<StepReward>;
  finish(trajectory: Trajectory): Promise<RewardVerdict>;
  close(): Promise<void>;
}
