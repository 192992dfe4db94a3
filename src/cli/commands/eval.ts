/**
 * `coregym eval-labels` and `coregym eval-graph`: how trustworthy labels and graphs are, measured
 * against the suite's oracles on a fixed bank of real trajectories per task.
 * @module
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { BrowserRuntime } from '../../env/index.ts';
import { ClaudeSynthesizer, HeuristicSynthesizer, evaluateLabelQuality, scoreTrajectory } from '../../labels/index.ts';
import type { Synthesizer } from '../../labels/index.ts';
import { evaluateGraphExpansion, graphToJSON } from '../../graph/index.ts';
import { startSuite } from '../../suite/index.ts';
import { buildEvalBank } from '../../train/index.ts';
import type { TaskBank } from '../../train/index.ts';
import { pct, printJson, progress, table } from '../output.ts';
import { intArg } from './train.ts';

interface EvalFlags {
  suite: string;
  synth: string;
  tasks?: string;
  random: number;
  parallel: number;
  json?: boolean;
}

function synthesizerFor(name: string): Synthesizer {
  if (name === 'heuristic') return new HeuristicSynthesizer();
  if (name === 'claude') return new ClaudeSynthesizer();
  throw new InvalidArgumentError(`--synth must be heuristic or claude (got ${JSON.stringify(name)}).`);
}

async function withBanks<T>(flags: EvalFlags, onlyMulti: boolean, use: (banks: TaskBank[]) => Promise<T>): Promise<T> {
  if (flags.suite !== 'builtin') throw new InvalidArgumentError(`--suite must be builtin (got ${JSON.stringify(flags.suite)}); imported suites are evaluated with \`coregym bench\`.`);
  await using suite = await startSuite({ register: false });
  const runtime = new BrowserRuntime();
  try {
    const filter = (t: { id: string; solvers: Record<string, unknown> }) => (!flags.tasks || t.id.includes(flags.tasks)) && (!onlyMulti || Object.keys(t.solvers).length >= 2);
    const bar = progress('building the trajectory bank', 0, !flags.json);
    let n = 0;
    const banks = await buildEvalBank(suite, { runtime, filter, randomRuns: flags.random, parallel: flags.parallel, onEpisode: () => bar.tick(String(++n)) });
    bar.stop();
    return await use(banks);
  } finally {
    await runtime.close();
  }
}

export function registerEval(program: Command): void {
  const common = (cmd: Command) =>
    cmd
      .option('--suite <name>', 'task suite', 'builtin')
      .option('--synth <name>', 'synthesizer: heuristic (offline) or claude (needs ANTHROPIC_API_KEY)', 'heuristic')
      .option('--tasks <pattern>', 'only templates whose id contains this text')
      .option('--random <n>', 'random-agent runs per task in the bank', intArg('--random', 0), 2)
      .option('--parallel <p>', 'environments at once', intArg('--parallel', 1), 4)
      .option('--json', 'print JSON');

  common(program.command('eval-labels'))
    .description('synthesize labels from each task demo and judge a bank of trajectories (other strategies, random runs, near misses) against the oracle')
    .action(async (flags: EvalFlags) => {
      const synthesizer = synthesizerFor(flags.synth);
      const report = await withBanks(flags, false, (banks) =>
        evaluateLabelQuality(
          banks.map((b) => ({ taskId: b.taskId, demo: b.demo, bank: b.bank.map((t) => ({ trajectory: t.trajectory, oracleSuccess: t.oracleSuccess })) })),
          synthesizer,
        ),
      );
      if (flags.json) printJson(report);
      else {
        process.stdout.write(`${table(['task', 'labels', 'validated', 'trajectories', 'accuracy', 'false accepts'], report.per_task.map((t) => [t.taskId, t.labels, pct(t.validated_share), t.trajectories, pct(t.accuracy), t.fp]))}\n`);
        process.stdout.write(`${report.tasks} tasks, accuracy ${pct(report.accuracy)}, precision ${pct(report.precision)}, recall ${pct(report.recall)}, false-accept rate ${pct(report.false_accept_rate)}\n`);
      }
    });

  common(program.command('eval-graph'))
    .description('start each multi-strategy task from one demo graph, feed it the other strategies and random runs, expand, and measure')
    .action(async (flags: EvalFlags) => {
      const synthesizer = synthesizerFor(flags.synth);
      const result = await withBanks(flags, true, (banks) =>
        evaluateGraphExpansion(
          banks.map((b) => ({
            taskId: b.taskId,
            demos: Object.fromEntries([b.demo, ...b.otherStrategies].map((d) => [d.strategy ?? d.id, d])),
            seedStrategy: b.demo.strategy,
            runs: b.bank.filter((t) => t.kind !== 'demo' && t.kind !== 'other-strategy').map((t) => t.trajectory),
          })),
          { synthesizer, scorer: scoreTrajectory },
        ),
      );
      // A StrategyGraph is a live object: the JSON output carries its serialized form.
      if (flags.json) printJson({ ...result, perTask: result.perTask.map((t) => ({ ...t, graph: graphToJSON(t.graph) })) });
      else {
        const figures = Object.entries(result).filter(([, v]) => typeof v === 'number' || v === null);
        process.stdout.write(`${table(['figure', 'value'], figures.map(([k, v]) => [k, /rate|accuracy/.test(k) ? pct(v as number | null) : String(v)]))}\n`);
      }
    });
}
