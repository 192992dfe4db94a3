/**
 * `coregym bench` (benchmark an agent on the built-in suite) and `coregym report` (the HTML
 * report of one or more benchmark runs, side by side).
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { ClaudeAgent, LinearPolicy, OpenAICompatibleAgent, RandomAgent } from '../../agents/index.ts';
import type { Agent } from '../../agents/index.ts';
import { BrowserRuntime, RunError } from '../../env/index.ts';
import { parseGraph } from '../../graph/index.ts';
import type { StrategyGraph } from '../../graph/index.ts';
import { loadAgentModule, runBenchmark, trainBuiltinPolicy, writeReport } from '../../report/index.ts';
import type { AgentFactory, BenchResults, Split } from '../../report/index.ts';
import { startSuite } from '../../suite/index.ts';
import type { RunningSuite } from '../../suite/index.ts';
import { EXIT, pct, printJson, progress, table } from '../output.ts';
import { intArg } from './train.ts';

interface BenchFlags {
  agent: string;
  suite: string;
  tasks?: string;
  split: Split;
  episodes: number;
  parallel?: number;
  out: string;
  json?: boolean;
  resume?: boolean;
  policyFile?: string;
  baseUrl?: string;
  model?: string;
  screenshots?: boolean;
  maxSteps?: number;
  graphs?: string;
  seed: number;
}

/** The flags that choose an agent. */
export type AgentFlags = Pick<BenchFlags, 'agent' | 'seed' | 'policyFile' | 'tasks' | 'model' | 'baseUrl'>;

const BUILTIN_AGENTS = ['random', 'policy', 'claude', 'openai'];

/** `--tasks /regex/` is a RegExp, anything else a substring of the task id. */
function taskPattern(text: string | undefined): string | RegExp | undefined {
  const m = text?.match(/^\/(.+)\/([a-z]*)$/);
  if (!m) return text;
  try {
    return new RegExp(m[1]!, m[2]);
  } catch (error) {
    throw new InvalidArgumentError(`--tasks: not a valid regular expression (${(error as Error).message}).`);
  }
}

function loadGraphs(dir: string): StrategyGraph[] {
  if (!existsSync(dir)) throw new RunError('run_invalid', `bench: --graphs folder ${dir} does not exist (expected a folder of graph JSON files, e.g. a training run's round-N/graphs). Check the path.`);
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => parseGraph(readFileSync(join(dir, f), 'utf8')));
}

/** The agent named by --agent (a built-in name or a module path), as `bench` and `run` take it. */
export async function resolveAgent(flags: AgentFlags, suite: RunningSuite, runtime: BrowserRuntime, log: (msg: string) => void): Promise<Agent | AgentFactory> {
  switch (flags.agent) {
    case 'random':
      return () => new RandomAgent({ seed: flags.seed });
    case 'policy': {
      let json: unknown;
      if (flags.policyFile) {
        json = LinearPolicy.fromJSON(readFileSync(flags.policyFile, 'utf8')).toJSON();
      } else {
        const benchmarked = suite.templates.filter((t) => (flags.tasks === undefined ? true : matches(taskPattern(flags.tasks)!, t.id))).map((t) => t.id);
        const built = await trainBuiltinPolicy(suite, { runtime, record: benchmarked, seed: flags.seed });
        log(`policy: trained on ${built.shipped} shipped + ${built.recorded} newly recorded demos (accuracy ${built.train.accuracy.toFixed(3)}, ${built.train.seconds.toFixed(1)} s)${built.failed.length ? `; ${built.failed.length} demos unavailable` : ''}`);
        json = built.policy.toJSON();
      }
      return () => LinearPolicy.fromJSON({ ...(json as object), temperature: 0 });
    }
    case 'claude':
      return () => new ClaudeAgent({ ...(flags.model && { model: flags.model }), ...(flags.baseUrl && { baseURL: flags.baseUrl }) });
    case 'openai':
      if (!flags.model) throw new InvalidArgumentError('--agent openai needs --model <name> (the model your server serves), and usually --base-url http://host:port/v1.');
      return () => new OpenAICompatibleAgent({ model: flags.model!, ...(flags.baseUrl && { baseURL: flags.baseUrl }) });
    default:
      if (!/[./\\]/.test(flags.agent)) {
        throw new InvalidArgumentError(`--agent must be one of ${BUILTIN_AGENTS.join(', ')} or the path of a module (got ${JSON.stringify(flags.agent)}).`);
      }
      return loadAgentModule(flags.agent);
  }
}

