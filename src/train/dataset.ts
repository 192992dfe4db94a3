/**
 * Dataset export: verified and extrapolated trajectories as supervised fine-tuning data, in the
 * LLaMA-Factory ShareGPT multimodal format and in the OpenAI chat fine-tuning format, with a
 * dataset card. Each step becomes one row: the prompt the agent saw, and the action it took.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatAction } from '../env/index.ts';
import type { Observation } from '../env/observation.ts';
import type { PageState, Trajectory } from '../env/trajectory.ts';
import { formatObservation, systemPrompt } from '../agents/index.ts';
import type { HistoryEntry } from '../agents/index.ts';

/** Why a trajectory is in the dataset. */
export type DatasetSource = 'demo' | 'verified' | 'extrapolated';

/** One trajectory to export, with its provenance. */
export interface DatasetEntry {
  trajectory: Trajectory;
  source: DatasetSource;
  /** The instruction to train on; defaults to the trajectory's goal (extrapolated entries bring their own). */
  instruction?: string;
}

/** Options of `exportDataset`. */
export interface ExportDatasetOptions {
  /** Dataset name in the card and in LLaMA-Factory's dataset_info.json. @default 'coregym' */
  name?: string;
  /** Directory screenshots are resolved against, when steps recorded them. */
  screenshotRoot?: string;
  /** Drop steps whose action failed (lastActionError set). @default true */
  dropFailedSteps?: boolean;
  /** Filters applied upstream, recorded in the card. */
  filters?: string[];
}

/** What `exportDataset` wrote. */
export interface DatasetCard {
  name: string;
  createdAt: string;
  trajectories: number;
  rows: number;
  bySource: Record<DatasetSource, { trajectories: number; rows: number }>;
  tasks: number;
  filters: string[];
  files: { sharegpt: string; openai: string; datasetInfo: string };
}

function stateToObservation(state: PageState, goal: string, last: { actionText?: string; error: string }): Observation {
  return {
    url: state.url,
    title: state.title,
    goal,
    tabs: [{ index: 0, url: state.url, title: state.title }],
    activeTab: 0,
    axtree: state.axtree ?? state.elements.map((e) => `[${e.id}] ${e.role} '${e.name}'${e.value ? ` value='${e.value}'` : ''}`).join('\n'),
    elements: state.elements.map((e) => ({ ...e, visible: e.visible ?? true })),
    lastAction: last.actionText,
    lastActionError: last.error,
    dialogs: [],
    downloads: [],
    truncated: false,
  };
}

/** Whether a step becomes a dataset row: steps whose action failed are dropped unless asked otherwise. */
function keepsStep(step: { error: string }, options: Pick<ExportDatasetOptions, 'dropFailedSteps'>): boolean {
  return !(options.dropFailedSteps ?? true) || !step.error;
}

/**
 * The entries a behaviour-cloning policy should imitate: one trajectory per task instance (task id,
 * seed and instruction). An instance's expert demo wins; otherwise its shortest trajectory (fewest
 * steps, then fewest failed actions, then the earliest). Exploration verifies the same task up to
 * K times a round, often by different routes; cloning all of them weights easy tasks K-fold and
 * teaches a small policy two answers for one page, which lowered held-out success on the built-in
 * suite (docs/METHOD.md). Order follows each instance's first entry.
 */
