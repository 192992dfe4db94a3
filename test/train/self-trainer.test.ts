/**
 * SelfTrainer on two built-in templates over real Chromium: a run interrupted during round-1
 * exploration and resumed, what its run directory holds, metrics that agree with the recorded
 * episodes, refusing to overwrite a run, resuming a finished run without running anything, and
 * continuing it for another round from the saved pool and dataset references.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserRuntime } from '../../src/env/browser.ts';
import { RunError } from '../../src/env/errors.ts';
import type { Trajectory } from '../../src/env/trajectory.ts';
import { parseGraph } from '../../src/graph/serialize.ts';
import { HeuristicSynthesizer } from '../../src/labels/heuristic-synthesizer.ts';
import { LabelSetSchema } from '../../src/labels/label.ts';
import type { SynthesizeOptions } from '../../src/labels/synthesizer.ts';
import { startSuite } from '../../src/suite/suite.ts';
import type { RunningSuite } from '../../src/suite/index.ts';
import { builtinPool } from '../../src/train/builtin-pool.ts';
import { exportDataset } from '../../src/train/dataset.ts';
import type { DatasetCard } from '../../src/train/dataset.ts';
import { KeyStepInstructor } from '../../src/train/extrapolate.ts';
import { LinearPolicyUpdater } from '../../src/train/policy-updater.ts';
import type { Policy, PolicyUpdateContext, PolicyUpdater } from '../../src/train/policy-updater.ts';
import { finishedEpisodes, readEpisodeLog, runPaths } from '../../src/train/run-store.ts';
import type { EpisodeRecord } from '../../src/train/run-store.ts';
import { SelfTrainer } from '../../src/train/self-trainer.ts';
import type { RoundMetrics, SelfTrainerOptions, TrainerEvent, TrainResult } from '../../src/train/self-trainer.ts';
import { readJsonl, tempDir } from './fixtures.ts';

const TEMPLATES = ['forum.subscribe', 'forum.change-bio'];
const POOL_IDS = TEMPLATES.map((id) => `${id}.s1`);

/** The built-in policy, with every update's context kept for inspection. */
class RecordingUpdater implements PolicyUpdater {
  readonly name = 'linear-policy';
  readonly #inner = new LinearPolicyUpdater({ seed: 1, epochs: 6 });
  readonly updates: PolicyUpdateContext[] = [];
  initial(demos: readonly Trajectory[]): Promise<Policy> {
    return this.#inner.initial(demos);
  }
  update(context: PolicyUpdateContext): Promise<Policy> {
    this.updates.push(context);
    return this.#inner.update(context);
  }
  restore(json: unknown): Policy {
    return this.#inner.restore(json);
  }
}

/** The heuristic synthesizer, recording what it is asked to abstract (`<task>:<source>`: demos for task labels, rollouts for expansion and extrapolation). */
class CountingSynthesizer extends HeuristicSynthesizer {
  readonly calls: string[] = [];
  override synthesize(demo: Trajectory, options?: SynthesizeOptions) {
    this.calls.push(`${demo.taskId}:${demo.source}`);
    return super.synthesize(demo, options);
  }
}

const tmp = tempDir('self-trainer');
const runDir = join(tmp.dir, 'run');
const paths = runPaths(runDir);
let suite: RunningSuite;
let runtime: BrowserRuntime;

/** A trainer over a freshly built pool (as a new process would build it), with its own synthesizer, updater and event log. */
function trainer(options: Partial<SelfTrainerOptions> = {}) {
  const { pool, eval: evalTasks } = builtinPool(suite, { filter: (t) => TEMPLATES.includes(t.id), poolSeeds: [1], heldoutSeeds: [1001], heldoutTemplateSeeds: [] });
  const synthesizer = new CountingSynthesizer();
  const policy = new RecordingUpdater();
  const events: TrainerEvent[] = [];
  const instance = new SelfTrainer({
    runDir,
    runtime,
    pool,
    eval: evalTasks,
    synthesizer,
    instructor: new KeyStepInstructor(),
    policy,
    rounds: 1,
    rolloutsPerTask: 2,
    parallel: 2,
    ...options,
    onEvent: (event) => {
      events.push(event);
      options.onEvent?.(event);
    },
  });
  return { trainer: instance, synthesizer, policy, events };
}