const matches = (pattern: string | RegExp, id: string) => (typeof pattern === 'string' ? id.includes(pattern) : pattern.test(id));

function summaryTable(results: BenchResults): string {
  return table(
    ['task', 'split', 'success', '95% CI', 'graph', 'steps', 'reward', 's', 'cost', 'infra'],
    results.tasks.map((t) => [
      t.task_id,
      t.split,
      `${pct(t.success)} (${t.successes}/${t.finished})`,
      t.success_ci ? `${pct(t.success_ci[0])}–${pct(t.success_ci[1])}` : '-',
      t.graph_scored ? pct(t.graph_success) : '-',
      t.mean_steps?.toFixed(1) ?? '-',
      t.mean_reward?.toFixed(2) ?? '-',
      t.mean_seconds?.toFixed(1) ?? '-',
      `$${t.cost_usd.toFixed(3)}`,
      t.infra_errors,
    ]),
  );
}

function jsonSummary(results: BenchResults, dir: string, report?: string) {
  const o = results.overall;
  return {
    out: dir,
    report: report ?? null,
    agent: results.config.agent,
    episodes: o.episodes,
    finished: o.finished,
    success: o.success,
    success_ci: o.success_ci,
    graph_success: o.graph_success,
    mean_steps: o.mean_steps,
    mean_reward: o.mean_reward,
    mean_seconds: o.mean_seconds,
    cost_usd: o.cost_usd,
    infra_errors: o.infra_errors,
    unfinished: o.unfinished,
    by_split: Object.fromEntries(Object.entries(results.by_split).map(([k, s]) => [k, { success: s.success, success_ci: s.success_ci, finished: s.finished }])),
    tasks: Object.fromEntries(results.tasks.map((t) => [t.task_id, { success: t.success, success_ci: t.success_ci, finished: t.finished }])),
  };
}

