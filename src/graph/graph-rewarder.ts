/**
 * GraphRewarder: dense rewards from a task's strategy graph (progress along the best path) and
 * the ordered pass test as the episode's verdict. Label values come from the label runtime.
 * @module
 */
import { EnvError, GraphError, quote } from '../env/errors.ts';
import type { Rewarder, RewardVerdict, StepReward } from '../env/rewarder.ts';
import type { TaskInstance } from '../env/task.ts';
import type { StepRecord, Trajectory } from '../env/trajectory.ts';
import { LabelRuntime, type LabelRuntimeOptions } from '../labels/index.ts';
import { passTest, progress, type PassTestOptions } from './pass-test.ts';
import { ScoreAccumulator } from './scores.ts';
import type { StrategyGraph } from './strategy-graph.ts';

/** Options of GraphRewarder. */
export interface GraphRewarderOptions {
  /**
   * Label runtime to run the graph's labels in (shared with other users of the same sandbox).
   * The caller keeps ownership: `close` does not close it.
   * @default a LabelRuntime of its own with `runtimeOptions`, closed by `close`
   */
  runtime?: LabelRuntime;
  /** Limits of the runtime the rewarder creates when none is given. @default LABEL_RUNTIME_DEFAULTS */
  runtimeOptions?: LabelRuntimeOptions;
  /** Pass-test mode of the verdict. @default 'paths' */
  mode?: PassTestOptions['mode'];
}

interface Episode {
  graph: StrategyGraph;
  accumulator: ScoreAccumulator;
  started: boolean;
  scored: number;
  progress: number;
}

/**
 * Rewards an episode by its progress through a strategy graph. Each step's reward is the increase
 * of `progress` (the best stored path's satisfied ordered prefix, as a share of its key steps), so
 * rewards can be negative when a step undoes the last key step of a path, and the episode's total
 * reward is its final progress: going back and forth earns nothing. The verdict is `passTest` on the
 * final state. Scores are keyed by node id (`graph.labels()`), so `newlySatisfied` and the verdict's
 * `labels` name graph nodes.
 *
 * @example
 * const rewarder = new GraphRewarder([graph]);
 * const env = new WebEnv({ runtime, task: graph.taskId, rewarder });
 */
export class GraphRewarder implements Rewarder {
  #graphs: Map<string, StrategyGraph>;
  #runtime: LabelRuntime;
  #ownsRuntime: boolean;
  #mode: PassTestOptions['mode'];
  #episode: Episode | undefined;

  /** @param graphs the graphs of the tasks this rewarder may see, one per task id */
  constructor(graphs: StrategyGraph | Iterable<StrategyGraph>, options: GraphRewarderOptions = {}) {
    this.#graphs = new Map();
    for (const graph of Symbol.iterator in graphs ? graphs : [graphs]) {
      if (this.#graphs.has(graph.taskId)) {
        throw new GraphError('graph_invalid', `GraphRewarder: two graphs for task ${quote(graph.taskId)} (expected one per task). Merge their paths into one graph.`);
      }
      this.#graphs.set(graph.taskId, graph);
    }
    this.#ownsRuntime = options.runtime === undefined;
    this.#runtime = options.runtime ?? new LabelRuntime(options.runtimeOptions);
    this.#mode = options.mode;
  }

  /**
   * Starts an episode of `task`. The graph's labels load on the first `score` or `finish`, when
   * the trajectory's initial state is known.
   * @throws GraphError `graph_invalid` when the rewarder has no graph for the task.
   */
  async reset(task: TaskInstance): Promise<void> {
    const graph = this.#graphs.get(task.taskId);
    if (!graph) {
      throw new GraphError(
        'graph_invalid',
        `GraphRewarder.reset: no strategy graph for task ${quote(task.taskId)} (expected one of ${quote([...this.#graphs.keys()], 200)}). Pass its graph to the GraphRewarder.`,
      );
    }
    this.#episode = { graph, accumulator: new ScoreAccumulator(graph.nodeIds()), started: false, scored: 0, progress: 0 };
  }

  async score(trajectory: Trajectory, step: StepRecord): Promise<StepReward> {
    const episode = this.#current('score', trajectory);
    const newly: string[] = [];
    const steps = trajectory.steps[step.index] === step ? trajectory.steps.slice(0, step.index + 1) : [...trajectory.steps.slice(0, step.index), step];
    // Catch up on steps this rewarder did not see, so values always describe the whole episode.
    for (; episode.scored < steps.length; episode.scored++) {
      const s = steps[episode.scored]!;
      const results = this.#runtime.step(s);
      newly.push(...episode.accumulator.add(s.index, results.values, results.errors));
    }
    const now = progress(episode.graph, episode.accumulator.scores);
    const reward = now.value - episode.progress;
    episode.progress = now.value;
    const errors = Object.entries(episode.accumulator.scores.errors).filter(([, e]) => e.length > 0);
    return {
      reward,
      newlySatisfied: newly,
      info: {
        progress: now.value,
        ...(now.best && { pathId: now.best.pathId }),
        ...(errors.length > 0 && { labelErrors: Object.fromEntries(errors.map(([id, e]) => [id, e[e.length - 1]])) }),
      },
    };
  }

  async finish(trajectory: Trajectory): Promise<RewardVerdict> {
    const episode = this.#current('finish', trajectory);
    for (; episode.scored < trajectory.steps.length; episode.scored++) {
      const s = trajectory.steps[episode.scored]!;
      const results = this.#runtime.step(s);
      episode.accumulator.add(s.index, results.values, results.errors);
    }
    const final = this.#runtime.finish({ answer: trajectory.answer, infeasible: trajectory.infeasible });
    episode.accumulator.add(Math.max(0, trajectory.steps.length - 1), final.values, final.errors, true);
    const scores = episode.accumulator.scores;
    const verdict = passTest(episode.graph, scores, { mode: this.#mode });
    const now = progress(episode.graph, scores);
    this.#episode = undefined;
    return {
      success: verdict.pass,
      labels: { ...scores.firstSatisfied },
      info: { progress: now.value, path: verdict.path, pathId: verdict.pathId, final: { ...scores.final } },
    };
  }

  async close(): Promise<void> {
    this.#episode = undefined;
    if (this.#ownsRuntime) this.#runtime.close();
  }

  #current(method: string, trajectory: Trajectory): Episode {
    const episode = this.#episode;
    if (!episode) throw new EnvError('env_state', `GraphRewarder.${method}: no episode (expected reset(task) first). Call reset at the start of each episode.`);
    if (!episode.started) {
      this.#runtime.reset(episode.graph.labels(), { taskId: trajectory.taskId, goal: trajectory.goal, initial: trajectory.initial });
      episode.started = true;
    }
    return episode;
  }
}
