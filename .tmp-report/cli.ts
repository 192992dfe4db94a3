import { Command } from 'commander';
import { registerBench } from '../src/cli/commands/bench.ts';
const program = new Command();
registerBench(program);
await program.parseAsync(process.argv);
