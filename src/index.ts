/**
 * coregym: train and benchmark web agents the CORE way. This is the chosen public surface; each
 * area's index (src/<area>/index.ts) has the rest for users who need it.
 * @module
 */

// Environment: Gym-style API over real Chromium.
export {
  WebEnv,
  VectorEnv,
  BrowserRuntime,
  BrowserPool,
  makeEnv,
  registerTask,
  listTasks,
  getTask,
  parseAction,
  safeParseAction,
  formatAction,
  MAX_ACTION_CHARS,
  describeActions,
  actionToolSchemas,
  TrajectorySchema,
  CoregymError,
  ActionParseError,
  TaskFileError,
  BrowserNotFoundError,
  BrowserError,
  EnvError,
  LabelError,
  GraphError,
  ModelError,
  RunError,
} from './env/index.ts';
export type {
  Action,
  Observation,
  ElementInfo,
  Trajectory,
  StepRecord,
  TaskSpec,
  TaskInstance,
  Rewarder,
  WebEnvOptions,
  StepResult,
  ResetResult,
  VectorEnvOptions,
  BrowserRuntimeOptions,
} from './env/index.ts';

// Label functions: sandboxed reward code, scoring, validation, synthesis.
export { LabelRuntime, LabelRewarder, scoreTrajectory, validateLabel, loadLabelSet, saveLabelSet, HeuristicSynthesizer, ClaudeSynthesizer, LABEL_API_DOC } from './labels/index.ts';
export type { LabelFunction, LabelSet, Synthesizer } from './labels/index.ts';

// Strategy graphs.
export { StrategyGraph, GraphRewarder, expandGraph, passTest, toHtml, toMermaid, toDot, serializeGraph, parseGraph } from './graph/index.ts';

// Agents.
export { RandomAgent, ReplayAgent, LinearPolicy, ClaudeAgent, OpenAICompatibleAgent, runEpisode, formatObservation, systemPrompt } from './agents/index.ts';
export type { Agent, AgentContext, AgentStep } from './agents/index.ts';

// The built-in suite.
export { startSuite, loadDemos, runSolver } from './suite/index.ts';
export type { RunningSuite, TaskTemplate } from './suite/index.ts';

// The CORE loop.
export { SelfTrainer, trainOnBuiltinSuite, exportDataset, imitationSet, LinearPolicyUpdater, CommandPolicyUpdater, collectEpisodes } from './train/index.ts';
export type { SelfTrainerOptions, RoundMetrics, PoolTask, PolicyUpdater } from './train/index.ts';

// Benchmarks and reports.
export { runBenchmark, compareRuns, loadRun } from './report/index.ts';
export type { RunBenchmarkOptions, BenchmarkRun } from './report/index.ts';

// Interop with MiniWoB++, WebArena/VisualWebArena and BrowserGym conventions.
export { registerMiniwob, importWebArena, loadTaskFile, taskSpecFromFile, ClaudeJudge } from './interop/index.ts';
export type { Judge, WebArenaImportReport } from './interop/index.ts';