const episodeEvents = (events: TrainerEvent[], round: number, phase: 'explore' | 'eval') =>
  events.flatMap((e) => (e.type === 'episode' && e.round === round && e.phase === phase ? [e.outcome] : []));
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const records = (path: string): EpisodeRecord[] => readEpisodeLog(path).records;

interface SavedPool {
  tasks: { id: string; baseId: string; seed: number; origin: string; goal: string; oracle: boolean; demo?: Trajectory; trainOnDemo?: boolean; labels?: unknown; graph?: unknown }[];
  entries: { source: string; instruction?: string; ref: { task: string } | { round: number; key: string } }[];
}

let abortReason: Error;
let abortError: unknown;
let finishedBeforeAbort: string[];
let firstRun: ReturnType<typeof trainer>;
let resumed: ReturnType<typeof trainer>;
let result: TrainResult;

beforeAll(async () => {
  suite = await startSuite({ register: false });
  runtime = new BrowserRuntime();

  // First process: stopped as soon as the first round-1 exploration episode has finished.
  const stop = new AbortController();
  abortReason = new Error('interrupted by the test');
  const first = (firstRun = trainer({
    signal: stop.signal,
    onEvent: (event) => {
      if (event.type === 'episode' && event.round === 1 && event.phase === 'explore' && !stop.signal.aborted) stop.abort(abortReason);
    },
  }));
  abortError = await first.trainer.run().then(() => undefined, (e: unknown) => e);
  finishedBeforeAbort = [...finishedEpisodes(readEpisodeLog(paths.round(1).episodes)).keys()];

  // Second process: resumes the run and finishes it.
  resumed = trainer({ resume: true });
  result = await resumed.trainer.run();
}, 300_000);

afterAll(async () => {
  await runtime?.close();
  await suite?.close();
  tmp.remove();
});

