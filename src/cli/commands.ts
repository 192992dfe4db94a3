/**
 * Every subcommand of `coregym`, one module each.
 * @module
 */
import type { Command } from 'commander';
import { registerBench } from './commands/bench.ts';
import { registerEval } from './commands/eval.ts';
import { registerImport } from './commands/import.ts';
import { registerRun } from './commands/run.ts';
import { registerSuite } from './commands/suite.ts';
import { registerSynth } from './commands/synth.ts';
import { registerTrain } from './commands/train.ts';

export function registerCommands(program: Command): void {
  registerTrain(program);
  registerSuite(program);
  registerSynth(program);
  registerEval(program);
  registerBench(program);
  registerRun(program);
  registerImport(program);
}
