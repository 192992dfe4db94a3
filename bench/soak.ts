/**
 * Reliability soak: N environments over S Playwright browser servers run suite tasks with the
 * trained LinearPolicy and the RandomAgent while a seeded fault injector kills browser servers,
 * closes pages and contexts, makes sites hang or answer 500, fills label isolates' memory, and
 * kills a training run with SIGKILL and resumes it. Then it checks, from the run's own JSONL
 * records, that every episode is accounted for and none was scored as a policy failure because of
 * a fault; that no browser context or Chromium process is left over; that memory stayed flat; and
 * that the killed run's files are intact and only its in-flight episodes were redone. A fuzz pass
 * throws bad input at the public API and the CLI. Prints one JSON object (see docs/RELIABILITY.md).
 *
 *   npm run soak -- --envs 64 --servers 4 --minutes 30 --json
 *   npm run soak -- --envs 4 --servers 2 --minutes 0.5 --json      (CI smoke size)
 * @module
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { runEpisode } from '../src/agents/index.ts';
import { BrowserPool, WebEnv, findChromium } from '../src/env/index.ts';
import { scoreTrajectory } from '../src/labels/index.ts';
import { SITE_NAMES, startSuite } from '../src/suite/index.ts';
import type { SiteName } from '../src/suite/index.ts';
import { EpisodeWriter, readEpisodeLog } from '../src/train/index.ts';
import { accountFor, findSuspects, type Suspect } from './soak/checks.ts';
import { FAULT_KINDS, FaultInjector, type FaultKind } from './soak/faults.ts';
import { BrowserFleet } from './soak/fleet.ts';
import { runFuzz } from './soak/fuzz.ts';
import { killAndResume, type KillResumeResult } from './soak/kill-resume.ts';
import { ChromiumCensus, selfRssMb } from './soak/procs.ts';
import { Rng } from '../src/env/index.ts';
import { BOMB_LABEL_ID, prepareSoak } from './soak/setup.ts';
import { EpisodeTracker } from './soak/tracker.ts';
import { agentFor, runWorkload, type ScheduledJob } from './soak/workload.ts';

const USAGE = 'usage: npm run soak -- [--envs N] [--servers S] [--minutes M] [--seed K] [--fuzz-cases N] [--train-jobs N] [--tasks a,b] [--max-replays N] [--keep] [--json]';

function parseCli() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        envs: { type: 'string', default: '4' },
        servers: { type: 'string', default: '2' },
        minutes: { type: 'string', default: '0.5' },
        seed: { type: 'string', default: '1' },
        'fuzz-cases': { type: 'string', default: '200' },
        'train-jobs': { type: 'string', default: '9' },
        'max-attempts': { type: 'string', default: '3' },
        'max-replays': { type: 'string', default: '12' },
        tasks: { type: 'string', default: 'shop.add-to-wishlist,forum.subscribe,tracker.close-issue,shop.info-price' },
        keep: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`soak: ${(error as Error).message}. ${USAGE}`);
    process.exit(2);
  }
  const int = (name: keyof typeof values, min: number) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) {
      console.error(`soak: --${name} must be an integer >= ${min} (got ${JSON.stringify(values[name])}). ${USAGE}`);
      process.exit(2);
    }
    return n;
  };
  const minutes = Number(values.minutes);
  if (!(minutes > 0)) {
    console.error(`soak: --minutes must be a positive number (got ${JSON.stringify(values.minutes)}). ${USAGE}`);
    process.exit(2);
  }
  return {
    envs: int('envs', 1),
    servers: int('servers', 2),
    minutes,
    seed: int('seed', 0),
    fuzzCases: int('fuzz-cases', 0),
    trainJobs: int('train-jobs', 0),
    maxAttempts: int('max-attempts', 1),
    maxReplays: int('max-replays', 0),
    tasks: values.tasks.split(',').map((t) => t.trim()).filter(Boolean),
    keep: values.keep,
    json: values.json,
  };
}

const config = parseCli();
const log = (msg: string) => {
  if (!config.json) console.log(msg);
  else process.stderr.write(`soak: ${msg}\n`);
};

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface MemSample {
  at: number;
  self: number;
  /** The orchestrator's V8 heap in use after the GC, MB: flat while RSS grows means the allocator kept pages, not a leak. */
  selfHeap: number;
  browsers: { generation: number; rss: number }[];
}

