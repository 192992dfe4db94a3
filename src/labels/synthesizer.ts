/**
 * The Synthesizer interface: Semantic Code Abstraction, turning one demonstration (or any verified
 * trajectory) into validated label functions for its key steps.
 * @module
 */
import type { Trajectory } from '../env/trajectory.ts';
import type { LabelSet } from './label.ts';

/** Options of one synthesis call. */
export interface SynthesizeOptions {
  /** Trajectories that lack the task's key steps; labels true on any of them are rejected. */
  negatives?: Trajectory[];
  /** Attempts per key step, with the validation failure fed back. @default 5 */
  maxAttempts?: number;
  signal?: AbortSignal;
}

/**
 * Infers a task's label functions from a demonstration. Implementations: HeuristicSynthesizer
 * (offline, deterministic, the default) and ClaudeSynthesizer (@anthropic-ai/sdk).
 * Must not throw for a demo it cannot abstract: it returns a LabelSet with no labels and the
 * attempts that explain why. Throws only for infrastructure problems (a model API that is down,
 * a missing key), as a typed CoregymError.
 */
export interface Synthesizer {
  /** Stable name recorded in provenance: `heuristic`, `claude`. */
  readonly name: string;
  synthesize(demo: Trajectory, options?: SynthesizeOptions): Promise<LabelSet>;
}
