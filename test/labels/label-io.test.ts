import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabelError } from '../../src/env/errors.ts';
import { checkLabelCode, loadLabelSet, parseLabelSet, safeParseLabelSet, saveLabelSet, type LabelSet } from '../../src/labels/index.ts';
import { label } from './fixtures/trajectories.ts';

const good: LabelSet = {
  schema: 'coregym.labels/1',
  taskId: 'shop.buy-shirt',
  labels: [label('k1-cart', `(traj, api) => api.clicked('button', 'Add to cart')`, 4), label('k2-order', `(traj, api) => api.urlMatches(/\\/orders\\/\\d+$/)`, 6)],
  attempts: [],
};

function errorOf(f: () => unknown): LabelError {
  try {
    f();
  } catch (e) {
    if (e instanceof LabelError) return e;
    throw e;
  }
  throw new Error('expected a LabelError');
}

describe('label sets: parse, load, save', () => {
  it('names the bad field by path with expected and actual types', () => {
    const bad = { ...good, labels: [good.labels[0], good.labels[1], { ...good.labels[0], id: 'k3', code: 42 }] };
    const e = errorOf(() => parseLabelSet(bad));
    expect(e.code).toBe('label_invalid');
    expect(e.message).toBe('parseLabelSet: labels[2].code: expected string, got number. Fix the label set or regenerate it.');
  });

  it('reports missing fields, bad literals and bad ids, several at once', () => {
    const r = safeParseLabelSet({ schema: 'coregym.labels/0', labels: [{ id: 'bad id', description: 'd', code: 'x', origin: 'human' }] });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(r.error.message).toContain('schema: expected "coregym.labels/1" (got "coregym.labels/0")');
    expect(r.error.message).toContain('taskId: expected string, got undefined');
    expect(r.error.message).toContain('labels[0].id: expected letters, digits, "_", ".", ":" or "-" (got "bad id")');
  });

  it('loads from a path or JSON text, and saves what it loads unchanged', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'coregym-labels-'));
    const path = join(dir, 'nested', 'set.json');
    await saveLabelSet(good, path);
    const loaded = await loadLabelSet(path);
    expect(loaded).toEqual(good);
    expect(await loadLabelSet(await readFile(path, 'utf8'))).toEqual(good);
  });

  it('rejects unreadable files and text that is not JSON with label_invalid', async () => {
    await expect(loadLabelSet('/nonexistent/labels.json')).rejects.toThrow(/loadLabelSet: cannot read "\/nonexistent\/labels.json"/);
    const dir = await mkdtemp(join(tmpdir(), 'coregym-labels-'));
    await writeFile(join(dir, 'x.json'), '{ not json');
    await expect(loadLabelSet(join(dir, 'x.json'))).rejects.toMatchObject({ code: 'label_invalid' });
  });

  it('rejects a set whose code does not compile, naming each label and the syntax error', async () => {
    const bad = { ...good, labels: [...good.labels, label('k3', '(traj, api) => api.clicked('), label('k4', `'just a string'`)] };
    const err = await loadLabelSet(JSON.stringify(bad)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabelError);
    expect((err as LabelError).code).toBe('label_compile');
    expect((err as LabelError).message).toMatch(/^loadLabelSet: 2 of 4 labels do not compile: label "k3" does not compile: SyntaxError: .*; label "k4" evaluates to the string "just a string", expected a function/);
    expect(await loadLabelSet(JSON.stringify(bad), { compile: false })).toMatchObject({ taskId: 'shop.buy-shirt' });
  });

  it('checkLabelCode returns no errors for good code', () => {
    expect(checkLabelCode(good.labels)).toEqual([]);
  });

  it('refuses to save an invalid set', async () => {
    await expect(saveLabelSet({ ...good, taskId: 7 } as unknown as LabelSet, join(tmpdir(), 'never.json'))).rejects.toThrow('saveLabelSet: taskId: expected string, got number');
  });
});
