/**
 * The env area's public face: actions, the browser runtime and pool, WebEnv, VectorEnv, the task
 * registry, and the data contracts they exchange.
 * @module
 */
export * from './errors.ts';
export { ActionSchema, ACTION_TYPES, type Action, type ActionType } from './action-schema.ts';
export type { Observation, ElementInfo, TabInfo, DialogInfo, DownloadInfo } from './observation.ts';
export * from './trajectory.ts';
export type { Rewarder, StepReward, RewardVerdict } from './rewarder.ts';
export { TaskSpecSchema, TaskInstanceSchema, type TaskSpec, type TaskInstance, type TaskRuntime, type OracleInput } from './task.ts';
export { parseAction, safeParseAction, formatAction, MAX_ACTION_CHARS, type SafeParseActionResult } from './action-parser.ts';
export { findChromium, chromiumCandidates, type FindChromiumOptions } from './browser-discovery.ts';
export { BrowserRuntime, DEFAULT_CHROMIUM_ARGS, type BrowserRuntimeOptions, type BrowserHost, type ContextLease, type ContextSettings } from './browser.ts';
export { registerTask, unregisterTask, listTasks, getTask, instantiateTask, type TaskFilter } from './registry.ts';
export { WebEnv, WEB_ENV_DEFAULTS, type WebEnvOptions, type ResetOptions, type ResetResult, type StepResult, type StepInfo, type StepMeta } from './web-env.ts';
export { formatAxtree } from './observe.ts';
export { describeActions, actionToolSchemas, actionFromToolCall, type DescribeActionsOptions, type AnthropicTool, type OpenAITool } from './action-docs.ts';
export { makeEnv } from './make-env.ts';
export { VectorEnv, type VectorEnvOptions, type VectorInfo, type VectorResetResult, type VectorStepResult, type VectorResetOptions, type AutoresetMode } from './vector-env.ts';
export { BrowserPool, type BrowserPoolOptions, type EndpointStatus } from './browser-pool.ts';
export { Rng } from './rng.ts';
