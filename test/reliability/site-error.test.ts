import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserError, BrowserRuntime, WebEnv } from '../../src/env/index.ts';
import { page, startSite, type TestSite } from '../env/site.ts';

let site: TestSite;
let runtime: BrowserRuntime;

beforeAll(async () => {
  site = await startSite({
    '/': page('Home', '<a href="/broken">Orders</a>'),
    '/broken': (_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal Server Error');
    },
  });
  runtime = new BrowserRuntime();
});

afterAll(async () => {
  await runtime?.close();
  await site?.close();
});

describe('server errors are infrastructure errors', () => {
  it('ends the episode with site_error when a step lands on an HTTP 500 page', async () => {
    const env = new WebEnv({ runtime });
    try {
      const { observation } = await env.reset({ options: { startUrl: site.url } });
      const link = observation.elements.find((e) => e.name === 'Orders')!;
      const r = await env.step({ type: 'click', id: link.id });
      expect(r.terminated).toBe(true);
      expect(r.info.error?.code).toBe('site_error');
      expect(r.info.error?.message).toContain('HTTP 500');
      expect(env.trajectory?.outcome?.error?.code).toBe('site_error');
    } finally {
      await env.close();
    }
  });

  it('throws BrowserError site_error from reset when the start page answers 500', async () => {
    const env = new WebEnv({ runtime });
    try {
      const error = await env.reset({ options: { startUrl: `${site.origin}/broken` } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BrowserError);
      expect((error as BrowserError).code).toBe('site_error');
      // the env stays usable for the next episode
      const { observation } = await env.reset({ options: { startUrl: site.url } });
      expect(observation.title).toBe('Home');
    } finally {
      await env.close();
    }
  });
});
