/**
 * The training run the soak kills with SIGKILL and resumes: collectEpisodes on a Chromium of its
 * own (so a SIGKILL of this process also tests that its browser does not outlive it) against the
 * soak's suite sites, writing `<runDir>/episodes.jsonl` with an EpisodeWriter.
 * With `--resume` it reads that log (cutting a torn last line) and skips finished keys, as
 * SelfTrainer does. Every attempt's start is appended (fsync) to `<runDir>/started.jsonl`, so the
 * parent knows which episodes were in flight at the kill.
 *
 *   node --no-node-snapshot bench/soak/train-child.ts '<json config>'
 * @module
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { RandomAgent } from '../../src/agents/index.ts';
import { BrowserRuntime } from '../../src/env/index.ts';
import type { TaskRuntime } from '../../src/env/index.ts';
import { suiteTemplates } from '../../src/suite/index.ts';
import type { SuiteUrls } from '../../src/suite/index.ts';
import { EpisodeWriter, collectEpisodes, finishedEpisodes, readEpisodeLog } from '../../src/train/index.ts';
import type { EpisodeJob } from '../../src/train/index.ts';

/** What the parent passes (argv[2], JSON). */
export interface TrainChildConfig {
  runDir: string;
  executablePath: string;
  urls: SuiteUrls;
  taskIds: string[];
  jobs: number;
  parallel: number;
  maxAttempts: number;
  resume: boolean;
}

/** Keys of the child's jobs, in order (the parent schedules the same list). */
export function childJobKeys(config: Pick<TrainChildConfig, 'taskIds' | 'jobs'>): { key: string; taskId: string; seed: number }[] {
  return Array.from({ length: config.jobs }, (_, i) => {
    const taskId = config.taskIds[i % config.taskIds.length]!;
    return { key: `train/${taskId}/s${500 + i}`, taskId, seed: 500 + i };
  });
}

if (import.meta.main) {
  const config = JSON.parse(process.argv[2]!) as TrainChildConfig;
  const templates = new Map(suiteTemplates(config.urls).map((t) => [t.id, t]));
  const startedFd = openSync(join(config.runDir, 'started.jsonl'), 'a');
  const logStart = (key: string) => {
    writeSync(startedFd, `${JSON.stringify({ key, at: Date.now(), resumed: config.resume })}\n`);
    fsyncSync(startedFd);
  };
  const episodes = join(config.runDir, 'episodes.jsonl');
  const done = config.resume ? finishedEpisodes(readEpisodeLog(episodes, { repair: true })) : undefined;
  const writer = new EpisodeWriter(episodes);
  const runtime = new BrowserRuntime({ executablePath: config.executablePath, install: false });
  const jobs: EpisodeJob[] = childJobKeys(config).map(({ key, taskId, seed }, i) => {
    const template = templates.get(taskId)!;
    return {
      key,
      seed,
      task: {
        ...template,
        setup: async (rt: TaskRuntime) => {
          logStart(key);
          await template.setup?.(rt);
        },
      },
      agent: new RandomAgent({ seed: i }),
    };
  });
  try {
    await collectEpisodes(jobs, { runtime, parallel: config.parallel, agent: () => new RandomAgent(), writer, done, maxAttempts: config.maxAttempts, episodeTimeout: 90_000 });
  } finally {
    writer.close();
    closeSync(startedFd);
    await runtime.close();
  }
}
