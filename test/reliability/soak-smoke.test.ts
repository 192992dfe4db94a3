import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');

interface SoakResult {
  episodes: number;
  finished: number;
  infra_errors: number;
  unaccounted: number;
  misscored: number;
  orphans: number;
  rss_growth: number;
  corrupt_files: number;
  redone_after_resume: number;
  in_flight_at_kill: number;
  faults_injected: number;
  fault_counts: Record<string, number>;
  fuzz_cases: number;
  fuzz_clear_errors: number;
  fuzz_crashes: number;
  details: Record<string, unknown>;
}

function runSoak(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--no-node-snapshot', 'bench/soak.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

describe('soak (smoke size)', () => {
  it('accounts for every episode under faults, leaves nothing behind and survives the fuzz pass', async () => {
    const { code, stdout, stderr } = await runSoak([
      '--envs', '2', '--servers', '2', '--minutes', '0.33', '--fuzz-cases', '50', '--train-jobs', '4',
      '--tasks', 'shop.add-to-wishlist,forum.subscribe', '--max-replays', '4', '--json',
    ]);
    expect(code, stderr.slice(-2000)).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0]!) as SoakResult;
    const context = JSON.stringify(r.details).slice(0, 3000);
    expect(r.episodes, context).toBeGreaterThan(0);
    expect(r.faults_injected, context).toBeGreaterThanOrEqual(3);
    expect(r.fault_counts.train_kill, context).toBe(1);
    expect(r.unaccounted, context).toBe(0);
    expect(r.misscored, context).toBe(0);
    expect(r.orphans, context).toBe(0);
    expect(r.corrupt_files, context).toBe(0);
    expect(r.rss_growth, context).toBeLessThanOrEqual(0.15);
    expect(r.redone_after_resume, context).toBeLessThanOrEqual(r.in_flight_at_kill);
    expect(r.fuzz_cases).toBeGreaterThanOrEqual(50);
    expect(r.fuzz_crashes, context).toBe(0);
    expect(r.fuzz_clear_errors).toBeGreaterThan(r.fuzz_cases * 0.8);
  }, 600_000);
});
