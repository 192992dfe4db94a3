import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHROMIUM_ARGS, findChromium } from '../../src/env/index.ts';
import { writeReport } from '../../src/report/index.ts';
import { episodeRecords, fakeConfig, fakeGraph } from './fixtures.ts';
import type { FakeEpisode } from './fixtures.ts';

const tasks = [
  { id: 'shop.add-to-cart', split: 'train' as const },
  { id: 'shop.info-price', split: 'train' as const },
  { id: 'forum.upvote-post', split: 'heldout' as const },
];
const seeds = [1001, 1002];
const graph = fakeGraph('shop.add-to-cart.s1001');
const [k1, k2] = graph.nodeIds() as [string, string];

let root: string;
let browser: Browser;
let reportPath: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'coregym-report-'));
  const labelled: FakeEpisode = { taskId: 'shop.add-to-cart', seed: 1001, steps: 4, success: false, labels: { [k1]: 1, [k2]: null }, newly: { 1: [k1] } };
  const runA: FakeEpisode[] = [
    labelled,
    { taskId: 'shop.add-to-cart', seed: 1002, steps: 3, success: true },
    { taskId: 'shop.info-price', seed: 1001, steps: 2, success: true },
    { taskId: 'shop.info-price', seed: 1002, steps: 2, success: true },
    { taskId: 'forum.upvote-post', seed: 1001, steps: 6, success: false },
    { taskId: 'forum.upvote-post', seed: 1002, steps: 6, success: false },
  ];
  // The second run had no graphs: no labels, so its failures have no known failure point.
  const runB: FakeEpisode[] = runA.map(({ labels: _labels, newly: _newly, ...e }) => ({ ...e, success: e.taskId === 'forum.upvote-post' ? true : e.taskId === 'shop.info-price' ? false : e.success }));
  const { writeFakeRun } = await import('./fixtures.ts');
  writeFakeRun(join(root, 'a'), fakeConfig('yesterday', tasks, seeds, [graph.taskId]), episodeRecords(runA, [{ taskId: 'shop.info-price', seed: 1002, code: 'browser_crashed' }]), [graph], labelled);
  writeFakeRun(join(root, 'b'), fakeConfig('today', tasks, seeds), episodeRecords(runB));
  reportPath = writeReport([join(root, 'a'), join(root, 'b')], { out: join(root, 'out', 'report.html') }).path;
  browser = await chromium.launch({ executablePath: findChromium(), args: [...DEFAULT_CHROMIUM_ARGS] });
});

afterAll(async () => {
  await browser?.close();
  rmSync(root, { recursive: true, force: true });
});

async function open(): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  context.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(reportPath).href);
  return { page, errors, requests };
}

describe('report.html', () => {
  it('is one file with its data inline and no external references', () => {
    const html = readFileSync(reportPath, 'utf8');
    expect(html).toContain('<script type="application/json" id="report-data">');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="(https?:)?\/\//);
    expect(html).toContain('data:image/png;base64,');
  });

  it('loads in Chromium with no console errors and no requests beyond the file itself', async () => {
    const { page, errors, requests } = await open();
    await page.waitForLoadState('load');
    // The graph iframe runs its own script; wait for it to render before counting errors.
    await page.frameLocator('#v-graph').locator('svg').first().waitFor();
    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:') && u !== 'about:srcdoc')).toEqual([]);
    await page.context().close();
  });

  it('draws a success bar for each task and run, the split chart, the steps histogram and the failure chart', async () => {
    const { page } = await open();
    const perTask = page.locator('svg[data-chart="success-per-task"]');
    await expect.poll(() => perTask.count()).toBe(1);
    for (const t of tasks) {
      expect(await perTask.locator(`rect.bar[data-category="${t.id}"]`).count()).toBe(2);
    }
    expect(await perTask.locator('rect.bar[data-category="shop.info-price"][data-series="yesterday"]').getAttribute('data-value')).toBe('1');
    const box = await perTask.locator('rect.bar[data-category="shop.info-price"][data-series="yesterday"]').boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    expect(await page.locator('svg[data-chart="success-by-split"] rect.bar').count()).toBe(4);
    expect(await page.locator('svg[data-chart="steps-histogram"] rect.bar').count()).toBeGreaterThan(2);
    const failure = page.locator('svg[data-chart="failure-points"] rect.bar');
    expect(await failure.count()).toBe(1);
    expect(await failure.getAttribute('data-category')).toBe('shop.add-to-cart · Open the product page');
    expect(await page.locator('#failures').innerText()).toContain('today: 3 failed episodes had no key-step labels');
    const changed = await page.locator('#compare').innerText();
    expect(changed).toMatch(/Better \(1\)[\s\S]*forum\.upvote-post \+100\.0 pts/);
    expect(changed).toMatch(/Worse \(1\)[\s\S]*shop\.info-price −100\.0 pts/);
    await page.context().close();
  });

  it('steps through a trajectory with the buttons and the arrow keys', async () => {
    const { page } = await open();
    await expect.poll(() => page.locator('#v-pos').innerText()).toBe('Step 1 of 4');
    expect(await page.locator('#v-action').innerText()).toBe('scroll(0, 100)');
    expect(await page.locator('#v-shot').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await page.locator('#v-raw').innerText()).toContain('thinking about step 0');
    expect(await page.locator('#v-prev').isDisabled()).toBe(true);
    await page.locator('#v-next').click();
    expect(await page.locator('#v-pos').innerText()).toBe('Step 2 of 4');
    expect(await page.locator('#v-action').innerText()).toBe('scroll(0, 200)');
    expect(await page.locator('#v-keys').innerText()).toContain('new at this step: Open the product page');
    expect(await page.locator('#v-reward').innerText()).toBe('0.5');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('#v-pos').innerText()).toBe('Step 4 of 4');
    expect(await page.locator('#v-next').isDisabled()).toBe(true);
    await page.keyboard.press('ArrowLeft');
    expect(await page.locator('#v-action').innerText()).toBe('scroll(0, 300)');
    // The strategy graph of the instance, with the path taken (START -> k1) highlighted.
    const frame = page.frameLocator('#v-graph');
    await expect.poll(() => frame.locator(`g.node.step.hl[data-node="${k1}"]`).count()).toBeGreaterThan(0);
    expect(await frame.locator(`g.node.step.hl[data-node="${k2}"]`).count()).toBe(0);
    // Another episode: no screenshot, no graph, and the verdict says so.
    await page.locator('#v-episode').selectOption({ index: 1 });
    expect(await page.locator('#v-pos').innerText()).toBe('Step 1 of 3');
    expect(await page.locator('#v-shot').isHidden()).toBe(true);
    expect(await page.locator('#v-graph').isHidden()).toBe(true);
    expect(await page.locator('#v-graph-verdict').innerText()).toBe('n/a');
    await page.context().close();
  });

  it('opens a failed episode of a task from the per-task table', async () => {
    const { page } = await open();
    await page.locator('a[data-view="1|shop.info-price/s1001"]').click();
    expect(await page.locator('#v-run').inputValue()).toBe('1');
    expect(await page.locator('#v-goal').innerText()).toBe('Do shop.info-price (seed 1001)');
    await page.context().close();
  });
});
