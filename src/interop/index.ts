/**
 * Interop with established web-agent benchmarks: MiniWoB++ task pages as coregym tasks,
 * WebArena / VisualWebArena configs imported as tasks with label functions and oracles, and the
 * data-only task file they are saved as.
 * @module
 */
export { InteropError } from './errors.ts';
export { registerMiniwob, isMiniwobDone, miniwobResult, MINIWOB_PROBE } from './miniwob.ts';
export type { RegisterMiniwobOptions, MiniwobTasks, MiniwobStatus } from './miniwob.ts';
export { importWebArena } from './webarena-import.ts';
export type { ImportWebArenaOptions, ImportedTask, WebArenaImport, WebArenaImportReport } from './webarena-import.ts';
export { WebArenaEvaluatorSchema, needsJudge } from './webarena-evaluator.ts';
export type { WebArenaEvaluator, HtmlCheck, StringMatch } from './webarena-evaluator.ts';
export { webArenaLabels, WEBARENA_PROBE } from './webarena-labels.ts';
export type { HtmlReading } from './webarena-html.ts';
export { TaskFileSchema, TASK_FILE_SCHEMA_VERSION, parseTaskFile, safeParseTaskFile, loadTaskFile, saveTaskFile } from './task-file.ts';
export type { TaskFile, SafeParseTaskFileResult } from './task-file.ts';
export { taskSpecFromFile } from './webarena-task.ts';
export type { TaskSpecFromFileOptions } from './webarena-task.ts';
export { fuzzyMatchRequest, unachievableReasonRequest, parseVerdict } from './judge.ts';
export type { Judge, JudgeRequest, JudgeVerdict } from './judge.ts';
export { ClaudeJudge } from './claude-judge.ts';
export type { ClaudeJudgeOptions } from './claude-judge.ts';
