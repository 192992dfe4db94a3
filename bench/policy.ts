/**
 * Benchmark of the offline LinearPolicy: train it on expert demos of the suite's train templates,
 * then measure oracle success on new seeds of those templates against the RandomAgent.
 *
 *   npm run bench:policy -- [--json] [--eval-seeds 2] [--demo-seeds 1,2,3] [--parallel 2] [--templates shop.]
 *
 * Demos come from the shipped demos/ folder; templates without shipped demos get theirs recorded
 * now by the scripted solvers. `--json` prints { random_success, policy_success, train_seconds, ... }.
 */
import { parseArgs } from 'node:util';
import { LinearPolicy, RandomAgent, runEpisode } from '../src/agents/index.ts';
import type { Agent } from '../src/agents/index.ts';
import { BrowserRuntime, WebEnv } from '../src/env/index.ts';
import type { Trajectory } from '../src/env/index.ts';
import { loadDemos, runSolver, startSuite } from '../src/suite/index.ts';
import type { TaskTemplate } from '../src/suite/index.ts';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    'eval-seeds': { type: 'string', default: '2' },
    'demo-seeds': { type: 'string', default: '1,2,3' },
    parallel: { type: 'string', default: '2' },
    templates: { type: 'string', default: '' },
  },
});
const evalSeedCount = Number(values['eval-seeds']);
const demoSeeds = values['demo-seeds'].split(',').map(Number);
const parallel = Math.max(1, Number(values.parallel));
const log = (msg: string) => {
  if (!values.json) console.log(msg);
};

/** Run jobs on `parallel` envs sharing one browser. */
async function pool<J, R>(runtime: BrowserRuntime, jobs: J[], run: (env: WebEnv, job: J) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, jobs.length) }, async () => {
      const env = new WebEnv({ runtime });
      try {
        for (let i = next++; i < jobs.length; i = next++) out[i] = await run(env, jobs[i]!);
      } finally {
        await env.close();
      }
    }),
  );
  return out;
}

await using suite = await startSuite();
const runtime = new BrowserRuntime();
try {
  const train = suite.templates.filter((t) => (t.split ?? 'train') === 'train' && t.id.startsWith(values.templates));
  let demos: Trajectory[] = loadDemos(suite.urls, { taskIds: train.map((t) => t.id), seeds: demoSeeds });
  const covered = new Set(demos.map((d) => d.taskId));
  const missing = train.flatMap((t) => (covered.has(t.id) ? [] : Object.keys(t.solvers).flatMap((strategy) => demoSeeds.map((seed) => ({ t, strategy, seed })))));
  if (missing.length) {
    log(`recording ${missing.length} demos (${new Set(missing.map((m) => m.t.id)).size} templates without shipped demos)...`);
    const recorded = await pool(runtime, missing, async (env, m) => {
      try {
        const d = await runSolver(env, m.t, m.seed, { strategy: m.strategy });
        return d.outcome?.oracle?.success === false ? undefined : d;
      } catch {
        return undefined; // a broken solver only means fewer demos; the count is printed below
      }
    });
    demos = demos.concat(recorded.filter((d): d is Trajectory => d !== undefined));
  }
  log(`training on ${demos.length} demos of ${train.length} train templates...`);
  const policy = new LinearPolicy({ seed: 1 });
  const report = policy.train(demos);
  log(`trained: ${report.examples} steps, accuracy ${report.accuracy.toFixed(3)}, loss ${report.loss.toFixed(3)}, ${report.unmatched} unmatched, ${report.seconds.toFixed(2)} s`);

  // Held-out seeds: far from the demo seeds, so products, users and values differ.
  const evalJobs = train.flatMap((t) => Array.from({ length: evalSeedCount }, (_, k) => ({ t, seed: 10_000 + k })));
  const evaluate = async (makeAgent: () => Agent, label: string) => {
    const results = await pool(runtime, evalJobs, async (env, job: { t: TaskTemplate; seed: number }) => {
      try {
        const { trajectory } = await runEpisode(env, makeAgent(), { task: job.t, seed: job.seed });
        return { id: job.t.id, success: trajectory.outcome?.oracle?.success === true };
      } catch {
        return { id: job.t.id, success: false };
      }
    });
    const rate = results.filter((r) => r.success).length / Math.max(1, results.length);
    log(`${label}: ${(rate * 100).toFixed(1)}% oracle success over ${results.length} episodes`);
    return { rate, results };
  };
  const random = await evaluate(() => new RandomAgent({ seed: 1 }), 'random');
  const learned = await evaluate(() => policy, 'policy');
  const perTemplate = Object.fromEntries(train.map((t) => [t.id, learned.results.filter((r) => r.id === t.id && r.success).length / evalSeedCount]));
  const summary = {
    random_success: Number(random.rate.toFixed(4)),
    policy_success: Number(learned.rate.toFixed(4)),
    train_seconds: Number(report.seconds.toFixed(3)),
    train_accuracy: Number(report.accuracy.toFixed(4)),
    demos: demos.length,
    train_templates: train.length,
    episodes_per_agent: evalJobs.length,
    policy_success_by_template: perTemplate,
  };
  if (values.json) console.log(JSON.stringify(summary));
  else log(JSON.stringify(summary, null, 2));
} finally {
  await runtime.close();
}
