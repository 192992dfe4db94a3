/**
 * Trusted task code's calls to a site's control endpoints, made with the browser context's own
 * cookies so they reach the episode's session.
 * @module
 */
import type { APIResponse, BrowserContext } from 'playwright-core';

/**
 * GET a control endpoint and hand the response to `read`, then dispose of it: Playwright keeps
 * every `context.request` response body until it is disposed or the context closes, and a recycled
 * context lives for many episodes (a probe runs after every step).
 */
async function control<T>(context: BrowserContext, url: string, read: (response: APIResponse) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let response: APIResponse | undefined;
    try {
      response = await context.request.get(url);
      return await read(response);
    } catch (error) {
      // A pooled keep-alive connection that the server closed at the same moment answers
      // ECONNRESET; a second request on a fresh connection succeeds.
      if (attempt >= 3) throw error;
    } finally {
      await response?.dispose().catch(() => undefined);
    }
  }
}

/** The episode's backend state from `<siteUrl>/__coregym/probe` (`{ seed, state }`). */
export function fetchProbe(context: BrowserContext, siteUrl: string): Promise<unknown> {
  return control(context, `${siteUrl}/__coregym/probe`, (r) => r.json() as Promise<unknown>);
}

/** Let the site drop the episode's session now (`/__coregym/release`) instead of when it expires. */
export function releaseSession(context: BrowserContext, siteUrl: string): Promise<void> {
  return control(context, `${siteUrl}/__coregym/release`, async () => undefined);
}
