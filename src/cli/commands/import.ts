/**
 * `coregym import webarena FILE`: convert WebArena / VisualWebArena task configs into coregym
 * tasks and report what converted, what needs a judge and what is unsupported (with why).
 * @module
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { saveLabelSet } from '../../labels/index.ts';
import { importWebArena, saveTaskFile } from '../../interop/index.ts';
import { printJson, table } from '../output.ts';
import { intArg } from './train.ts';

interface ImportFlags {
  site: Record<string, string>;
  out?: string;
  authDir?: string;
  prefix: string;
  maxSteps: number;
  json?: boolean;
}

function siteArg(value: string, previous: Record<string, string>): Record<string, string> {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(value);
  if (!m) throw new InvalidArgumentError(`--site expects NAME=URL, e.g. --site shopping=http://localhost:7770 (got ${JSON.stringify(value)}).`);
  try {
    new URL(m[2]!);
  } catch {
    throw new InvalidArgumentError(`--site ${m[1]}: ${JSON.stringify(m[2])} is not an absolute URL (expected e.g. http://localhost:7770).`);
  }
  return { ...previous, [m[1]!.toLowerCase()]: m[2]! };
}

async function runImport(file: string, flags: ImportFlags): Promise<void> {
  const result = await importWebArena(file, { sites: flags.site, authDir: flags.authDir, prefix: flags.prefix, maxSteps: flags.maxSteps, register: false });
  const { report } = result;
  if (flags.out) {
    for (const t of result.tasks) {
      await saveTaskFile(t.file, join(flags.out, `${t.file.id}.task.json`));
      await saveLabelSet(t.labels, join(flags.out, `${t.file.id}.labels.json`));
    }
  }
  if (flags.json) {
    printJson({ ...report, ...(flags.out ? { out: flags.out } : {}) });
    return;
  }
  const lines = [
    `${report.tasks} configs: ${report.imported} imported (${report.fully_converted} fully converted, ${report.needs_judge} need a judge), ${report.unsupported.length} unsupported.`,
  ];
  if (report.unsupported.length) lines.push(table(['task', 'why not imported'], report.unsupported.map((u) => [String(u.task_id), u.reason])));
  if (report.notes.length) lines.push(table(['task', 'note'], report.notes.map((n) => [String(n.task_id), n.note])));
  if (flags.out) lines.push(`Wrote ${result.tasks.length} task files and label sets to ${flags.out}/.`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Register `coregym import` and its subcommands. */
export function registerImport(program: Command): void {
  const cmd = program.command('import').description('import tasks from other web-agent benchmarks');
  cmd
    .command('webarena')
    .description('convert WebArena / VisualWebArena task configs (one object, an array, or { tasks: [...] }) into coregym tasks with label functions')
    .argument('<file>', 'config JSON file')
    .option('--site <name=url>', 'base URL of a site, by WebArena name (shopping, shopping_admin, reddit, gitlab, map, wikipedia, classifieds, homepage); repeatable', siteArg, {})
    .option('--out <dir>', 'write <id>.task.json and <id>.labels.json per imported task')
    .option('--auth-dir <dir>', "folder with WebArena's storage-state files (.auth/) for tasks that need a login")
    .option('--prefix <text>', 'task id prefix', 'webarena')
    .option('--max-steps <n>', 'step budget of each task', intArg('--max-steps', 1), 30)
    .option('--json', 'print the report as JSON: { tasks, imported, fully_converted, needs_judge, unsupported, notes }')
    .action(async (file: string, flags: ImportFlags) => runImport(file, flags));
}
