/**
 * The coregym task file: a task as plain data (id, goal, start URL, step budget, labels and the
 * evaluator config), written by importers and loaded back with errors that name the bad field.
 * @module
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { TaskFileError, quote } from '../env/index.ts';
import { LabelSetSchema } from '../labels/index.ts';
import { WebArenaEvaluatorSchema } from './webarena-evaluator.ts';

export const TASK_FILE_SCHEMA_VERSION = 'coregym.task/1';

/** A task as data. The code it needs (probes, oracle) is generated from `evaluator` when it is loaded. */
export const TaskFileSchema = z.object({
  schema: z.literal(TASK_FILE_SCHEMA_VERSION),
  /** Registry id, e.g. `webarena.163`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'expected lower-case letters, digits, ".", "_" or "-", starting with a letter or digit'),
  goal: z.string().min(1),
  startUrl: z.string().min(1),
  maxSteps: z.number().int().min(1).max(10_000),
  tags: z.array(z.string()).default([]),
  /** Where the task came from. */
  source: z.object({ benchmark: z.string().min(1), taskId: z.union([z.string(), z.number()]) }),
  /** Path of a Playwright storage-state file (WebArena's `storage_state`, e.g. `.auth/shopping_state.json`) whose cookies are set before the start page loads. */
  storageState: z.string().optional(),
  /** The evaluator has a check only a Judge can decide. */
  needsJudge: z.boolean(),
  labels: LabelSetSchema,
  evaluator: WebArenaEvaluatorSchema,
});
export type TaskFile = z.infer<typeof TaskFileSchema>;

function pathOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out ? `.${String(k)}` : String(k);
  return out || '(root)';
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** Result of {@link safeParseTaskFile}. */
export type SafeParseTaskFileResult = { success: true; data: TaskFile } | { success: false; error: TaskFileError };

/** The non-throwing form of {@link parseTaskFile}. `where` prefixes messages (a file name, say). */
export function safeParseTaskFile(input: unknown, where = 'parseTaskFile'): SafeParseTaskFileResult {
  const r = TaskFileSchema.safeParse(input);
  if (r.success) return { success: true, data: r.data };
  const problems = r.error.issues.slice(0, 5).map((i) => {
    const got = valueAt(input, i.path);
    return `${pathOf(i.path)}: ${i.message}, got ${got === undefined ? 'undefined' : quote(got)}`;
  });
  const more = r.error.issues.length > 5 ? `; and ${r.error.issues.length - 5} more` : '';
  return { success: false, error: new TaskFileError('task_invalid', `${where}: invalid task file: ${problems.join('; ')}${more}. Fix the field${problems.length > 1 ? 's' : ''} named above or re-import the task.`) };
}

/**
 * Validate a task file (parsed JSON).
 * @throws TaskFileError `task_invalid` naming each bad field by path, e.g. `maxSteps: Too small: expected number to be >=1, got 0`.
 */
export function parseTaskFile(input: unknown): TaskFile {
  const r = safeParseTaskFile(input);
  if (!r.success) throw r.error;
  return r.data;
}

/**
 * Read and validate a task file.
 * @throws TaskFileError `task_invalid` for a missing file, bad JSON or a field that does not validate.
 */
export async function loadTaskFile(path: string): Promise<TaskFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new TaskFileError('task_invalid', `loadTaskFile: cannot read ${path}: ${(e as Error).message}. Check the path.`, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new TaskFileError('task_invalid', `loadTaskFile: ${path} is not JSON: ${(e as Error).message}.`, { cause: e });
  }
  const r = safeParseTaskFile(json, `loadTaskFile: ${path}`);
  if (!r.success) throw r.error;
  return r.data;
}

/** Write a task file (pretty JSON), creating its folder. */
export async function saveTaskFile(file: TaskFile, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(TaskFileSchema.parse(file), null, 2)}\n`);
}