async function main() {
  const executablePath = findChromium({ install: false });
  const census = new ChromiumCensus(executablePath);
  const chromiumBefore = census.sample();
  const sampler = setInterval(() => census.sample(), 300);
  sampler.unref();
  const runDir = mkdtempSync(join(tmpdir(), 'coregym-soak-'));
  const started = Date.now();
  const phases: Record<string, number> = {};
  let phaseStart = Date.now();
  const phase = (name: string) => {
    phases[name] = (Date.now() - phaseStart) / 1000;
    phaseStart = Date.now();
  };

  const suite = await startSuite();
  const fleet = await BrowserFleet.start(config.servers, executablePath);
  const pool = new BrowserPool({ endpoints: fleet.endpoints, reconnectDelayMs: 250, maxReconnectDelayMs: 2000 });
  const templates = config.tasks.map((id) => suite.template(id));
  const templatesById = new Map(suite.templates.map((t) => [t.id, t]));
  log(`setup: ${config.servers} browser servers, recording ${templates.length} demos, training the policy, synthesizing labels`);
  const setup = await prepareSoak(pool, templates, 1);
  log(`setup done in ${setup.seconds.toFixed(1)}s`);
  phase('setup');

  const episodesPath = join(runDir, 'episodes.jsonl');
  const writer = new EpisodeWriter(episodesPath);
  const tracker = new EpisodeTracker();
  const siteNames = [...new Set(templates.map((t) => t.id.split('.')[0] as SiteName))].filter((s) => SITE_NAMES.includes(s));
  const injector = new FaultInjector({
    seed: config.seed + 1,
    fleet,
    tracker,
    sites: suite.sites,
    siteNames,
    kinds: FAULT_KINDS.filter((k) => k !== 'train_kill'),
    // Every kind within a short smoke run; about six faults a minute in long runs.
    meanGapMs: Math.min(10_000, Math.max(2500, (config.minutes * 60_000 * 0.8) / 6)),
  });

  const durationMs = config.minutes * 60_000;
  const deadline = Date.now() + durationMs;
  const warmAt = Date.now() + durationMs * 0.4;
  const memory: MemSample[] = [];
  const sampleMemory = () => {
    gc();
    memory.push({ at: Date.now(), self: selfRssMb(), selfHeap: process.memoryUsage().heapUsed / 2 ** 20, browsers: Array.from({ length: fleet.size }, (_, i) => ({ generation: fleet.generation(i), rss: fleet.rssMb(i) })) });
  };

  const killResume: Promise<KillResumeResult | undefined> = config.trainJobs > 0
    ? killAndResume({
        runDir: join(runDir, 'train'),
        executablePath,
        urls: suite.urls,
        taskIds: config.tasks,
        jobs: config.trainJobs,
        parallel: 2,
        maxAttempts: config.maxAttempts,
        rng: new Rng(config.seed + 2),
        templatesById,
      })
    : Promise.resolve(undefined);
  killResume.catch(() => undefined); // awaited below; this keeps an early failure from being unhandled meanwhile

  injector.start(deadline);
  log(`soak: ${config.envs} envs for ${config.minutes} min`);
  const workload = await runWorkload({
    host: pool,
    envs: config.envs,
    templates,
    setup,
    tracker,
    writer,
    deadline,
    seed: config.seed + 3,
    maxAttempts: config.maxAttempts,
    episodeTimeout: 90_000,
    onBatch: async (batch) => {
      sampleMemory();
      const m = memory.at(-1)!;
      log(`batch ${batch} done, ${injector.events.filter((e) => e.hit).length} faults so far; orchestrator rss ${Math.round(m.self)} MB, heap ${Math.round(m.selfHeap)} MB`);
    },
  });
  await injector.stop();
  phase('workload');
  const kr = await killResume;
  phase('kill_resume_wait');
  if (kr?.killAt) injector.record({ kind: 'train_kill', at: kr.killAt, until: kr.killAt, hit: true });
  writer.close();
  sampleMemory();
  log(`workload done: ${workload.scheduled.length} episodes in ${workload.batches} batches`);

  // Checks on the run's own records.
  const episodeLog = readEpisodeLog(episodesPath);
  const accounting = accountFor(workload.scheduled, episodeLog.records, config.maxAttempts);
  const suspects = findSuspects(episodeLog.records, injector.events, tracker);
  log(`checking ${episodeLog.records.length} records, ${suspects.length} suspects`);
  const byKey = new Map(workload.scheduled.map((s) => [s.key, s]));
  const misscored: (Suspect & { why: string })[] = [];
  let replays = 0;
  let replaysSkipped = 0;
  let bombsChecked = 0;
  let memoryKills = 0;
  for (const s of suspects) {
    if (s.reason === 'infra_symptom' || s.reason === 'context_died') misscored.push({ ...s, why: 'finished with a failing oracle verdict although an infrastructure fault hit it' });
    else if (s.reason === 'label_memory') {
      bombsChecked++;
      if (Object.values((s.trajectory.outcome?.info?.labelErrors ?? {}) as Record<string, string>).some((m) => m.startsWith('label_memory'))) memoryKills++;
      const clean = setup.cleanLabels.get(s.trajectory.taskId)!;
      const offline = await scoreTrajectory(clean, s.trajectory);
      const online = s.trajectory.outcome?.labels ?? {};
      const changed = clean.labels.filter((l) => (online[l.id] ?? null) !== (offline.firstSatisfied[l.id] ?? null));
      if (changed.length) misscored.push({ ...s, why: `labels ${changed.map((l) => l.id).join(', ')} scored differently from an offline rescoring without the bomb` });
    } else if (replays < config.maxReplays) {
      replays++;
      const job = byKey.get(s.key)!;
      const control = await replay(pool, job, setup);
      if (control === true) misscored.push({ ...s, why: 'a fault-free replay of the same job succeeds' });
    } else replaysSkipped++;
  }

  phase('checks');
  log(`checks done: ${suspects.length} suspects, ${replays} replays; fuzz pass (${config.fuzzCases} cases)`);
  // Fuzz pass, on the same pool and next to the recorded run (which must not change).
  // Streamed: a full-size run's file is larger than one readFileSync may return (2 GB).
  const digest = () => {
    const hash = createHash('sha256');
    const fd = openSync(episodesPath, 'r');
    try {
      const chunk = Buffer.allocUnsafe(16 * 1024 * 1024);
      for (let n; (n = readSync(fd, chunk, 0, chunk.length, null)) > 0; ) hash.update(chunk.subarray(0, n));
    } finally {
      closeSync(fd);
    }
    return hash.digest('hex');
  };
  const before = digest();
  const fuzz = config.fuzzCases > 0 ? await runFuzz({ cases: config.fuzzCases, seed: config.seed + 4, host: pool, runDir, template: templates[0]!, log }) : undefined;
  const runFileUnchanged = digest() === before;
  phase('fuzz');

  // Leftovers: contexts at the browser level (every client), then processes once all is closed.
  const leftoverContexts: number[] = [];
  for (const i of fleet.live()) leftoverContexts.push(await fleet.contextCount(i).catch(() => -1));
  const poolContexts = pool.status().reduce((n, s) => n + s.contexts, 0);
  await pool.close();
  await fleet.close();
  await suite.close();
  let survivors = census.survivors();
  for (let i = 0; i < 20 && survivors.length; i++) {
    await new Promise((r) => setTimeout(r, 250));
    survivors = census.survivors();
  }
  clearInterval(sampler);
  phase('teardown');

  // Memory: after warm-up (first batch end past 40% of the run) against the end.
  const warm = memory.find((m) => m.at >= warmAt) ?? memory[0];
  const last = memory.at(-1);
  const growth: Record<string, number> = {};
  if (warm && last && warm !== last) {
    growth.orchestrator = (last.self - warm.self) / warm.self;
    last.browsers.forEach((b, i) => {
      // A browser restarted after warm-up is compared with its own first idle sample.
      const base = memory.find((m) => m.at >= warm.at && m.browsers[i]!.generation === b.generation && m !== last);
      if (base && base.browsers[i]!.rss > 0 && b.rss > 0) growth[`browser${i}`] = (b.rss - base.browsers[i]!.rss) / base.browsers[i]!.rss;
    });
  }
  const rssGrowth = Object.values(growth).length ? Math.max(...Object.values(growth)) : 0;

  const faultCounts = injector.counts();
  const corruptFiles = [episodeLog.corruptLines > 0, (kr?.corruptLinesAfter ?? 0) > 0, (kr?.corruptLinesAtKill ?? 0) > 0].filter(Boolean).length;
  const result = {
    episodes: accounting.scheduled + (kr?.jobs ?? 0),
    finished: accounting.finished + (kr?.finished ?? 0),
    infra_errors: accounting.infraErrors,
    unaccounted: accounting.unaccounted.length + (kr?.unaccounted.length ?? 0),
    misscored: misscored.length,
    orphans: survivors.length + leftoverContexts.filter((n) => n !== 0).reduce((a, n) => a + Math.abs(n), 0),
    rss_growth: Number(rssGrowth.toFixed(4)),
    corrupt_files: corruptFiles,
    redone_after_resume: kr?.redone ?? 0,
    faults_injected: Object.values(faultCounts).reduce((a, n) => a + n, 0),
    in_flight_at_kill: kr?.inFlightAtKill ?? 0,
    fault_counts: faultCounts,
    fuzz_cases: fuzz?.cases ?? 0,
    fuzz_clear_errors: fuzz?.clearErrors ?? 0,
    fuzz_crashes: fuzz?.crashes.length ?? 0,
    config: { envs: config.envs, servers: config.servers, minutes: config.minutes, seed: config.seed, tasks: config.tasks, max_attempts: config.maxAttempts, train_jobs: config.trainJobs, fuzz_cases: config.fuzzCases },
    details: {
      seconds: (Date.now() - started) / 1000,
      phases,
      batches: workload.batches,
      given_up: accounting.givenUp,
      error_codes: accounting.errorCodes,
      unaccounted_keys: [...accounting.unaccounted, ...(kr?.unaccounted ?? [])].slice(0, 20),
      unexpected_keys: accounting.unexpected.slice(0, 20),
      suspects: suspects.length,
      misscored: misscored.slice(0, 20).map((m) => ({ key: m.key, reason: m.reason, detail: m.detail, why: m.why })),
      replays,
      replays_skipped: replaysSkipped,
      label_memory_episodes: bombsChecked,
      label_memory_kills_seen_at_finish: memoryKills,
      skipped_faults: FAULT_KINDS.reduce((o, k) => ({ ...o, [k]: injector.events.filter((e) => e.kind === k && !e.hit).length }), {} as Record<FaultKind, number>),
      chromium_before: chromiumBefore,
      chromium_seen: census.seen,
      chromium_survivors: survivors,
      leftover_contexts: leftoverContexts,
      pool_contexts_after_close: poolContexts,
      rss_mb: { warm: warm ? { self: Math.round(warm.self), self_heap: Math.round(warm.selfHeap), browsers: warm.browsers.map((b) => Math.round(b.rss)) } : null, end: last ? { self: Math.round(last.self), self_heap: Math.round(last.selfHeap), browsers: last.browsers.map((b) => Math.round(b.rss)) } : null, growth },
      memory_samples: memory.length,
      corrupt_lines: episodeLog.corruptLines,
      torn_bytes: episodeLog.tornBytes,
      kill_resume: kr,
      run_file_unchanged_by_fuzz: runFileUnchanged,
      fuzz_crashes: fuzz?.crashes.slice(0, 20) ?? [],
      fuzz_accepted: fuzz?.accepted ?? 0,
      fuzz_unclear: fuzz?.unclear.slice(0, 20) ?? [],
      fuzz_by_group: fuzz?.byGroup,
      fuzz_slowest: fuzz?.slowest,
      bomb_label: BOMB_LABEL_ID,
      run_dir: config.keep ? runDir : undefined,
    },
  };
  if (!config.keep) rmSync(runDir, { recursive: true, force: true });
  console.log(config.json ? JSON.stringify(result) : JSON.stringify(result, null, 2));
}

/** The same job without faults: its oracle verdict. */
async function replay(host: BrowserPool, job: ScheduledJob, setup: Awaited<ReturnType<typeof prepareSoak>>): Promise<boolean | undefined> {
  const env = new WebEnv({ runtime: host });
  try {
    const { trajectory } = await runEpisode(env, agentFor(job, setup), { task: job.template, seed: job.seed });
    return trajectory.outcome?.error ? undefined : trajectory.outcome?.oracle?.success;
  } finally {
    await env.close();
  }
}

await main();
