/** Builders shared by the graph tests: labels, label sets and scores written out by hand. */
import type { LabelFunction, LabelSet } from '../../src/labels/label.ts';
import type { TrajectoryScores } from '../../src/graph/index.ts';

export function label(id: string, code: string, description = `key step ${id}`, keyStep?: number): LabelFunction {
  return { id, description, code, origin: 'human', provenance: keyStep === undefined ? {} : { keyStep } };
}

export function labelSet(taskId: string, labels: LabelFunction[]): LabelSet {
  return { schema: 'coregym.labels/1', taskId, labels, attempts: [] };
}

/** Scores from each label's value after every step; first-satisfied and final follow from them. */
export function scoresFrom(perStep: Record<string, boolean[]>): TrajectoryScores {
  const scores: TrajectoryScores = { perStep, firstSatisfied: {}, final: {}, errors: {} };
  for (const [id, values] of Object.entries(perStep)) {
    const first = values.indexOf(true);
    scores.firstSatisfied[id] = first === -1 ? null : first;
    scores.final[id] = values[values.length - 1] === true;
    scores.errors[id] = [];
  }
  return scores;
}

/** Scores from first-satisfied steps alone (a label stays true once satisfied) over `steps` steps. */
export function scoresAt(first: Record<string, number | null>, steps = 10): TrajectoryScores {
  return scoresFrom(Object.fromEntries(Object.entries(first).map(([id, at]) => [id, Array.from({ length: steps }, (_, i) => at !== null && i >= at)])));
}
