import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerBench } from '../../src/cli/commands/bench.ts';
import { loadAgentModule } from '../../src/report/index.ts';
import { episodeRecords, fakeConfig, writeFakeRun } from './fixtures.ts';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'coregym-bench-cli-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  registerBench(program);
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  try {
    await program.parseAsync(['node', 'coregym', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out.join('');
}

function module(name: string, source: string): string {
  const path = join(root, name);
  writeFileSync(path, source);
  return path;
}

describe('loadAgentModule', () => {
  it('accepts a default-exported class, factory or instance', async () => {
    const cls = await loadAgentModule(module('cls.ts', "export default class Mine { name = 'mine'; reset(): void {} async act() { return { action: 'noop()' }; } }"));
    expect(typeof cls).toBe('function');
    expect(await (cls as (w: number) => Promise<{ name: string }>)(0)).toMatchObject({ name: 'mine' });
    const factory = await loadAgentModule(module('factory.mjs', "export default (worker) => ({ name: 'w' + worker, reset() {}, async act() { return { action: 'noop()' }; } });"));
    expect(await (factory as (w: number) => Promise<{ name: string }>)(3)).toMatchObject({ name: 'w3' });
    const instance = await loadAgentModule(module('instance.mjs', "export default { name: 'one', reset() {}, async act() { return { action: 'noop()' }; } };"));
    expect(instance).toMatchObject({ name: 'one' });
  });

  it('says what is missing when the module is not an agent', async () => {
    await expect(loadAgentModule(join(root, 'nope.ts'))).rejects.toThrow(/loadAgentModule: no agent module at ".*nope\.ts" \(expected a built-in agent name: random, policy, claude, openai/);
    await expect(loadAgentModule(module('named.mjs', 'export const agent = {};'))).rejects.toThrow(/default export of .*named\.mjs is missing \(expected an Agent, an Agent class or a factory; the module exports \["agent"\]\)/);
    await expect(loadAgentModule(module('half.mjs', "export default { name: 'half', reset() {} };"))).rejects.toThrow(/not an Agent \(expected an object with name, reset\(task\) and act\(observation, context\); got an object with keys \["name","reset"\], missing act\(observation, context\)\)/);
    const bad = await loadAgentModule(module('badfactory.mjs', 'export default () => 42;'));
    await expect((bad as (w: number) => Promise<unknown>)(0)).rejects.toThrow(/what the factory returned for worker 0\): not an Agent .*got number/);
  });
});

describe('coregym report', () => {
  it('compares runs, names better and worse tasks, and writes the HTML', async () => {
    const tasks = [{ id: 'shop.a', split: 'train' as const }, { id: 'shop.b', split: 'train' as const }];
    writeFakeRun(join(root, 'r1'), fakeConfig('monday', tasks, [1001]), episodeRecords([{ taskId: 'shop.a', seed: 1001, steps: 2, success: true }, { taskId: 'shop.b', seed: 1001, steps: 2, success: false }]));
    writeFakeRun(join(root, 'r2'), fakeConfig('tuesday', tasks, [1001]), episodeRecords([{ taskId: 'shop.a', seed: 1001, steps: 2, success: false }, { taskId: 'shop.b', seed: 1001, steps: 2, success: true }]));
    const text = await cli('report', join(root, 'r1'), join(root, 'r2'), '--out', join(root, 'cmp.html'));
    expect(text).toContain('better: shop.b (+100.0%)');
    expect(text).toContain('worse:  shop.a (-100.0%)');
    expect(existsSync(join(root, 'cmp.html'))).toBe(true);
    const json = JSON.parse(await cli('report', join(root, 'r1'), join(root, 'r2'), '--out', join(root, 'cmp.html'), '--json'));
    expect(json.better).toEqual([{ task_id: 'shop.b', delta: 1 }]);
    expect(json.runs.map((r: { name: string }) => r.name)).toEqual(['monday', 'tuesday']);
  });

  it('rejects a folder that is not a benchmark run', async () => {
    await expect(cli('report', root)).rejects.toThrow(/loadRun: ".*" is not a benchmark run \(expected .*config\.json, written by `coregym bench`\)/);
  });
});

describe('coregym bench', () => {
  it('rejects an agent that is neither a built-in name nor a path', async () => {
    await expect(cli('bench', '--agent', 'gpt', '--out', join(root, 'x'))).rejects.toThrow(/--agent must be one of random, policy, claude, openai or the path of a module \(got "gpt"\)/);
  });

  it('benchmarks a user module end to end and prints a JSON summary', async () => {
    const path = module('answer-agent.ts', "export default class AnswerAgent { name = 'answer-agent'; reset(): void {} async act() { return { action: 'send_msg_to_user(\"done\")', raw: 'I am done.' }; } }");
    const out = join(root, 'bench-out');
    const json = JSON.parse(await cli('bench', '--agent', path, '--tasks', 'shop.info-price', '--split', 'train', '--episodes', '1', '--parallel', '1', '--out', out, '--json'));
    expect(json).toMatchObject({ agent: { name: 'answer-agent' }, episodes: 1, finished: 1, success: 0, infra_errors: 0, tasks: { 'shop.info-price': { finished: 1 } } });
    expect(json.report).toBe(join(out, 'report.html'));
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.episodes[0]).toMatchObject({ key: 'shop.info-price/s1001', steps: 1, answer: 'done' });
    await expect(cli('bench', '--agent', path, '--tasks', 'shop.info-price', '--out', out, '--json')).rejects.toThrow(/already holds a benchmark of answer-agent/);
  }, 120_000);
});
