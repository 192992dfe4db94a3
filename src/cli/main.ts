/**
 * The `coregym` command: builds the commander program from one module per subcommand, runs it,
 * and maps errors to exit codes (see EXIT in output.ts).
 * @module
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { BrowserNotFoundError, CoregymError, ModelError } from '../env/index.ts';
import { EXIT } from './output.ts';
import { registerCommands } from './commands.ts';

export function buildProgram(): Command {
  const program = new Command()
    .name('coregym')
    .description('Train and benchmark web agents the CORE way: label functions inferred from demos, strategy graphs, self-training.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerCommands(program);
  return program;
}

/** Run the CLI with `argv` (process.argv form); resolves to the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    // Commander prints the errors of its own parsing and rethrows them as plain CommanderErrors; an
    // InvalidArgumentError that reaches here came from an action's own checks and is not printed yet.
    if (error instanceof InvalidArgumentError) {
      process.stderr.write(`coregym: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof CommanderError) {
      // Help and version exit through here with code 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof BrowserNotFoundError || (error instanceof ModelError && error.code === 'model_auth')) {
      process.stderr.write(`coregym: ${error.message}\n`);
      return EXIT.setup;
    }
    if (error instanceof CoregymError) {
      process.stderr.write(`coregym: ${error.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`coregym: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT.internal;
  }
}

if (import.meta.main) {
  process.exitCode = await runCli(process.argv);
}
