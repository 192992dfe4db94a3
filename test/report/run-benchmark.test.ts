import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, AgentContext, AgentStep } from '../../src/agents/index.ts';
import { BrowserRuntime, RunError } from '../../src/env/index.ts';
import type { Observation, TaskInstance } from '../../src/env/index.ts';
import { StrategyGraph } from '../../src/graph/index.ts';
import { BenchResultsSchema, runBenchmark } from '../../src/report/index.ts';
import type { EpisodeResult, RunBenchmarkOptions } from '../../src/report/index.ts';
import { startSuite } from '../../src/suite/index.ts';
import type { RunningSuite } from '../../src/suite/index.ts';
import { readEpisodeLog } from '../../src/train/index.ts';

const TASKS = /^(shop\.info-price|forum\.newest-post-by-user)$/;
const usage = { inputTokens: 120, outputTokens: 8, costUsd: 0.0005 };

/** Scrolls, then answers "done"; throws once on one episode to stand in for a crashed agent process. */
class ScriptedAgent implements Agent {
  readonly name = 'scripted';
  readonly model = 'script-1';
  static acts = 0;
  static thrown = false;
  #task: TaskInstance | undefined;
  reset(task: TaskInstance): void {
    this.#task = task;
  }
  async act(_observation: Observation, context: AgentContext): Promise<AgentStep> {
    ScriptedAgent.acts++;
    if (this.#task?.taskId === 'shop.info-price' && this.#task.seed === 1002 && !ScriptedAgent.thrown) {
      ScriptedAgent.thrown = true;
      throw new Error('agent process died');
    }
    if (context.step === 0) return { action: { type: 'scroll', dx: 0, dy: 300 }, raw: 'Let me look around first. scroll(0, 300)', usage };
    return { action: { type: 'answer', text: 'done' }, raw: 'answer("done")', usage };
  }
}

/** A one-key-step graph for one instance: the agent answered. */
function answeredGraph(taskId: string): StrategyGraph {
  const graph = new StrategyGraph(taskId);
  graph.addLabelPath([{ id: 'k1-answered', description: 'Give an answer', code: '(traj, api) => api.answered()', origin: 'human', provenance: {} }], 'test');
  return graph;
}

let root: string;
let suite: RunningSuite;
let runtime: BrowserRuntime;
let first: Awaited<ReturnType<typeof runBenchmark>>;
const streamed: EpisodeResult[] = [];

const options = (out: string, extra: Partial<RunBenchmarkOptions> = {}): RunBenchmarkOptions => ({
  agent: () => new ScriptedAgent(),
  suite,
  runtime,
  tasks: TASKS,
  episodes: 2,
  parallel: 2,
  out,
  maxAttempts: 2,
  ...extra,
});

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'coregym-bench-'));
  suite = await startSuite({ register: false });
  runtime = new BrowserRuntime();
  first = await runBenchmark(
    options(join(root, 'run'), { screenshots: true, graphs: [answeredGraph('shop.info-price.s1001')], onEpisode: (row) => streamed.push(row) }),
  );
}, 240_000);

