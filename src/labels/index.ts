export { LabelRuntime, LABEL_RUNTIME_DEFAULTS, labelCodeHash } from './runtime.ts';
export type { LabelRuntimeOptions, LabelResults, LabelStep, EpisodeStart, EpisodeEnd, SandboxHeapStatistics } from './runtime.ts';
export * from './label.ts';
