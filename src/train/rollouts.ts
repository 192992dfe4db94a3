/**
 * Running many episodes in parallel, one WebEnv per worker over a shared browser, recording each
 * as it ends. An episode that fails for an infrastructure reason (a crashed browser, a hung page,
 * a dead endpoint) is recorded as an error and retried; it is never scored as a policy failure.
 * @module
 */
import { CoregymError, WebEnv } from '../env/index.ts';
import type { BrowserHost, Rewarder, TaskSpec, WebEnvOptions } from '../env/index.ts';
import type { Trajectory } from '../env/trajectory.ts';
import { runEpisode } from '../agents/index.ts';
import type { Agent } from '../agents/index.ts';
import type { EpisodeRecord, EpisodeWriter } from './run-store.ts';

/** One episode to run. */
export interface EpisodeJob {
  /** Unique key within the run; episodes already recorded under it are not run again. */
  key: string;
  task: TaskSpec;
  seed: number;
  /** Anything the caller wants back with the result (pool task id, purpose ...). */
  tag?: string;
  /** An agent for this job alone (a replay of one demo, say); otherwise the worker's agent acts. */
  agent?: Agent;
}

/** What became of one job. */
export interface EpisodeOutcome {
  job: EpisodeJob;
  /** The finished trajectory; absent when every attempt failed for infrastructure reasons. */
  trajectory?: Trajectory;
  /** Infrastructure errors of the failed attempts, oldest first. */
  errors: { code: string; message: string }[];
  attempts: number;
  /** True when the result was read from an earlier run (resume) rather than run now. */
  resumed: boolean;
}

/** Options of `collectEpisodes`. */
export interface CollectOptions {
  /** Browser (or pool of browsers) the workers' environments share. */
  runtime: BrowserHost;
  /** Environments at once. @default 4 */
  parallel?: number;
  /** The agent of worker `i` (one instance per worker, reset at each episode). */
  agent: (worker: number) => Agent;
  /** The rewarder of worker `i`'s environment, if episodes are scored. */
  rewarder?: (worker: number) => Rewarder | undefined;
  /** Durable record of every episode and error, appended as each ends. */
  writer?: EpisodeWriter;
  /** Results already recorded (resume): jobs with these keys are not run. */
  done?: ReadonlyMap<string, Trajectory>;
  /** Attempts per job before it is given up as an infrastructure error. @default 3 */
  maxAttempts?: number;
  /** Wall-clock bound of one episode, in ms. @default 180000 */
  episodeTimeout?: number;
  /** Extra WebEnv options (screenshots, text bounds ...). */
  env?: Omit<WebEnvOptions, 'runtime' | 'rewarder' | 'task'>;
  /** Called as each job ends. */
  onEpisode?: (outcome: EpisodeOutcome) => void;
  /**
   * Stops the run: no new episode starts, episodes in flight end at their next step, and
   * `collectEpisodes` rejects with the signal's reason once every worker has stopped. Finished
   * episodes are already in `writer`; pass them as `done` to continue.
   */
  signal?: AbortSignal;
}

/**
 * Run `jobs` over `parallel` environments; results come back in job order.
 * @throws the signal's reason when `signal` aborts (see CollectOptions.signal).
 */
export async function collectEpisodes(jobs: readonly EpisodeJob[], options: CollectOptions): Promise<EpisodeOutcome[]> {
  const results: EpisodeOutcome[] = new Array(jobs.length);
  const pending: number[] = [];
  jobs.forEach((job, i) => {
    const previous = options.done?.get(job.key);
    if (previous) {
      results[i] = { job, trajectory: previous, errors: [], attempts: 0, resumed: true };
      options.onEpisode?.(results[i]!);
    } else pending.push(i);
  });
  const maxAttempts = options.maxAttempts ?? 3;
  const timeout = options.episodeTimeout ?? 180_000;
  let next = 0;

  const worker = async (w: number) => {
    const workerAgent = options.agent(w);
    const env = new WebEnv({ ...options.env, runtime: options.runtime, rewarder: options.rewarder?.(w), agent: { name: workerAgent.name, model: workerAgent.model } });
    try {
      while (next < pending.length && !options.signal?.aborted) {
        const index = pending[next++]!;
        const job = jobs[index]!;
        const agent = job.agent ?? workerAgent;
        const outcome: EpisodeOutcome = { job, errors: [], attempts: 0, resumed: false };
        while (outcome.attempts < maxAttempts && !outcome.trajectory) {
          outcome.attempts++;
          const timer = AbortSignal.timeout(timeout);
          const signal = options.signal ? AbortSignal.any([options.signal, timer]) : timer;
          let record: EpisodeRecord;
          try {
            const { trajectory } = await runEpisode(env, agent, { task: job.task, seed: job.seed, signal });
            const infra = trajectory.outcome?.error;
            if (infra) {
              record = { kind: 'error', key: job.key, attempt: outcome.attempts, code: infra.code, message: infra.message, steps: trajectory.steps.length };
            } else {
              outcome.trajectory = trajectory;
              record = { kind: 'episode', key: job.key, attempt: outcome.attempts, trajectory };
            }
          } catch (error) {
            if (options.signal?.aborted) throw error;
            // Anything thrown out of an episode is infrastructure (an agent's bad output never throws).
            const code = error instanceof CoregymError ? error.code : timer.aborted ? 'episode_timeout' : 'episode_threw';
            record = { kind: 'error', key: job.key, attempt: outcome.attempts, code, message: (error as Error)?.message ?? String(error), steps: env.trajectory?.steps.length ?? 0 };
          }
          if (record.kind === 'error') outcome.errors.push({ code: record.code, message: record.message });
          options.writer?.append(record);
        }
        results[index] = outcome;
        options.onEpisode?.(outcome);
      }
    } finally {
      await env.close();
    }
  };
  const workers = Math.max(1, Math.min(options.parallel ?? 4, pending.length));
  // Every worker stops (and closes its env) before this returns or throws, so nothing appends to the
  // writer after the caller closes it.
  const settled = await Promise.allSettled(Array.from({ length: workers }, (_, w) => worker(w)));
  // An abort ends the call with its reason whether it landed between episodes (the jobs not started
  // have no result) or mid-episode; the episodes that finished are already recorded.
  options.signal?.throwIfAborted();
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  return results;
}