describe('SelfTrainer: an interrupted run, resumed', () => {
  it('stops with the abort reason, leaving round 0 finished and round 1 without metrics', () => {
    expect(abortError).toBe(abortReason);
    // Round 0 made the suite tasks' labels from their demos, once each.
    expect(firstRun.synthesizer.calls).toEqual(POOL_IDS.map((id) => `${id}:demo`));
    expect(firstRun.events.some((e) => e.type === 'round' && e.metrics.round === 0)).toBe(true);
    expect(firstRun.events.some((e) => e.type === 'round' && e.metrics.round === 1)).toBe(false);
    expect(finishedBeforeAbort.length).toBeGreaterThanOrEqual(1);
    for (const key of finishedBeforeAbort) expect(key).toMatch(/^r1\/explore\/forum\.(subscribe|change-bio)\.s1\/k[01]$/);
  });

  it('does not redo the episodes finished before the interruption, and records each key once per attempt', () => {
    const explored = episodeEvents(resumed.events, 1, 'explore');
    expect(explored).toHaveLength(POOL_IDS.length * 2);
    const resumedKeys = explored.filter((o) => o.resumed).map((o) => o.job.key).sort();
    expect(resumedKeys).toEqual([...finishedBeforeAbort].sort());
    for (const o of explored.filter((x) => x.resumed)) expect(o.attempts).toBe(0);

    const log = records(paths.round(1).episodes);
    const attempts = log.map((r) => `${r.key}#${r.attempt}`);
    expect(new Set(attempts).size).toBe(attempts.length);
    const finishedKeys = log.filter((r) => r.kind === 'episode').map((r) => r.key).sort();
    expect(finishedKeys).toEqual(POOL_IDS.flatMap((id) => [`r1/explore/${id}/k0`, `r1/explore/${id}/k1`]).sort());
    // Round 0 was not evaluated again.
    expect(episodeEvents(resumed.events, 0, 'eval')).toEqual([]);
    expect(records(paths.round(0).eval).filter((r) => r.kind === 'episode')).toHaveLength(POOL_IDS.length * 2);
  });

  it('writes config, summary and, per round, labels, episodes, graphs, dataset, policy, tasks and metrics', () => {
    expect(readdirSync(runDir).sort()).toEqual(['config.json', 'round-0', 'round-1', 'summary.json']);
    expect(readdirSync(paths.round(0).dir).sort()).toEqual(['eval.jsonl', 'labels', 'metrics.json', 'policy.json']);
    expect(readdirSync(paths.round(1).dir).sort()).toEqual(
      expect.arrayContaining(['dataset', 'episodes.jsonl', 'eval.jsonl', 'expansions.json', 'extrapolation.json', 'graphs', 'metrics.json', 'policy.json', 'tasks.json']),
    );
    expect(readJson(paths.config)).toEqual({
      version: 1,
      rounds: 1,
      rolloutsPerTask: 2,
      synthesizer: 'heuristic',
      instructor: 'key-steps',
      policy: 'linear-policy',
      pool: POOL_IDS,
      eval: [...TEMPLATES.map((id) => `${id}@1001`), ...POOL_IDS.map((id) => `${id}@1`)],
    });
    expect(readJson(paths.summary)).toEqual({ rounds: result.rounds });
    for (const id of POOL_IDS) {
      const labels = LabelSetSchema.parse(readJson(join(paths.round(0).labels, `${id}.json`)));
      expect(labels.taskId).toBe(id);
      expect(labels.labels.length).toBeGreaterThan(0);
    }
    const graphFiles = readdirSync(paths.round(1).graphs).sort();
    expect(graphFiles).toEqual(result.pool.map((t) => `${t.id}.json`).sort());
    const graphPaths = graphFiles.reduce((n, f) => n + parseGraph(readFileSync(join(paths.round(1).graphs, f), 'utf8')).paths().length, 0);
    expect(graphPaths).toBe(result.rounds[1]!.strategies);
    for (const round of [0, 1]) expect(readJson<{ schema: string }>(paths.round(round).policy).schema).toBe('coregym.linear-policy/1');
    expect(JSON.stringify(result.policy.toJSON!())).toBe(JSON.stringify(readJson(paths.round(1).policy)));
  });

  it('reports round metrics with the documented fields and values that agree with the recorded episodes', () => {
    const [r0, r1] = result.rounds as [RoundMetrics, RoundMetrics];
    const fields = ['round', 'train_success', 'heldout_success', 'heldout_template_success', 'label_verified_success', 'exploration_oracle_success', 'graph_accepts', 'false_accepts', 'false_accept_rate', 'strategies', 'strategies_per_task', 'tasks_added', 'tasks_added_by_origin', 'pool_size', 'dataset_rows', 'expansions', 'infra_errors', 'episodes', 'tokens', 'cost_usd', 'seconds'];
    for (const m of [r0, r1]) {
      expect(Object.keys(m).sort()).toEqual([...fields].sort());
      expect(m.train_success).toBeGreaterThanOrEqual(0);
      expect(m.train_success).toBeLessThanOrEqual(1);
      expect(m.heldout_success).toBeGreaterThanOrEqual(0);
      expect(m.heldout_success).toBeLessThanOrEqual(1);
      expect(m.heldout_template_success).toBeNull();
      expect(m).toMatchObject({ tokens: 0, cost_usd: 0, infra_errors: 0 });
      expect(m.seconds).toBeGreaterThan(0);
    }
    expect(readJson(paths.round(0).metrics)).toEqual(r0);
    expect(readJson(paths.round(1).metrics)).toEqual(r1);

    // Round 0: the initial policy, evaluated only.
    expect(r0).toMatchObject({ round: 0, label_verified_success: null, exploration_oracle_success: null, graph_accepts: 0, false_accepts: 0, false_accept_rate: null, tasks_added: 0, pool_size: 2, expansions: 0, episodes: 4 });
    expect(r0.strategies).toBe(2);
    expect(r0.strategies_per_task).toBe(1);

    // Round 1 from the files: exploration verdicts, oracle verdicts and evaluation successes.
    const explored = [...finishedEpisodes(readEpisodeLog(paths.round(1).episodes)).values()];
    const evaluated = finishedEpisodes(readEpisodeLog(paths.round(1).eval));
    const accepted = explored.filter((t) => t.outcome?.verdict === true);
    const falseAccepts = accepted.filter((t) => t.outcome?.oracle?.success !== true).length;
    expect(explored).toHaveLength(4);
    for (const t of explored) expect(typeof t.outcome?.verdict).toBe('boolean');
    expect(r1.round).toBe(1);
    expect(r1.graph_accepts).toBe(accepted.length);
    expect(r1.false_accepts).toBe(falseAccepts);
    expect(r1.false_accepts).toBeLessThanOrEqual(r1.graph_accepts);
    expect(r1.false_accept_rate).toBe(accepted.length ? falseAccepts / accepted.length : null);
    expect(r1.label_verified_success).toBe(accepted.length / explored.length);
    expect(r1.exploration_oracle_success).toBe(explored.filter((t) => t.outcome?.oracle?.success === true).length / explored.length);
    const success = (split: string) => {
      const runs = [...evaluated.entries()].filter(([key]) => key.startsWith(`r1/eval/${split}/`)).map(([, t]) => t);
      expect(runs).toHaveLength(2);
      return runs.filter((t) => t.outcome?.oracle?.success === true).length / runs.length;
    };
    expect(r1.train_success).toBe(success('train'));
    expect(r1.heldout_success).toBe(success('heldout'));
    expect(r1.episodes).toBe(explored.length + evaluated.size);
    expect(r1.tasks_added).toBe(Object.values(r1.tasks_added_by_origin).reduce((n, x) => n + x, 0));
    expect(r1.pool_size).toBe(2 + r1.tasks_added);
    expect(r1.expansions).toBe(readJson<{ status: string }[]>(paths.round(1).expansions).filter((e) => e.status === 'expanded').length);
    expect(r1.strategies).toBeGreaterThanOrEqual(r0.strategies);
    // Label-verified rollouts are the training data: the policy has some to learn from.
    expect(r1.graph_accepts).toBeGreaterThan(0);
  });

  it('exports a dataset of the demos, the label-verified rollouts and the extrapolated tasks', () => {
    const card = readJson<DatasetCard>(join(paths.round(1).dataset, 'card.json'));
    const r1 = result.rounds[1]!;
    const explored = [...finishedEpisodes(readEpisodeLog(paths.round(1).episodes)).values()];
    expect(card.rows).toBe(r1.dataset_rows);
    expect(readJsonl(card.files.sharegpt)).toHaveLength(card.rows);
    expect(readJsonl(card.files.openai)).toHaveLength(card.rows);
    expect(card.bySource.demo.trajectories).toBe(2);
    expect(card.bySource.verified.trajectories).toBe(explored.filter((t) => t.outcome?.verdict === true).length);
    expect(card.bySource.extrapolated.trajectories).toBe(r1.tasks_added);
    expect(card.trajectories).toBe(card.bySource.demo.trajectories + card.bySource.verified.trajectories + card.bySource.extrapolated.trajectories);
    // The round's update trained on exactly what the dataset holds.
    expect(resumed.policy.updates).toHaveLength(1);
    const update = resumed.policy.updates[0]!;
    expect(update).toMatchObject({ round: 1, datasetDir: paths.round(1).dataset });
    expect(update.entries).toHaveLength(card.trajectories);
    expect(exportDataset(join(tmp.dir, 'recount'), update.entries).rows).toBe(card.rows);
  });

  it('stores the pool and dataset as references in tasks.json: suite tasks without demos, entries by task or episode key', () => {
    const saved = readJson<SavedPool>(paths.round(1).tasks);
    expect(saved.tasks.map((t) => t.id)).toEqual(result.pool.map((t) => t.id));
    for (const task of saved.tasks) {
      expect(task.labels).toBeDefined();
      expect(task.graph).toBeDefined();
      if (task.origin === 'suite') {
        expect(task.demo).toBeUndefined();
        expect(task).toMatchObject({ oracle: true, trainOnDemo: true });
      } else {
        expect(task.demo?.source).toBe('extrapolated');
        expect(task.oracle).toBe(false);
      }
    }
    const card = readJson<DatasetCard>(join(paths.round(1).dataset, 'card.json'));
    expect(saved.entries).toHaveLength(card.trajectories);
    const episodes = finishedEpisodes(readEpisodeLog(paths.round(1).episodes));
    const taskIds = new Set(saved.tasks.map((t) => t.id));
    for (const entry of saved.entries) {
      expect(Object.keys(entry).every((k) => ['source', 'instruction', 'ref'].includes(k))).toBe(true);
      if (entry.source === 'verified') {
        expect(entry.ref).toMatchObject({ round: 1 });
        const key = (entry.ref as { key: string }).key;
        expect(episodes.get(key)?.outcome?.verdict).toBe(true);
        expect(entry.instruction).toBeUndefined();
      } else {
        expect(taskIds.has((entry.ref as { task: string }).task)).toBe(true);
      }
      if (entry.source === 'demo') expect(POOL_IDS).toContain((entry.ref as { task: string }).task);
      if (entry.source === 'extrapolated') {
        const task = saved.tasks.find((t) => t.id === (entry.ref as { task: string }).task)!;
        expect(entry.instruction).toBe(task.goal);
      }
    }
    // The entries follow the update's order: demos, then verified rollouts, then extrapolated tasks.
    expect(saved.entries.map((e) => e.source)).toEqual(resumed.policy.updates[0]!.entries.map((e) => e.source));
    // References, not trajectories: the file stays small.
    expect(statSync(paths.round(1).tasks).size).toBeLessThan(statSync(paths.round(1).episodes).size);
  });
});

