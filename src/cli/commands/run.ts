/**
 * `coregym run`: one episode of an agent on one task, scored by labels when given, with the
 * trajectory saved and a step-by-step summary printed.
 * @module
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { BrowserRuntime, WebEnv } from '../../env/index.ts';
import { LabelRewarder, loadLabelSet } from '../../labels/index.ts';
import { runEpisode } from '../../agents/index.ts';
import { startSuite } from '../../suite/index.ts';
import { printJson, table } from '../output.ts';
import { resolveAgent } from './bench.ts';
import { intArg } from './train.ts';

interface RunFlags {
  task: string;
  seed: number;
  agent: string;
  labels?: string;
  out?: string;
  screenshots?: boolean;
  json?: boolean;
  policyFile?: string;
  model?: string;
  baseUrl?: string;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run one episode of an agent on a built-in task and print what happened')
    .requiredOption('--task <id>', 'a built-in task template (see `coregym suite list`)')
    .option('--seed <n>', 'task seed', intArg('--seed'), 1)
    .option('--agent <name>', 'random, policy, claude, openai, or the path of a module exporting an Agent', 'policy')
    .option('--labels <file>', 'a label set (from `coregym synth --out`) to score every step')
    .option('--out <file>', 'save the trajectory as JSON')
    .option('--screenshots', 'put screenshots in the observations')
    .option('--policy-file <file>', 'with --agent policy: a saved LinearPolicy')
    .option('--model <id>', 'with --agent claude|openai: the model')
    .option('--base-url <url>', 'with --agent claude|openai: the API base URL')
    .option('--json', 'print the trajectory as JSON')
    .action(async (flags: RunFlags) => {
      await using suite = await startSuite();
      const template = suite.template(flags.task);
      const runtime = new BrowserRuntime();
      try {
        const source = await resolveAgent({ ...flags, tasks: flags.task }, suite, runtime, (msg) => process.stderr.write(`${msg}\n`));
        const agent = await (typeof source === 'function' ? source(0) : source);
        const labels = flags.labels ? await loadLabelSet(flags.labels) : undefined;
        const rewarder = labels ? new LabelRewarder(() => ({ ...labels, taskId: template.id })) : undefined;
        await using env = new WebEnv({ runtime, rewarder, screenshot: flags.screenshots, agent: { name: agent.name, model: agent.model } });
        const { trajectory } = await runEpisode(env, agent, { task: template, seed: flags.seed });
        if (flags.out) writeFileSync(flags.out, `${JSON.stringify(trajectory)}\n`);
        if (flags.json) {
          printJson(trajectory);
          return;
        }
        process.stdout.write(`${trajectory.goal}\n`);
        process.stdout.write(`${table(['step', 'action', 'error', 'reward', 'key steps'], trajectory.steps.map((s) => [s.index, s.actionText.slice(0, 70), s.error.slice(0, 50), s.reward.toFixed(2), s.newlySatisfied.join(', ')]))}\n`);
        const o = trajectory.outcome;
        process.stdout.write(`oracle: ${o?.oracle ? `${o.oracle.success} (${o.oracle.reason ?? ''})` : '-'}; labels: ${o?.verdict ?? '-'}; ${o?.error ? `infrastructure error: ${o.error.code}` : ''}\n`);
      } finally {
        await runtime.close();
      }
    });
}
