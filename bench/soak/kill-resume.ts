/**
 * Fault (e): a training run killed with SIGKILL and resumed. The parent spawns train-child.ts,
 * waits until part of its episodes are recorded, kills it at a seeded moment, reads the log as
 * the kill left it (torn bytes, corrupt lines), notes which episodes were in flight, resumes the
 * run to the end, and checks from the run's own records that nothing was lost or redone beyond
 * the episodes in flight.
 * @module
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readEpisodeLog } from '../../src/train/index.ts';
import type { EpisodeRecord } from '../../src/train/index.ts';
import { accountFor } from './checks.ts';
import { childJobKeys, type TrainChildConfig } from './train-child.ts';
import type { Rng } from '../../src/env/index.ts';
import type { ScheduledJob } from './workload.ts';

const CHILD = resolve(import.meta.dirname, 'train-child.ts');

export interface KillResumeResult {
  jobs: number;
  killed: boolean;
  /** Records in the log when the run was killed. */
  recordsAtKill: number;
  /** Bytes of a torn last line found after the kill (cut by the resumed run). */
  tornBytesAtKill: number;
  corruptLinesAtKill: number;
  corruptLinesAfter: number;
  tornBytesAfter: number;
  /** Keys started but not finally recorded when the kill landed. */
  inFlightAtKill: number;
  /** Keys run again after the resume that had started before the kill. */
  redone: number;
  /** Keys with more than one finished-episode record (a finished episode run twice). */
  duplicateFinished: number;
  unaccounted: string[];
  finished: number;
  givenUp: number;
  killAt?: number;
  exitCodes: (number | null)[];
}

function runChild(config: TrainChildConfig, onSpawn?: (kill: () => boolean) => void, timeout = 600_000): Promise<number | null> {
  return new Promise((resolveExit, reject) => {
    const child = spawn(process.execPath, ['--no-node-snapshot', CHILD, JSON.stringify(config)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0 && signal !== 'SIGKILL') reject(new Error(`train child exited with ${code ?? signal}: ${stderr}`));
      else resolveExit(code);
    });
    onSpawn?.(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
  });
}

function readStarted(runDir: string): { key: string; at: number; resumed: boolean }[] {
  const path = join(runDir, 'started.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').flatMap((line) => {
    try {
      return line.trim() ? [JSON.parse(line) as { key: string; at: number; resumed: boolean }] : [];
    } catch {
      return []; // a start line torn by the kill: that attempt never began its episode
    }
  });
}

/** Keys with a final record: a finished episode, or `maxAttempts` errors. */
function settledKeys(records: readonly EpisodeRecord[], maxAttempts: number): Set<string> {
  const errors = new Map<string, number>();
  const out = new Set<string>();
  for (const r of records) {
    if (r.kind === 'episode') out.add(r.key);
    else errors.set(r.key, (errors.get(r.key) ?? 0) + 1);
  }
  for (const [k, n] of errors) if (n >= maxAttempts) out.add(k);
  return out;
}

export async function killAndResume(options: Omit<TrainChildConfig, 'resume'> & { rng: Rng; templatesById: Map<string, ScheduledJob['template']> }): Promise<KillResumeResult> {
  const { rng, templatesById, ...base } = options;
  mkdirSync(base.runDir, { recursive: true });
  const log = join(base.runDir, 'episodes.jsonl');
  // Kill once this many records exist, plus a seeded delay so the kill lands mid-episode.
  const killAfter = Math.max(1, Math.floor(base.jobs / 3));
  let killAt: number | undefined;
  const exitCodes: (number | null)[] = [];
  const first = runChild({ ...base, resume: false }, (kill) => {
    const poll = setInterval(() => {
      const n = readEpisodeLog(log).records.length;
      if (n >= killAfter) {
        clearInterval(poll);
        setTimeout(() => {
          const at = Date.now();
          if (kill()) killAt = at;
        }, rng.below(1500));
      }
    }, 200);
    poll.unref();
  });
  exitCodes.push(await first);
  const killed = killAt !== undefined;
  const atKill = readEpisodeLog(log);
  const startedBefore = new Set(readStarted(base.runDir).map((s) => s.key));
  const settledBefore = settledKeys(atKill.records, base.maxAttempts);
  const inFlight = [...startedBefore].filter((k) => !settledBefore.has(k));

  exitCodes.push(await runChild({ ...base, resume: true }));
  const after = readEpisodeLog(log);
  const startedAfter = new Set(readStarted(base.runDir).filter((s) => s.resumed).map((s) => s.key));
  const redone = [...startedAfter].filter((k) => startedBefore.has(k)).length;
  const finishedCount = new Map<string, number>();
  for (const r of after.records) if (r.kind === 'episode') finishedCount.set(r.key, (finishedCount.get(r.key) ?? 0) + 1);
  const scheduled = childJobKeys(base).map(({ key, taskId, seed }) => ({ key, template: templatesById.get(taskId)!, seed, agent: 'random' as const, agentSeed: 0 }));
  const accounting = accountFor(scheduled, after.records, base.maxAttempts);
  return {
    jobs: base.jobs,
    killed,
    recordsAtKill: atKill.records.length,
    tornBytesAtKill: atKill.tornBytes,
    corruptLinesAtKill: atKill.corruptLines,
    corruptLinesAfter: after.corruptLines,
    tornBytesAfter: after.tornBytes,
    inFlightAtKill: inFlight.length,
    redone,
    duplicateFinished: [...finishedCount.values()].filter((n) => n > 1).length,
    unaccounted: accounting.unaccounted,
    finished: accounting.finished,
    givenUp: accounting.givenUp,
    killAt,
    exitCodes,
  };
}