export function imitationSet(entries: readonly DatasetEntry[]): DatasetEntry[] {
  const best = new Map<string, DatasetEntry>();
  const rank = (e: DatasetEntry) => [e.source === 'demo' ? 0 : 1, e.trajectory.steps.length, e.trajectory.steps.filter((s) => s.error).length];
  const better = (a: DatasetEntry, b: DatasetEntry) => {
    const [x, y] = [rank(a), rank(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]!;
    return false;
  };
  for (const e of entries) {
    const key = `${e.trajectory.taskId}\u0000${e.trajectory.seed}\u0000${e.instruction ?? ''}`;
    const current = best.get(key);
    if (!current || better(e, current)) best.set(key, e);
  }
  return [...best.values()];
}

/** How many rows `exportDataset` would write for these entries, without building the prompts. */
export function datasetRowCount(entries: readonly DatasetEntry[], options: Pick<ExportDatasetOptions, 'dropFailedSteps'> = {}): number {
  return entries.reduce((n, e) => n + e.trajectory.steps.filter((step) => keepsStep(step, options)).length, 0);
}

/** The (prompt, action) rows of one trajectory, exactly as an agent would have been prompted. */
export function trajectoryRows(entry: DatasetEntry, options: Pick<ExportDatasetOptions, 'dropFailedSteps'> = {}) {
  const { trajectory } = entry;
  const goal = entry.instruction ?? trajectory.goal;
  const rows: { prompt: string; completion: string; screenshot?: string }[] = [];
  const history: HistoryEntry[] = [];
  let state: PageState = trajectory.initial;
  let last: { actionText?: string; error: string } = { error: '' };
  for (const step of trajectory.steps) {
    const observation = stateToObservation(state, goal, last);
    const prompt = formatObservation(observation, { history, step: step.index, remainingSteps: Math.max(1, trajectory.steps.length - step.index) }).text;
    if (keepsStep(step, options)) {
      rows.push({ prompt, completion: formatAction(step.action), screenshot: step.screenshot });
    }
    history.push({ index: step.index, action: step.action, actionText: step.actionText, error: step.error });
    state = step;
    last = { actionText: step.actionText, error: step.error };
  }
  return rows;
}

/**
 * Write `sharegpt.jsonl`, `openai.jsonl`, `dataset_info.json` (LLaMA-Factory) and `card.json` into `dir`.
 * @example
 * const card = exportDataset('runs/r1/round-1/dataset', entries);
 */
export function exportDataset(dir: string, entries: readonly DatasetEntry[], options: ExportDatasetOptions = {}): DatasetCard {
  mkdirSync(dir, { recursive: true });
  const name = options.name ?? 'coregym';
  const system = systemPrompt({ mode: 'text' });
  const sharegpt: string[] = [];
  const openai: string[] = [];
  const bySource: DatasetCard['bySource'] = {
    demo: { trajectories: 0, rows: 0 },
    verified: { trajectories: 0, rows: 0 },
    extrapolated: { trajectories: 0, rows: 0 },
  };
  const tasks = new Set<string>();
  for (const entry of entries) {
    const rows = trajectoryRows(entry, options);
    bySource[entry.source].trajectories++;
    bySource[entry.source].rows += rows.length;
    tasks.add(entry.trajectory.taskId);
    for (const row of rows) {
      const image = row.screenshot && options.screenshotRoot ? relative(dir, join(options.screenshotRoot, row.screenshot)) : undefined;
      sharegpt.push(JSON.stringify({
        conversations: [
          { from: 'human', value: `${image ? '<image>' : ''}${row.prompt}` },
          { from: 'gpt', value: row.completion },
        ],
        system,
        images: image ? [image] : [],
        source: entry.source,
        task: entry.trajectory.taskId,
      }));
      openai.push(JSON.stringify({
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: row.prompt },
          { role: 'assistant', content: row.completion },
        ],
      }));
    }
  }
  const files = { sharegpt: join(dir, 'sharegpt.jsonl'), openai: join(dir, 'openai.jsonl'), datasetInfo: join(dir, 'dataset_info.json') };
  writeFileSync(files.sharegpt, sharegpt.map((l) => `${l}\n`).join(''));
  writeFileSync(files.openai, openai.map((l) => `${l}\n`).join(''));
  writeFileSync(files.datasetInfo, `${JSON.stringify({
    [name]: {
      file_name: 'sharegpt.jsonl',
      formatting: 'sharegpt',
      columns: { messages: 'conversations', system: 'system', images: 'images' },
    },
  }, null, 2)}\n`);
  const card: DatasetCard = {
    name,
    createdAt: new Date().toISOString(),
    trajectories: entries.length,
    rows: sharegpt.length,
    bySource,
    tasks: tasks.size,
    filters: options.filters ?? [],
    files,
  };
  writeFileSync(join(dir, 'card.json'), `${JSON.stringify(card, null, 2)}\n`);
  return card;
}
