/**
 * Wait for a page to settle after an action, within a bound and without fixed sleeps: a started
 * navigation reaches DOMContentLoaded, requests started by the action finish, and the DOM has
 * been free of mutations for `domQuietMs`.
 * @module
 */
import type { Page } from 'playwright-core';
import type { TabSession } from './tab-session.ts';
import { callHelper } from './page-helpers.ts';
import { withTimeout } from './timeout.ts';

/** Options of `waitForSettle`. */
export interface SettleOptions {
  /** Upper bound of the whole wait, in ms. 0 skips settling. @default 3000 */
  timeout?: number;
  /** How long the DOM must stay unchanged to count as quiet, in ms. @default 25 */
  domQuietMs?: number;
  /**
   * How long a main-frame navigation the action started may take to commit, in ms, counted from
   * the action's start. A site that answers slowly is waited for up to this bound (not just
   * `timeout`), so the observation never shows the old page as if the click had done nothing.
   * @default 30000
   */
  navigationTimeout?: number;
}

export const SETTLE_DEFAULTS = { timeout: 3000, domQuietMs: 25, navigationTimeout: 30_000 } as const;

/** Wait until the active page settles; returns what it waited for. Never throws for page errors. */
export async function waitForSettle(session: TabSession, page: Page, actionStart: number, options: SettleOptions = {}): Promise<{ settleMs: number; timedOut: boolean; navigationPending: boolean }> {
  const timeout = options.timeout ?? SETTLE_DEFAULTS.timeout;
  const quietMs = options.domQuietMs ?? SETTLE_DEFAULTS.domQuietMs;
  const start = performance.now();
  if (timeout === 0) return { settleMs: 0, timedOut: false, navigationPending: false };
  let deadline = start + timeout;
  const left = () => Math.max(0, deadline - performance.now());
  // A load the action started is waited for within the navigation timeout; false if it never committed.
  const awaitNavigation = async () => {
    if (!session.navigationPending(page, actionStart)) return true;
    const navDeadline = actionStart + (options.navigationTimeout ?? SETTLE_DEFAULTS.navigationTimeout);
    await session.waitForNavigationSettled(page, actionStart, navDeadline - performance.now());
    if (session.navigationPending(page, actionStart)) return false;
    // The new document gets the whole settle bound of its own.
    deadline = Math.max(deadline, performance.now() + timeout);
    return true;
  };
  const neverCommitted = () => ({ settleMs: performance.now() - start, timedOut: true, navigationPending: true });
  // A few rounds: a request finishing can mutate the DOM, and a mutation can start a request.
  for (let round = 0; round < 4 && left() > 0; round++) {
    if (page.isClosed()) break;
    if (!(await awaitNavigation())) return neverCommitted();
    if (session.lastNavigationAt >= actionStart) {
      await page.waitForLoadState('domcontentloaded', { timeout: left() }).catch(() => undefined);
    }
    await session.waitForNetworkQuiet(page, actionStart, left());
    if (page.isClosed() || left() === 0) break;
    const navBefore = session.lastNavigationAt;
    // Bounded on this side too: while a navigation is in flight the old document may not answer.
    const waited = await withTimeout(callHelper(page, 'quiet', { quietMs, timeout: left() }), left() + 100, () => new Error('no answer')).catch(() => -1);
    if (session.navigationPending(page, actionStart)) continue;
    if (waited >= 0 && session.pendingRequests(page, actionStart) === 0 && session.lastNavigationAt === navBefore) break;
  }
  if (!page.isClosed() && session.navigationPending(page, actionStart)) {
    if (!(await awaitNavigation())) return neverCommitted();
    await page.waitForLoadState('domcontentloaded', { timeout: left() }).catch(() => undefined);
  }
  const settleMs = performance.now() - start;
  return { settleMs, timedOut: left() === 0, navigationPending: false };
}

