/**
 * The task registry: register TaskSpecs by id (validated on registration), list and look them up,
 * and instantiate them for a seed.
 * @module
 */
import type { z } from 'zod';
import { TaskFileError, quote } from './errors.ts';
import { TaskInstanceSchema, TaskSpecSchema, type TaskInstance, type TaskSpec } from './task.ts';
import { nearest } from './action-parser.ts';

const tasks = new Map<string, TaskSpec>();

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** `tasks[3].startUrl` style path. */
export function dotPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out ? `.${String(k)}` : String(k);
  return out;
}

/** One zod issue as `path: expected X, got Y`. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown, prefix = ''): string {
  const path = prefix + (issue.path.length ? (prefix ? '.' : '') + dotPath(issue.path) : '');
  const got = valueAt(input, issue.path);
  let expected: string;
  switch (issue.code) {
    case 'too_small':
      expected = `expected ${issue.origin === 'number' ? (Number.isInteger(Number(issue.minimum)) ? 'int' : 'number') : issue.origin}${issue.origin === 'string' || issue.origin === 'array' ? ' of length' : ''} >= ${String(issue.minimum)}`;
      break;
    case 'too_big':
      expected = `expected ${issue.origin === 'number' ? 'number' : issue.origin}${issue.origin === 'string' || issue.origin === 'array' ? ' of length' : ''} <= ${String(issue.maximum)}`;
      break;
    case 'invalid_type':
      expected = `expected ${issue.expected === 'int' ? 'int' : issue.expected}`;
      break;
    case 'invalid_value':
      expected = `expected one of ${issue.values.map((v) => quote(v)).join(', ')}`;
      break;
    case 'invalid_format':
      expected = issue.message;
      break;
    default:
      expected = issue.message;
  }
  return `${path || '(root)'}: ${expected}, got ${got === undefined ? 'undefined' : typeof got === 'function' ? 'a function' : quote(got)}`;
}

/**
 * Register a task spec under its id. Registering the same object twice is a no-op.
 * @throws TaskFileError `task_invalid` naming the bad field, e.g. `maxSteps: expected int >= 1, got -3`,
 *   or when another spec already has the id.
 */
export function registerTask(spec: TaskSpec): void {
  const parsed = TaskSpecSchema.safeParse(spec);
  if (!parsed.success) {
    const id = spec && typeof spec === 'object' && typeof spec.id === 'string' ? ` ${quote(spec.id)}` : '';
    const problems = parsed.error.issues.map((i) => describeIssue(i, spec));
    throw new TaskFileError('task_invalid', `registerTask: invalid task spec${id}: ${problems.join('; ')}. Fix the field${problems.length > 1 ? 's' : ''} named above.`);
  }
  const existing = tasks.get(spec.id);
  if (existing && existing !== spec) {
    throw new TaskFileError('task_invalid', `registerTask: a different task is already registered as ${quote(spec.id)}. Use a unique id (or unregisterTask first).`);
  }
  tasks.set(spec.id, spec);
}

/** Remove a task from the registry; returns whether it was registered. */
export function unregisterTask(id: string): boolean {
  return tasks.delete(id);
}

/** Filter of `listTasks`. */
export interface TaskFilter {
  split?: 'train' | 'heldout';
  /** Tasks having every one of these tags. */
  tags?: string[];
  /** Tasks whose id starts with this prefix, e.g. `shop.`. */
  prefix?: string;
}

/** Registered tasks matching the filter, sorted by id. */
export function listTasks(filter: TaskFilter = {}): TaskSpec[] {
  return [...tasks.values()]
    .filter((t) => !filter.split || (t.split ?? 'train') === filter.split)
    .filter((t) => !filter.tags || filter.tags.every((tag) => t.tags?.includes(tag)))
    .filter((t) => !filter.prefix || t.id.startsWith(filter.prefix))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * The registered task with this id.
 * @throws TaskFileError `task_unknown`, suggesting the nearest ids.
 */
export function getTask(id: string): TaskSpec {
  const t = tasks.get(id);
  if (t) return t;
  const ids = [...tasks.keys()];
  const near = nearest(id, ids);
  const hint = near.length ? ` Did you mean ${near.map((n) => quote(n)).join(' or ')}?` : ids.length ? '' : ' No tasks are registered: register one with registerTask(spec).';
  throw new TaskFileError('task_unknown', `getTask: task ${quote(id)} doesn't exist.${hint}`);
}

/**
 * Make the concrete TaskInstance of a spec for a seed, validating what `instantiate` returns.
 * @throws TaskFileError `task_seed` for a seed that is not an integer, `task_invalid` for a bad instance.
 */
export function instantiateTask(spec: TaskSpec, seed: number): TaskInstance {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new TaskFileError('task_seed', `instantiateTask: seed of ${quote(spec.id)} must be a safe integer (got ${quote(seed)}). Pass e.g. seed: 0.`);
  }
  let raw: unknown;
  try {
    raw = spec.instantiate(seed);
  } catch (e) {
    throw new TaskFileError('task_invalid', `instantiateTask: ${spec.id}.instantiate(${seed}) threw: ${(e as Error).message}`, { cause: e });
  }
  const parsed = TaskInstanceSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => describeIssue(i, raw, `instantiate(${seed})`));
    throw new TaskFileError('task_invalid', `instantiateTask: task ${quote(spec.id)} made an invalid instance: ${problems.join('; ')}.`);
  }
  const inst = parsed.data;
  return { taskId: spec.id, seed, goal: inst.goal, startUrl: inst.startUrl, maxSteps: inst.maxSteps ?? spec.maxSteps, params: inst.params };
}
