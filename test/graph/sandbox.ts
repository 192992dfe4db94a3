/** Scores labels over a trajectory in the real isolated-vm sandbox (the label runtime). */
import type { Trajectory } from '../../src/env/trajectory.ts';
import { ScoreAccumulator, type Scorer, type TrajectoryScores } from '../../src/graph/index.ts';
import { LabelRuntime, type LabelFunction } from '../../src/labels/index.ts';

export function sandboxScorer(runtime: LabelRuntime): Scorer & { calls: number } {
  const scorer = async (labels: LabelFunction[], trajectory: Trajectory): Promise<TrajectoryScores> => {
    scorer.calls++;
    const accumulator = new ScoreAccumulator(labels.map((l) => l.id));
    runtime.reset(labels, { taskId: trajectory.taskId, goal: trajectory.goal, initial: trajectory.initial });
    for (const step of trajectory.steps) {
      const results = runtime.step(step);
      accumulator.add(step.index, results.values, results.errors);
    }
    const final = runtime.finish({ answer: trajectory.answer, infeasible: trajectory.infeasible });
    accumulator.add(Math.max(0, trajectory.steps.length - 1), final.values, final.errors, true);
    return accumulator.scores;
  };
  scorer.calls = 0;
  return scorer;
}
