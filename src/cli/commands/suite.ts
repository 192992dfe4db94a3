/**
 * `coregym suite serve | list | record-demos | stats`: the built-in web apps and their tasks.
 * @module
 */
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { BrowserRuntime } from '../../env/index.ts';
import { RandomAgent } from '../../agents/index.ts';
import { DEFAULT_DEMO_DIR, countTemplates, runSolvers, startSuite } from '../../suite/index.ts';
import { collectEpisodes } from '../../train/index.ts';
import { pct, printJson, progress, table } from '../output.ts';
import { intArg } from './train.ts';

const seedList = (value: string): number[] => {
  const seeds = value.split(',').map((s) => Number(s.trim()));
  if (seeds.some((s) => !Number.isInteger(s))) throw new InvalidArgumentError(`--seeds must be a comma-separated list of integers (got ${JSON.stringify(value)}).`);
  return seeds;
};

export function registerSuite(program: Command): void {
  const suite = program.command('suite').description('the built-in web apps (shop, forum, tracker), their task templates and demos');

  suite
    .command('serve')
    .description('run the sites for a person to look at (Ctrl-C stops)')
    .option('--port <n>', 'port of the shop; the forum and tracker take the next two', intArg('--port', 1))
    .action(async (flags: { port?: number }) => {
      const running = await startSuite({ ports: flags.port ? { shop: flags.port, forum: flags.port + 1, tracker: flags.port + 2 } : undefined, register: false });
      for (const [name, url] of Object.entries(running.urls)) process.stdout.write(`${name.padEnd(8)} ${url}/\n`);
      process.stdout.write('Each browser gets its own session (seed 0). Open /__coregym/reset?seed=N&next=/ to load another seed.\n');
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
      await running.close();
    });

  suite
    .command('list')
    .description('list task templates')
    .option('--json', 'print JSON')
    .action(async (flags: { json?: boolean }) => {
      await using running = await startSuite({ register: false });
      const rows = running.templates.map((t) => ({ id: t.id, site: t.site, split: t.split ?? 'train', maxSteps: t.maxSteps, strategies: Object.keys(t.solvers), tags: t.tags ?? [] }));
      if (flags.json) printJson(rows);
      else process.stdout.write(`${table(['id', 'split', 'max steps', 'strategies', 'tags'], rows.map((r) => [r.id, r.split, r.maxSteps, r.strategies.join(', '), r.tags.join(', ')]))}\n`);
    });

  suite
    .command('record-demos')
    .description('run every solver through WebEnv and save the passing runs as demos')
    .option('--seeds <list>', 'comma-separated seeds', seedList, [1, 2, 3])
    .option('--out <dir>', 'demo folder', DEFAULT_DEMO_DIR)
    .option('--tasks <pattern>', 'only templates whose id contains this text')
    .option('--parallel <p>', 'environments at once', intArg('--parallel', 1), 2)
    .action(async (flags: { seeds: number[]; out: string; tasks?: string; parallel: number }) => {
      await using running = await startSuite({ register: false });
      const filter = flags.tasks ? (t: { id: string }) => t.id.includes(flags.tasks!) : undefined;
      const total = running.templates.filter((t) => !filter || filter(t)).reduce((n, t) => n + Object.keys(t.solvers).length * flags.seeds.length, 0);
      const bar = progress('recording', total, true);
      const runs = await runSolvers(running, { seeds: flags.seeds, parallel: flags.parallel, saveDir: flags.out, filter, onRun: (r) => bar.tick(r.taskId) });
      bar.stop();
      const failed = runs.filter((r) => !r.passed);
      for (const r of failed) process.stderr.write(`FAIL ${r.taskId} ${r.strategy} seed ${r.seed}: ${r.error}\n`);
      process.stdout.write(`${runs.length - failed.length}/${runs.length} solver runs passed their oracle; demos saved in ${flags.out}\n`);
      if (failed.length > 0) process.exitCode = 4;
    });

  suite
    .command('stats')
    .description('what the suite offers, and how solvers and a random agent do on it')
    .option('--seeds <list>', 'seeds for the solver pass rate', seedList, [1, 2, 3])
    .option('--random-episodes <n>', 'random-agent episodes per template', intArg('--random-episodes', 0), 2)
    .option('--parallel <p>', 'environments at once', intArg('--parallel', 1), 2)
    .option('--json', 'print JSON')
    .action(async (flags: { seeds: number[]; randomEpisodes: number; parallel: number; json?: boolean }) => {
      await using running = await startSuite({ register: false });
      const runtime = new BrowserRuntime();
      try {
        const counts = countTemplates(running.templates);
        const solverRuns = await runSolvers(running, { seeds: flags.seeds, parallel: flags.parallel, runtime });
        const jobs = running.templates.flatMap((t) => Array.from({ length: flags.randomEpisodes }, (_, k) => ({ key: `${t.id}/${k}`, task: t, seed: 5000 + k })));
        const random = await collectEpisodes(jobs, { runtime, parallel: flags.parallel, agent: (w) => new RandomAgent({ seed: 17 + w }) });
        const finished = random.filter((r) => r.trajectory);
        const stats = {
          ...counts,
          solver_runs: solverRuns.length,
          solver_pass_rate: solverRuns.filter((r) => r.passed).length / Math.max(1, solverRuns.length),
          random_episodes: finished.length,
          random_pass_rate: finished.filter((r) => r.trajectory!.outcome?.oracle?.success === true).length / Math.max(1, finished.length),
          solver_failures: solverRuns.filter((r) => !r.passed).map((r) => ({ task: r.taskId, strategy: r.strategy, seed: r.seed, error: r.error })),
        };
        if (flags.json) printJson(stats);
        else {
          process.stdout.write(`${table(['what', 'value'], Object.entries(stats).filter(([k]) => k !== 'solver_failures').map(([k, v]) => [k, k.endsWith('rate') ? pct(v as number) : String(v)]))}\n`);
          for (const f of stats.solver_failures) process.stderr.write(`FAIL ${f.task} ${f.strategy} seed ${f.seed}: ${f.error}\n`);
        }
      } finally {
        await runtime.close();
      }
    });
}