afterAll(async () => {
  await runtime?.close();
  await suite?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('runBenchmark', () => {
  it('records every episode as it ends and scores it with the oracle', () => {
    const { records } = readEpisodeLog(join(first.dir, 'episodes.jsonl'));
    expect(records.filter((r) => r.kind === 'episode').map((r) => r.key).sort()).toEqual([
      'forum.newest-post-by-user/s1001',
      'forum.newest-post-by-user/s1002',
      'shop.info-price/s1001',
      'shop.info-price/s1002',
    ]);
    expect(streamed).toHaveLength(4);
    const results = BenchResultsSchema.parse(JSON.parse(readFileSync(first.resultsPath, 'utf8')));
    expect(results.config).toMatchObject({ agent: { name: 'scripted', model: 'script-1' }, seeds: [1001, 1002], split: 'all' });
    expect(results.config.task_info.map((t) => [t.id, t.split])).toEqual([['shop.info-price', 'train'], ['forum.newest-post-by-user', 'heldout']]);
    // "done" is not the price nor the post: the oracle says failure everywhere.
    expect(results.overall).toMatchObject({ episodes: 4, finished: 4, successes: 0, success: 0 });
    expect(results.overall.success_ci![1]).toBeGreaterThan(0.4);
    for (const e of results.episodes) {
      expect(e).toMatchObject({ status: 'finished', success: false, steps: 2, input_tokens: 240, output_tokens: 16 });
      expect(e.cost_usd).toBeCloseTo(0.001);
      expect(e.seconds).toBeGreaterThan(0);
    }
    expect(Object.keys(results.by_split).sort()).toEqual(['heldout', 'train']);
  });

  it('counts an agent crash as an infrastructure error, retries it, and not as a failure', () => {
    const retried = first.results.episodes.find((e) => e.key === 'shop.info-price/s1002')!;
    expect(retried).toMatchObject({ status: 'finished', attempts: 2, infra_errors: [{ code: 'episode_threw', message: 'agent process died' }] });
    expect(first.results.overall).toMatchObject({ infra_errors: 1, unfinished: 0, finished: 4 });
  });

  it('gives a graph verdict only to the instance that has a graph', () => {
    const byKey = new Map(first.results.episodes.map((e) => [e.key, e]));
    expect(byKey.get('shop.info-price/s1001')).toMatchObject({ graph_success: true, has_labels: true, reward: 1 });
    for (const key of ['shop.info-price/s1002', 'forum.newest-post-by-user/s1001', 'forum.newest-post-by-user/s1002']) {
      expect(byKey.get(key)).toMatchObject({ graph_success: null, has_labels: false });
    }
    expect(first.results.overall).toMatchObject({ graph_scored: 1, graph_successes: 1, verdict_agreement: 0 });
    // The labelled failure stopped after its only key step; the three others are unlabelled.
    expect(first.results.failure_points).toEqual([{ task_id: 'shop.info-price', key_step: expect.stringMatching(/^k1-answered:/), description: 'Give an answer', count: 1 }]);
    expect(first.results.unlabelled_failures).toBe(3);
    expect(existsSync(join(first.dir, 'graphs', 'shop.info-price.s1001.json'))).toBe(true);
  });

  it('saves a screenshot of what the agent saw at each step and writes the report', () => {
    expect(readdirSync(join(first.dir, 'screenshots', 'shop.info-price.s1001')).sort()).toEqual(['0.png', '1.png']);
    const html = readFileSync(first.reportPath!, 'utf8');
    expect(html).toContain('data-chart="success-per-task"');
    expect(html).toContain('Let me look around first.');
  });

  it('refuses to overwrite a run, and resumes one without rerunning recorded episodes', async () => {
    await expect(runBenchmark(options(first.dir))).rejects.toThrow(RunError);
    await expect(runBenchmark(options(first.dir))).rejects.toThrow(/already holds a benchmark of scripted .* Pass resume: true \(--resume\)/);
    await expect(runBenchmark(options(first.dir, { resume: true, episodes: 3 }))).rejects.toThrow(/cannot resume .* with other settings \(seeds \[1001,1002\] vs \[1001,1002,1003\]\)/);
    const before = ScriptedAgent.acts;
    const again = await runBenchmark(options(first.dir, { resume: true, report: false }));
    expect(ScriptedAgent.acts).toBe(before);
    expect(again.results.overall).toMatchObject({ finished: 4, infra_errors: 1 });
  });

  it('continues an interrupted run from what it finished, even with a torn last line', async () => {
    const dir = join(root, 'interrupted');
    await runBenchmark(options(dir, { tasks: 'shop.info-price', report: false }));
    const log = join(dir, 'episodes.jsonl');
    const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    const kept = lines.filter((l) => JSON.parse(l).kind === 'episode').slice(0, 1);
    writeFileSync(log, `${kept.join('\n')}\n{"kind":"episode","key":"shop.info-pr`);
    const before = ScriptedAgent.acts;
    const resumed: string[] = [];
    const run = await runBenchmark(options(dir, { tasks: 'shop.info-price', resume: true, report: false, onEpisode: (row) => resumed.push(row.key) }));
    expect(ScriptedAgent.acts - before).toBe(2);
    expect(resumed.sort()).toEqual(['shop.info-price/s1001', 'shop.info-price/s1002']);
    expect(run.results.overall).toMatchObject({ finished: 2, pending: 0 });
  });

  it('keeps what finished when aborted, with the rest pending in results.json', async () => {
    const dir = join(root, 'aborted');
    const stop = new AbortController();
    const run = runBenchmark(options(dir, { tasks: 'forum.newest-post-by-user', parallel: 1, signal: stop.signal, onEpisode: () => stop.abort(new Error('stop')) }));
    await expect(run).rejects.toThrow();
    const partial = BenchResultsSchema.parse(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')));
    expect(partial.overall).toMatchObject({ episodes: 2, finished: 1, pending: 1 });
    const resumed = await runBenchmark(options(dir, { tasks: 'forum.newest-post-by-user', parallel: 1, resume: true, report: false }));
    expect(resumed.results.overall).toMatchObject({ finished: 2, pending: 0 });
  });

  it('names the problem when no task matches or one agent instance is asked to run in parallel', async () => {
    await expect(runBenchmark(options(join(root, 'none'), { tasks: 'no-such-task' }))).rejects.toThrow(/no task matches tasks "no-such-task" and split "all"/);
    await expect(runBenchmark(options(join(root, 'single'), { agent: new ScriptedAgent(), parallel: 2 }))).rejects.toThrow(/one Agent instance cannot run 2 episodes at once/);
  });
});
