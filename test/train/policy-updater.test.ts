/**
 * Policy updates: the built-in LinearPolicy updater (deterministic, restorable, extrapolated entries
 * under their instruction), the command hook (a real child process given the dataset folder) and
 * the function hook.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agents/agent.ts';
import { LinearPolicy } from '../../src/agents/policy/linear-policy.ts';
import { OpenAICompatibleAgent } from '../../src/agents/openai-compatible-agent.ts';
import { RunError } from '../../src/env/errors.ts';
import { exportDataset } from '../../src/train/dataset.ts';
import type { DatasetEntry } from '../../src/train/dataset.ts';
import { CommandPolicyUpdater, FunctionPolicyUpdater, LinearPolicyUpdater } from '../../src/train/policy-updater.ts';
import type { Policy, PolicyUpdateContext } from '../../src/train/policy-updater.ts';
import { readJsonl, shippedDemo, tempDir } from './fixtures.ts';

const tmp = tempDir('policy');
afterAll(() => tmp.remove());

const demos = [shippedDemo('forum.subscribe', 1, { strategy: 'directory' }), shippedDemo('shop.add-to-wishlist', 1, { strategy: 'browse' })];
const verified = { ...shippedDemo('forum.subscribe', 2, { strategy: 'directory' }), source: 'rollout' as const };
const extrapolatedTrajectory = shippedDemo('tracker.delete-project', 1);
const INSTRUCTION = 'Look for a way to delete the project and report what you find.';
const entries: DatasetEntry[] = [
  ...demos.map((trajectory) => ({ trajectory, source: 'demo' as const })),
  { trajectory: verified, source: 'verified' },
  { trajectory: extrapolatedTrajectory, source: 'extrapolated', instruction: INSTRUCTION },
];
const weights = (policy: Policy) => JSON.stringify(policy.toJSON!());

function datasetDir(name: string): string {
  const dir = join(tmp.dir, name);
  exportDataset(dir, entries);
  return dir;
}

describe('LinearPolicyUpdater', () => {
  it('trains the initial policy deterministically: same demos and seed, same weights', async () => {
    const reports: { round: number; examples: number }[] = [];
    const a = await new LinearPolicyUpdater({ seed: 3, epochs: 4, onTrain: (r) => reports.push(r) }).initial(demos);
    const b = await new LinearPolicyUpdater({ seed: 3, epochs: 4 }).initial(demos);
    const other = await new LinearPolicyUpdater({ seed: 4, epochs: 4 }).initial(demos);
    expect(a.name).toBe('linear-policy');
    expect(weights(a)).toBe(weights(b));
    expect(weights(a)).not.toBe(weights(other));
    const json = a.toJSON!() as { schema: string; weights: unknown[]; seed: number };
    expect(json).toMatchObject({ schema: 'coregym.linear-policy/1', seed: 3 });
    expect(json.weights.length).toBeGreaterThan(0);
    expect(reports).toEqual([expect.objectContaining({ round: 0, epochs: 4, examples: demos.reduce((n, d) => n + d.steps.length, 0) })]);
  });

  it('hands out sampling explorers and greedy evaluators, one instance per worker', async () => {
    const policy = await new LinearPolicyUpdater({ seed: 1, epochs: 2, temperature: 0.7 }).initial(demos);
    const evaluator = policy.evaluator(0);
    expect(evaluator).toBeInstanceOf(LinearPolicy);
    expect((evaluator as LinearPolicy).temperature).toBe(0);
    expect(policy.evaluator(1)).not.toBe(evaluator);
    const explorer = policy.explorer(0);
    expect(explorer.name).toBe('linear-policy');
    expect(policy.explorer(0)).not.toBe(explorer);
  });

  it('restores a saved policy to the same weights', async () => {
    const updater = new LinearPolicyUpdater({ seed: 2, epochs: 3 });
    const trained = await updater.update({ round: 1, datasetDir: datasetDir('linear'), entries });
    const saved = JSON.parse(JSON.stringify(trained.toJSON!()));
    const restored = updater.restore(saved);
    expect(weights(restored)).toBe(weights(trained));
    expect(restored.name).toBe('linear-policy');
    expect(() => updater.restore({ schema: 'something else' })).toThrow(/LinearPolicy.fromJSON: invalid policy/);
  });

  it('retrains from scratch on every entry each round, deterministically', async () => {
    const updater = new LinearPolicyUpdater({ seed: 5, epochs: 3 });
    const context: PolicyUpdateContext = { round: 2, datasetDir: datasetDir('scratch'), entries };
    const first = await updater.update(context);
    const second = await updater.update(context);
    expect(weights(second)).toBe(weights(first));
    const fewer = await updater.update({ ...context, entries: entries.slice(0, 2) });
    expect(weights(fewer)).not.toBe(weights(first));
  });

  it('trains extrapolated entries under their instruction, not the goal they were recorded with', async () => {
    const seed = 7;
    const epochs = 3;
    const viaUpdater = await new LinearPolicyUpdater({ seed, epochs }).update({ round: 1, datasetDir: datasetDir('instruction'), entries });
    const direct = new LinearPolicy({ seed });
    direct.train([...demos, verified, { ...extrapolatedTrajectory, goal: INSTRUCTION }], { epochs });
    expect(weights(viaUpdater)).toBe(JSON.stringify(direct.toJSON()));
    const underRecordedGoal = new LinearPolicy({ seed });
    underRecordedGoal.train([...demos, verified, extrapolatedTrajectory], { epochs });
    expect(weights(viaUpdater)).not.toBe(JSON.stringify(underRecordedGoal.toJSON()));
  });
});

/** Writes a training script that Node runs as the command hook. */
function script(name: string, body: string): string {
  const path = join(tmp.dir, `${name}.mjs`);
  writeFileSync(path, body);
  return path;
}

