/**
 * Strategy graph expansion: a trajectory the oracle accepts but the graph rejects, and that
 * satisfies at least one key step, shows a new strategy; its key steps become a new path.
 * @module
 */
import type { Trajectory } from '../env/trajectory.ts';
import type { LabelFunction } from '../labels/label.ts';
import type { Synthesizer } from '../labels/synthesizer.ts';
import type { ExpansionRecord, SkipReason } from './expansion-record.ts';
import type { Judge } from './judge.ts';
import { bankSignature, nodeFromLabel, type BankEntry } from './node-pool.ts';
import { passTest } from './pass-test.ts';
import { finalOf, firstOf, type Scorer, type TrajectoryScores } from './scores.ts';
import type { StrategyGraph } from './strategy-graph.ts';

/** Options of `expandGraph`. */
export interface ExpandOptions {
  /** Derives key steps and labels from the trajectory (Semantic Code Abstraction). */
  synthesizer: Synthesizer;
  /** Scores labels in the sandbox (the label runtime's `scoreTrajectory`, or any Scorer over a LabelRuntime). */
  scorer: Scorer;
  /** Decides trajectories whose `outcome.oracle` is absent. Without one they are skipped (`no_verdict`). */
  judge?: Judge;
  /** The trajectory's scores under `graph.labels()`, when already computed; scored with `scorer` otherwise. */
  scores?: TrajectoryScores;
  /**
   * Trajectories (any task) on which new labels are compared with existing pool nodes: a new label
   * whose verdicts on the bank and this trajectory equal a node's reuses that node. @default []
   */
  bank?: readonly Trajectory[];
  /** Bank size (this trajectory included) below which no signature dedupe happens. @default 3 */
  minBankSize?: number;
  /** Passed to the synthesizer: trajectories on which a new label must be false. */
  negatives?: Trajectory[];
  signal?: AbortSignal;
}

/**
 * Tries to expand `graph` with `trajectory`, logs what happened with `graph.recordExpansion` and returns the log entry.
 *
 * Expands only when the trajectory has a positive verdict (its task oracle's, `outcome.oracle`, or
 * else the judge's), the graph does not pass it, and it satisfies at least one graph node. The
 * synthesized labels that hold on the trajectory are ordered by first-satisfied step; trailing
 * ones false on the final state are dropped (an undone step cannot end a path); each is mapped to
 * a pool node (same normalized code, or same bank signature) or added as a new node; the path is
 * merged, so the graph then passes the trajectory. Expanding with the same trajectory twice adds nothing.
 *
 * @throws only what the scorer, judge or synthesizer throw for infrastructure failures.
 * @example
 * const record = await expandGraph(graph, rollout, { synthesizer, scorer });
 * if (record.status === 'skipped') console.log(record.reason);
 */
export async function expandGraph(graph: StrategyGraph, trajectory: Trajectory, options: ExpandOptions): Promise<ExpansionRecord> {
  const record = await expand(graph, trajectory, options);
  graph.recordExpansion(record);
  return record;
}

async function expand(graph: StrategyGraph, trajectory: Trajectory, options: ExpandOptions): Promise<ExpansionRecord> {
  const base = { trajectoryId: trajectory.id, satisfied: [], added: [], reused: [], dropped: [] };
  const skip = (reason: SkipReason, extra: Partial<ExpansionRecord> = {}): ExpansionRecord => ({ ...base, status: 'skipped', reason, ...extra });
  if (trajectory.taskId !== graph.taskId) return skip('wrong_task');
  if (trajectory.outcome?.error) return skip('episode_error');

  let verdict: ExpansionRecord['verdict'];
  const oracle = trajectory.outcome?.oracle;
  if (oracle) verdict = { source: 'oracle', ...oracle };
  else if (options.judge) {
    const judged = await options.judge.judge(trajectory, { signal: options.signal });
    if (judged) verdict = { source: 'judge', judge: options.judge.name, ...judged };
  }
  if (!verdict) return skip('no_verdict');
  if (!verdict.success) return skip('oracle_rejected', { verdict });

  const scores = options.scores ?? (await options.scorer(graph.labels(), trajectory));
  const satisfied = graph.nodeIds().filter((id) => firstOf(scores, id) !== null);
  if (passTest(graph, scores).pass) return skip('graph_passes', { verdict, satisfied });
  if (satisfied.length === 0) return skip('satisfies_no_node', { verdict });

  const labelSet = await options.synthesizer.synthesize(trajectory, { negatives: options.negatives, signal: options.signal });
  const { kept, dropped } = await orderLabels(labelSet.labels, trajectory, options.scorer);
  const common = { verdict, satisfied, dropped, synthesizer: options.synthesizer.name };
  if (kept.length === 0) return skip('no_valid_labels', common);

  const signatures = await bankSignatures(graph, trajectory, kept, options);
  const steps = kept.map(({ label, candidateId }) => {
    const { node, reused } = graph.pool.resolve(label, {
      signature: signatures?.get(candidateId) ?? null,
      nodeSignatures: signatures,
      taskId: graph.taskId,
    });
    return { label, node, reused };
  });
  // Labels that map to one node have that node's values on this trajectory, hence the same first
  // step as every label between them: keeping the last occurrence keeps the order and the final step.
  const ids = steps.map((s) => s.node.id).filter((id, i, all) => all.lastIndexOf(id) === i);
  const added = steps.filter((s) => s.reused === null).map((s) => s.node.id);
  for (const { node } of steps) graph.addNode(node);
  const merged = graph.mergePath(ids, trajectory.id);
  return {
    ...base,
    ...common,
    status: 'expanded',
    added,
    reused: steps.filter((s) => s.reused !== null).map((s) => ({ labelId: s.label.id, nodeId: s.node.id, by: s.reused! })),
    pathId: merged.pathId,
    isNewPath: merged.isNewPath,
  };
}

