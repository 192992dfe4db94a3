/**
 * The soak's workload: batches of suite episodes run by collectEpisodes over the BrowserPool,
 * half by the trained LinearPolicy and half by the RandomAgent, scored by LabelRewarders, each
 * recorded by one EpisodeWriter, until the deadline. After each batch (envs closed, browsers
 * idle) the caller samples memory.
 * @module
 */
import { RandomAgent } from '../../src/agents/index.ts';
import type { Agent } from '../../src/agents/index.ts';
import type { BrowserHost } from '../../src/env/index.ts';
import { LabelRewarder } from '../../src/labels/index.ts';
import type { TaskTemplate } from '../../src/suite/index.ts';
import { collectEpisodes } from '../../src/train/index.ts';
import type { EpisodeJob, EpisodeWriter } from '../../src/train/index.ts';
import { Rng } from '../../src/env/index.ts';
import type { SoakSetup } from './setup.ts';
import type { EpisodeTracker } from './tracker.ts';

export type AgentKind = 'policy' | 'random';

/** A scheduled job, as the checks need it. */
export interface ScheduledJob {
  key: string;
  template: TaskTemplate;
  seed: number;
  agent: AgentKind;
  /** RandomAgent seed (random jobs). */
  agentSeed: number;
}

export interface WorkloadOptions {
  host: BrowserHost;
  envs: number;
  templates: TaskTemplate[];
  setup: SoakSetup;
  tracker: EpisodeTracker;
  writer: EpisodeWriter;
  /** Stop starting batches at this time (ms since epoch). */
  deadline: number;
  seed: number;
  maxAttempts: number;
  episodeTimeout: number;
  /** Called after each batch, with the envs of that batch closed. */
  onBatch?: (batch: number) => Promise<void>;
}

export interface WorkloadResult {
  scheduled: ScheduledJob[];
  batches: number;
}

/** The agent a scheduled job runs with (fresh RandomAgent per job; the greedy policy is stateless, so it is shared). */
export function agentFor(job: ScheduledJob, setup: SoakSetup): Agent {
  return job.agent === 'policy' ? setup.policy : new RandomAgent({ seed: job.agentSeed });
}

export async function runWorkload(o: WorkloadOptions): Promise<WorkloadResult> {
  const rng = new Rng(o.seed);
  const scheduled: ScheduledJob[] = [];
  let batch = 0;
  while (Date.now() < o.deadline) {
    const mine: ScheduledJob[] = Array.from({ length: o.envs * 2 }, (_, j) => {
      const template = o.templates[rng.below(o.templates.length)]!;
      const seed = 100 + rng.below(100_000);
      const agent: AgentKind = j % 2 === 0 ? 'policy' : 'random';
      return { key: `b${batch}/j${j}/${template.id}/s${seed}/${agent}`, template, seed, agent, agentSeed: rng.below(1_000_000) };
    });
    scheduled.push(...mine);
    const jobs: EpisodeJob[] = mine.map((s) => ({ key: s.key, task: o.tracker.wrap(s.template, s.key), seed: s.seed, tag: s.agent, agent: agentFor(s, o.setup) }));
    // The outcomes are not kept: the checks read the run's own records, and holding every
    // trajectory in memory made the orchestrator grow by ~150 MB per batch.
    await collectEpisodes(jobs, {
      runtime: o.host,
      parallel: o.envs,
      agent: () => new RandomAgent(),
      rewarder: () => new LabelRewarder(o.setup.labels),
      writer: o.writer,
      maxAttempts: o.maxAttempts,
      episodeTimeout: o.episodeTimeout,
    });
    await o.onBatch?.(batch);
    batch++;
  }
  return { scheduled, batches: batch };
}
