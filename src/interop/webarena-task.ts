/**
 * Turn a task file into a runnable TaskSpec: a login from a storage-state file, the program_html
 * probe, and the oracle (with a judge when the evaluator needs one).
 * @module
 */
import { readFile } from 'node:fs/promises';
import type { TaskSpec } from '../env/index.ts';
import { InteropError } from './errors.ts';
import type { Judge } from './judge.ts';
import type { TaskFile } from './task-file.ts';
import { readHtmlChecks } from './webarena-html.ts';
import { WEBARENA_PROBE } from './webarena-labels.ts';
import { webArenaOracle } from './webarena-oracle.ts';

/** Options of {@link taskSpecFromFile}. */
export interface TaskSpecFromFileOptions {
  /** Decides fuzzy_match checks. Without one, a task that needs it gets no oracle (its labels still score steps). */
  judge?: Judge;
  /** Time a program_html check may take to load its page, in ms. @default 15000 */
  timeout?: number;
  /** When a program_html page counts as loaded (`networkidle` for sites that render after load). @default 'load' */
  waitUntil?: 'load' | 'networkidle';
}

interface StorageState {
  cookies?: { name: string; value: string; domain: string; path: string; expires?: number; httpOnly?: boolean; secure?: boolean; sameSite?: 'Strict' | 'Lax' | 'None' }[];
}

async function readStorageState(path: string, taskId: string): Promise<StorageState> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as StorageState;
  } catch (e) {
    throw new InteropError('webarena_invalid', `${taskId}.setup: cannot read the storage state ${path}: ${(e as Error).message}. Run WebArena's auto_login.py to create it, or import without authDir.`, { cause: e });
  }
}

/**
 * A TaskSpec for a task file. The spec is deterministic: every seed gives the same instance
 * (WebArena tasks are not parameterized by a seed).
 */
export function taskSpecFromFile(file: TaskFile, options: TaskSpecFromFileOptions = {}): TaskSpec {
  const checks = file.evaluator.programHtml ?? [];
  const spec: TaskSpec = {
    id: file.id,
    maxSteps: file.maxSteps,
    tags: [...file.tags],
    instantiate: () => ({ goal: file.goal, startUrl: file.startUrl, params: { source: file.source } }),
  };
  if (file.storageState) {
    const path = file.storageState;
    spec.setup = async ({ context }) => {
      const state = await readStorageState(path, file.id);
      if (state.cookies?.length) await context.addCookies(state.cookies);
    };
  }
  if (checks.length > 0) spec.probes = { [WEBARENA_PROBE]: (rt) => readHtmlChecks(rt, checks, { timeout: options.timeout, waitUntil: options.waitUntil }) };
  if (!file.needsJudge || options.judge) spec.oracle = webArenaOracle(file.evaluator, options.judge);
  return spec;
}
