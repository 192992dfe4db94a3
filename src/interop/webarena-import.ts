/**
 * importWebArena: WebArena / VisualWebArena task configs in, coregym tasks out — a task file, a
 * runnable TaskSpec and a LabelSet per config, and a report that lists every config that could
 * not be converted with the reason. Nothing is dropped silently.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { registerTask, unregisterTask, type TaskSpec } from '../env/index.ts';
import type { LabelSet } from '../labels/index.ts';
import { InteropError } from './errors.ts';
import type { Judge } from './judge.ts';
import { TASK_FILE_SCHEMA_VERSION, type TaskFile } from './task-file.ts';
import { PlaceholderResolver, Unsupported, WebArenaConfigSchema, convertConfig } from './webarena-config.ts';
import { needsJudge } from './webarena-evaluator.ts';
import { webArenaLabels } from './webarena-labels.ts';
import { taskSpecFromFile } from './webarena-task.ts';

/** Options of {@link importWebArena}. */
export interface ImportWebArenaOptions {
  /**
   * Base URL of each site, by WebArena site name: `shopping`, `shopping_admin`, `reddit`, `gitlab`,
   * `map`, `wikipedia`, `classifieds`, `homepage` ... (`shopping_admin` fills `__SHOPPING_ADMIN__`).
   * A config that uses a placeholder without a URL is reported unsupported.
   */
  sites: Readonly<Record<string, string>>;
  /** Decides fuzzy_match checks; without one those tasks are imported with `needsJudge` and no oracle. */
  judge?: Judge;
  /** Folder with WebArena's storage-state files (`.auth/`); tasks with `storage_state` log in from it. @default undefined (tasks start logged out) */
  authDir?: string;
  /** Task id prefix: ids are `<prefix>.<task_id>`. @default 'webarena' */
  prefix?: string;
  /** Step budget of every task. @default 30 */
  maxSteps?: number;
  /** Register the tasks with the env's registry (replacing tasks of the same id). @default true */
  register?: boolean;
  /** Time a program_html check may take to load its page, in ms. @default 15000 */
  timeout?: number;
  /** When a program_html page counts as loaded: `networkidle` for sites that render after load (GitLab). @default 'load' */
  waitUntil?: 'load' | 'networkidle';
}

/** One imported task. */
export interface ImportedTask {
  /** The task as data (what `--out` writes). */
  file: TaskFile;
  spec: TaskSpec;
  labels: LabelSet;
}

/** What an import did, config by config. Field names are the CLI's JSON output. */
export interface WebArenaImportReport {
  /** Configs read. */
  tasks: number;
  /** Configs turned into tasks (fully converted or needing a judge). */
  imported: number;
  /** Imported tasks whose verdict needs no model: every check became a label (program_html through a probe). */
  fully_converted: number;
  /** Imported tasks with a fuzzy_match check: their labels score steps, their verdict needs a Judge. */
  needs_judge: number;
  /** Configs not imported, with why. */
  unsupported: { task_id: string | number; reason: string }[];
  /** Imported, with a caveat (login without authDir, ignored geolocation ...). */
  notes: { task_id: string | number; note: string }[];
}

/** Result of {@link importWebArena}. */
export interface WebArenaImport {
  tasks: ImportedTask[];
  /** Label sets by task id, ready for `new LabelRewarder(labels)`. */
  labels: Map<string, LabelSet>;
  report: WebArenaImportReport;
}

async function readConfigs(input: unknown): Promise<unknown[]> {
  let value = input;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    let text = trimmed;
    if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) {
      try {
        text = await readFile(value, 'utf8');
      } catch (e) {
        throw new InteropError('webarena_invalid', `importWebArena: cannot read ${value}: ${(e as Error).message}. Pass a config file path, JSON text, or parsed configs.`, { cause: e });
      }
    }
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new InteropError('webarena_invalid', `importWebArena: ${typeof input === 'string' && text !== trimmed ? input : 'the input'} is not JSON: ${(e as Error).message}.`, { cause: e });
    }
  }
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') {
    const tasks = (value as { tasks?: unknown }).tasks;
    return Array.isArray(tasks) ? tasks : [value];
  }
  throw new InteropError('webarena_invalid', `importWebArena: expected a config object or an array of configs (got ${typeof value}).`);
}

