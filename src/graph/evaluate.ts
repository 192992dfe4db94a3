/**
 * Measures graph expansion on multi-strategy tasks: start each task's graph from one demo, expand
 * with the other strategies' runs and random runs, and compare the graph's verdicts with the oracle's.
 * @module
 */
import { GraphError, quote } from '../env/errors.ts';
import type { Trajectory } from '../env/trajectory.ts';
import type { LabelSet } from '../labels/label.ts';
import type { Synthesizer } from '../labels/synthesizer.ts';
import { expandGraph } from './expand.ts';
import type { ExpansionRecord } from './expansion-record.ts';
import type { Judge } from './judge.ts';
import { NodePool } from './node-pool.ts';
import { passTest } from './pass-test.ts';
import type { Scorer } from './scores.ts';
import { StrategyGraph } from './strategy-graph.ts';

/** One task's material. Verdicts come from `outcome.oracle` of each trajectory, or from `verdicts`. */
export interface TaskExpansionInput {
  taskId: string;
  /** Strategy name -> one demo of it (solver runs of each known strategy). */
  demos: Record<string, Trajectory>;
  /** Strategy whose demo seeds the graph. @default the first key of `demos` in sorted order */
  seedStrategy?: string;
  /** Labels of the seed demo; synthesized from it when absent. */
  seedLabels?: LabelSet;
  /** Other runs: more solver runs (with `strategy` set) and random or policy runs. */
  runs: Trajectory[];
  /** Trajectory id -> oracle verdict, overriding `outcome.oracle`. */
  verdicts?: Record<string, boolean>;
}

/** Options of `evaluateGraphExpansion`. */
export interface EvaluateExpansionOptions {
  synthesizer: Synthesizer;
  scorer: Scorer;
  /** Judge for trajectories without an oracle verdict. */
  judge?: Judge;
  /** Pool shared by the tasks' graphs. @default a new pool */
  pool?: NodePool;
  /** See `ExpandOptions.minBankSize`. @default 3 */
  minBankSize?: number;
}

/** Per-task detail of an evaluation. */
export interface TaskExpansionResult {
  taskId: string;
  graph: StrategyGraph;
  pathsBefore: number;
  pathsAfter: number;
  strategiesKnown: string[];
  strategiesFound: string[];
  /** Trajectories with a verdict, the seed demo included. */
  evaluated: number;
  agreeBefore: number;
  agreeAfter: number;
  /** Trajectories the oracle rejected, and how many of them the expanded graph accepts. */
  negatives: number;
  falseAcceptsAfter: number;
  expansions: ExpansionRecord[];
}

/** The report of `evaluateGraphExpansion` (names as the `coregym eval-graph` output uses them). */
export interface ExpansionEvaluation {
  tasks: number;
  paths_before: number;
  paths_after: number;
  /** (task, strategy) pairs with an oracle-accepted trajectory. */
  strategies_known: number;
  /** Of those, the pairs with at least one oracle-accepted trajectory the expanded graph passes. */
  strategies_found: number;
  /** Share of evaluated trajectories where the seed graph's verdict equals the oracle's. */
  accuracy_before: number;
  /** The same for the expanded graph (in-sample: it saw these trajectories). */
  accuracy_after: number;
  /** Share of oracle-rejected trajectories the expanded graph passes; null when there were none. */
  false_accept_rate_after: number | null;
  perTask: TaskExpansionResult[];
}

/**
 * For each task: builds the graph from the seed demo's labels, feeds the other demos and then the
 * runs (in the order given) to `expandGraph`, with every trajectory of the task as the dedupe bank,
 * and measures verdicts before and after against the oracle over all of the task's trajectories
 * that have a verdict. Deterministic given the scorer and synthesizer.
 */
