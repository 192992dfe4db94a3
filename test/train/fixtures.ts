/**
 * Shared helpers of the train tests: shipped demos (no browser needed), temporary run
 * directories, and JSONL readers.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Trajectory } from '../../src/env/trajectory.ts';
import { loadDemos, PLACEHOLDER_URLS } from '../../src/suite/demo-store.ts';
import type { SuiteUrls } from '../../src/suite/template.ts';

/** The shipped demo of `taskId` at `seed` by `strategy` (the first one found when not given). */
export function shippedDemo(taskId: string, seed: number, options: { strategy?: string; urls?: SuiteUrls } = {}): Trajectory {
  const demos = loadDemos(options.urls ?? PLACEHOLDER_URLS, { taskIds: [taskId], seeds: [seed] });
  const demo = options.strategy ? demos.find((d) => d.strategy === options.strategy) : demos[0];
  if (!demo) throw new Error(`no shipped demo of ${taskId} at seed ${seed}${options.strategy ? ` (${options.strategy})` : ''}`);
  return demo;
}

/** A fresh temporary directory and a function that removes it. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `coregym-train-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every line of a JSONL file, parsed. */
export function readJsonl<T = unknown>(path: string): T[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}
