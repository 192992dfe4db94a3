/**
 * Dataset export: the LLaMA-Factory ShareGPT and OpenAI chat JSONL files, dataset_info.json and the
 * card, from shipped demos (no browser needed): one row per step that did not fail, the prompt the
 * agent saw and the action it took; extrapolated entries under their own instruction.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemPrompt } from '../../src/agents/model-prompt.ts';
import { formatAction } from '../../src/env/action-parser.ts';
import type { Trajectory } from '../../src/env/trajectory.ts';
import { exportDataset, imitationSet, trajectoryRows } from '../../src/train/dataset.ts';
import type { DatasetCard, DatasetEntry } from '../../src/train/dataset.ts';
import { readJsonl, shippedDemo, tempDir } from './fixtures.ts';

interface ShareGptRow {
  conversations: { from: string; value: string }[];
  system: string;
  images: string[];
  source: string;
  task: string;
}
interface OpenAiRow {
  messages: { role: string; content: string }[];
}

const tmp = tempDir('dataset');
afterAll(() => tmp.remove());

const subscribe = shippedDemo('forum.subscribe', 1, { strategy: 'directory' });
const ACTION_ERROR = 'Element 9999 is not on the page (expected an id from the current observation).';
/** A verified rollout whose second step failed (the agent clicked an id that was not there). */
const wishlist: Trajectory = (() => {
  const demo = shippedDemo('shop.add-to-wishlist', 1, { strategy: 'browse' });
  return { ...demo, id: 'rollout-with-error', source: 'rollout', steps: demo.steps.map((s, i) => (i === 1 ? { ...s, error: ACTION_ERROR } : s)) };
})();
const deleteProject = shippedDemo('tracker.delete-project', 1);
const INSTRUCTION = 'Open the project settings of the tracker, then report that projects cannot be deleted.';

const entries: DatasetEntry[] = [
  { trajectory: subscribe, source: 'demo' },
  { trajectory: wishlist, source: 'verified' },
  { trajectory: deleteProject, source: 'extrapolated', instruction: INSTRUCTION },
];

describe('trajectoryRows', () => {
  it('makes one row per step, prompting with the goal and the history, completing with the action', () => {
    const rows = trajectoryRows({ trajectory: subscribe, source: 'demo' });
    expect(rows.map((r) => r.completion)).toEqual(subscribe.steps.map((s) => formatAction(s.action)));
    for (const row of rows) expect(row.prompt).toContain(`# Goal\n${subscribe.goal}`);
    expect(rows[0]!.prompt).toContain(`URL: ${subscribe.initial.url}`);
    expect(rows[0]!.prompt).not.toContain('# Last action');
    // Each later prompt shows the page the previous step led to and that step as the last action.
    expect(rows[1]!.prompt).toContain(`URL: ${subscribe.steps[0]!.url}`);
    expect(rows[1]!.prompt).toContain(`# Last action\n${subscribe.steps[0]!.actionText} (succeeded)`);
    expect(rows[2]!.prompt).toContain(`1. ${subscribe.steps[0]!.actionText}\n2. ${subscribe.steps[1]!.actionText}`);
  });

  it('drops steps whose action failed, and shows the failure to the next prompt', () => {
    const rows = trajectoryRows({ trajectory: wishlist, source: 'verified' });
    const kept = wishlist.steps.filter((_, i) => i !== 1);
    expect(rows.map((r) => r.completion)).toEqual(kept.map((s) => formatAction(s.action)));
    expect(rows[1]!.prompt).toContain(`# Last action\n${wishlist.steps[1]!.actionText}\nError: ${ACTION_ERROR}`);
    const all = trajectoryRows({ trajectory: wishlist, source: 'verified' }, { dropFailedSteps: false });
    expect(all).toHaveLength(wishlist.steps.length);
    expect(all[1]!.completion).toBe(formatAction(wishlist.steps[1]!.action));
  });

  it('prompts an extrapolated entry with its instruction instead of the recorded goal', () => {
    const rows = trajectoryRows(entries[2]!);
    expect(rows).toHaveLength(deleteProject.steps.length);
    for (const row of rows) {
      expect(row.prompt).toContain(`# Goal\n${INSTRUCTION}`);
      expect(row.prompt).not.toContain(deleteProject.goal);
    }
  });
});