export async function evaluateGraphExpansion(tasks: readonly TaskExpansionInput[], options: EvaluateExpansionOptions): Promise<ExpansionEvaluation> {
  const pool = options.pool ?? new NodePool();
  const perTask: TaskExpansionResult[] = [];
  for (const task of tasks) perTask.push(await evaluateTask(task, options, pool));
  const sum = (f: (t: TaskExpansionResult) => number): number => perTask.reduce((n, t) => n + f(t), 0);
  const evaluated = sum((t) => t.evaluated);
  const negatives = sum((t) => t.negatives);
  return {
    tasks: perTask.length,
    paths_before: sum((t) => t.pathsBefore),
    paths_after: sum((t) => t.pathsAfter),
    strategies_known: sum((t) => t.strategiesKnown.length),
    strategies_found: sum((t) => t.strategiesFound.length),
    accuracy_before: evaluated === 0 ? 0 : sum((t) => t.agreeBefore) / evaluated,
    accuracy_after: evaluated === 0 ? 0 : sum((t) => t.agreeAfter) / evaluated,
    false_accept_rate_after: negatives === 0 ? null : sum((t) => t.falseAcceptsAfter) / negatives,
    perTask,
  };
}

async function evaluateTask(task: TaskExpansionInput, options: EvaluateExpansionOptions, pool: NodePool): Promise<TaskExpansionResult> {
  const withVerdict = (t: Trajectory): Trajectory => {
    const success = task.verdicts?.[t.id];
    if (success === undefined) return t;
    return { ...t, outcome: { terminated: true, truncated: false, totalReward: 0, ...t.outcome, oracle: { success } } };
  };
  const strategies = Object.keys(task.demos).sort();
  const seedStrategy = task.seedStrategy ?? strategies[0];
  const seed = seedStrategy === undefined ? undefined : task.demos[seedStrategy];
  if (!seed) {
    throw new GraphError(
      'graph_invalid',
      `evaluateGraphExpansion: task ${quote(task.taskId)} has no demo for its seed strategy (expected one of ${quote(strategies)}, got ${quote(seedStrategy)}). Add the demo or set seedStrategy.`,
    );
  }
  const others = strategies.filter((s) => s !== seedStrategy).map((s) => withVerdict(task.demos[s]!));
  const all = [withVerdict(seed), ...others, ...task.runs.map(withVerdict)];

  const seedLabels = task.seedLabels ?? (await options.synthesizer.synthesize(seed));
  const graph = StrategyGraph.fromLabelSet(task.taskId, seedLabels, seed.id, { pool });
  const pathsBefore = graph.paths().length;
  const verdictsOf = async (): Promise<Map<string, boolean>> => {
    const labels = graph.labels();
    const result = new Map<string, boolean>();
    for (const t of all) result.set(t.id, passTest(graph, await options.scorer(labels, t)).pass);
    return result;
  };
  const before = await verdictsOf();
  const expansions: ExpansionRecord[] = [];
  for (const t of all.slice(1)) {
    expansions.push(await expandGraph(graph, t, { synthesizer: options.synthesizer, scorer: options.scorer, judge: options.judge, bank: all, minBankSize: options.minBankSize }));
  }
  const after = await verdictsOf();

  const judged = all.filter((t) => t.outcome?.oracle !== undefined);
  const positives = judged.filter((t) => t.outcome!.oracle!.success);
  const negatives = judged.filter((t) => !t.outcome!.oracle!.success);
  const strategiesKnown = [...new Set(positives.flatMap((t) => (t.strategy ? [t.strategy] : [])))].sort();
  const strategiesFound = strategiesKnown.filter((s) => positives.some((t) => t.strategy === s && after.get(t.id)));
  return {
    taskId: task.taskId,
    graph,
    pathsBefore,
    pathsAfter: graph.paths().length,
    strategiesKnown,
    strategiesFound,
    evaluated: judged.length,
    agreeBefore: judged.filter((t) => before.get(t.id) === t.outcome!.oracle!.success).length,
    agreeAfter: judged.filter((t) => after.get(t.id) === t.outcome!.oracle!.success).length,
    negatives: negatives.length,
    falseAcceptsAfter: negatives.filter((t) => after.get(t.id)).length,
    expansions,
  };
}
