/** Synthetic benchmark runs for the report tests: trajectories, graphs and run folders written by hand. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRAJECTORY_SCHEMA_VERSION } from '../../src/env/index.ts';
import type { Trajectory } from '../../src/env/index.ts';
import { StrategyGraph, serializeGraph } from '../../src/graph/index.ts';
import { BENCH_CONFIG_SCHEMA_VERSION, benchPaths, episodeKey } from '../../src/report/index.ts';
import type { BenchConfig } from '../../src/report/index.ts';
import type { EpisodeRecord } from '../../src/train/index.ts';

export interface FakeEpisode {
  taskId: string;
  seed: number;
  steps: number;
  success: boolean;
  /** Label id -> first-satisfied step, written to outcome.labels (a graph verdict is set too). */
  labels?: Record<string, number | null>;
  /** Step index -> ids newly satisfied there. */
  newly?: Record<number, string[]>;
  graphSuccess?: boolean;
  costUsd?: number;
}

const page = (url: string) => ({ url, title: 'Page', elements: [], text: 'text' });

export function fakeTrajectory(e: FakeEpisode): Trajectory {
  const start = Date.parse('2026-11-24T08:00:00Z');
  return {
    schema: TRAJECTORY_SCHEMA_VERSION,
    id: `${e.taskId}-${e.seed}`,
    taskId: e.taskId,
    seed: e.seed,
    goal: `Do ${e.taskId} (seed ${e.seed})`,
    startUrl: 'http://127.0.0.1:1/',
    params: {},
    source: 'rollout',
    agent: { name: 'fake' },
    initial: page('http://127.0.0.1:1/'),
    steps: Array.from({ length: e.steps }, (_, i) => ({
      ...page(`http://127.0.0.1:1/page-${i + 1}`),
      index: i,
      action: { type: 'scroll' as const, dx: 0, dy: 100 * (i + 1) },
      actionText: `scroll(0, ${100 * (i + 1)})`,
      raw: `thinking about step ${i}; I will scroll(0, ${100 * (i + 1)})`,
      error: '',
      reward: e.newly?.[i]?.length ? 0.5 : 0,
      newlySatisfied: e.newly?.[i] ?? [],
      usage: { inputTokens: 100, outputTokens: 10, costUsd: (e.costUsd ?? 0) / Math.max(1, e.steps) },
    })),
    outcome: {
      terminated: true,
      truncated: false,
      totalReward: Object.values(e.newly ?? {}).flat().length * 0.5,
      oracle: { success: e.success, reason: e.success ? 'ok' : 'wrong item' },
      ...(e.labels && { labels: e.labels, verdict: e.graphSuccess ?? e.success }),
    },
    startedAt: new Date(start).toISOString(),
    endedAt: new Date(start + 1500 * e.steps).toISOString(),
  };
}

export function fakeConfig(name: string, tasks: { id: string; split: 'train' | 'heldout' }[], seeds: number[], graphs: string[] = []): BenchConfig {
  return {
    schema: BENCH_CONFIG_SCHEMA_VERSION,
    name,
    agent: { name: 'fake' },
    suite: 'builtin',
    tasks: null,
    split: 'all',
    episodes: seeds.length,
    seeds,
    parallel: 2,
    screenshots: true,
    task_info: tasks.map((t) => ({ ...t, tags: [], max_steps: 10 })),
    graphs,
    started_at: '2026-11-24T08:00:00.000Z',
  };
}

export function episodeRecords(episodes: FakeEpisode[], errors: { taskId: string; seed: number; code: string }[] = []): EpisodeRecord[] {
  return [
    ...errors.map((e): EpisodeRecord => ({ kind: 'error', key: episodeKey(e.taskId, e.seed), attempt: 1, code: e.code, message: `${e.code} happened`, steps: 1 })),
    ...episodes.map((e): EpisodeRecord => ({ kind: 'episode', key: episodeKey(e.taskId, e.seed), attempt: errors.some((x) => x.taskId === e.taskId && x.seed === e.seed) ? 2 : 1, trajectory: fakeTrajectory(e) })),
  ];
}

/** A two-key-step graph for a task: k1 (visit) then k2 (answer). */
export function fakeGraph(taskId: string): StrategyGraph {
  const graph = new StrategyGraph(taskId);
  graph.addLabelPath(
    [
      { id: 'k1-open-product', description: 'Open the product page', code: "(traj, api) => api.visited('/product')", origin: 'human', provenance: {} },
      { id: 'k2-add-to-cart', description: 'Add the product to the cart', code: "(traj, api) => api.clicked('button', 'Add to cart')", origin: 'human', provenance: {} },
    ],
    'demo-1',
  );
  return graph;
}

/** A 1x1 PNG (a red pixel). */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

/** Write a run folder: config.json, episodes.jsonl, graphs and (for the first episode) screenshots. */
export function writeFakeRun(dir: string, config: BenchConfig, records: EpisodeRecord[], graphs: StrategyGraph[] = [], screenshotsOf?: FakeEpisode): void {
  const paths = benchPaths(dir);
  mkdirSync(dir, { recursive: true });
  writeFileSync(paths.config, JSON.stringify(config));
  writeFileSync(paths.episodes, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  if (graphs.length) mkdirSync(paths.graphs, { recursive: true });
  for (const g of graphs) writeFileSync(join(paths.graphs, `${g.taskId}.json`), serializeGraph(g));
  if (screenshotsOf) {
    const folder = join(dir, 'screenshots', `${screenshotsOf.taskId}.s${screenshotsOf.seed}`);
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < screenshotsOf.steps; i++) writeFileSync(join(folder, `${i}.png`), PNG);
  }
}