describe('SelfTrainer: a finished run', () => {
  it('refuses to overwrite it without resume (RunError run_invalid), touching nothing', async () => {
    const before = readFileSync(paths.config, 'utf8');
    const again = trainer();
    const error = await again.trainer.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as RunError).code).toBe('run_invalid');
    expect((error as RunError).message).toMatch(/already holds a run\. Pass resume/);
    expect(readFileSync(paths.config, 'utf8')).toBe(before);
    expect(again.events).toEqual([]);
    expect(again.synthesizer.calls).toEqual([]);
  });

  it('resumes to the same metrics without running, labelling or training anything', async () => {
    const sizes = [paths.round(0).eval, paths.round(1).episodes, paths.round(1).eval].map((p) => statSync(p).size);
    const again = trainer({ resume: true });
    const out = await again.trainer.run();
    expect(out.rounds).toEqual(result.rounds);
    expect(again.events).toEqual([]);
    expect(again.synthesizer.calls).toEqual([]);
    expect(again.policy.updates).toEqual([]);
    expect([paths.round(0).eval, paths.round(1).episodes, paths.round(1).eval].map((p) => statSync(p).size)).toEqual(sizes);
    expect(out.pool.map((t) => t.id)).toEqual(result.pool.map((t) => t.id));
    expect(out.pool.every((t) => t.labels && t.graph)).toBe(true);
    expect(JSON.stringify(out.policy.toJSON!())).toBe(JSON.stringify(result.policy.toJSON!()));
  });

  it('continues for another round from tasks.json, rebuilding the same dataset from its references', async () => {
    const previous = resumed.policy.updates[0]!.entries;
    const previousCard = readJson<DatasetCard>(join(paths.round(1).dataset, 'card.json'));
    const more = trainer({ resume: true, rounds: 2 });
    const out = await more.trainer.run();
    expect(out.rounds.map((r) => r.round)).toEqual([0, 1, 2]);
    expect(out.rounds.slice(0, 2)).toEqual(result.rounds);
    // Round 1 was restored, not rerun: no labelling, and only round-2 episodes ran.
    expect(more.synthesizer.calls.filter((call) => call.endsWith(':demo'))).toEqual([]);
    expect(more.events.filter((e) => e.type === 'episode').every((e) => e.type === 'episode' && e.round === 2)).toBe(true);
    expect(more.policy.updates.map((u) => u.round)).toEqual([2]);

    const entries = more.policy.updates[0]!.entries;
    const rebuilt = entries.slice(0, previous.length);
    expect(rebuilt.map((e) => [e.source, e.instruction, e.trajectory.id])).toEqual(previous.map((e) => [e.source, e.instruction, e.trajectory.id]));
    expect(exportDataset(join(tmp.dir, 'rebuilt'), rebuilt).rows).toBe(previousCard.rows);
    const card2 = readJson<DatasetCard>(join(paths.round(2).dataset, 'card.json'));
    expect(card2.trajectories).toBe(entries.length);
    expect(card2.bySource.demo).toEqual(previousCard.bySource.demo);
    expect(card2.bySource.verified.trajectories).toBeGreaterThanOrEqual(previousCard.bySource.verified.trajectories);
    expect(readJson(paths.summary)).toEqual({ rounds: out.rounds });
  });
});