describe('exportDataset', () => {
  const dir = join(tmp.dir, 'run', 'round-1', 'dataset');
  let card: DatasetCard;
  let sharegpt: ShareGptRow[];
  let openai: OpenAiRow[];
  const expectedRows = subscribe.steps.length + (wishlist.steps.length - 1) + deleteProject.steps.length;

  it('writes the files the card names', () => {
    card = exportDataset(dir, entries, { name: 'coregym-test', filters: ['graph verdict true'] });
    expect(card.files).toEqual({ sharegpt: join(dir, 'sharegpt.jsonl'), openai: join(dir, 'openai.jsonl'), datasetInfo: join(dir, 'dataset_info.json') });
    for (const file of Object.values(card.files)) expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'card.json'), 'utf8'))).toEqual(card);
    sharegpt = readJsonl<ShareGptRow>(card.files.sharegpt);
    openai = readJsonl<OpenAiRow>(card.files.openai);
  });

  it('counts rows and sources in the card exactly as the files hold them', () => {
    expect(sharegpt).toHaveLength(expectedRows);
    expect(openai).toHaveLength(expectedRows);
    expect(card).toMatchObject({
      name: 'coregym-test',
      trajectories: 3,
      rows: expectedRows,
      tasks: 3,
      filters: ['graph verdict true'],
      bySource: {
        demo: { trajectories: 1, rows: subscribe.steps.length },
        verified: { trajectories: 1, rows: wishlist.steps.length - 1 },
        extrapolated: { trajectories: 1, rows: deleteProject.steps.length },
      },
    });
    expect(Number.isNaN(Date.parse(card.createdAt))).toBe(false);
    const bySource = (s: string) => sharegpt.filter((r) => r.source === s).length;
    expect([bySource('demo'), bySource('verified'), bySource('extrapolated')]).toEqual([card.bySource.demo.rows, card.bySource.verified.rows, card.bySource.extrapolated.rows]);
    expect(new Set(sharegpt.map((r) => r.task)).size).toBe(card.tasks);
  });

  it('writes ShareGPT rows as LLaMA-Factory reads them, registered in dataset_info.json', () => {
    const system = systemPrompt({ mode: 'text' });
    for (const row of sharegpt) {
      expect(Object.keys(row).sort()).toEqual(['conversations', 'images', 'source', 'system', 'task']);
      expect(row.conversations.map((c) => c.from)).toEqual(['human', 'gpt']);
      expect(row.system).toBe(system);
      expect(row.images).toEqual([]);
      expect(row.conversations[0]!.value).not.toContain('<image>');
    }
    expect(sharegpt.map((r) => r.task)).toEqual([
      ...subscribe.steps.map(() => subscribe.taskId),
      ...wishlist.steps.slice(1).map(() => wishlist.taskId),
      ...deleteProject.steps.map(() => deleteProject.taskId),
    ]);
    expect(JSON.parse(readFileSync(card.files.datasetInfo, 'utf8'))).toEqual({
      'coregym-test': { file_name: 'sharegpt.jsonl', formatting: 'sharegpt', columns: { messages: 'conversations', system: 'system', images: 'images' } },
    });
  });

  it('writes the same rows as OpenAI chat fine-tuning messages', () => {
    openai.forEach((row, i) => {
      expect(Object.keys(row)).toEqual(['messages']);
      expect(row.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
      expect(row.messages[0]!.content).toBe(sharegpt[i]!.system);
      expect(row.messages[1]!.content).toBe(sharegpt[i]!.conversations[0]!.value);
      expect(row.messages[2]!.content).toBe(sharegpt[i]!.conversations[1]!.value);
    });
  });

  it('leaves the failed step out of both files, and trains the extrapolated entry under its instruction', () => {
    const completions = sharegpt.map((r) => r.conversations[1]!.value);
    const expected = [...subscribe.steps, ...wishlist.steps.filter((_, i) => i !== 1), ...deleteProject.steps].map((s) => formatAction(s.action));
    expect(completions).toEqual(expected);
    expect(sharegpt.filter((r) => r.conversations[0]!.value.includes(`Error: ${ACTION_ERROR}`))).toHaveLength(1);
    const extrapolated = sharegpt.filter((r) => r.source === 'extrapolated');
    for (const row of extrapolated) expect(row.conversations[0]!.value).toContain(`# Goal\n${INSTRUCTION}`);
    expect(sharegpt.some((r) => r.conversations[0]!.value.includes(deleteProject.goal))).toBe(false);
  });

  it('references screenshots relative to the dataset folder, with an <image> tag, when a screenshot root is given', () => {
    const shot: Trajectory = { ...subscribe, id: 'with-shots', steps: subscribe.steps.map((s) => ({ ...s, screenshot: `screenshots/with-shots/${s.index}.png` })) };
    const out = join(tmp.dir, 'run', 'round-2', 'dataset');
    const withRoot = exportDataset(out, [{ trajectory: shot, source: 'verified' }], { screenshotRoot: join(tmp.dir, 'run') });
    const rows = readJsonl<ShareGptRow>(withRoot.files.sharegpt);
    expect(rows.map((r) => r.images)).toEqual(shot.steps.map((s) => [`../../screenshots/with-shots/${s.index}.png`]));
    for (const row of rows) expect(row.conversations[0]!.value.startsWith('<image># Goal')).toBe(true);
    // OpenAI chat rows stay text-only.
    for (const row of readJsonl<OpenAiRow>(withRoot.files.openai)) expect(row.messages[1]!.content.startsWith('# Goal')).toBe(true);
    const noRoot = exportDataset(join(tmp.dir, 'no-root'), [{ trajectory: shot, source: 'verified' }]);
    expect(readJsonl<ShareGptRow>(noRoot.files.sharegpt).every((r) => r.images.length === 0)).toBe(true);
  });

  it('writes empty files and a zero card for no entries, under the default name', () => {
    const empty = exportDataset(join(tmp.dir, 'empty'), []);
    expect(empty).toMatchObject({ name: 'coregym', trajectories: 0, rows: 0, tasks: 0, filters: [] });
    expect(readFileSync(empty.files.sharegpt, 'utf8')).toBe('');
    expect(readFileSync(empty.files.openai, 'utf8')).toBe('');
    expect(Object.keys(JSON.parse(readFileSync(empty.files.datasetInfo, 'utf8')))).toEqual(['coregym']);
  });
});

