/**
 * Loading, checking and saving label sets: schema errors that name the bad field by path, and a
 * compile check that runs each label's code in the sandbox (never in the host).
 * @module
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { LabelError, quote } from '../env/errors.ts';
import { LabelSetSchema, type LabelFunction, type LabelSet } from './label.ts';
import { LabelRuntime, type LabelRuntimeOptions } from './runtime.ts';

/** Result of {@link safeParseLabelSet}. */
export type SafeParseLabelSetResult = { success: true; data: LabelSet } | { success: false; error: LabelError };

/** Options of {@link loadLabelSet} and {@link checkLabelCode}. */
export interface LoadLabelSetOptions extends LabelRuntimeOptions {
  /** Check that every label's code compiles to a function, in the sandbox. @default true */
  compile?: boolean;
  /** Runtime to compile in; by default a temporary one is created and closed. */
  runtime?: LabelRuntime;
}

/**
 * Validate a label set (parsed JSON) against the schema, without compiling its code.
 * @throws {LabelError} `label_invalid`, naming each bad field by path: `labels[2].code: expected string, got number`.
 * @example
 * const set = parseLabelSet(JSON.parse(text));
 */
export function parseLabelSet(input: unknown): LabelSet {
  const r = safeParseLabelSet(input);
  if (!r.success) throw r.error;
  return r.data;
}

/** The non-throwing form of {@link parseLabelSet}. */
export function safeParseLabelSet(input: unknown, method = 'parseLabelSet'): SafeParseLabelSetResult {
  const r = LabelSetSchema.safeParse(input);
  if (r.success) return { success: true, data: r.data };
  return { success: false, error: new LabelError('label_invalid', `${method}: ${formatIssues(r.error.issues, input)}. Fix the label set or regenerate it.`) };
}

/**
 * Load a label set from a file path or a JSON text (a string starting with `{`), validate it and,
 * unless `compile: false`, check in the sandbox that every label compiles to a function.
 * @throws {LabelError} `label_invalid` for unreadable files, bad JSON or schema errors; `label_compile` naming each label that does not compile.
 * @example
 * const set = await loadLabelSet('labels/shop.add-to-cart.json');
 */
export async function loadLabelSet(source: string | object, options: LoadLabelSetOptions = {}): Promise<LabelSet> {
  let input: unknown = source;
  if (typeof source === 'string') {
    const isText = source.trimStart().startsWith('{');
    let text = source;
    if (!isText) {
      try {
        text = await readFile(source, 'utf8');
      } catch (e) {
        throw new LabelError('label_invalid', `loadLabelSet: cannot read ${quote(source)} (${(e as Error).message}). Pass a label set file path or its JSON text.`, { cause: e });
      }
    }
    try {
      input = JSON.parse(text);
    } catch (e) {
      throw new LabelError('label_invalid', `loadLabelSet: ${isText ? 'the text' : quote(source)} is not JSON (${(e as Error).message}). Fix the file or regenerate it.`, { cause: e });
    }
  }
  const r = safeParseLabelSet(input, 'loadLabelSet');
  if (!r.success) throw r.error;
  if (options.compile !== false) {
    const errors = checkLabelCode(r.data.labels, options);
    if (errors.length > 0) {
      const detail = errors.map((e) => e.message.replace(/^LabelRuntime\.reset: /, '').replace(/\. Fix its code:.*$/, '')).join('; ');
      throw new LabelError('label_compile', `loadLabelSet: ${errors.length} of ${r.data.labels.length} labels do not compile: ${detail}. Each label's code must be one JavaScript expression that evaluates to a function (traj, api) => boolean.`);
    }
  }
  return r.data;
}

/**
 * Compile each label's code in the sandbox and evaluate it once; returns one `label_compile`
 * LabelError per label that does not compile or does not evaluate to a function (empty when all do).
 * @example
 * const errors = checkLabelCode([{ id: 'k1', description: 'd', code: '(traj, api) =>', origin: 'human', provenance: {} }]);
 * // errors[0].message names label "k1" and the SyntaxError
 */
export function checkLabelCode(labels: readonly LabelFunction[], options: LoadLabelSetOptions = {}): LabelError[] {
  const runtime = options.runtime ?? new LabelRuntime(options);
  try {
    runtime.reset(labels, { taskId: 'compile-check', goal: '', initial: { url: 'about:blank', title: '', elements: [], text: '' } });
    const errors = runtime.compileErrors;
    return labels.flatMap((l) => (errors[l.id] ? [errors[l.id]!] : []));
  } finally {
    if (options.runtime === undefined) runtime.close();
  }
}

/**
 * Validate a label set and write it as JSON (2-space indent), creating the folder; the write is
 * atomic (a temporary file renamed into place).
 * @throws {LabelError} `label_invalid` when the set does not match the schema.
 */
export async function saveLabelSet(set: LabelSet, path: string): Promise<void> {
  const r = safeParseLabelSet(set, 'saveLabelSet');
  if (!r.success) throw r.error;
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, `${JSON.stringify(r.data, null, 2)}\n`, 'utf8');
  await rename(tmp, path);
}

function formatIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string {
  const shown = issues.slice(0, 5).map((issue) => `${pathText(issue.path)}: ${issueText(issue, valueAt(input, issue.path))}`);
  if (issues.length > 5) shown.push(`and ${issues.length - 5} more`);
  return shown.join('; ');
}

function issueText(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === 'invalid_type') return `expected ${issue.expected}, got ${typeName(value)}`;
  const message = issue.message.replace(/^Invalid input: /, '');
  return value === undefined ? `${message} (got undefined)` : `${message} (got ${quote(value, 60)})`;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function pathText(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}
