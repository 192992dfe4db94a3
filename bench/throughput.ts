/**
 * Throughput of the benchmark runner: the built-in policy on suite tasks with 1, 2 and 4
 * environments at once over one browser. The policy's own compute is tiny, so what parallelism
 * buys is overlap of browser work (rendering, settling, observing) with Node's work and of the
 * environments' waits with each other.
 *
 *   npm run bench:throughput -- [--json] [--episodes 6] [--max-steps 10] [--tasks shop.,forum.]
 *
 * `--json` prints { episodes_per_min_p1, episodes_per_min_p2, episodes_per_min_p4, scaling_p4_over_p1, ... }.
 *
 * Scaling is bounded by the CPU a run leaves idle: if P=1 already keeps C of the machine's N cores
 * busy with our own work, P=4 can be at most (N - others) / C times faster, where `others` is the
 * CPU other programs took meanwhile. Both are measured (machine-wide from /proc/stat, ours as this
 * Node process plus the browser's process tree) and printed with that bound, so a scaling below
 * target says whether the machine or the code ran out.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LinearPolicy } from '../src/agents/index.ts';
import { BrowserRuntime } from '../src/env/index.ts';
import { processTreeCpuMs } from '../src/env/process-tree.ts';
import { runBenchmark, trainBuiltinPolicy } from '../src/report/index.ts';
import { startSuite } from '../src/suite/index.ts';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    // 6 per task over the 6 default tasks: 36 episodes per setting, 9 waves at P=4, so the idle
    // slots of the last wave weigh little.
    episodes: { type: 'string', default: '6' },
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

/** Busy and total CPU time of the whole machine so far, in ms of one core (the aggregate line of /proc/stat). */
function machineCpu(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = fields.reduce((a, b) => a + b, 0) * 10;
  const idle = (fields[3]! + fields[4]!) * 10;
  return { busy: total - idle, total };
}

/** CPU used so far by this process and the browser, in ms, by process (`node`, then the browser's process types). */
function ownCpu(runtime: BrowserRuntime): Record<string, number> {
  const node = process.cpuUsage();
  return { node: (node.user + node.system) / 1000, ...(runtime.pid ? processTreeCpuMs(runtime.pid) : {}) };
}

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
const diff = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]));

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
    let ownAtStart = ownCpu(runtime);
    let ownAtEnd = ownAtStart;
    let machineAtStart = machineCpu();
    let machineAtEnd = machineAtStart;
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
        ownAtStart = ownCpu(runtime);
        machineAtStart = machineCpu();
      },
      onEpisode: () => {
        ended = performance.now();
        ownAtEnd = ownCpu(runtime);
        machineAtEnd = machineCpu();
      },
    });
    const ms = ended - started;
    const minutes = ms / 60_000;
    const n = result.results.overall.finished;
    const own = diff(ownAtEnd, ownAtStart);
    const machineCores = ((machineAtEnd.busy - machineAtStart.busy) / (machineAtEnd.total - machineAtStart.total)) * cpus().length;
    const ownCores = sum(own) / ms;
    return {
      n,
      minutes,
      steps: result.results.episodes.reduce((s, e) => s + e.steps, 0),
      perMin: n / minutes,
      // Share of one core this Node process used: near 1 means the host loop (observation processing, policy) is the bottleneck.
      nodeCpuShare: own.node! / ms,
      ownCores,
      // Whatever else ran on the machine meanwhile (other jobs); never below 0 despite sampling skew.
      otherCores: Math.max(0, machineCores - ownCores),
      machineCores,
      cpuMsPerEpisode: Object.fromEntries(Object.entries(own).map(([k, v]) => [k, Math.round(v / n)])),
    };
  };
  // Warm-up: the first contexts and pages of a fresh browser are slower than the rest.
  await run(2, 'warmup', 1);
  const measured: Record<number, Awaited<ReturnType<typeof run>>> = {};
  for (const p of [1, 2, 4]) {
    measured[p] = await run(p, `p${p}`);
    const m = measured[p];
    log(`P=${p}: ${m.n} episodes (${m.steps} steps) in ${(m.minutes * 60).toFixed(1)} s -> ${m.perMin.toFixed(1)} episodes/min; cores busy: ours ${m.ownCores.toFixed(2)} (node ${m.nodeCpuShare.toFixed(2)}), others ${m.otherCores.toFixed(2)}, machine ${m.machineCores.toFixed(2)} of ${cpus().length}`);
  }
  const r2 = (x: number) => Number(x.toFixed(2));
  const summary = {
    episodes_per_min_p1: Number(measured[1]!.perMin.toFixed(2)),
    episodes_per_min_p2: Number(measured[2]!.perMin.toFixed(2)),
    episodes_per_min_p4: Number(measured[4]!.perMin.toFixed(2)),
    scaling_p4_over_p1: Number((measured[4]!.perMin / measured[1]!.perMin).toFixed(2)),
    node_cpu_share_p1: Number(measured[1]!.nodeCpuShare.toFixed(2)),
    node_cpu_share_p4: Number(measured[4]!.nodeCpuShare.toFixed(2)),
    // Cores kept busy, averaged over each setting's run: by our Node process and browser, by everything else, and in all.
    own_cpu_cores_p1: r2(measured[1]!.ownCores),
    own_cpu_cores_p4: r2(measured[4]!.ownCores),
    other_cpu_cores_p1: r2(measured[1]!.otherCores),
    other_cpu_cores_p4: r2(measured[4]!.otherCores),
    machine_cpu_cores_p1: r2(measured[1]!.machineCores),
    machine_cpu_cores_p4: r2(measured[4]!.machineCores),
    // The best P=4 could do with the cores others left it, at P=1's CPU cost per episode.
    scaling_cpu_bound: r2(Math.min(4, (cpus().length - measured[4]!.otherCores) / measured[1]!.ownCores)),
    cpu_ms_per_episode_p1: measured[1]!.cpuMsPerEpisode,
    cpu_ms_per_episode_p4: measured[4]!.cpuMsPerEpisode,
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
