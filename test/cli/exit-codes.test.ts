/**
 * The CLI's contract with scripts: exit codes that mean something (0 ok, 2 usage), one clear
 * message line for bad input, no stack traces, and `--json` output that parses.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const cli = (...args: string[]) => spawnSync(process.execPath, ['--no-node-snapshot', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });

describe('coregym CLI exit codes', () => {
  it('--help exits 0 and lists the subcommands', () => {
    const run = cli('--help');
    expect(run.status).toBe(0);
    for (const sub of ['demo', 'train', 'synth', 'run', 'suite', 'eval-labels', 'eval-graph', 'bench', 'report', 'import']) expect(run.stdout).toContain(sub);
  });

  it.each([
    [['no-such-command'], /unknown command/],
    [['train', '--rounds', 'x'], /--rounds must be an integer >= 1/],
    [['train', '--demo-share', '2'], /--demo-share must be a number in \[0, 1\]/],
    // Checked inside the action, not by commander's parser: must still print its message.
    [['train', '--synth', 'magic'], /--synth must be heuristic or claude \(got "magic"\)/],
    [['eval-labels', '--suite', 'webarena'], /--suite must be builtin/],
  ])('%j is a usage error (exit 2) with one clear message', (args, message) => {
    const run = cli(...args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('suite list --json prints the templates as JSON', () => {
    const run = cli('suite', 'list', '--json');
    expect(run.status, run.stderr).toBe(0);
    const templates = JSON.parse(run.stdout) as { id: string }[];
    expect(templates.length).toBeGreaterThanOrEqual(45);
    expect(templates.map((t) => t.id)).toContain('shop.add-to-wishlist');
  });
});
