/**
 * trainOnBuiltinSuite: the one-call CORE loop behind `coregym demo` and `coregym train`, on one
 * built-in template with its own suite and browser; template selection by `tasks` and `filter`,
 * and the record-demos hint when nothing matches.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunError } from '../../src/env/errors.ts';
import type { Trajectory } from '../../src/env/trajectory.ts';
import { HeuristicSynthesizer } from '../../src/labels/heuristic-synthesizer.ts';
import type { SynthesizeOptions, Synthesizer } from '../../src/labels/synthesizer.ts';
import { trainOnBuiltinSuite } from '../../src/train/builtin-run.ts';
import { runPaths } from '../../src/train/run-store.ts';
import { tempDir } from './fixtures.ts';

const tmp = tempDir('builtin-run');
afterAll(() => tmp.remove());

/** The heuristic synthesizer under another name, counting its calls. */
class NamedSynthesizer implements Synthesizer {
  readonly name = 'heuristic-under-test';
  readonly calls: string[] = [];
  readonly #inner = new HeuristicSynthesizer();
  synthesize(demo: Trajectory, options?: SynthesizeOptions) {
    this.calls.push(demo.taskId);
    return this.#inner.synthesize(demo, options);
  }
}

describe('trainOnBuiltinSuite', () => {
  it('runs the loop on the templates that match both tasks and filter, with the given synthesizer and seed', async () => {
    const runDir = join(tmp.dir, 'run');
    const synthesizer = new NamedSynthesizer();
    const phases: string[] = [];
    const result = await trainOnBuiltinSuite({
      runDir,
      tasks: /^forum\./,
      filter: (t) => t.id === 'forum.most-subscribers',
      synthesizer,
      seed: 3,
      rounds: 1,
      rolloutsPerTask: 1,
      parallel: 2,
      poolSeeds: [1],
      heldoutSeeds: [1001],
      heldoutTemplateSeeds: [],
      onEvent: (e) => {
        if (e.type === 'phase') phases.push(`${e.round}:${e.phase}`);
      },
    });
    expect(result.runDir).toBe(runDir);
    expect(result.rounds.map((r) => r.round)).toEqual([0, 1]);
    expect(result.pool.map((t) => t.id)).toEqual(['forum.most-subscribers.s1']);
    expect(synthesizer.calls[0]).toBe('forum.most-subscribers.s1');
    const paths = runPaths(runDir);
    const config = JSON.parse(readFileSync(paths.config, 'utf8'));
    expect(config).toMatchObject({
      rounds: 1,
      rolloutsPerTask: 1,
      synthesizer: 'heuristic-under-test',
      instructor: 'key-steps',
      policy: 'linear-policy',
      pool: ['forum.most-subscribers.s1'],
      eval: ['forum.most-subscribers@1001', 'forum.most-subscribers.s1@1'],
    });
    expect(JSON.parse(readFileSync(paths.round(1).policy, 'utf8'))).toMatchObject({ schema: 'coregym.linear-policy/1', seed: 3 });
    expect(phases).toEqual(['0:labels', '0:eval', '1:explore', '1:expand', '1:extrapolate', '1:dataset', '1:update', '1:eval']);
    expect(result.rounds[1]!.episodes).toBe(3);
  });

  it('says to record demos when no template matches, before creating the run directory', async () => {
    const runDir = join(tmp.dir, 'none');
    const error = await trainOnBuiltinSuite({ runDir, tasks: 'no-such-template', rounds: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as RunError).code).toBe('run_invalid');
    expect((error as RunError).message).toMatch(/Run `coregym suite record-demos` first/);
    expect(existsSync(runDir)).toBe(false);
  });
});
