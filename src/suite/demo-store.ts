/**
 * The expert demos shipped with the package: trajectories stored with placeholder origins
 * (`http://shop.suite`), rebased onto the running suite's real URLs when loaded.
 * @module
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { TaskFileError } from '../env/errors.ts';
import { TrajectorySchema } from '../env/trajectory.ts';
import type { Trajectory } from '../env/trajectory.ts';
import type { SiteName, SuiteUrls } from './template.ts';

/** The origins demos are stored with, so they do not depend on the port a suite ran on. */
export const PLACEHOLDER_URLS: SuiteUrls = {
  shop: 'http://shop.suite',
  forum: 'http://forum.suite',
  tracker: 'http://tracker.suite',
};

/** Folder of the shipped demos (`demos/` at the package root). */
export const DEFAULT_DEMO_DIR = resolve(import.meta.dirname, '..', '..', 'demos');

/** Replace every occurrence of one set of base URLs by another, everywhere in a trajectory. */
export function rebaseTrajectory(trajectory: Trajectory, from: SuiteUrls, to: SuiteUrls): Trajectory {
  let text = JSON.stringify(trajectory);
  for (const site of Object.keys(from) as SiteName[]) {
    if (from[site] !== to[site]) text = text.split(from[site]).join(to[site]);
  }
  return JSON.parse(text) as Trajectory;
}

/** File name of a demo: `<taskId>/<strategy>.seed<seed>.json.gz` (gzip: demos repeat page states, ~10x smaller). */
export function demoPath(dir: string, taskId: string, strategy: string, seed: number): string {
  return join(dir, taskId, `${strategy}.seed${seed}.json.gz`);
}

/** Save a demo recorded against `urls`, with placeholder origins. */
export function saveDemo(dir: string, demo: Trajectory, urls: SuiteUrls): string {
  const path = demoPath(dir, demo.taskId, demo.strategy ?? 'default', demo.seed);
  mkdirSync(join(dir, demo.taskId), { recursive: true });
  writeFileSync(path, gzipSync(`${JSON.stringify(rebaseTrajectory(demo, urls, PLACEHOLDER_URLS))}\n`));
  return path;
}

/** Options of `loadDemos`. */
export interface LoadDemosOptions {
  /** @default DEFAULT_DEMO_DIR */
  dir?: string;
  /** Only these task ids. */
  taskIds?: readonly string[];
  /** Only these seeds. */
  seeds?: readonly number[];
}

/**
 * Load shipped demos, rebased onto `urls`.
 * @throws TaskFileError `task_invalid` when a demo file does not match the trajectory schema (the path and field are named).
 */
export function loadDemos(urls: SuiteUrls, options: LoadDemosOptions = {}): Trajectory[] {
  const dir = options.dir ?? DEFAULT_DEMO_DIR;
  if (!existsSync(dir)) return [];
  const out: Trajectory[] = [];
  for (const taskId of readdirSync(dir).sort()) {
    if (options.taskIds && !options.taskIds.includes(taskId)) continue;
    const taskDir = join(dir, taskId);
    for (const file of readdirSync(taskDir).sort()) {
      if (!file.endsWith('.json') && !file.endsWith('.json.gz')) continue;
      const path = join(taskDir, file);
      const bytes = readFileSync(path);
      let raw: unknown;
      try {
        raw = JSON.parse((file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'));
      } catch (error) {
        throw new TaskFileError('task_invalid', `loadDemos: ${path} is not a readable demo (${(error as Error).message}). Regenerate with \`coregym suite record-demos\`.`);
      }
      const parsed = TrajectorySchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new TaskFileError('task_invalid', `loadDemos: ${path}: ${issue.path.join('.')}: ${issue.message}. Regenerate with \`coregym suite record-demos\`.`);
      }
      if (options.seeds && !options.seeds.includes(parsed.data.seed)) continue;
      out.push(rebaseTrajectory(parsed.data, PLACEHOLDER_URLS, urls));
    }
  }
  return out;
}
