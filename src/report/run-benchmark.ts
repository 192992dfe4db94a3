/**
 * runBenchmark: run an agent over suite tasks at fixed unseen seeds, in parallel over one browser,
 * recording each episode as it ends, then write results.json and report.html.
 * @module
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Agent } from '../agents/index.ts';
import { BrowserRuntime, RunError, TaskFileError, quote } from '../env/index.ts';
import type { BrowserHost, TaskSpec } from '../env/index.ts';
import { parseGraph, serializeGraph } from '../graph/index.ts';
import type { StrategyGraph } from '../graph/index.ts';
import { startSuite } from '../suite/index.ts';
import type { RunningSuite, TaskTemplate } from '../suite/index.ts';
import { EpisodeWriter, collectEpisodes, readEpisodeLog, writeJsonAtomic } from '../train/index.ts';
import type { EpisodeJob, EpisodeOutcome } from '../train/index.ts';
import { toAgentSource } from './agent-module.ts';
import type { AgentFactory } from './agent-module.ts';
import { InstanceGraphRewarder, graphFor } from './instance-graph-rewarder.ts';
import { writeReport } from './report-file.ts';
import { BENCH_CONFIG_SCHEMA_VERSION, BenchConfigSchema, benchPaths, episodeKey } from './results.ts';
import type { BenchConfig, BenchResults, EpisodeResult, Split } from './results.ts';
import { recordScreenshots } from './screenshot-recorder.ts';
import { episodeResult, summarizeRun } from './summarize.ts';

/** Options of `runBenchmark`. */
export interface RunBenchmarkOptions {
  /**
   * The agent: one Agent (episodes then run one at a time), an Agent class, or a factory called
   * once per worker so each parallel environment has its own agent.
   */
  agent: Agent | AgentFactory | (new () => Agent);
  /** Run directory: config.json, episodes.jsonl (appended as episodes end), results.json, report.html, screenshots/, graphs/. */
  out: string;
  /** `builtin` starts the built-in suite for the run (and stops it after); or a suite already running. @default 'builtin' */
  suite?: 'builtin' | RunningSuite;
  /** Only templates whose id contains this text, or matches this RegExp. @default every template */
  tasks?: string | RegExp;
  /** Which templates: `train`, `heldout` (never trained on by the built-in policy), or `all`. @default 'all' */
  split?: Split;
  /** Episodes per task. @default 1 */
  episodes?: number;
  /** Seeds of the episodes, one per episode. @default 1001 .. 1000 + episodes (apart from the demo seeds 1, 2, 3) */
  seeds?: readonly number[];
  /** Environments at once. @default 4 (1 for a single Agent instance) */
  parallel?: number;
  /** Continue a run in `out`, skipping episodes already recorded. Without it an existing run is an error. @default false */
  resume?: boolean;
  /**
   * Strategy graphs for the label/graph verdict. An episode is scored by the graph of its
   * instance (task id `<template>.s<seed>`), else of its template (task id `<template>`); episodes
   * with neither get no graph verdict (`graph_success: null`), never a made-up one. Graphs inferred
   * from one seed's demo name that seed's items, so template-wide graphs are only as good as their
   * labels are general. @default none (on resume: the graphs saved in `out/graphs`)
   */
  graphs?: Iterable<StrategyGraph>;
  /** Record a screenshot of what the agent saw at each step (for the viewer). @default false */
  screenshots?: boolean;
  /** Cap on steps per episode (below the task's own budget). @default the task's */
  maxSteps?: number;
  /** Browser to run in. @default a BrowserRuntime started and closed by the run */
  runtime?: BrowserHost;
  /** Name of the run in reports. @default the folder name of `out` */
  name?: string;
  /** Attempts per episode before it is given up as an infrastructure error. @default 3 */
  maxAttempts?: number;
  /** Wall-clock bound of one episode, in ms. @default 180000 */
  episodeTimeout?: number;
  /** Also write report.html into `out`. @default true */
  report?: boolean;
  /** Called once the plan is known. */
  onStart?: (info: { total: number; resumed: number; config: BenchConfig }) => void;
  /** Called as each episode ends (or is read back on resume). */
  onEpisode?: (result: EpisodeResult, progress: { done: number; total: number }) => void;
  signal?: AbortSignal;
}

/** What `runBenchmark` wrote. */
export interface BenchmarkRun {
  dir: string;
  results: BenchResults;
  resultsPath: string;
  /** report.html, unless `report: false`. */
  reportPath?: string;
}

const matches = (pattern: string | RegExp | undefined, id: string) => (pattern === undefined ? true : typeof pattern === 'string' ? id.includes(pattern) : pattern.test(id));

function withMaxSteps(template: TaskTemplate, maxSteps: number | undefined): TaskSpec {
  if (maxSteps === undefined) return template;
  return {
    ...template,
    maxSteps: Math.min(template.maxSteps, maxSteps),
    instantiate: (seed) => {
      const made = template.instantiate(seed);
      return { ...made, maxSteps: Math.min(made.maxSteps ?? template.maxSteps, maxSteps) };
    },
  };
}

