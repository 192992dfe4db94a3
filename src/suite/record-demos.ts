/**
 * Recording expert demos: every solver of every template, on a few seeds, run through WebEnv so
 * the demos carry real observations. `coregym suite record-demos` calls this.
 * @module
 */
import { BrowserRuntime, WebEnv } from '../env/index.ts';
import type { Trajectory } from '../env/trajectory.ts';
import { saveDemo } from './demo-store.ts';
import { runSolver } from './solver-context.ts';
import type { RunningSuite } from './suite.ts';
import type { TaskTemplate } from './template.ts';

/** One solver run. */
export interface SolverRun {
  taskId: string;
  strategy: string;
  seed: number;
  /** The oracle's verdict; false also when the solver failed. */
  passed: boolean;
  /** Why it failed: the solver's error or the oracle's reason. */
  error?: string;
  trajectory?: Trajectory;
  steps: number;
}

/** Options of `runSolvers`. */
export interface RunSolversOptions {
  /** @default [1, 2, 3] */
  seeds?: readonly number[];
  /** Only templates whose id matches. */
  filter?: (template: TaskTemplate) => boolean;
  /** Environments run at once, each a context of one shared browser. @default 2 */
  parallel?: number;
  /** Browser to use; one is launched (and closed) when absent. */
  runtime?: BrowserRuntime;
  /** Save passing runs as demos into this folder (placeholder origins). */
  saveDir?: string;
  /** Called as each run ends. */
  onRun?: (run: SolverRun) => void;
}

/** Run every solver of every (matching) template on each seed, checking each run with its oracle. */
export async function runSolvers(suite: RunningSuite, options: RunSolversOptions = {}): Promise<SolverRun[]> {
  const seeds = options.seeds ?? [1, 2, 3];
  const jobs: { template: TaskTemplate; strategy: string; seed: number }[] = [];
  for (const template of suite.templates) {
    if (options.filter && !options.filter(template)) continue;
    for (const strategy of Object.keys(template.solvers)) for (const seed of seeds) jobs.push({ template, strategy, seed });
  }
  const runtime = options.runtime ?? new BrowserRuntime();
  const runs: SolverRun[] = [];
  const parallel = Math.max(1, options.parallel ?? 2);
  let next = 0;
  const worker = async () => {
    const env = new WebEnv({ runtime, source: 'demo' });
    try {
      for (let job = jobs[next++]; job; job = jobs[next++]) {
        let run: SolverRun;
        try {
          const trajectory = await runSolver(env, job.template, job.seed, { strategy: job.strategy });
          const oracle = trajectory.outcome?.oracle;
          const infra = trajectory.outcome?.error;
          run = {
            taskId: job.template.id,
            strategy: job.strategy,
            seed: job.seed,
            passed: !infra && oracle?.success === true,
            error: infra ? `${infra.code}: ${infra.message}` : oracle?.success ? undefined : `oracle: ${oracle?.reason ?? 'no verdict'}`,
            trajectory,
            steps: trajectory.steps.length,
          };
          if (run.passed && options.saveDir) saveDemo(options.saveDir, trajectory, suite.urls);
        } catch (error) {
          run = { taskId: job.template.id, strategy: job.strategy, seed: job.seed, passed: false, error: (error as Error).message, steps: env.trajectory?.steps.length ?? 0 };
        }
        runs.push(run);
        options.onRun?.(run);
      }
    } finally {
      await env.close();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(parallel, jobs.length) }, worker));
  } finally {
    if (!options.runtime) await runtime.close();
  }
  return runs;
}
