/**
 * The run store: durable JSONL appends that survive a kill mid-write, corruption that is counted
 * rather than fatal, atomic JSON files, and the last finished attempt per key.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunError } from '../../src/env/errors.ts';
import type { Trajectory } from '../../src/env/trajectory.ts';
import { EpisodeWriter, finishedEpisodes, readEpisodeLog, readJson, runPaths, writeJsonAtomic } from '../../src/train/run-store.ts';
import type { EpisodeRecord } from '../../src/train/run-store.ts';
import { shippedDemo, tempDir } from './fixtures.ts';

const tmp = tempDir('store');
afterAll(() => tmp.remove());

const base = shippedDemo('forum.subscribe', 1);
const traj = (id: string): Trajectory => ({ ...base, id, source: 'rollout' });
const episode = (key: string, attempt: number, id = `${key}-${attempt}`): EpisodeRecord => ({ kind: 'episode', key, attempt, trajectory: traj(id) });
const failure = (key: string, attempt: number, code = 'browser_crashed'): EpisodeRecord => ({ kind: 'error', key, attempt, code, message: `attempt ${attempt} failed`, steps: 1 });

let fileCount = 0;
const freshFile = () => join(tmp.dir, `episodes-${fileCount++}`, 'episodes.jsonl');

describe('EpisodeWriter and readEpisodeLog', () => {
  it('reads lines that cross its 16 MB read chunks, with multi-byte text split at the boundary', () => {
    const path = freshFile();
    const writer = new EpisodeWriter(path);
    // ~6 MB records (the goal padded with 3-byte characters): several land across chunk edges.
    const big = (i: number): EpisodeRecord => ({ kind: 'episode', key: `big-${i}`, attempt: 1, trajectory: { ...traj(`big-${i}`), goal: `${i} ${'€'.repeat(2_000_000)}` } });
    for (let i = 0; i < 6; i++) writer.append(i === 3 ? failure('mid', 1) : big(i));
    writer.close();
    appendFileSync(path, '{"kind":"episode","key":"torn"');
    const log = readEpisodeLog(path, { repair: true });
    expect(statSync(path).size).toBeGreaterThan(32 * 1024 * 1024);
    expect(log).toMatchObject({ corruptLines: 0, tornBytes: '{"kind":"episode","key":"torn"'.length });
    expect(log.records.map((r) => r.key)).toEqual(['big-0', 'big-1', 'big-2', 'mid', 'big-4', 'big-5']);
    for (const r of log.records) if (r.kind === 'episode') expect(r.trajectory.goal).toBe(`${r.key.slice(4)} ${'€'.repeat(2_000_000)}`);
    expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(true);
  });

  it('appends one complete line per record, creating the folder, and reads them back in order', () => {
    const path = freshFile();
    const writer = new EpisodeWriter(path);
    writer.append(episode('a', 1));
    writer.append(failure('b', 1));
    writer.close();
    const text = readFileSync(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(3);
    const log = readEpisodeLog(path);
    expect(log).toMatchObject({ tornBytes: 0, corruptLines: 0 });
    expect(log.records.map((r) => [r.kind, r.key, r.attempt])).toEqual([['episode', 'a', 1], ['error', 'b', 1]]);
    const first = log.records[0]!;
    expect(first.kind === 'episode' && first.trajectory.id).toBe('a-1');
    expect(first.kind === 'episode' && first.trajectory.steps.length).toBe(base.steps.length);
  });

  it('refuses appends after close with RunError run_io, and close is idempotent', () => {
    const writer = new EpisodeWriter(freshFile());
    writer.close();
    writer.close();
    expect(() => writer.append(episode('a', 1))).toThrow(RunError);
    expect(() => writer.append(episode('a', 1))).toThrow(/is closed/);
  });

  it('cuts a torn last line (a kill mid-write) on open, and later appends continue cleanly', () => {
    const path = freshFile();
    const writer = new EpisodeWriter(path);
    writer.append(episode('a', 1));
    writer.append(episode('b', 1));
    writer.close();
    const clean = statSync(path).size;
    const line = `${JSON.stringify(episode('c', 1))}\n`;
    const half = line.slice(0, Math.floor(line.length / 2));
    appendFileSync(path, half);

    // Reading without repair reports the torn bytes and leaves the file alone.
    const seen = readEpisodeLog(path);
    expect(seen.tornBytes).toBe(Buffer.byteLength(half));
    expect(seen.corruptLines).toBe(0);
    expect(seen.records.map((r) => r.key)).toEqual(['a', 'b']);
    expect(statSync(path).size).toBe(clean + Buffer.byteLength(half));

    const reopened = new EpisodeWriter(path);
    expect(statSync(path).size).toBe(clean);
    reopened.append(episode('c', 1));
    reopened.close();
    const after = readEpisodeLog(path);
    expect(after).toMatchObject({ tornBytes: 0, corruptLines: 0 });
    expect(after.records.map((r) => r.key)).toEqual(['a', 'b', 'c']);
  });

  it('repairs a file that is nothing but a torn line', () => {
    const path = freshFile();
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, '{"kind":"episode","key":"a","att');
    const log = readEpisodeLog(path, { repair: true });
    expect(log).toEqual({ records: [], tornBytes: 32, corruptLines: 0 });
    expect(readFileSync(path, 'utf8')).toBe('');
  });

  it('counts complete corrupt lines (bad JSON, wrong shape) without failing, and keeps every good record', () => {
    const path = freshFile();
    const writer = new EpisodeWriter(path);
    writer.append(episode('a', 1));
    writer.close();
    appendFileSync(path, '{"kind":"episode","key":\n');
    appendFileSync(path, `${JSON.stringify({ kind: 'error', key: 'x' })}\n`);
    appendFileSync(path, `${JSON.stringify({ kind: 'finished', key: 'y', attempt: 1 })}\n`);
    appendFileSync(path, '\n');
    // Opening a writer on it is not fatal either, and does not cut the complete lines.
    const size = statSync(path).size;
    const again = new EpisodeWriter(path);
    expect(statSync(path).size).toBe(size);
    again.append(failure('b', 1, 'start_failed'));
    again.close();
    const log = readEpisodeLog(path);
    expect(log.corruptLines).toBe(3);
    expect(log.tornBytes).toBe(0);
    expect(log.records.map((r) => `${r.kind}:${r.key}`)).toEqual(['episode:a', 'error:b']);
  });

  it('reads a missing file as empty, and names the path when it cannot be read', () => {
    expect(readEpisodeLog(join(tmp.dir, 'missing.jsonl'))).toEqual({ records: [], tornBytes: 0, corruptLines: 0 });
    const dir = join(tmp.dir, 'a-directory.jsonl');
    mkdirSync(dir);
    const error = (() => {
      try {
        readEpisodeLog(dir);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(RunError);
    expect((error as RunError).code).toBe('run_io');
    expect((error as RunError).message).toContain(dir);
  });
});

describe('writeJsonAtomic and readJson', () => {
  it('writes pretty JSON with a final newline, creating folders, with no temp file left', () => {
    const path = join(tmp.dir, 'atomic', 'deep', 'metrics.json');
    writeJsonAtomic(path, { round: 1, values: [1, 2] });
    expect(readFileSync(path, 'utf8')).toBe(`${JSON.stringify({ round: 1, values: [1, 2] }, null, 2)}\n`);
    expect(readdirSync(join(tmp.dir, 'atomic', 'deep'))).toEqual(['metrics.json']);
    writeJsonAtomic(path, { round: 2 });
    expect(readJson(path)).toEqual({ round: 2 });
    expect(readdirSync(join(tmp.dir, 'atomic', 'deep'))).toEqual(['metrics.json']);
  });

  it('leaves the previous file whole when a write fails, and no partial or temp file behind', () => {
    const dir = join(tmp.dir, 'atomic-fail');
    const path = join(dir, 'config.json');
    writeJsonAtomic(path, { version: 1 });
    const before = readFileSync(path, 'utf8');
    // A value that cannot be serialized fails before anything is written.
    expect(() => writeJsonAtomic(path, { big: 1n })).toThrow(TypeError);
    expect(readFileSync(path, 'utf8')).toBe(before);
    // A rename that fails (the target is a folder) leaves neither the temp file nor a changed target.
    const blocked = join(dir, 'blocked.json');
    mkdirSync(blocked);
    expect(() => writeJsonAtomic(blocked, { version: 2 })).toThrow();
    expect(statSync(blocked).isDirectory()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['blocked.json', 'config.json']);
  });

  it('reads a missing file as undefined, and a broken one as RunError run_invalid naming it', () => {
    expect(readJson(join(tmp.dir, 'nope.json'))).toBeUndefined();
    const path = join(tmp.dir, 'broken.json');
    writeFileSync(path, '{"round": 1,');
    expect(() => readJson(path)).toThrow(RunError);
    try {
      readJson(path);
    } catch (e) {
      expect((e as RunError).code).toBe('run_invalid');
      expect((e as RunError).message).toContain(path);
    }
  });
});

describe('finishedEpisodes', () => {
  it('keeps the last finished attempt per key and leaves out keys that only failed', () => {
    const log = {
      records: [
        failure('a', 1),
        episode('a', 2, 'a-second'),
        episode('b', 1, 'b-first'),
        failure('c', 1),
        episode('b', 2, 'b-second'),
        failure('c', 2, 'start_failed'),
        episode('d', 1, 'd-only'),
      ],
      tornBytes: 0,
      corruptLines: 0,
    };
    const done = finishedEpisodes(log);
    expect([...done.keys()].sort()).toEqual(['a', 'b', 'd']);
    expect(done.get('a')!.id).toBe('a-second');
    expect(done.get('b')!.id).toBe('b-second');
    expect(done.get('d')!.id).toBe('d-only');
    expect(done.has('c')).toBe(false);
  });

  it('works on a log read from disk after a torn write', () => {
    const path = freshFile();
    const writer = new EpisodeWriter(path);
    writer.append(episode('k', 1, 'k-first'));
    writer.append(episode('k', 2, 'k-second'));
    writer.close();
    appendFileSync(path, JSON.stringify(episode('k', 3, 'k-torn')).slice(0, 40));
    expect(finishedEpisodes(readEpisodeLog(path)).get('k')!.id).toBe('k-second');
  });
});

describe('runPaths', () => {
  it('lays out a run directory by round', () => {
    const p = runPaths('/runs/r');
    expect(p).toMatchObject({ dir: '/runs/r', config: '/runs/r/config.json', summary: '/runs/r/summary.json', screenshots: '/runs/r/screenshots' });
    expect(p.round(2)).toEqual({
      dir: '/runs/r/round-2',
      episodes: '/runs/r/round-2/episodes.jsonl',
      eval: '/runs/r/round-2/eval.jsonl',
      labels: '/runs/r/round-2/labels',
      graphs: '/runs/r/round-2/graphs',
      dataset: '/runs/r/round-2/dataset',
      tasks: '/runs/r/round-2/tasks.json',
      metrics: '/runs/r/round-2/metrics.json',
      policy: '/runs/r/round-2/policy.json',
      expansions: '/runs/r/round-2/expansions.json',
    });
    expect(existsSync('/runs/r')).toBe(false);
  });
});