interface Candidate {
  label: LabelFunction;
  /** Id the label is scored under: the node id it would get. */
  candidateId: string;
  first: number;
}

/** Keeps the labels that hold on the trajectory, ordered by first-satisfied step, ending on one true at the end. */
async function orderLabels(
  labels: readonly LabelFunction[],
  trajectory: Trajectory,
  scorer: Scorer,
): Promise<{ kept: Candidate[]; dropped: { labelId: string; reason: string }[] }> {
  const dropped: { labelId: string; reason: string }[] = [];
  const unique = new Map<string, LabelFunction>();
  for (const label of labels) {
    const id = nodeFromLabel(label).id;
    if (unique.has(id)) dropped.push({ labelId: label.id, reason: `same code as label ${unique.get(id)!.id}` });
    else unique.set(id, label);
  }
  const candidateScores = await scorer([...unique].map(([id, label]) => ({ ...label, id })), trajectory);
  const kept: Candidate[] = [];
  for (const [candidateId, label] of unique) {
    const errors = candidateScores.errors[candidateId] ?? [];
    const first = firstOf(candidateScores, candidateId);
    if (errors.length > 0) dropped.push({ labelId: label.id, reason: `raised on the trajectory: ${errors[0]}` });
    else if (first === null) dropped.push({ labelId: label.id, reason: 'never true on the trajectory' });
    else kept.push({ label, candidateId, first });
  }
  kept.sort((a, b) => a.first - b.first);
  while (kept.length > 0 && !finalOf(candidateScores, kept[kept.length - 1]!.candidateId)) {
    const last = kept.pop()!;
    dropped.push({ labelId: last.label.id, reason: 'false on the final state (the step was undone), so it cannot end the path' });
  }
  return { kept, dropped };
}

/**
 * Bank signatures of the candidates and of every pool node not matched by code, over the bank plus
 * this trajectory; undefined when no candidate needs them or the bank is too small.
 */
async function bankSignatures(
  graph: StrategyGraph,
  trajectory: Trajectory,
  kept: readonly Candidate[],
  options: ExpandOptions,
): Promise<Map<string, string | null> | undefined> {
  const known = new Set(graph.pool.nodes().map((n) => n.codeHash));
  const fresh = kept.filter((c) => !known.has(nodeFromLabel(c.label).codeHash));
  const bank = new Map<string, Trajectory>([...(options.bank ?? []), trajectory].map((t) => [t.id, t]));
  if (fresh.length === 0 || bank.size < (options.minBankSize ?? 3)) return undefined;
  const labels: LabelFunction[] = [
    ...graph.pool.nodes().map((n) => ({ ...n.label, id: n.id })),
    ...fresh.map((c) => ({ ...c.label, id: c.candidateId })),
  ];
  const entries: BankEntry[] = [];
  for (const t of bank.values()) entries.push({ trajectoryId: t.id, scores: await options.scorer(labels, t) });
  const signatureOptions = { minBankSize: options.minBankSize };
  return new Map(labels.map((l) => [l.id, bankSignature(l.id, entries, signatureOptions)]));
}
