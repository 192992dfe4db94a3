/**
 * Every script in examples/ runs to completion, so the examples in the docs never rot.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.ts')).sort();

describe('examples', () => {
  it('has examples to run', () => {
    expect(examples).toEqual(expect.arrayContaining(['benchmark.ts', 'custom-agent.ts', 'train-loop.ts']));
  });

  for (const file of examples) {
    it(`${file} runs and exits 0`, { timeout: 600_000 }, () => {
      const run = spawnSync(process.execPath, ['--no-node-snapshot', join('examples', file)], { cwd: root, encoding: 'utf8', timeout: 590_000 });
      expect(run.error, run.stderr).toBeUndefined();
      expect(run.status, `${file} failed:\n${run.stderr.slice(-3000)}`).toBe(0);
    });
  }
});
