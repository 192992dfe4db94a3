import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserServer } from 'playwright-core';
import { BrowserPool, DEFAULT_CHROMIUM_ARGS, findChromium, WebEnv } from '../../src/env/index.ts';
import { page, startSite, type TestSite } from './site.ts';

let site: TestSite;
let servers: BrowserServer[] = [];

beforeAll(async () => {
  site = await startSite({ '/': page('Pool', '<button>Go</button>') });
  servers = await Promise.all([0, 1].map(() => chromium.launchServer({ executablePath: findChromium(), args: DEFAULT_CHROMIUM_ARGS, host: '127.0.0.1', port: 0 })));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close().catch(() => undefined)));
  await site?.close();
});

describe('BrowserPool', () => {
  it('spreads envs over endpoints, ends episodes on a dead one with endpoint_down, and keeps serving from the live one', async () => {
    const pool = new BrowserPool({ endpoints: servers.map((s) => s.wsEndpoint()), reconnectDelayMs: 100 });
    const envs = [0, 1, 2, 3].map(() => new WebEnv({ runtime: pool }));
    try {
      for (const env of envs) await env.reset({ options: { startUrl: site.url } });
      expect(pool.status().map((s) => s.contexts)).toEqual([2, 2]);
      servers[1]!.process().kill('SIGKILL');
      const results = await Promise.all(envs.map((env) => env.step('noop()')));
      const down = results.filter((r) => r.info.error?.code === 'endpoint_down');
      expect(down).toHaveLength(2);
      expect(down[0]!.terminated).toBe(true);
      expect(down[0]!.info.error!.message).toContain(servers[1]!.wsEndpoint());
      expect(results.filter((r) => !r.info.error).every((r) => r.observation.lastActionError === '')).toBe(true);
      // The episode can end on the dead page before the connection's close reaches the pool.
      await expect.poll(() => pool.status().map((s) => s.up)).toEqual([true, false]);
      // the dead endpoint is out of rotation: new episodes land on the live one
      for (const env of envs) await env.reset({ options: { startUrl: site.url } });
      expect(pool.status()[0]!.contexts).toBe(4);
      const after = await Promise.all(envs.map((env) => env.step('noop()')));
      expect(after.every((r) => !r.info.error)).toBe(true);
    } finally {
      await Promise.all(envs.map((e) => e.close()));
      await pool.close();
    }
  });

  it('throws endpoint_down when no endpoint is reachable', async () => {
    const pool = new BrowserPool({ endpoints: ['ws://127.0.0.1:9/nothing'], connectTimeout: 2000 });
    await expect(pool.acquire()).rejects.toMatchObject({ code: 'endpoint_down' });
    await pool.close();
  });
});