function loadSavedGraphs(dir: string): StrategyGraph[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => parseGraph(readFileSync(join(dir, f), 'utf8')));
}

/**
 * Benchmark an agent on the built-in suite. Success is the task oracle's verdict; the graph
 * verdict is reported beside it where a graph is known (see `graphs`). Episodes are appended to
 * `out/episodes.jsonl` as they end, so an interrupted benchmark keeps what it finished and
 * continues with `resume: true`. Infrastructure failures are retried and reported apart; they
 * never count as the agent's failures.
 *
 * When `signal` aborts, results.json and report.html still describe what finished (the rest is
 * `pending`) and the abort error is rethrown.
 *
 * @throws RunError `run_invalid` when `out` holds another run (without `resume`, or with other settings) or the agent is not an Agent.
 * @throws TaskFileError `task_unknown` when no task matches `tasks` and `split`.
 * @example
 * const { results } = await runBenchmark({ agent: (w) => new RandomAgent({ seed: w }), tasks: 'shop.info', episodes: 3, out: 'runs/bench-random' });
 * console.log(results.overall.success, results.overall.success_ci);
 */
export async function runBenchmark(options: RunBenchmarkOptions): Promise<BenchmarkRun> {
  const dir = resolve(options.out);
  const paths = benchPaths(dir);
  const source = toAgentSource(options.agent, 'runBenchmark: options.agent');
  const single = typeof source !== 'function';
  const parallel = options.parallel ?? (single ? 1 : 4);
  if (!Number.isInteger(parallel) || parallel < 1) throw new RunError('run_invalid', `runBenchmark: parallel must be an integer >= 1 (got ${quote(parallel)}).`);
  if (single && parallel > 1) {
    throw new RunError('run_invalid', `runBenchmark: one Agent instance cannot run ${parallel} episodes at once (expected a class or a factory \`(worker) => new MyAgent()\` for parallel > 1). Pass a factory, or parallel: 1.`);
  }
  const episodes = options.episodes ?? 1;
  const seeds = [...(options.seeds ?? Array.from({ length: episodes }, (_, i) => 1001 + i))];
  if (seeds.length === 0 || new Set(seeds).size !== seeds.length) throw new RunError('run_invalid', `runBenchmark: seeds must be distinct and non-empty (got ${quote(seeds)}).`);
  const split = options.split ?? 'all';

  const suite = options.suite === undefined || options.suite === 'builtin' ? await startSuite() : options.suite;
  const ownsSuite = suite !== options.suite;
  const runtime = options.runtime ?? new BrowserRuntime();
  try {
    const templates = suite.templates.filter((t) => matches(options.tasks, t.id) && (split === 'all' || (t.split ?? 'train') === split));
    if (templates.length === 0) {
      throw new TaskFileError('task_unknown', `runBenchmark: no task matches tasks ${quote(options.tasks === undefined ? '(all)' : String(options.tasks))} and split ${quote(split)} (expected some of ${suite.templates.length} templates, e.g. ${quote(suite.templates.slice(0, 3).map((t) => t.id))}). Run \`coregym suite list\` to see the ids.`);
    }

    const agents: Agent[] = [];
    const agentAt = async (w: number): Promise<Agent> => {
      if (single) return source;
      agents[w] ??= await source(w);
      return agents[w]!;
    };
    const identity = await agentAt(0);

    const previous = existsSync(paths.config) ? BenchConfigSchema.parse(JSON.parse(readFileSync(paths.config, 'utf8'))) : undefined;
    const config: BenchConfig = {
      schema: BENCH_CONFIG_SCHEMA_VERSION,
      name: options.name ?? previous?.name ?? basename(dir),
      agent: { name: identity.name, ...(identity.model !== undefined && { model: identity.model }) },
      suite: 'builtin',
      tasks: options.tasks === undefined ? null : String(options.tasks),
      split,
      episodes: seeds.length,
      seeds,
      parallel,
      screenshots: options.screenshots ?? false,
      task_info: templates.map((t) => ({ id: t.id, split: t.split ?? 'train', tags: t.tags ?? [], max_steps: Math.min(t.maxSteps, options.maxSteps ?? Infinity) })),
      graphs: [],
      started_at: previous?.started_at ?? new Date().toISOString(),
    };
    if (previous && !options.resume) {
      throw new RunError('run_invalid', `runBenchmark: ${dir} already holds a benchmark of ${previous.agent.name} (expected an empty or new folder). Pass resume: true (--resume) to continue it, or choose another out folder.`);
    }
    if (previous) {
      const differs = [
        previous.agent.name !== config.agent.name && `agent ${quote(previous.agent.name)} vs ${quote(config.agent.name)}`,
        previous.seeds.join(',') !== seeds.join(',') && `seeds ${quote(previous.seeds)} vs ${quote(seeds)}`,
        previous.task_info.map((t) => t.id).join(',') !== config.task_info.map((t) => t.id).join(',') && `tasks (${previous.task_info.length} vs ${config.task_info.length})`,
      ].filter(Boolean);
      if (differs.length) {
        throw new RunError('run_invalid', `runBenchmark: cannot resume ${dir} with other settings (${differs.join('; ')}). Resume with the settings it started with, or choose another out folder.`);
      }
    }

    const graphList = options.graphs ? [...options.graphs] : loadSavedGraphs(paths.graphs);
    const graphs = new Map(graphList.map((g) => [g.taskId, g]));
    config.graphs = [...graphs.keys()].sort();
    mkdirSync(dir, { recursive: true });
    for (const graph of graphList) {
      mkdirSync(paths.graphs, { recursive: true });
      writeFileSync(join(paths.graphs, `${graph.taskId}.json`), serializeGraph(graph));
    }
    writeJsonAtomic(paths.config, config);

    const writer = new EpisodeWriter(paths.episodes);
    let failure: { error: unknown } | undefined;
    try {
      const log = readEpisodeLog(paths.episodes);
      const done = new Map(log.records.flatMap((r) => (r.kind === 'episode' ? [[r.key, r.trajectory] as const] : [])));
      const specs = new Map(templates.map((t) => [t.id, withMaxSteps(t, options.maxSteps)]));
      // Seed-major order: an interrupted run has covered every task about equally.
      const jobs: EpisodeJob[] = seeds.flatMap((seed) => templates.map((t) => ({ key: episodeKey(t.id, seed), task: specs.get(t.id)!, seed, tag: t.split ?? 'train' })));
      const resumed = jobs.filter((j) => done.has(j.key)).length;
      options.onStart?.({ total: jobs.length, resumed, config });

      let finished = 0;
      const onEpisode = (outcome: EpisodeOutcome) => {
        const { job } = outcome;
        const split = job.tag === 'heldout' ? 'heldout' : 'train';
        const row: EpisodeResult = outcome.trajectory
          ? episodeResult(job.key, outcome.trajectory, split, Math.max(1, outcome.attempts), outcome.errors)
          : { key: job.key, task_id: job.task.id, seed: job.seed, split, status: 'infra_error', success: null, graph_success: null, reward: null, steps: 0, seconds: null, input_tokens: 0, output_tokens: 0, cost_usd: 0, agent_errors: 0, infra_errors: outcome.errors, attempts: outcome.attempts, has_labels: false, last_key_step: null };
        options.onEpisode?.(row, { done: ++finished, total: jobs.length });
      };
      const agentFor = (w: number) => {
        const agent = agents[w] ?? identity;
        return options.screenshots ? recordScreenshots(agent, dir) : agent;
      };
      const workers = Math.min(parallel, Math.max(1, jobs.length - resumed));
      for (let w = 1; w < workers; w++) await agentAt(w);
      // Episodes with a graph run in environments with a rewarder, the others without one, so a
      // trajectory carries a graph verdict only when labels really scored it.
      const labelled = jobs.filter((j) => graphFor(graphs, j.task.id, j.seed));
      const unlabelled = jobs.filter((j) => !graphFor(graphs, j.task.id, j.seed));
      const common = {
        runtime,
        parallel: workers,
        agent: agentFor,
        writer,
        done,
        maxAttempts: options.maxAttempts,
        episodeTimeout: options.episodeTimeout,
        env: { screenshot: options.screenshots ?? false },
        onEpisode,
        signal: options.signal,
      };
      if (unlabelled.length) await collectEpisodes(unlabelled, common);
      if (labelled.length) {
        const rewarders: InstanceGraphRewarder[] = [];
        try {
          await collectEpisodes(labelled, {
            ...common,
            rewarder: () => {
              const r = new InstanceGraphRewarder(graphs);
              rewarders.push(r);
              return r;
            },
          });
        } finally {
          await Promise.all(rewarders.map((r) => r.close()));
        }
      }
    } catch (error) {
      failure = { error };
    } finally {
      writer.close();
    }

    // Written even when the run was aborted or failed: the results then show what finished and what is pending.
    const descriptions = new Map(graphList.flatMap((g) => g.nodes().map((n) => [n.id, n.description] as const)));
    const results = summarizeRun(config, readEpisodeLog(paths.episodes).records, { describe: (_task, id) => descriptions.get(id) });
    writeJsonAtomic(paths.results, results);
    const reportPath = options.report === false ? undefined : writeReport([dir], { out: paths.report }).path;
    if (failure) throw failure.error;
    return { dir, results, resultsPath: paths.results, ...(reportPath && { reportPath }) };
  } finally {
    if (!options.runtime) await runtime.close();
    if (ownsSuite) await suite.close();
  }
}