async function runBench(flags: BenchFlags): Promise<void> {
  if (flags.suite !== 'builtin') throw new InvalidArgumentError(`--suite must be builtin (got ${JSON.stringify(flags.suite)}); other suites run through the runBenchmark library function.`);
  if (!['train', 'heldout', 'all'].includes(flags.split)) throw new InvalidArgumentError(`--split must be train, heldout or all (got ${JSON.stringify(flags.split)}).`);
  const quiet = flags.json === true;
  const log = (msg: string) => {
    if (!quiet) process.stderr.write(`${msg}\n`);
  };
  const graphs = flags.graphs ? loadGraphs(flags.graphs) : undefined;
  await using suite = await startSuite();
  const runtime = new BrowserRuntime();
  try {
    const agent = await resolveAgent(flags, suite, runtime, log);
    // A module exporting one Agent instance runs one episode at a time unless --parallel says otherwise (then it is an error).
    const parallel = flags.parallel ?? (typeof agent === 'function' ? 4 : 1);
    let bar: ReturnType<typeof progress> | undefined;
    // Ctrl-C stops between steps; finished episodes are already on disk and --resume continues.
    const stop = new AbortController();
    const onSigint = () => stop.abort(new Error('interrupted (SIGINT)'));
    process.once('SIGINT', onSigint);
    const run = await runBenchmark({
      agent,
      suite,
      runtime,
      tasks: taskPattern(flags.tasks),
      split: flags.split,
      episodes: flags.episodes,
      parallel,
      out: flags.out,
      resume: flags.resume,
      screenshots: flags.screenshots,
      maxSteps: flags.maxSteps,
      graphs,
      onStart: ({ total, resumed }) => {
        log(`bench: ${total} episodes (${resumed} already recorded) of ${flags.agent}, ${parallel} at once -> ${flags.out}`);
        bar = progress('bench', total, !quiet);
      },
      onEpisode: (row) => {
        bar?.tick(row.task_id);
        if (!quiet && !process.stderr.isTTY) log(`  ${row.key}: ${row.status === 'finished' ? (row.success ? 'success' : 'failure') : row.status} (${row.steps} steps)`);
      },
      signal: stop.signal,
    }).catch((error: unknown) => {
      bar?.stop();
      if (!stop.signal.aborted) throw error;
      process.stderr.write(`coregym bench: interrupted; finished episodes are kept in ${flags.out}/episodes.jsonl. Run the same command with --resume to continue.\n`);
      process.exitCode = 130;
      return undefined;
    }).finally(() => process.off('SIGINT', onSigint));
    if (!run) return;
    bar?.stop();
    if (flags.json) printJson(jsonSummary(run.results, run.dir, run.reportPath));
    else {
      const o = run.results.overall;
      process.stdout.write(`${summaryTable(run.results)}\n`);
      process.stdout.write(`overall: ${pct(o.success)} (${o.successes}/${o.finished}, 95% CI ${o.success_ci ? `${pct(o.success_ci[0])}–${pct(o.success_ci[1])}` : '-'}), ${o.infra_errors} infra errors\n`);
      process.stdout.write(`results: ${run.resultsPath}\nreport:  ${run.reportPath}\n`);
    }
    if (run.results.overall.unfinished > 0) process.exitCode = EXIT.partial;
  } finally {
    await runtime.close();
  }
}

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('benchmark an agent on the built-in suite: oracle and graph verdicts, steps, time, cost; writes results.json and report.html')
    .requiredOption('--agent <name|path>', `agent: ${BUILTIN_AGENTS.join(', ')}, or the path of a module whose default export is an Agent, an Agent class or a factory`)
    .requiredOption('--out <dir>', 'run directory (episodes.jsonl is appended as episodes end)')
    .option('--suite <name>', 'task suite', 'builtin')
    .option('--tasks <pattern>', 'only tasks whose id contains this text (or matches /regex/)')
    .option('--split <split>', 'train, heldout or all', 'all')
    .option('--episodes <n>', 'episodes per task (seeds 1001..1000+n)', intArg('--episodes', 1), 1)
    .option('--parallel <p>', 'episodes at once (one browser, a context each) [default: 4, or 1 for a single agent instance]', intArg('--parallel', 1))
    .option('--resume', 'continue an interrupted benchmark in --out, skipping recorded episodes')
    .option('--policy-file <file>', 'with --agent policy: a LinearPolicy JSON file instead of training on the shipped demos')
    .option('--base-url <url>', 'with --agent openai or claude: the API base URL')
    .option('--model <name>', 'with --agent openai or claude: the model id')
    .option('--screenshots', 'record what the agent saw at each step, for the trajectory viewer')
    .option('--max-steps <n>', 'cap steps per episode (below each task budget)', intArg('--max-steps', 1))
    .option('--graphs <dir>', 'folder of strategy graph files (task id <template>.s<seed> or <template>) for the graph verdict')
    .option('--seed <n>', 'seed of the random agent and of policy training', intArg('--seed'), 0)
    .option('--json', 'print one JSON summary on stdout (no progress output)')
    .action(runBench);

  program
    .command('report')
    .description('write the self-contained HTML report of one or more benchmark runs; several runs are compared against the first')
    .argument('<runs...>', 'benchmark run directories (the --out of coregym bench)')
    .option('--out <file>', 'HTML file to write [default: <run>/report.html for one run, report.html for several]')
    .option('--link-screenshots', 'link screenshots relative to the report instead of embedding them (smaller file)')
    .option('--json', 'print the comparison as JSON on stdout')
    .action((runs: string[], flags: { out?: string; linkScreenshots?: boolean; json?: boolean }) => {
      const { path, comparison } = writeReport(runs, { out: flags.out, screenshots: flags.linkScreenshots ? 'link' : 'embed' });
      if (flags.json) {
        printJson({
          report: path,
          runs: comparison.runs.map((r, i) => ({ ...r, success: comparison.overall.runs[i]!.success, delta: comparison.overall.delta[i] })),
          better: comparison.better,
          worse: comparison.worse,
        });
        return;
      }
      if (runs.length > 1) {
        process.stdout.write(
          `${table(
            ['run', 'agent', 'success', 'Δ vs first'],
            comparison.runs.map((r, i) => [r.name, r.agent, pct(comparison.overall.runs[i]!.success), i === 0 ? 'baseline' : pct(comparison.overall.delta[i])]),
          )}\n`,
        );
        process.stdout.write(`better: ${comparison.better.map((t) => `${t.task_id} (+${pct(t.delta)})`).join(', ') || 'none'}\n`);
        process.stdout.write(`worse:  ${comparison.worse.map((t) => `${t.task_id} (${pct(t.delta)})`).join(', ') || 'none'}\n`);
      }
      process.stdout.write(`report: ${path}\n`);
    });
}
