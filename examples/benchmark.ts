/**
 * Benchmark two agents on a few built-in tasks and compare them in one report: the random agent
 * and the built-in learnable policy (behaviour-cloned from expert demos of the same templates, then
 * run on unseen seeds). Run with `npx node --no-node-snapshot examples/benchmark.ts [outDir]`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LinearPolicy, RandomAgent } from '../src/agents/index.ts';
import { BrowserRuntime } from '../src/env/index.ts';
import { runBenchmark, trainBuiltinPolicy, writeReport } from '../src/report/index.ts';
import { startSuite } from '../src/suite/index.ts';

const out = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'coregym-benchmark-'));
const tasks = ['shop.add-to-wishlist', 'shop.info-price', 'forum.subscribe'];
const common = { tasks: new RegExp(`^(${tasks.map((t) => t.replace(/\./g, '\\.')).join('|')})$`), episodes: 1, parallel: 2, maxSteps: 8, screenshots: true };

await using suite = await startSuite();
const runtime = new BrowserRuntime();
try {
  // Expert demos at seeds 1 and 2 (shipped, or recorded now by the scripted solvers); the benchmark uses seeds from 1001.
  const { policy, train, shipped, recorded } = await trainBuiltinPolicy(suite, { runtime, taskIds: tasks, demoSeeds: [1, 2] });
  console.log(`policy trained on ${shipped + recorded} demos (${recorded} recorded now), accuracy ${train.accuracy.toFixed(2)}`);
  const weights = policy.toJSON();

  const random = await runBenchmark({ ...common, suite, runtime, agent: () => new RandomAgent({ seed: 7 }), out: join(out, 'random'), name: 'random' });
  const learned = await runBenchmark({ ...common, suite, runtime, agent: () => LinearPolicy.fromJSON(weights), out: join(out, 'policy'), name: 'linear-policy' });

  const { path, comparison } = writeReport([random.dir, learned.dir], { out: join(out, 'report.html') });
  for (const [i, run] of comparison.runs.entries()) {
    const o = comparison.overall.runs[i]!;
    console.log(`${run.name}: ${o.successes}/${o.finished} tasks solved, mean ${o.mean_steps?.toFixed(1)} steps`);
  }
  console.log(`better with the policy: ${comparison.better.map((t) => t.task_id).join(', ') || 'none'}; worse: ${comparison.worse.map((t) => t.task_id).join(', ') || 'none'}`);
  console.log(`report: ${path}`);
  for (const run of [random, learned]) {
    if (run.results.overall.finished !== tasks.length) throw new Error(`benchmark example: ${run.dir} finished ${run.results.overall.finished} of ${tasks.length} episodes`);
  }
} finally {
  await runtime.close();
}
