import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserRuntime, WebEnv, type Observation, type StepResult } from '../../src/env/index.ts';
import { LabelRewarder } from '../../src/labels/index.ts';
import { InteropError, isMiniwobDone, registerMiniwob, type MiniwobStatus, type MiniwobTasks } from '../../src/interop/index.ts';
import { writeMiniwobCheckout } from './miniwob-fixture.ts';

let root: string;
let pagesDir: string;
let server: Server;
let baseUrl: string;
let runtime: BrowserRuntime;
let miniwob: MiniwobTasks;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'coregym-miniwob-'));
  pagesDir = await writeMiniwobCheckout(root);
  const htmlDir = join(root, 'miniwob', 'html');
  server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const path = normalize(join(htmlDir, pathname.endsWith('/') ? `${pathname}index.html` : pathname));
    if (!path.startsWith(htmlDir)) return void res.writeHead(403).end();
    readFile(path).then(
      (body) => res.writeHead(200, { 'content-type': path.endsWith('.js') ? 'text/javascript' : 'text/html' }).end(body),
      () => res.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/miniwob/`;
  runtime = new BrowserRuntime();
  miniwob = await registerMiniwob({ dir: root });
});

afterAll(async () => {
  await runtime?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await rm(root, { recursive: true, force: true });
});

const idOf = (obs: Observation, name: string) => obs.elements.find((e) => e.name === name && e.visible)?.id;
const statusOf = (env: WebEnv) => (env.trajectory!.steps.at(-1) ?? env.trajectory!.initial).probes!.miniwob as MiniwobStatus;

/** A scripted agent for click-button: read the target from the goal and click it (or another button). */
async function playClickButton(env: WebEnv, seed: number, right: boolean): Promise<StepResult> {
  const { observation } = await env.reset({ seed });
  const target = /'(\w+)'/.exec(observation.goal)![1]!;
  const other = ['ONE', 'TWO', 'THREE', 'FOUR'].find((l) => l !== target)!;
  const clicked = await env.step(`click("${idOf(observation, right ? target : other)}")`);
  expect(isMiniwobDone(env.trajectory!.steps.at(-1)!)).toBe(true);
  // The page ended its episode, so the env terminated ours: no answer needed.
  expect(clicked.terminated).toBe(true);
  return clicked;
}

describe('registerMiniwob', () => {
  it('registers every task page of a checkout and skips pages that are not tasks', () => {
    expect(miniwob.tasks.map((t) => t.id)).toEqual(['miniwob.click-button', 'miniwob.enter-text']);
    expect(miniwob.skipped).toEqual([{ name: 'index', reason: 'not a task page (no core/core.js and genProblem)' }]);
    expect(miniwob.labels.get('miniwob.click-button')!.labels.map((l) => l.id)).toEqual(['miniwob-success']);
  });

  it('starts a seeded episode with the utterance as goal and no sync cover in the way', async () => {
    await using env = new WebEnv({ runtime, task: 'miniwob.click-button' });
    const a = await env.reset({ seed: 7 });
    expect(a.observation.goal).toMatch(/^Click the button '(ONE|TWO|THREE|FOUR)'\.$/);
    expect(env.trajectory!.goal).toBe(a.observation.goal);
    expect(a.observation.elements.some((e) => e.name === 'START' && e.visible)).toBe(false);
    expect(a.observation.axtree).not.toContain('Last reward');
    expect(statusOf(env)).toEqual({ present: true, done: false, reward: 0, rawReward: 0, reason: null, ready: true });
    const order = (o: Observation) => o.elements.filter((e) => e.role === 'button').map((e) => e.name).join(',');
    const b = await env.reset({ seed: 7 });
    expect(b.observation.goal).toBe(a.observation.goal);
    expect(order(b.observation)).toBe(order(a.observation));
    const seen = new Set<string>();
    for (let seed = 0; seed < 4; seed++) seen.add(`${(await env.reset({ seed })).observation.goal}|${order(env.trajectory!.initial as unknown as Observation)}`);
    expect(seen.size).toBeGreaterThan(1);
  });

  it('rewards the right button through the label and the oracle, and not a wrong one', async () => {
    await using env = new WebEnv({ runtime, task: 'miniwob.click-button', rewarder: new LabelRewarder(miniwob.labels) });
    const right = await playClickButton(env, 3, true);
    expect(right.reward).toBe(1);
    expect(right.info.outcome).toMatchObject({ verdict: true, oracle: { success: true }, labels: { 'miniwob-success': 0 } });
    expect(right.info.outcome!.oracle!.reason).toMatch(/^MiniWoB\+\+ raw reward 1, reward 0\.\d+/);

    const wrong = await playClickButton(env, 3, false);
    expect(wrong.reward).toBe(0);
    expect(wrong.info.outcome).toMatchObject({ verdict: false, oracle: { success: false, reason: 'MiniWoB++ raw reward -1, reward -1' } });
    // the finished page stays as it ended: no START cover to begin a second episode
    expect(wrong.observation.elements.some((e) => e.name === 'START' && e.visible)).toBe(false);
    expect(statusOf(env)).toMatchObject({ done: true, rawReward: -1 });
  });

  it('ends the page episode with reward -1 when our time limit runs out', async () => {
    const fast = await registerMiniwob({ dir: pagesDir, prefix: 'miniwob-fast', episodeTimeout: 300 });
    await using env = new WebEnv({ runtime, task: 'miniwob-fast.click-button', rewarder: new LabelRewarder(fast.labels) });
    await env.reset({ seed: 1 });
    const end = await env.step('noop(700)');
    expect(statusOf(env)).toEqual({ present: true, done: true, reward: -1, rawReward: -1, reason: 'timed out', ready: true });
    expect(end.terminated).toBe(true);
    expect(end.info.outcome).toMatchObject({ verdict: false, oracle: { success: false, reason: 'MiniWoB++ raw reward -1, reward -1 (timed out)' } });
  });

  it('reads task pages over HTTP from an index page, a task list or MINIWOB_URL', async () => {
    const listed = await registerMiniwob({ url: baseUrl, prefix: 'miniwob-http', register: false });
    expect(listed.tasks.map((t) => t.id)).toEqual(['miniwob-http.click-button', 'miniwob-http.enter-text']);
    const chosen = await registerMiniwob({ url: baseUrl, tasks: ['enter-text'], prefix: 'miniwob-http' });
    expect(chosen.tasks.map((t) => t.id)).toEqual(['miniwob-http.enter-text']);

    await using env = new WebEnv({ runtime, task: 'miniwob-http.enter-text', rewarder: new LabelRewarder(chosen.labels) });
    const { observation } = await env.reset({ seed: 4 });
    expect(observation.url).toBe(`${baseUrl}enter-text.html#coregym`);
    const name = /"(\w+)"/.exec(observation.goal)![1]!;
    await env.step(`fill("${idOf(observation, 'Text')}", "${name}")`);
    const submitted = await env.step(`click("${idOf(observation, 'Submit')}")`);
    expect(submitted.reward).toBe(1);
    expect(submitted.terminated).toBe(true);
    expect(submitted.info.outcome).toMatchObject({ verdict: true, oracle: { success: true } });

    const saved = process.env.MINIWOB_URL;
    process.env.MINIWOB_URL = pathToFileURL(pagesDir).href;
    try {
      const fromEnv = await registerMiniwob({ prefix: 'miniwob-env', register: false });
      expect(fromEnv.tasks.map((t) => t.id)).toEqual(['miniwob-env.click-button', 'miniwob-env.enter-text']);
    } finally {
      if (saved === undefined) delete process.env.MINIWOB_URL;
      else process.env.MINIWOB_URL = saved;
    }
  });

  it('says where it looked when there are no task pages', async () => {
    const err = await registerMiniwob({ dir: join(root, 'miniwob', 'html', 'core') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InteropError);
    expect((err as InteropError).code).toBe('miniwob_not_found');
    expect((err as Error).message).toContain('no MiniWoB++ task pages in');
    await expect(registerMiniwob({ url: `${baseUrl}missing/` })).rejects.toThrow('cannot read the index page');
  });
});
