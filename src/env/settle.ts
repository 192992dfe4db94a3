/**
 * Wait for a page to settle after an action, within a bound and without fixed sleeps: a started
 * navigation reaches DOMContentLoaded, requests started by the action finish, and the DOM has
 * been free of mutations for `domQuietMs`.
 * @module
 */
import type { Page } from 'playwright-core';
import type { TabSession } from './tab-session.ts';
import { callHelper } from './page-helpers.ts';

/** Options of `waitForSettle`. */
export interface SettleOptions {
  /** Upper bound of the whole wait, in ms. 0 skips settling. @default 3000 */
  timeout?: number;
  /** How long the DOM must stay unchanged to count as quiet, in ms. @default 25 */
  domQuietMs?: number;
}

export const SETTLE_DEFAULTS = { timeout: 3000, domQuietMs: 25 } as const;

/** Wait until the active page settles; returns what it waited for. Never throws for page errors. */
export async function waitForSettle(session: TabSession, page: Page, actionStart: number, options: SettleOptions = {}): Promise<{ settleMs: number; timedOut: boolean }> {
  const timeout = options.timeout ?? SETTLE_DEFAULTS.timeout;
  const quietMs = options.domQuietMs ?? SETTLE_DEFAULTS.domQuietMs;
  const start = performance.now();
  if (timeout === 0) return { settleMs: 0, timedOut: false };
  const deadline = start + timeout;
  const left = () => Math.max(0, deadline - performance.now());
  // A few rounds: a request finishing can mutate the DOM, and a mutation can start a request.
  for (let round = 0; round < 4 && left() > 0; round++) {
    if (page.isClosed()) break;
    if (session.lastNavigationAt >= actionStart) {
      await page.waitForLoadState('domcontentloaded', { timeout: left() }).catch(() => undefined);
    }
    await session.waitForNetworkQuiet(page, actionStart, left());
    if (page.isClosed() || left() === 0) break;
    const navBefore = session.lastNavigationAt;
    const waited = await callHelper(page, 'quiet', { quietMs, timeout: left() }).catch(() => -1);
    if (waited >= 0 && session.pendingRequests(page, actionStart) === 0 && session.lastNavigationAt === navBefore) break;
  }
  const settleMs = performance.now() - start;
  return { settleMs, timedOut: left() === 0 };
}
