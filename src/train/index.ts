/**
 * The CORE loop's public face: SelfTrainer and its parts (pool, rollouts, extrapolation, dataset
 * export, policy updates, run store), and the one-call run on the built-in suite.
 * @module
 */
export { SelfTrainer, type SelfTrainerOptions, type TrainResult, type RoundMetrics, type TrainerEvent, type EvalTask } from './self-trainer.ts';
export { trainOnBuiltinSuite, type BuiltinRunOptions } from './builtin-run.ts';
export { builtinPool, type BuiltinPoolOptions } from './builtin-pool.ts';
export { fixedInstanceSpec, instanceId, goalKey, type PoolTask, type PoolTaskOrigin } from './task-pool.ts';
export { collectEpisodes, type EpisodeJob, type EpisodeOutcome, type CollectOptions } from './rollouts.ts';
export { extrapolate, KeyStepInstructor, type Instructor, type ExtrapolateOptions, type ExtrapolationRecord } from './extrapolate.ts';
export { exportDataset, trajectoryRows, imitationSet, type DatasetEntry, type DatasetSource, type DatasetCard, type ExportDatasetOptions } from './dataset.ts';
export { LinearPolicyUpdater, CommandPolicyUpdater, FunctionPolicyUpdater, type Policy, type PolicyUpdater, type PolicyUpdateContext, type LinearPolicyUpdaterOptions, type CommandPolicyUpdaterOptions } from './policy-updater.ts';
export { EpisodeWriter, readEpisodeLog, finishedEpisodes, runPaths, writeJsonAtomic, readJson, EpisodeRecordSchema, type EpisodeRecord, type EpisodeLog } from './run-store.ts';
export { buildEvalBank, type TaskBank, type BankTrajectory, type BankKind, type EvalBankOptions } from './eval-bank.ts';
