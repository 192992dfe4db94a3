/**
 * Label functions: executable, sandboxed reward code that verifies the key steps of a task.
 * Load and save label sets, run them on episodes (LabelRuntime, LabelRewarder) or on recorded
 * trajectories (scoreTrajectory), and validate them against demos and negatives.
 * @module
 */
export {
  LABEL_SCHEMA_VERSION,
  LabelFunctionSchema,
  LabelSetSchema,
  ValidationRecordSchema,
  AttemptRecordSchema,
} from './label.ts';
export type { LabelFunction, LabelSet, ValidationRecord } from './label.ts';
export { LabelRuntime, LABEL_RUNTIME_DEFAULTS, labelCodeHash } from './runtime.ts';
export type { LabelRuntimeOptions, LabelResults, LabelStep, EpisodeStart, EpisodeEnd, SandboxHeapStatistics } from './runtime.ts';
export { parseLabelSet, safeParseLabelSet, loadLabelSet, saveLabelSet, checkLabelCode } from './label-io.ts';
export type { LoadLabelSetOptions, SafeParseLabelSetResult } from './label-io.ts';
export { scoreTrajectory, scoreLabelValues } from './score.ts';
export type { TrajectoryScores, ScoreOptions } from './score.ts';
export { LabelRewarder } from './label-rewarder.ts';
export type { LabelRewarderOptions, LabelSetSource } from './label-rewarder.ts';
export { validateLabel, validateLabelSet } from './validate.ts';
export type { ValidateOptions, ValidateSetOptions, LabelSetValidation } from './validate.ts';
export { LABEL_API_DOC, LABEL_API_ENTRIES } from './api-doc.ts';
export type { LabelApiEntry } from './api-doc.ts';
export type { Synthesizer, SynthesizeOptions } from './synthesizer.ts';
export { HeuristicSynthesizer, planHeuristicLabels } from './heuristic-synthesizer.ts';
export type { HeuristicSynthesizerOptions, HeuristicPlan } from './heuristic-synthesizer.ts';
export { ClaudeSynthesizer } from './claude-synthesizer.ts';
export type { ClaudeSynthesizerOptions } from './claude-synthesizer.ts';
export { describeTrajectory, describeStep } from './describe.ts';
export type { StepDescription } from './describe.ts';
export { evaluateLabelQuality, acceptsTrajectory } from './label-quality.ts';
export type { LabelQualityEntry, LabelQualityReport, TaskLabelQuality } from './label-quality.ts';
