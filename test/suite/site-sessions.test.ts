import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BrowserRuntime, WebEnv } from '../../src/env/index.ts';
import { createSiteApp } from '../../src/suite/site.ts';
import type { SessionLimits, SiteDefinition } from '../../src/suite/site.ts';
import { startSuite } from '../../src/suite/index.ts';
import type { RunningSuite } from '../../src/suite/index.ts';

// A site whose pages print the session's seed, to see which state a request reached.
const toy: SiteDefinition<{ seed: number }> = {
  name: 'toy',
  seedState: (seed) => ({ seed }),
  routes: (app) => app.get('/', (c) => c.text(`seed ${c.get('state').seed}`)),
};

function client(limits?: SessionLimits) {
  const site = createSiteApp(toy, limits);
  const get = async (path: string, sid?: string) => {
    const res = await site.app.request(path, { headers: sid ? { cookie: `toy_sid=${sid}` } : {} });
    const cookie = res.headers.get('set-cookie') ?? '';
    return { status: res.status, text: await res.text(), sid: /toy_sid=([^;]*)/.exec(cookie)?.[1] };
  };
  const start = async (seed: number, previous?: string) => (await get(`/__coregym/reset?seed=${seed}`, previous)).sid!;
  return { site, get, start };
}

describe('site sessions', () => {
  afterEach(() => vi.useRealTimers());

  it('release drops the session, and a request with its cookie gets a 503 that says why, not a seed-0 session', async () => {
    const { site, get, start } = client();
    const sid = await start(7);
    expect((await get('/', sid)).text).toBe('seed 7');
    expect(site.sessionCount()).toBe(1);
    expect(JSON.parse((await get('/__coregym/release', sid)).text)).toEqual({ released: true });
    expect(site.sessionCount()).toBe(0);
    const after = await get('/', sid);
    expect(after.status).toBe(503);
    expect(after.text).toMatch(/Session expired: this browser's toy session was released/);
    expect(site.sessionCount()).toBe(0);
    // A visitor with no cookie at all still gets a seed-0 session (a person browsing the site).
    expect((await get('/')).text).toBe('seed 0');
  });

  it('a reset replaces the session the same browser had', async () => {
    const { site, get, start } = client();
    const first = await start(1);
    const second = await start(2, first);
    expect(site.sessionCount()).toBe(1);
    expect((await get('/', second)).text).toBe('seed 2');
    expect((await get('/', first)).status).toBe(503);
  });

  it('sessions idle longer than idleMs expire when the next one starts; used ones stay', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(0);
    const { site, get, start } = client({ idleMs: 60_000 });
    const idle = await start(1);
    const used = await start(2);
    vi.setSystemTime(50_000);
    expect((await get('/', used)).text).toBe('seed 2');
    vi.setSystemTime(70_000);
    await start(3);
    expect(site.sessionCount()).toBe(2);
    expect((await get('/', idle)).status).toBe(503);
    expect((await get('/', used)).text).toBe('seed 2');
  });

  it('past max the least recently used session goes, not the oldest', async () => {
    const { site, get, start } = client({ max: 3 });
    const a = await start(1);
    const b = await start(2);
    await start(3);
    await get('/', a); // a is now more recent than b
    await start(4);
    expect(site.sessionCount()).toBe(3);
    expect((await get('/', a)).text).toBe('seed 1');
    expect((await get('/', b)).status).toBe(503);
  });
});

describe('suite tasks release their session', () => {
  let suite: RunningSuite;
  let runtime: BrowserRuntime;
  beforeAll(async () => {
    suite = await startSuite({ register: false });
    runtime = new BrowserRuntime({ executablePath: '/usr/lib/chromium/chromium-headless-shell' });
  });
  afterAll(async () => {
    await runtime?.close();
    await suite?.close();
  });

  it('a recycled env holds one session at a time and none after close', async () => {
    const env = new WebEnv({ runtime, task: suite.template('shop.add-to-wishlist') });
    try {
      for (let seed = 1; seed <= 3; seed++) {
        await env.reset({ seed });
        await env.step('noop()');
        expect(suite.sites.shop.sessionCount()).toBe(1);
      }
    } finally {
      await env.close();
    }
    expect(suite.sites.shop.sessionCount()).toBe(0);
  });
});
