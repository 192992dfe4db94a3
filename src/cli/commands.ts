/**
 * Every subcommand of `coregym`, one module each.
 * @module
 */
import type { Command } from 'commander';
import { registerEval } from './commands/eval.ts';
import { registerSuite } from './commands/suite.ts';
import { registerSynth } from './commands/synth.ts';
import { registerTrain } from './commands/train.ts';

export function registerCommands(program: Command): void {
  registerTrain(program);
  registerSuite(program);
  registerEval(program);
  registerSynth(program);
}
