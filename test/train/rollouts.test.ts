/**
 * collectEpisodes over real Chromium and the built-in suite: results stream to the writer as each
 * episode ends, resume skips recorded keys, and infrastructure failures (a dead start URL, a site
 * failing mid-episode, a rewarder that throws, a page killed mid-episode) are recorded as errors
 * with their code and retried, never scored as a policy failure.
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ReplayAgent } from '../../src/agents/replay-agent.ts';
import type { Agent, AgentStep } from '../../src/agents/agent.ts';
import { BrowserRuntime } from '../../src/env/browser.ts';
import type { Rewarder, StepReward } from '../../src/env/rewarder.ts';
import type { TaskSpec } from '../../src/env/task.ts';
import type { Trajectory } from '../../src/env/trajectory.ts';
import { startSuite } from '../../src/suite/suite.ts';
import type { RunningSuite } from '../../src/suite/index.ts';
import { collectEpisodes } from '../../src/train/rollouts.ts';
import type { EpisodeJob, EpisodeOutcome } from '../../src/train/rollouts.ts';
import { EpisodeWriter, finishedEpisodes, readEpisodeLog } from '../../src/train/run-store.ts';
import { fixedInstanceSpec } from '../../src/train/task-pool.ts';
import { shippedDemo, tempDir } from './fixtures.ts';

const TEMPLATE = 'forum.subscribe';
const tmp = tempDir('rollouts');
let suite: RunningSuite;
let runtime: BrowserRuntime;
let spec: TaskSpec;
let demo: Trajectory;

beforeAll(async () => {
  suite = await startSuite({ register: false });
  runtime = new BrowserRuntime();
  spec = fixedInstanceSpec(suite.template(TEMPLATE), 1);
  demo = { ...shippedDemo(TEMPLATE, 1, { strategy: 'directory', urls: suite.urls }), taskId: spec.id };
});

afterEach(() => {
  suite.sites.forum.faults.error500 = false;
});

afterAll(async () => {
  await runtime?.close();
  await suite?.close();
  tmp.remove();
});

/** Answers at once: a finished episode the oracle rejects (a policy failure, not an infrastructure one). */
class AnswerAgent implements Agent {
  readonly name = 'answer';
  static acts = 0;
  reset(): void {}
  async act(): Promise<AgentStep> {
    AnswerAgent.acts++;
    return { action: { type: 'answer', text: 'done' } };
  }
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

const replayJob = (key: string): EpisodeJob => ({ key, task: spec, seed: 1, agent: new ReplayAgent(demo), tag: `tag-${key}` });

describe('collectEpisodes', () => {
  const streamPath = join(tmp.dir, 'stream', 'episodes.jsonl');

  it('runs jobs over parallel environments, returns them in job order, and appends each record as its episode ends', async () => {
    const writer = new EpisodeWriter(streamPath);
    const seenOnDisk: string[][] = [];
    const order: string[] = [];
    let results: EpisodeOutcome[];
    try {
      results = await collectEpisodes([replayJob('a'), replayJob('b'), { key: 'c', task: spec, seed: 1 }], {
        runtime,
        parallel: 2,
        agent: () => new AnswerAgent(),
        writer,
        onEpisode: (outcome) => {
          order.push(outcome.job.key);
          // The record is durable before the caller hears of the episode.
          seenOnDisk.push(readEpisodeLog(streamPath).records.map((r) => r.key));
        },
      });
    } finally {
      writer.close();
    }
    expect(results.map((r) => [r.job.key, r.job.tag])).toEqual([['a', 'tag-a'], ['b', 'tag-b'], ['c', undefined]]);
    expect([...order].sort()).toEqual(['a', 'b', 'c']);
    // Each callback saw its own record already on disk, one more record than the callback before.
    expect(seenOnDisk.map((keys) => keys.length)).toEqual([1, 2, 3]);
    seenOnDisk.forEach((keys, i) => expect(keys.at(-1)).toBe(order[i]));
    for (const r of results) expect(r).toMatchObject({ attempts: 1, errors: [], resumed: false });
    // The replayed demo succeeds; the job without its own agent used the worker's agent and failed as a policy.
    expect(results[0]!.trajectory!.outcome?.oracle?.success).toBe(true);
    expect(results[1]!.trajectory!.outcome?.oracle?.success).toBe(true);
    expect(results[0]!.trajectory!.steps).toHaveLength(demo.steps.length);
    expect(results[2]!.trajectory!.agent?.name).toBe('answer');
    expect(results[2]!.trajectory!.outcome).toMatchObject({ terminated: true, oracle: { success: false } });
    expect(results[2]!.trajectory!.outcome?.error).toBeUndefined();
    const log = readEpisodeLog(streamPath);
    expect(log.records.map((r) => [r.kind, r.attempt]).sort()).toEqual([['episode', 1], ['episode', 1], ['episode', 1]]);
    const byKey = finishedEpisodes(log);
    for (const r of results) expect(byKey.get(r.job.key)!.id).toBe(r.trajectory!.id);
  });

  it('skips keys already recorded (resume), reports them as resumed, and runs only the rest', async () => {
    const done = finishedEpisodes(readEpisodeLog(streamPath));
    const writer = new EpisodeWriter(streamPath);
    const before = AnswerAgent.acts;
    const events: EpisodeOutcome[] = [];
    let results: EpisodeOutcome[];
    try {
      results = await collectEpisodes([{ key: 'c', task: spec, seed: 1 }, { key: 'd', task: spec, seed: 1 }, replayJob('a')], {
        runtime,
        parallel: 2,
        agent: () => new AnswerAgent(),
        writer,
        done,
        onEpisode: (outcome) => events.push(outcome),
      });
    } finally {
      writer.close();
    }
    expect(results.map((r) => [r.job.key, r.resumed, r.attempts])).toEqual([['c', true, 0], ['d', false, 1], ['a', true, 0]]);
    expect(results[0]!.trajectory).toBe(done.get('c'));
    expect(results[2]!.trajectory).toBe(done.get('a'));
    expect(events.map((e) => e.job.key).sort()).toEqual(['a', 'c', 'd']);
    // Only d ran: one act (it answers at once) and one new record.
    expect(AnswerAgent.acts - before).toBe(1);
    const keys = readEpisodeLog(streamPath).records.map((r) => r.key);
    expect(keys.filter((k) => k === 'd')).toHaveLength(1);
    expect(keys.filter((k) => k === 'a')).toHaveLength(1);
    expect(keys).toHaveLength(4);
  });

  it('records a dead start URL as error records with its code, retries up to maxAttempts, and never makes it a trajectory', async () => {
    const port = await closedPort();
    const dead: TaskSpec = {
      id: 'test.closed-port',
      maxSteps: 3,
      instantiate: () => ({ goal: 'Open the page.', startUrl: `http://127.0.0.1:${port}/`, params: {} }),
      oracle: () => ({ success: false }),
    };
    const path = join(tmp.dir, 'dead', 'episodes.jsonl');
    const writer = new EpisodeWriter(path);
    const before = AnswerAgent.acts;
    let results: EpisodeOutcome[];
    try {
      results = await collectEpisodes([{ key: 'dead', task: dead, seed: 1 }, { key: 'fine', task: spec, seed: 1 }], { runtime, parallel: 2, agent: () => new AnswerAgent(), writer, maxAttempts: 2 });
    } finally {
      writer.close();
    }
    const [failed, fine] = results;
    expect(failed!.trajectory).toBeUndefined();
    expect(failed!.attempts).toBe(2);
    expect(failed!.errors.map((e) => e.code)).toEqual(['start_failed', 'start_failed']);
    expect(failed!.errors[0]!.message).toContain(`127.0.0.1:${port}`);
    expect(fine!.trajectory?.outcome?.oracle?.success).toBe(false);
    // The dead task never reached the agent.
    expect(AnswerAgent.acts - before).toBe(1);
    const records = readEpisodeLog(path).records.filter((r) => r.key === 'dead');
    expect(records).toEqual([
      { kind: 'error', key: 'dead', attempt: 1, code: 'start_failed', message: expect.stringContaining('could not start'), steps: 0 },
      { kind: 'error', key: 'dead', attempt: 2, code: 'start_failed', message: expect.stringContaining('could not start'), steps: 0 },
    ]);
    expect(finishedEpisodes(readEpisodeLog(path)).has('dead')).toBe(false);
  });

  it('records a site failing mid-episode as site_error and finishes the job on the retry', async () => {
    const forum = suite.sites.forum;
    // A transient outage: the forum answers HTTP 500 from step 1 of the first attempt until the next
    // episode starts (the task's setup, trusted code that runs before the start URL, ends it).
    const flaky: TaskSpec = { ...spec, setup: async () => void (forum.faults.error500 = false) };
    let resets = 0;
    const replay = new ReplayAgent(demo);
    const agent: Agent = {
      name: 'flaky-replay',
      reset: (task) => {
        resets++;
        replay.reset(task);
      },
      act: async (observation, context) => {
        if (resets === 1 && context.step === 1) {
          forum.faults.error500 = true;
          return { action: { type: 'goto', url: `${suite.urls.forum}/subforums` } };
        }
        return replay.act(observation, context);
      },
    };
    const path = join(tmp.dir, 'site-error', 'episodes.jsonl');
    const writer = new EpisodeWriter(path);
    let outcome: EpisodeOutcome;
    try {
      [outcome] = await collectEpisodes([{ key: 'flaky', task: flaky, seed: 1, agent }], { runtime, parallel: 1, agent: () => new AnswerAgent(), writer, maxAttempts: 3 });
    } finally {
      writer.close();
    }
    expect(resets).toBe(2);
    expect(outcome!.attempts).toBe(2);
    expect(outcome!.errors).toEqual([{ code: 'site_error', message: expect.stringContaining('HTTP 500') }]);
    expect(outcome!.trajectory!.outcome?.error).toBeUndefined();
    expect(outcome!.trajectory!.outcome?.oracle?.success).toBe(true);
    const records = readEpisodeLog(path).records;
    expect(records.map((r) => [r.kind, r.attempt])).toEqual([['error', 1], ['episode', 2]]);
    expect(records[0]).toMatchObject({ code: 'site_error', steps: 1 });
  });

  it('records a rewarder that throws as rewarder_failed and retries with the same rewarder', async () => {
    /** Scores 0 everywhere, but throws on the first step it ever scores. */
    class BrittleRewarder implements Rewarder {
      scored = 0;
      resets = 0;
      async reset(): Promise<void> {
        this.resets++;
      }
      async score(): Promise<StepReward> {
        if (this.scored++ === 0) throw new Error('label sandbox died');
        return { reward: 0 };
      }
      async finish() {
        return { success: true };
      }
      async close(): Promise<void> {}
    }
    const rewarder = new BrittleRewarder();
    const path = join(tmp.dir, 'rewarder', 'episodes.jsonl');
    const writer = new EpisodeWriter(path);
    let outcome: EpisodeOutcome;
    try {
      [outcome] = await collectEpisodes([replayJob('r')], { runtime, parallel: 1, agent: () => new AnswerAgent(), rewarder: () => rewarder, writer });
    } finally {
      writer.close();
    }
    expect(rewarder.resets).toBe(2);
    expect(outcome!.attempts).toBe(2);
    expect(outcome!.errors).toEqual([{ code: 'rewarder_failed', message: expect.stringContaining('label sandbox died') }]);
    expect(outcome!.trajectory!.outcome).toMatchObject({ verdict: true, oracle: { success: true } });
    expect(readEpisodeLog(path).records.map((r) => `${r.kind}:${r.attempt}:${r.kind === 'error' ? r.code : ''}`)).toEqual(['error:1:rewarder_failed', 'episode:2:']);
  });

  it('records a page killed mid-episode as an infrastructure error and gives up after maxAttempts', async () => {
    // Trusted task code holds the page; the agent closes it under the env, as a crash would.
    let page: Page | undefined;
    const killing: TaskSpec = { ...spec, id: 'test.page-killed', setup: async (rt) => void (page = rt.page) };
    const agent: Agent = {
      name: 'page-killer',
      reset: () => undefined,
      act: async (_observation, context) => {
        if (context.step === 1) await page!.close();
        return { action: { type: 'scroll', dx: 0, dy: 200 } };
      },
    };
    const path = join(tmp.dir, 'killed', 'episodes.jsonl');
    const writer = new EpisodeWriter(path);
    let outcome: EpisodeOutcome;
    try {
      [outcome] = await collectEpisodes([{ key: 'killed', task: killing, seed: 1, agent }], { runtime, parallel: 1, agent: () => new AnswerAgent(), writer, maxAttempts: 2 });
    } finally {
      writer.close();
    }
    expect(outcome!.trajectory).toBeUndefined();
    expect(outcome!.attempts).toBe(2);
    expect(outcome!.errors.map((e) => e.code)).toEqual(['browser_crashed', 'browser_crashed']);
    expect(outcome!.errors[0]!.message).toMatch(/closed during the step/);
    const records = readEpisodeLog(path).records;
    expect(records.map((r) => r.kind)).toEqual(['error', 'error']);
    // The scroll at step 0 finished; the step the page died in is not recorded.
    expect(records.map((r) => r.kind === 'error' && r.steps)).toEqual([1, 1]);
  });

  it('stops when the signal aborts: finished episodes stay recorded and the caller hears of the abort', async () => {
    const path = join(tmp.dir, 'aborted', 'episodes.jsonl');
    const writer = new EpisodeWriter(path);
    const stop = new AbortController();
    const reason = new Error('stop the run');
    const jobs = ['x1', 'x2', 'x3'].map((key) => ({ key, task: spec, seed: 1 }));
    let error: unknown;
    try {
      await collectEpisodes(jobs, { runtime, parallel: 1, agent: () => new AnswerAgent(), writer, signal: stop.signal, onEpisode: () => stop.abort(reason) });
    } catch (e) {
      error = e;
    } finally {
      writer.close();
    }
    expect(error).toBe(reason);
    expect(readEpisodeLog(path).records.map((r) => `${r.kind}:${r.key}`)).toEqual(['episode:x1']);
  });

  it('ends an episode in flight at its next step when the signal aborts, recording nothing for it', async () => {
    const path = join(tmp.dir, 'aborted-mid', 'episodes.jsonl');
    const writer = new EpisodeWriter(path);
    const stop = new AbortController();
    const reason = new Error('stop mid-episode');
    let acts = 0;
    const agent: Agent = {
      name: 'scroller',
      reset: () => undefined,
      act: async () => {
        if (++acts === 2) stop.abort(reason);
        return { action: { type: 'scroll', dx: 0, dy: 100 } };
      },
    };
    let error: unknown;
    try {
      await collectEpisodes([{ key: 'm1', task: spec, seed: 1, agent }, { key: 'm2', task: spec, seed: 1, agent }], { runtime, parallel: 1, agent: () => new AnswerAgent(), writer, signal: stop.signal });
    } catch (e) {
      error = e;
    } finally {
      writer.close();
    }
    expect(error).toBe(reason);
    // The step under way when the signal fired still ran; the next one did not, and m2 never started.
    expect(acts).toBe(2);
    expect(readEpisodeLog(path).records).toEqual([]);
  });
});
