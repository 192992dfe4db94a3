/**
 * The report area's public face: the benchmark runner, the results it writes (results.json), the
 * self-contained HTML report with its trajectory viewer, and run comparisons.
 * @module
 */
export { runBenchmark, type RunBenchmarkOptions, type BenchmarkRun } from './run-benchmark.ts';
export { loadAgentModule, toAgentSource, assertAgent, type AgentFactory } from './agent-module.ts';
export { trainBuiltinPolicy, type BuiltinPolicy, type BuiltinPolicyOptions } from './builtin-policy.ts';
export { recordScreenshots } from './screenshot-recorder.ts';
export { InstanceGraphRewarder, graphFor } from './instance-graph-rewarder.ts';
export {
  BenchConfigSchema,
  BenchResultsSchema,
  EpisodeResultSchema,
  GroupStatsSchema,
  BENCH_CONFIG_SCHEMA_VERSION,
  BENCH_RESULTS_SCHEMA_VERSION,
  benchPaths,
  episodeKey,
  type BenchConfig,
  type BenchResults,
  type EpisodeResult,
  type GroupStats,
  type Split,
} from './results.ts';
export { summarizeRun, episodeResult, groupStats, lastKeyStep, type SummarizeOptions } from './summarize.ts';
export { wilsonInterval } from './stats.ts';
export { loadRun, type LoadedRun } from './load-run.ts';
export { compareRuns, type RunComparison, type TaskComparison, type Change } from './compare-runs.ts';
export { renderReport, type RenderReportOptions } from './report-html.ts';
export { writeReport, type WriteReportOptions } from './report-file.ts';
export type { ScreenshotMode } from './viewer-data.ts';
