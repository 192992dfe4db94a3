/**
 * Throughput of the benchmark runner: the built-in policy on suite tasks with 1, 2 and 4
 * environments at once over one browser. The policy's own compute is tiny, so what parallelism
 * buys is overlap of browser work (rendering, settling, observing) with Node's work and of the
 * environments' waits with each other.
 *
 *   npm run bench:throughput -- [--json] [--episodes 2] [--max-steps 10] [--tasks shop.,forum.]
 *
 * `--json` prints { episodes_per_min_p1, episodes_per_min_p2, episodes_per_min_p4, scaling_p4_over_p1, ... }.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LinearPolicy } from '../src/agents/index.ts';
import { BrowserRuntime } from '../src/env/index.ts';
import { runBenchmark, trainBuiltinPolicy } from '../src/report/index.ts';
import { startSuite } from '../src/suite/index.ts';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    episodes: { type: 'string', default: '2' },
    'max-steps': { type: 'string', default: '10' },
    tasks: { type: 'string', default: 'shop.add-to-wishlist,shop.info-price,shop.change-cart-quantity,forum.subscribe,forum.upvote-post,tracker.close-issue' },
  },
});
const log = (msg: string) => {
  if (!values.json) console.log(msg);
};
const taskIds = values.tasks.split(',').filter(Boolean);
const pattern = new RegExp(`^(${taskIds.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`);
const episodes = Number(values.episodes);
const maxSteps = Number(values['max-steps']);
const root = mkdtempSync(join(tmpdir(), 'coregym-throughput-'));

await using suite = await startSuite();
const runtime = new BrowserRuntime();
try {
  const trainIds = suite.templates.filter((t) => pattern.test(t.id) && (t.split ?? 'train') === 'train').map((t) => t.id);
  const { policy, recorded } = await trainBuiltinPolicy(suite, { runtime, taskIds: trainIds, demoSeeds: [1] });
  log(`policy trained (${recorded} demos recorded now)`);
  const weights = policy.toJSON();
  const run = async (parallel: number, name: string, eps = episodes) => {
    let started = 0;
    let ended = 0;
    let cpuAtStart = process.cpuUsage();
    const result = await runBenchmark({
      agent: () => LinearPolicy.fromJSON(weights),
      suite,
      runtime,
      tasks: pattern,
      episodes: eps,
      parallel,
      maxSteps,
      out: join(root, name),
      report: false,
      onStart: () => {
        started = performance.now();
        cpuAtStart = process.cpuUsage();
      },
      onEpisode: () => {
        ended = performance.now();
      },
    });
    const cpu = process.cpuUsage(cpuAtStart);
    const minutes = (ended - started) / 60_000;
    const n = result.results.overall.finished;
    // Share of one core this Node process used: near 1 means the host loop (observation processing, policy) is the bottleneck.
    const nodeCpuShare = (cpu.user + cpu.system) / 1000 / (ended - started);
    return { n, minutes, steps: result.results.episodes.reduce((s, e) => s + e.steps, 0), perMin: n / minutes, nodeCpuShare };
  };
  // Warm-up: the first contexts and pages of a fresh browser are slower than the rest.
  await run(2, 'warmup', 1);
  const measured: Record<number, Awaited<ReturnType<typeof run>>> = {};
  for (const p of [1, 2, 4]) {
    measured[p] = await run(p, `p${p}`);
    log(`P=${p}: ${measured[p].n} episodes (${measured[p].steps} steps) in ${(measured[p].minutes * 60).toFixed(1)} s -> ${measured[p].perMin.toFixed(1)} episodes/min, node cpu ${(measured[p].nodeCpuShare * 100).toFixed(0)}% of a core`);
  }
  const summary = {
    episodes_per_min_p1: Number(measured[1]!.perMin.toFixed(2)),
    episodes_per_min_p2: Number(measured[2]!.perMin.toFixed(2)),
    episodes_per_min_p4: Number(measured[4]!.perMin.toFixed(2)),
    scaling_p4_over_p1: Number((measured[4]!.perMin / measured[1]!.perMin).toFixed(2)),
    node_cpu_share_p1: Number(measured[1]!.nodeCpuShare.toFixed(2)),
    node_cpu_share_p4: Number(measured[4]!.nodeCpuShare.toFixed(2)),
    episodes: measured[1]!.n,
    steps_per_run: measured[1]!.steps,
    cpus: cpus().length,
    load_average_1m: Number(loadavg()[0]!.toFixed(2)),
  };
  if (values.json) console.log(JSON.stringify(summary, null, 2));
  else log(`scaling P=4 over P=1: ${summary.scaling_p4_over_p1}x on ${summary.cpus} cpus (load ${summary.load_average_1m})`);
} finally {
  await runtime.close();
  rmSync(root, { recursive: true, force: true });
}