describe('imitationSet', () => {
  const rollout = (base: Trajectory, id: string, steps: number, errors = 0): Trajectory => ({
    ...base,
    id,
    source: 'rollout',
    steps: Array.from({ length: steps }, (_, i) => ({ ...base.steps[i % base.steps.length]!, index: i, error: i < errors ? ACTION_ERROR : '' })),
  });

  it('keeps one trajectory per task instance: the demo, else the shortest, then the one with fewer failed actions, then the first', () => {
    const long = rollout(subscribe, 'long', 6);
    const short = rollout(subscribe, 'short', 3, 1);
    const shortClean = rollout(subscribe, 'short-clean', 3);
    const shortLater = rollout(subscribe, 'short-later', 3);
    const other = rollout(deleteProject, 'other', 4);
    const picked = imitationSet([
      { trajectory: long, source: 'verified' },
      { trajectory: short, source: 'verified' },
      { trajectory: other, source: 'verified' },
      { trajectory: shortClean, source: 'verified' },
      { trajectory: shortLater, source: 'verified' },
    ]);
    expect(picked.map((e) => e.trajectory.id)).toEqual(['short-clean', 'other']);
    const withDemo = imitationSet([{ trajectory: short, source: 'verified' }, { trajectory: rollout(subscribe, 'demo', 8), source: 'demo' }]);
    expect(withDemo.map((e) => e.trajectory.id)).toEqual(['demo']);
    const otherSeed = { ...rollout(subscribe, 'seed-2', 9), seed: 2 };
    expect(imitationSet([{ trajectory: short, source: 'verified' }, { trajectory: otherSeed, source: 'verified' }]).map((e) => e.trajectory.id)).toEqual(['short', 'seed-2']);
  });

  it('treats an extrapolated instruction as its own task', () => {
    const picked = imitationSet([
      { trajectory: deleteProject, source: 'demo' },
      { trajectory: rollout(deleteProject, 'extrapolated', 2), source: 'extrapolated', instruction: INSTRUCTION },
    ]);
    expect(picked.map((e) => e.source)).toEqual(['demo', 'extrapolated']);
  });
});
