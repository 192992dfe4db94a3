/**
 * The strategy graph: a task's valid solution paths (START -> key steps -> END) built from demos,
 * the ordered pass test and progress over label scores, dense rewards (GraphRewarder), expansion
 * with newly verified strategies, stable JSON files, and Mermaid / DOT / HTML views.
 *
 * Everything here reasons over `TrajectoryScores` (what the label runtime reports), so it can be
 * tested and reused without the sandbox; label code runs only in src/labels.
 * @module
 */

/** The graph itself, its sentinels, and what it stores. */
export { END, START, StrategyGraph, pathId } from './strategy-graph.ts';
export type { GraphEdgeAttributes, GraphNodeAttributes, MergeResult, ResolvedStep, StoredPath, StrategyGraphOptions } from './strategy-graph.ts';

/** Nodes shared across tasks, deduplicated by normalized code and by bank signature. */
export { NodePool, bankSignature, nodeFromLabel } from './node-pool.ts';
export type { BankEntry, BankSignatureOptions, GraphNode, ResolveOptions, ResolvedNode, ReuseReason } from './node-pool.ts';
export { codeHash, normalizeCode } from './code-hash.ts';

/** The pass test and progress, pure over label scores. */
export { passTest, pathProgress, progress } from './pass-test.ts';
export type { GraphProgress, PassResult, PassTestOptions, PathProgress } from './pass-test.ts';
export { ScoreAccumulator } from './scores.ts';
export type { Scorer, TrajectoryScores } from './scores.ts';

/** Dense rewards and the pass verdict for environments (implements the env's Rewarder). */
export { GraphRewarder } from './graph-rewarder.ts';
export type { GraphRewarderOptions } from './graph-rewarder.ts';

/** Expansion with new strategies, and who decides that a trajectory succeeded. */
export { expandGraph } from './expand.ts';
export type { ExpandOptions } from './expand.ts';
export { ExpansionRecordSchema, SkipReasonSchema } from './expansion-record.ts';
export type { ExpansionRecord, SkipReason } from './expansion-record.ts';
export { JUDGEMENTS_SCHEMA_VERSION, JudgementsFileSchema, RecordedJudge } from './judge.ts';
export type { Judge, JudgeVerdict, JudgementsFile } from './judge.ts';
export { evaluateGraphExpansion } from './evaluate.ts';
export type { EvaluateExpansionOptions, ExpansionEvaluation, TaskExpansionInput, TaskExpansionResult } from './evaluate.ts';

/** Files and views. */
export { GRAPH_SCHEMA_VERSION, GraphFileSchema, graphToJSON, parseGraph, serializeGraph } from './serialize.ts';
export type { GraphFile, ParseGraphOptions } from './serialize.ts';
export { toDot, toMermaid } from './render-text.ts';
export type { RenderOptions } from './render-text.ts';
export { toHtml } from './render-html.ts';
