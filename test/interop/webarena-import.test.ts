import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskFileError, listTasks } from '../../src/env/index.ts';
import { LabelRuntime, checkLabelCode, loadLabelSet } from '../../src/labels/index.ts';
import { InteropError, importWebArena, loadTaskFile, parseTaskFile, type WebArenaImportReport } from '../../src/interop/index.ts';
import { registerImport } from '../../src/cli/commands/import.ts';

const SAMPLE = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'webarena-sample.json');
const SITES = {
  shopping: 'http://127.0.0.1:7770',
  shopping_admin: 'http://127.0.0.1:7780/admin',
  reddit: 'http://127.0.0.1:9999',
  gitlab: 'http://127.0.0.1:8023',
  map: 'http://127.0.0.1:3000',
  wikipedia: 'http://127.0.0.1:8888',
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coregym-webarena-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('importWebArena on the 40 sample configs', () => {
  it('imports or reports every config, naming each unsupported helper', async () => {
    const { tasks, report, labels } = await importWebArena(SAMPLE, { sites: SITES, register: false });
    expect(report.tasks).toBe(40);
    expect(report.imported + report.unsupported.length).toBe(40);
    expect(report.imported).toBe(tasks.length);
    expect(report.fully_converted + report.needs_judge).toBe(report.imported);
    expect(report.needs_judge).toBe(4);
    expect(tasks.filter((t) => t.file.needsJudge).map((t) => t.file.source.taskId).sort()).toEqual([154, 175, 176, 313]);
    const reasons = Object.fromEntries(report.unsupported.map((u) => [u.task_id, u.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['436', '439', '587', '589']);
    expect(reasons[439]).toContain('shopping_get_latest_order_url is not supported');
    expect(reasons[589]).toContain('shopping_get_sku_latest_review_rating is not supported');
    expect(reasons[587]).toMatch(/admin REST API/);
    expect(labels.size).toBe(36);
  });

  it('writes label code that compiles in the sandbox, one label per check', async () => {
    const { tasks } = await importWebArena(SAMPLE, { sites: SITES, register: false });
    const runtime = new LabelRuntime();
    try {
      for (const t of tasks) expect(checkLabelCode(t.labels.labels, { runtime }), t.file.id).toEqual([]);
    } finally {
      runtime.close();
    }
    const byId = Object.fromEntries(tasks.map((t) => [t.file.source.taskId, t]));
    expect(byId[806]!.labels.labels.map((l) => l.id)).toEqual(['url-match', 'program-html-0', 'program-html-1', 'program-html-2']);
    expect(byId[175]!.labels.labels.map((l) => l.id)).toEqual(['answered', 'url-match']);
    expect(byId[175]!.spec.oracle).toBeUndefined();
    expect(byId[163]!.spec.oracle).toBeTypeOf('function');
    // placeholders resolved, `..` normalized, func: helpers mapped to kinds
    expect(byId[543]!.file.evaluator.programHtml![0]!.page).toEqual({ kind: 'url', url: 'http://127.0.0.1:7780/bella-tank.html' });
    expect(byId[605]!.file.evaluator.programHtml![0]!.page).toEqual({ kind: 'forum_post_of_last_url' });
    expect(byId[579]!.file.evaluator.programHtml![0]!.locator).toEqual({ kind: 'gitlab_member_role', account: 'yjlou' });
    expect(byId[106]!.file.evaluator.urlMatch).toEqual({ referenceUrls: ['http://127.0.0.1:8023/umano/AndroidSlidingUpPanel/-/issues/?label_name%5B%5D=BUG'] });
    expect(byId[412]!.file.startUrl).toBe('http://127.0.0.1:8023/');
  });

  it('reports a task unsupported when a site placeholder has no URL', async () => {
    const { report } = await importWebArena(SAMPLE, { sites: { shopping: SITES.shopping }, register: false });
    const r67 = report.unsupported.find((u) => u.task_id === 67);
    expect(r67?.reason).toBe('no URL for site placeholder __REDDIT__ (pass --site reddit=URL)');
    expect(report.unsupported.find((u) => u.task_id === 543)?.reason).toContain('__SHOPPING_ADMIN__');
    expect(report.imported + report.unsupported.length).toBe(40);
  });

  it('reports invalid configs and unknown evaluators instead of throwing', async () => {
    const configs = [
      { task_id: 1, intent: 'x', start_url: '__SHOPPING__', eval: { eval_types: ['page_image_query'] } },
      { task_id: 2, start_url: '__SHOPPING__', eval: { eval_types: ['string_match'] } },
      { task_id: 3, intent: 'x', start_url: '__SHOPPING__', eval: { eval_types: ['url_match'], reference_url: '__SHOPPING__/a', url_note: 'EXACT' } },
      { task_id: 4, intent: 'x', start_url: '__SHOPPING__', image: ['a.png'], eval: { eval_types: ['string_match'], reference_answers: { exact_match: 'a' } } },
    ];
    const { report } = await importWebArena(configs, { sites: SITES, register: false });
    expect(report.unsupported).toEqual([
      { task_id: 1, reason: 'eval type page_image_query is not supported (it asks an image model about screenshots)' },
      { task_id: 2, reason: 'invalid config: intent: Invalid input: expected string, received undefined' },
      { task_id: 3, reason: 'url_note "EXACT" is not supported (expected "GOLD in PRED")' },
      { task_id: 4, reason: 'the intent comes with input images (VisualWebArena); coregym goals are text only' },
    ]);
    await expect(importWebArena('{ not json', { sites: SITES })).rejects.toThrow(InteropError);
  });

  it('registers the tasks by default and logs in from authDir', async () => {
    const { tasks, report } = await importWebArena(SAMPLE, { sites: SITES, prefix: 'wa-sample', authDir: '/auth' });
    expect(listTasks({ prefix: 'wa-sample.' })).toHaveLength(36);
    expect(tasks.find((t) => t.file.id === 'wa-sample.163')!.file.storageState).toBe('/auth/shopping_state.json');
    expect(tasks.find((t) => t.file.id === 'wa-sample.163')!.spec.setup).toBeTypeOf('function');
    expect(report.notes.some((n) => n.note.includes('requires login'))).toBe(false);
  });
});

describe('task files', () => {
  it('round-trips through the CLI --out folder and names the bad field when one is wrong', async () => {
    const out = join(dir, 'out');
    const program = new Command().exitOverride();
    registerImport(program);
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      await program.parseAsync(['node', 'coregym', 'import', 'webarena', SAMPLE, '--json', '--out', out, ...Object.entries(SITES).flatMap(([k, v]) => ['--site', `${k}=${v}`])]);
    } finally {
      process.stdout.write = write;
    }
    const report = JSON.parse(written.join('')) as WebArenaImportReport & { out: string };
    expect(report).toMatchObject({ tasks: 40, imported: 36, fully_converted: 32, needs_judge: 4 });
    expect(report.unsupported).toHaveLength(4);
    expect(report.unsupported[0]).toEqual({ task_id: 439, reason: expect.stringContaining('shopping_get_latest_order_url') });

    const file = await loadTaskFile(join(out, 'webarena.605.task.json'));
    expect(file).toMatchObject({ id: 'webarena.605', goal: expect.stringContaining('gaming consoles'), startUrl: 'http://127.0.0.1:9999/', maxSteps: 30, needsJudge: false });
    expect((await loadLabelSet(join(out, 'webarena.605.labels.json'))).labels.map((l) => l.id)).toEqual(['url-match', 'program-html-0']);

    const bad = JSON.parse(await readFile(join(out, 'webarena.605.task.json'), 'utf8'));
    bad.maxSteps = 0;
    bad.evaluator.programHtml[0].locator = { kind: 'xpath' };
    await writeFile(join(dir, 'bad.json'), JSON.stringify(bad));
    const err = await loadTaskFile(join(dir, 'bad.json')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskFileError);
    expect((err as TaskFileError).code).toBe('task_invalid');
    expect((err as Error).message).toContain('maxSteps: Too small: expected number to be >=1, got 0');
    expect((err as Error).message).toContain('evaluator.programHtml[0].locator.kind');
    expect(() => parseTaskFile({ ...file, schema: 'coregym.task/2' })).toThrow('schema: Invalid input: expected "coregym.task/1", got "coregym.task/2"');
  });

  it('rejects a --site flag that is not NAME=URL', async () => {
    const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
    registerImport(program);
    await expect(program.parseAsync(['node', 'coregym', 'import', 'webarena', SAMPLE, '--site', 'shopping'])).rejects.toThrow('--site expects NAME=URL');
  });
});
