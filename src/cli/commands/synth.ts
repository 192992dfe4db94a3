/**
 * `coregym synth`: Semantic Code Abstraction for one demo, printing or saving the label set.
 * @module
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { TaskFileError, TrajectorySchema } from '../../env/index.ts';
import type { Trajectory } from '../../env/index.ts';
import { ClaudeSynthesizer, HeuristicSynthesizer, saveLabelSet } from '../../labels/index.ts';
import { loadDemos, startSuite } from '../../suite/index.ts';
import { printJson, table } from '../output.ts';
import { intArg } from './train.ts';

interface SynthFlags {
  task?: string;
  seed: number;
  demo?: string;
  synth: string;
  out?: string;
  json?: boolean;
}

function readDemo(path: string): Trajectory {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new TaskFileError('task_invalid', `synth: cannot read demo ${path} (${(error as Error).message}). Pass a trajectory JSON file.`);
  }
  const parsed = TrajectorySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TaskFileError('task_invalid', `synth: ${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}. Pass a coregym trajectory (schema coregym.trajectory/1).`);
  }
  return parsed.data;
}

export function registerSynth(program: Command): void {
  program
    .command('synth')
    .description('infer validated label functions from one expert demonstration')
    .option('--task <id>', 'a built-in template; its shipped demo at --seed is used')
    .option('--seed <n>', 'demo seed', intArg('--seed'), 1)
    .option('--demo <file>', 'a trajectory JSON file to synthesize from instead')
    .option('--synth <name>', 'heuristic (offline) or claude (needs ANTHROPIC_API_KEY)', 'heuristic')
    .option('--out <file>', 'save the label set here')
    .option('--json', 'print the label set as JSON')
    .action(async (flags: SynthFlags) => {
      if (flags.synth !== 'heuristic' && flags.synth !== 'claude') throw new InvalidArgumentError(`--synth must be heuristic or claude (got ${JSON.stringify(flags.synth)}).`);
      if (!flags.task === !flags.demo) throw new InvalidArgumentError('pass exactly one of --task <id> or --demo <file>.');
      let demo: Trajectory;
      if (flags.demo) demo = readDemo(flags.demo);
      else {
        await using suite = await startSuite({ register: false });
        suite.template(flags.task!);
        const found = loadDemos(suite.urls, { taskIds: [flags.task!], seeds: [flags.seed] });
        if (found.length === 0) throw new TaskFileError('task_unknown', `synth: no shipped demo of ${flags.task} at seed ${flags.seed}. Record one with \`coregym suite record-demos --tasks ${flags.task} --seeds ${flags.seed}\`.`);
        demo = found[0]!;
      }
      const synthesizer = flags.synth === 'claude' ? new ClaudeSynthesizer() : new HeuristicSynthesizer();
      const set = await synthesizer.synthesize(demo);
      if (flags.out) saveLabelSet(set, flags.out);
      if (flags.json) printJson(set);
      else {
        process.stdout.write(`${table(['label', 'key step', 'valid'], set.labels.map((l) => [l.id, l.description, l.validation?.ok ? 'yes' : 'no']))}\n`);
        for (const l of set.labels) process.stdout.write(`\n// ${l.id}: ${l.description}\n${l.code}\n`);
        const dropped = set.attempts.filter((a) => !a.kept);
        if (dropped.length) process.stdout.write(`\n${dropped.length} attempt(s) dropped: ${dropped.map((a) => a.reason).join('; ')}\n`);
      }
    });
}
