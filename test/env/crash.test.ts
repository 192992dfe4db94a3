import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserRuntime, WebEnv } from '../../src/env/index.ts';
import { page, startSite, type TestSite } from './site.ts';

let site: TestSite;
let runtime: BrowserRuntime;

beforeAll(async () => {
  site = await startSite({ '/': page('Crash', '<button>Go</button>') });
  runtime = new BrowserRuntime();
});

afterAll(async () => {
  await runtime?.close();
  await site?.close();
});

describe('crash handling', () => {
  it('ends the episode with browser_crashed when Chromium is killed, and the next reset relaunches it', async () => {
    await using env = new WebEnv({ runtime });
    const { observation } = await env.reset({ options: { startUrl: site.url } });
    const pid = runtime.pid!;
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGKILL');
    const r = await env.step(`click("${observation.elements[0]!.id}")`);
    expect(r.terminated).toBe(true);
    expect(r.reward).toBe(0);
    expect(r.info.error?.code).toBe('browser_crashed');
    expect(r.info.episodeError).toEqual(r.info.error);
    expect(env.trajectory!.outcome?.error?.code).toBe('browser_crashed');
    expect(env.trajectory!.outcome?.verdict).toBeUndefined();
    const again = await env.reset({ options: { startUrl: site.url } });
    expect(again.observation.title).toBe('Crash');
    expect(runtime.pid).not.toBe(pid);
    const s = await env.step(`click("${again.observation.elements[0]!.id}")`);
    expect(s.observation.lastActionError).toBe('');
  });

  it('ends the episode when the context is closed under it, and recovers on reset', async () => {
    await using env = new WebEnv({ runtime });
    await env.reset({ options: { startUrl: site.url } });
    await env.context!.close();
    const r = await env.step('noop()');
    expect(r.terminated).toBe(true);
    expect(r.info.error?.code).toBe('browser_crashed');
    const again = await env.reset({ options: { startUrl: site.url } });
    expect(again.observation.title).toBe('Crash');
  });

  it('ends the episode with page_unresponsive when a script hangs the page', async () => {
    await using env = new WebEnv({ runtime, observeTimeout: 1000, settleTimeout: 300 });
    await env.reset({ options: { startUrl: site.url } });
    await env.page!.evaluate(() => {
      setTimeout(() => {
        for (;;);
      }, 0);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const r = await env.step('noop()');
    expect(r.terminated).toBe(true);
    expect(r.info.error?.code).toBe('page_unresponsive');
    const again = await env.reset({ options: { startUrl: site.url } });
    expect(again.observation.title).toBe('Crash');
  });
});
