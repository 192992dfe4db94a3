/**
 * Reading a benchmark run directory back: its config, every recorded episode and the graphs it
 * was scored with; results are recomputed from the episode log, so an interrupted run reports
 * what it finished.
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RunError, quote } from '../env/index.ts';
import type { Trajectory } from '../env/index.ts';
import { parseGraph } from '../graph/index.ts';
import type { StrategyGraph } from '../graph/index.ts';
import { readEpisodeLog } from '../train/index.ts';
import { BenchConfigSchema, benchPaths } from './results.ts';
import type { BenchResults } from './results.ts';
import { summarizeRun } from './summarize.ts';

/** A benchmark run as the report sees it. */
export interface LoadedRun {
  dir: string;
  name: string;
  results: BenchResults;
  /** Finished trajectories by episode key (the last finished attempt). */
  trajectories: Map<string, Trajectory>;
  /** The graphs the run was scored with, by graph task id. */
  graphs: Map<string, StrategyGraph>;
}

/**
 * Load a run directory written by `runBenchmark` (or `coregym bench`).
 * @throws RunError `run_invalid` when the folder has no valid config.json.
 */
export function loadRun(dir: string): LoadedRun {
  const paths = benchPaths(resolve(dir));
  if (!existsSync(paths.config)) {
    throw new RunError('run_invalid', `loadRun: ${quote(dir)} is not a benchmark run (expected ${paths.config}, written by \`coregym bench\`). Pass the --out folder of a benchmark.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(paths.config, 'utf8'));
  } catch (error) {
    throw new RunError('run_invalid', `loadRun: ${paths.config} is not JSON (${(error as Error).message}). Restore it or re-run the benchmark.`);
  }
  const parsed = BenchConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RunError('run_invalid', `loadRun: ${paths.config}: ${issue.path.join('.') || '(root)'}: ${issue.message}. It was not written by this version of coregym bench.`);
  }
  const config = parsed.data;
  const graphs = new Map<string, StrategyGraph>();
  if (existsSync(paths.graphs)) {
    for (const file of readdirSync(paths.graphs).filter((f) => f.endsWith('.json')).sort()) {
      const graph = parseGraph(readFileSync(join(paths.graphs, file), 'utf8'));
      graphs.set(graph.taskId, graph);
    }
  }
  const descriptions = new Map([...graphs.values()].flatMap((g) => g.nodes().map((n) => [n.id, n.description] as const)));
  const { records } = readEpisodeLog(paths.episodes);
  const trajectories = new Map<string, Trajectory>();
  for (const r of records) if (r.kind === 'episode') trajectories.set(r.key, r.trajectory);
  const results = summarizeRun(config, records, { describe: (_task, id) => descriptions.get(id) });
  return { dir: paths.dir, name: config.name, results, trajectories, graphs };
}
