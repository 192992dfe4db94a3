/**
 * `coregym demo` and `coregym train`: the CORE loop on the built-in suite.
 * @module
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { trainOnBuiltinSuite } from '../../train/index.ts';
import type { RoundMetrics, TrainerEvent } from '../../train/index.ts';
import { pct, printJson, progress, table } from '../output.ts';
import type { Progress } from '../output.ts';

export function intArg(name: string, min = 0) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer >= ${min} (got ${JSON.stringify(value)}).`);
    return n;
  };
}

function roundTable(rounds: RoundMetrics[]): string {
  return table(
    ['round', 'train', 'held-out', 'label-verified', 'false accepts', 'strategies', 'tasks added', 'dataset rows', 'infra errors', 's'],
    rounds.map((r) => [r.round, pct(r.train_success), pct(r.heldout_success), pct(r.label_verified_success), `${r.false_accepts} (${pct(r.false_accept_rate)})`, r.strategies, r.tasks_added, r.dataset_rows, r.infra_errors, r.seconds.toFixed(0)]),
  );
}

function shareArg(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError(`--demo-share must be a number in [0, 1] (got ${JSON.stringify(value)}).`);
  return n;
}

interface TrainFlags {
  runDir: string;
  rounds: number;
  rollouts: number;
  parallel: number;
  synth: 'heuristic' | 'claude';
  tasks?: string;
  resume?: boolean;
  screenshots?: boolean;
  json?: boolean;
  seed: number;
  demoShare?: number;
  /** Also evaluate on held-out templates each round (the demo skips them to stay under 10 minutes). */
  heldoutTemplates?: boolean;
}

async function runTraining(flags: TrainFlags): Promise<void> {
  const started = Date.now();
  let bar: Progress | undefined;
  const quiet = flags.json === true;
  const onEvent = (e: TrainerEvent) => {
    if (e.type === 'phase') {
      bar?.stop();
      bar = e.total ? progress(`round ${e.round} ${e.phase}`, e.total, !quiet) : undefined;
      if (!quiet && !process.stderr.isTTY) process.stderr.write(`round ${e.round}: ${e.phase}${e.total ? ` (${e.total})` : ''}\n`);
    } else if (e.type === 'episode') {
      bar?.tick(e.outcome.job.task.id);
    } else {
      bar?.stop();
      bar = undefined;
      if (!quiet) process.stderr.write(`${roundTable([e.metrics])}\n`);
    }
  };
  const result = await trainOnBuiltinSuite({
    runDir: flags.runDir,
    rounds: flags.rounds,
    rolloutsPerTask: flags.rollouts,
    parallel: flags.parallel,
    synthesizer: flags.synth,
    tasks: flags.tasks,
    resume: flags.resume,
    screenshots: flags.screenshots,
    seed: flags.seed,
    demoTemplateShare: flags.demoShare,
    heldoutTemplateSeeds: flags.heldoutTemplates === false ? [] : undefined,
    onEvent,
  });
  bar?.stop();
  const rounds = result.rounds;
  const accepted = rounds.slice(1).reduce((n, r) => n + r.graph_accepts, 0);
  const falseAccepts = rounds.slice(1).reduce((n, r) => n + r.false_accepts, 0);
  const summary = {
    rounds: rounds.length - 1,
    minutes: Number(((Date.now() - started) / 60000).toFixed(2)),
    heldout_success_by_round: rounds.map((r) => r.heldout_success),
    train_success_by_round: rounds.map((r) => r.train_success),
    strategies_by_round: rounds.map((r) => r.strategies),
    tasks_added_by_round: rounds.map((r) => r.tasks_added),
    false_accept_rate: accepted > 0 ? falseAccepts / accepted : 0,
    dataset_rows: rounds.at(-1)?.dataset_rows ?? 0,
    run_dir: result.runDir,
  };
  if (flags.json) printJson(summary);
  else {
    process.stdout.write(`${roundTable(rounds)}\n`);
    process.stdout.write(`Run saved in ${result.runDir} (${summary.minutes} min). Datasets: ${result.runDir}/round-${rounds.length - 1}/dataset/\n`);
  }
}

export function registerTrain(program: Command): void {
  const common = (cmd: Command) =>
    cmd
      .option('--run-dir <dir>', 'run directory (created; holds config, trajectories, labels, graphs, datasets, metrics)')
      .option('--rounds <n>', 'self-training rounds after round 0', intArg('--rounds', 1), 3)
      .option('--rollouts <k>', 'exploration rollouts per task per round', intArg('--rollouts', 1))
      .option('--parallel <p>', 'environments at once (one browser, a context each)', intArg('--parallel', 1), 4)
      .option('--tasks <pattern>', 'only templates whose id contains this text')
      .option('--resume', 'continue an interrupted run in --run-dir without redoing finished episodes')
      .option('--seed <n>', 'seed of the built-in policy', intArg('--seed'), 0)
      .option('--demo-share <x>', 'share of train templates whose demos train the initial policy (the rest only yield labels)', shareArg)
      .option('--json', 'print one JSON summary on stdout (no progress output)');

  common(program.command('demo'))
    .description('the main job: the whole CORE loop on the built-in suite with the offline synthesizer and the learnable policy (no API key)')
    .action(async (flags: Omit<TrainFlags, 'synth'>) => {
      await runTraining({ ...flags, runDir: flags.runDir ?? `runs/demo-${new Date().toISOString().replace(/[:.]/g, '-')}`, rollouts: flags.rollouts ?? 2, synth: 'heuristic', heldoutTemplates: false });
    });

  common(program.command('train'))
    .description('the CORE loop with every option: synthesizer, rounds, rollouts, parallelism, run dir')
    .option('--synth <name>', 'label synthesizer: heuristic (offline) or claude (needs ANTHROPIC_API_KEY)', 'heuristic')
    .option('--screenshots', 'record screenshots (referenced from the datasets)')
    .action(async (flags: TrainFlags) => {
      if (flags.synth !== 'heuristic' && flags.synth !== 'claude') throw new InvalidArgumentError(`--synth must be heuristic or claude (got ${JSON.stringify(flags.synth)}).`);
      await runTraining({ ...flags, runDir: flags.runDir ?? `runs/train-${new Date().toISOString().replace(/[:.]/g, '-')}`, rollouts: flags.rollouts ?? 5 });
    });
}
