import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordedJudge } from '../../src/graph/index.ts';
import { RunError } from '../../src/env/errors.ts';
import { makeTrajectory } from './trajectories.ts';

describe('RecordedJudge', () => {
  it('returns recorded decisions and abstains on trajectories it has none for', async () => {
    const judge = new RecordedJudge({ 'run-1': { success: true, reason: 'bought via search' } });
    expect(await judge.judge(makeTrajectory('run-1', []))).toEqual({ success: true, reason: 'bought via search' });
    expect(await judge.judge(makeTrajectory('run-2', []))).toBeNull();
  });

  it('loads a coregym.judgements/1 file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coregym-judge-'));
    const file = join(dir, 'judgements.json');
    writeFileSync(file, JSON.stringify({ schema: 'coregym.judgements/1', decisions: { 'run-1': { success: false } } }));
    const judge = await RecordedJudge.fromFile(file);
    expect(await judge.judge(makeTrajectory('run-1', []))).toEqual({ success: false });
  });

  it('names the bad field of an invalid file, and reports unreadable files', async () => {
    expect(() => RecordedJudge.parse({ schema: 'coregym.judgements/1', decisions: { 'run-1': { success: 'yes' } } })).toThrow(
      /RecordedJudge\.parse: invalid judgements at decisions\["run-1"\]\.success: Invalid input: expected boolean, received string/,
    );
    await expect(RecordedJudge.fromFile('/nonexistent/judgements.json')).rejects.toThrow(expect.objectContaining({ code: 'run_io' }));
    const dir = mkdtempSync(join(tmpdir(), 'coregym-judge-'));
    writeFileSync(join(dir, 'bad.json'), '{');
    await expect(RecordedJudge.fromFile(join(dir, 'bad.json'))).rejects.toThrow(RunError);
  });
});