function idOf(raw: unknown, index: number): string | number {
  const id = raw !== null && typeof raw === 'object' ? (raw as { task_id?: unknown }).task_id : undefined;
  return typeof id === 'number' || typeof id === 'string' ? id : `#${index}`;
}

/**
 * Import WebArena or VisualWebArena task configs: one JSON object, an array, `{ tasks: [...] }`,
 * JSON text, or the path of a file holding any of these.
 *
 * Each evaluator becomes label functions (string_match and url_match directly, program_html over
 * a trusted probe that reads the locator in the browser) and a trusted oracle that runs
 * WebArena's rules on the host. Configs that cannot be converted are listed in
 * `report.unsupported` with the reason.
 * @throws InteropError `webarena_invalid` when the input cannot be read or is not JSON.
 * @example
 * const { tasks, labels, report } = await importWebArena('config_files/test.raw.json', { sites: { shopping: 'http://localhost:7770' } });
 * const env = new WebEnv({ task: tasks[0].spec, rewarder: new LabelRewarder(labels) });
 */
export async function importWebArena(input: unknown, options: ImportWebArenaOptions): Promise<WebArenaImport> {
  const configs = await readConfigs(input);
  const resolver = new PlaceholderResolver(options.sites);
  const prefix = options.prefix ?? 'webarena';
  const report: WebArenaImportReport = { tasks: configs.length, imported: 0, fully_converted: 0, needs_judge: 0, unsupported: [], notes: [] };
  const tasks: ImportedTask[] = [];
  const seen = new Set<string>();
  configs.forEach((raw, index) => {
    const taskId = idOf(raw, index);
    const parsed = WebArenaConfigSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      report.unsupported.push({ task_id: taskId, reason: `invalid config: ${issue.path.join('.') || '(root)'}: ${issue.message}` });
      return;
    }
    const config = parsed.data;
    let converted;
    try {
      converted = convertConfig(config, resolver);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      report.unsupported.push({ task_id: taskId, reason: e.message });
      return;
    }
    const id = `${prefix}.${String(config.task_id).toLowerCase().replace(/[^a-z0-9_.-]+/g, '-')}`;
    if (seen.has(id)) {
      report.unsupported.push({ task_id: taskId, reason: `duplicate task id ${id}` });
      return;
    }
    seen.add(id);
    const judged = needsJudge(converted.evaluator);
    const tags = [prefix, ...(config.sites ?? []), ...(judged ? ['needs-judge'] : [])];
    const file: TaskFile = {
      schema: TASK_FILE_SCHEMA_VERSION,
      id,
      goal: config.intent,
      startUrl: converted.startUrl,
      maxSteps: options.maxSteps ?? 30,
      tags,
      source: { benchmark: prefix, taskId: config.task_id },
      needsJudge: judged,
      labels: webArenaLabels(id, converted.evaluator),
      evaluator: converted.evaluator,
    };
    if (config.storage_state) {
      if (options.authDir) file.storageState = join(options.authDir, basename(config.storage_state));
      else report.notes.push({ task_id: taskId, note: `requires login (${config.storage_state}); pass authDir to log in, else the agent starts logged out` });
    } else if (config.require_login) {
      report.notes.push({ task_id: taskId, note: 'require_login without storage_state: the agent starts logged out' });
    }
    if (config.geolocation !== undefined && config.geolocation !== null) report.notes.push({ task_id: taskId, note: 'geolocation is ignored' });
    if (judged && !options.judge) report.notes.push({ task_id: taskId, note: 'needs a judge for fuzzy_match: imported without an oracle' });
    tasks.push({ file, spec: taskSpecFromFile(file, { judge: options.judge, timeout: options.timeout, waitUntil: options.waitUntil }), labels: file.labels });
    report.imported++;
    if (judged) report.needs_judge++;
    else report.fully_converted++;
  });
  if (options.register ?? true) {
    for (const t of tasks) {
      unregisterTask(t.spec.id);
      registerTask(t.spec);
    }
  }
  return { tasks, labels: new Map(tasks.map((t) => [t.spec.id, t.labels])), report };
}