describe('CommandPolicyUpdater', () => {
  const initial = { baseURL: 'http://127.0.0.1:8000/v1', model: 'base-model' };

  it('serves the initial endpoint before any training', async () => {
    const updater = new CommandPolicyUpdater({ initial, command: ['false'] });
    const policy = await updater.initial();
    expect(policy.name).toBe('openai-compatible:base-model');
    expect(policy.toJSON!()).toEqual(initial);
    expect(policy.explorer(0)).toBeInstanceOf(OpenAICompatibleAgent);
    expect(policy.evaluator(0)).toBeInstanceOf(OpenAICompatibleAgent);
  });

  it('runs the command with the dataset folder as its last argument and serves the endpoint of its last stdout line', async () => {
    const trainer = script('train', `
      import { readFileSync, writeFileSync } from 'node:fs';
      import { join } from 'node:path';
      const [flag, dir] = process.argv.slice(2);
      const rows = readFileSync(join(dir, 'sharegpt.jsonl'), 'utf8').trim().split('\\n').length;
      writeFileSync(join(dir, 'trained-by-hook.txt'), flag + ' ' + rows);
      console.log('epoch 1/1: loss 0.5');
      console.log('serving on port 9001');
      console.log(JSON.stringify({ baseURL: 'http://127.0.0.1:9001/v1', model: 'tuned-' + rows, apiKey: 'k' }));
    `);
    const dir = datasetDir('command');
    const rows = readJsonl(join(dir, 'sharegpt.jsonl')).length;
    const updater = new CommandPolicyUpdater({ initial, command: [process.execPath, trainer, '--lr=1e-5'] });
    const policy = await updater.update({ round: 1, datasetDir: dir, entries });
    expect(policy.name).toBe(`openai-compatible:tuned-${rows}`);
    expect(policy.toJSON!()).toEqual({ baseURL: 'http://127.0.0.1:9001/v1', model: `tuned-${rows}`, apiKey: 'k' });
    expect(readFileSync(join(dir, 'trained-by-hook.txt'), 'utf8')).toBe(`--lr=1e-5 ${rows}`);
    const restored = updater.restore(policy.toJSON!());
    expect(restored.name).toBe(policy.name);
    expect(restored.toJSON!()).toEqual(policy.toJSON!());
  });

  it('fails with RunError run_io when the command exits non-zero, naming the command and the round', async () => {
    const failing = script('fail', "console.log(JSON.stringify({ baseURL: 'http://127.0.0.1:1/v1', model: 'm' })); process.exit(3);");
    const updater = new CommandPolicyUpdater({ initial, command: [process.execPath, failing] });
    const error = await updater.update({ round: 2, datasetDir: datasetDir('fail'), entries }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as RunError).code).toBe('run_io');
    expect((error as RunError).message).toMatch(/fail\.mjs exited with code 3 in round 2/);
  });

  it('fails with RunError run_io when the command cannot be started', async () => {
    const updater = new CommandPolicyUpdater({ initial, command: [join(tmp.dir, 'no-such-trainer')] });
    const error = await updater.update({ round: 1, datasetDir: tmp.dir, entries }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as RunError).code).toBe('run_io');
    expect((error as RunError).message).toMatch(/could not run .*no-such-trainer/);
  });

  it('fails with RunError run_invalid, quoting the line, when the last stdout line is not an endpoint', async () => {
    const cases: [string, string][] = [
      ['garbage', "console.log(JSON.stringify({ baseURL: 'http://x/v1', model: 'm' })); console.log('training finished, bye');"],
      ['no-url', "console.log(JSON.stringify({ baseURL: 'not a url', model: 'm' }));"],
      ['silent', ''],
    ];
    for (const [name, body] of cases) {
      const updater = new CommandPolicyUpdater({ initial, command: [process.execPath, script(name, body)] });
      const error = await updater.update({ round: 1, datasetDir: tmp.dir, entries }).catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(RunError);
      expect((error as RunError).code, name).toBe('run_invalid');
      expect((error as RunError).message, name).toContain("last stdout line must be JSON");
    }
    const garbage = await new CommandPolicyUpdater({ initial, command: [process.execPath, join(tmp.dir, 'garbage.mjs')] }).update({ round: 1, datasetDir: tmp.dir, entries }).catch((e: unknown) => e);
    expect((garbage as Error).message).toContain('"training finished, bye"');
  });

  it('kills a command that outlives its timeout and says so, and stops it with the abort reason', async () => {
    const forever = script('forever', "setInterval(() => {}, 1000); console.log('training ...');");
    const timed = new CommandPolicyUpdater({ initial, command: [process.execPath, forever], timeout: 300 });
    const error = await timed.update({ round: 3, datasetDir: tmp.dir, entries }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as RunError).code).toBe('run_io');
    expect((error as RunError).message).toMatch(/forever\.mjs was killed by SIGTERM \(the timeout is 300 ms\) in round 3/);

    const stop = new AbortController();
    const reason = new Error('stop training');
    const running = new CommandPolicyUpdater({ initial, command: [process.execPath, forever] }).update({ round: 1, datasetDir: tmp.dir, entries, signal: stop.signal });
    stop.abort(reason);
    await expect(running).rejects.toBe(reason);
  });

  it('refuses an empty command and endpoints that are not endpoints, with RunError run_invalid', () => {
    const invalid = (fn: () => unknown, pattern: RegExp) => {
      let error: unknown;
      try {
        fn();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(RunError);
      expect((error as RunError).code).toBe('run_invalid');
      expect((error as RunError).message).toMatch(pattern);
    };
    invalid(() => new CommandPolicyUpdater({ initial, command: [] }), /command is empty/);
    invalid(() => new CommandPolicyUpdater({ initial: { baseURL: '127.0.0.1 port 8000', model: 'm' }, command: ['train'] }), /options\.initial is not an endpoint \(baseURL: /);
    invalid(() => new CommandPolicyUpdater({ initial, command: ['train'] }).restore({ model: 'm' }), /the saved policy is not an endpoint \(baseURL: /);
  });
});

describe('FunctionPolicyUpdater', () => {
  it('serves the given initial policy and calls the function with each round context', async () => {
    const agent = (): Agent => ({ name: 'fn-agent', reset: () => undefined, act: async () => ({ action: { type: 'noop' } }) });
    const start: Policy = { name: 'start', explorer: agent, evaluator: agent };
    const seen: PolicyUpdateContext[] = [];
    const updater = new FunctionPolicyUpdater(start, async (context) => {
      seen.push(context);
      return { name: `after-round-${context.round}`, explorer: agent, evaluator: agent, toJSON: () => ({ round: context.round }) };
    });
    expect(updater.name).toBe('function');
    expect(await updater.initial()).toBe(start);
    const context: PolicyUpdateContext = { round: 4, datasetDir: '/data/round-4', entries };
    const next = await updater.update(context);
    expect(next.name).toBe('after-round-4');
    expect(next.toJSON!()).toEqual({ round: 4 });
    expect(seen).toEqual([context]);
    expect('restore' in updater).toBe(false);
  });
});
