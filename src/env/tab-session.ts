/**
 * TabSession: the pages of one environment's browser context and what happens on them between
 * observations: popups and new tabs, dialogs, downloads, file choosers, in-flight requests,
 * navigations, blocked requests and crashes.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, CDPSession, Dialog, Download, FileChooser, Page, Request, Route } from 'playwright-core';
import type { DialogInfo, DownloadInfo, TabInfo } from './observation.ts';
import { PAGE_HELPERS_SCRIPT } from './page-script.ts';

/** Options of TabSession. */
export interface TabSessionOptions {
  /** How to answer alert/confirm/prompt/beforeunload dialogs. @default 'accept' */
  dialogs?: 'accept' | 'dismiss';
  /** Origins (e.g. `http://127.0.0.1:8080`) pages may request; others are aborted and reported. @default undefined (all allowed) */
  allowlist?: readonly string[];
}

interface PendingDownload {
  promise: Promise<DownloadInfo>;
}

/** Per-step record of what happened in the browser. */
export interface StepEvents {
  dialogs: DialogInfo[];
  downloads: DownloadInfo[];
  blockedRequests: string[];
}

export class TabSession {
  readonly context: BrowserContext;
  readonly pages: Page[] = [];
  active = 0;
  /** Set when a page's renderer crashed. */
  crashed = false;
  /** Set when the context closed (by the browser dying or by someone closing it). */
  contextClosed = false;
  fileChooser?: FileChooser;
  /** The first main-frame document answered with HTTP 5xx since the last `takeServerError`. */
  private serverError?: { url: string; status: number };
  private readonly options: TabSessionOptions;
  private readonly allowed?: Set<string>;
  private readonly inflight = new Map<Request, number>();
  private networkWaiters: Array<() => void> = [];
  private lastNavigation = 0;
  private dialogs: DialogInfo[] = [];
  private downloads: PendingDownload[] = [];
  private blocked: string[] = [];
  private downloadDir?: string;
  private readonly origins = new Set<string>();
  private cdp?: { page: Page; session: CDPSession };
  /** Pages opened during the current step (popups): the active tab follows the newest one. */
  private opened: Page[] = [];

  private constructor(context: BrowserContext, options: TabSessionOptions) {
    this.context = context;
    this.options = options;
    if (options.allowlist) {
      this.allowed = new Set(options.allowlist.map((o) => {
        try {
          return new URL(o).origin;
        } catch {
          return o;
        }
      }));
    }
  }

  /** Attach to a fresh context: init script, routing, listeners, and a first page. */
  static async open(context: BrowserContext, options: TabSessionOptions = {}): Promise<TabSession> {
    const s = new TabSession(context, options);
    await context.addInitScript(PAGE_HELPERS_SCRIPT);
    if (s.allowed) await context.route('**/*', (route) => s.route(route));
    context.on('page', (p) => s.adopt(p, true));
    context.on('close', () => {
      s.contextClosed = true;
    });
    const page = await context.newPage();
    s.adopt(page, false);
    return s;
  }

  private async route(route: Route): Promise<void> {
    const url = route.request().url();
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      origin = 'null';
    }
    if (origin === 'null' || this.allowed!.has(origin)) return route.fallback();
    this.blocked.push(url);
    return route.abort('blockedbyclient');
  }

  private adopt(page: Page, popup: boolean): void {
    if (this.pages.includes(page)) return;
    this.pages.push(page);
    if (popup) this.opened.push(page);
    page.on('dialog', (d) => void this.onDialog(d));
    page.on('download', (d) => this.onDownload(d));
    page.on('filechooser', (fc) => {
      this.fileChooser = fc;
    });
    page.on('request', (r) => {
      this.inflight.set(r, performance.now());
    });
    const done = (r: Request) => {
      this.inflight.delete(r);
      if (this.inflight.size === 0) this.wakeNetwork();
    };
    page.on('requestfinished', done);
    page.on('requestfailed', done);
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) {
        this.lastNavigation = performance.now();
        try {
          const o = new URL(f.url()).origin;
          if (o !== 'null') this.origins.add(o);
        } catch {
          // about:blank and friends have no origin to clean
        }
      }
    });
    page.on('crash', () => {
      this.crashed = true;
    });
    page.on('response', (r) => {
      if (r.status() >= 500 && r.request().isNavigationRequest() && r.frame() === page.mainFrame()) this.serverError ??= { url: r.url(), status: r.status() };
    });
    page.on('close', () => {
      const i = this.pages.indexOf(page);
      if (i < 0) return;
      this.pages.splice(i, 1);
      for (const r of [...this.inflight.keys()]) if (r.frame().page() === page) this.inflight.delete(r);
      if (this.active >= i && this.active > 0) this.active--;
      if (this.cdp?.page === page) this.cdp = undefined;
    });
  }

  private async onDialog(d: Dialog): Promise<void> {
    const accept = (this.options.dialogs ?? 'accept') === 'accept';
    this.dialogs.push({ type: d.type(), message: d.message(), handled: accept ? 'accepted' : 'dismissed' });
    try {
      if (accept) await d.accept();
      else await d.dismiss();
    } catch {
      // the page closed with the dialog open: nothing left to answer
    }
  }

  private onDownload(d: Download): void {
    this.downloadDir ??= mkdtempSync(join(tmpdir(), 'coregym-downloads-'));
    const path = join(this.downloadDir, `${this.downloads.length}-${d.suggestedFilename().replace(/[/\\]/g, '_')}`);
    const base = { url: d.url(), suggestedFilename: d.suggestedFilename() };
    this.downloads.push({
      promise: d.saveAs(path).then(
        () => ({ ...base, path }),
        (e: unknown) => ({ ...base, error: (e as Error).message.split('\n')[0]! }),
      ),
    });
  }

  private wakeNetwork(): void {
    const w = this.networkWaiters;
    this.networkWaiters = [];
    for (const f of w) f();
  }

  /** The active page. */
  get page(): Page {
    return this.pages[this.active]!;
  }

  /**
   * A page document the site answered with HTTP 5xx since the last call, then forget it. A server
   * error is the site's failure, not the agent's: the env ends the episode as an infrastructure error.
   */
  takeServerError(): { url: string; status: number } | undefined {
    const e = this.serverError;
    this.serverError = undefined;
    return e;
  }

  /** Mark the start of a step: events are collected from here. */
  beginStep(): void {
    this.opened = [];
  }

  /** Make the newest popup opened during this step active; true when the active tab changed. */
  followPopups(): boolean {
    const alive = this.opened.filter((p) => !p.isClosed());
    this.opened = [];
    const last = alive.at(-1);
    if (!last) return false;
    this.active = this.pages.indexOf(last);
    return true;
  }

  /** Time of the last main-frame navigation of any page (performance.now()). */
  get lastNavigationAt(): number {
    return this.lastNavigation;
  }

  /** Requests of `page` started after `since` and still running. */
  pendingRequests(page: Page, since: number): number {
    let n = 0;
    for (const [r, t] of this.inflight) if (t >= since && r.frame().page() === page) n++;
    return n;
  }

  /** True while a main-frame document request of `page` started after `since` has neither committed nor failed. */
  navigationPending(page: Page, since: number): boolean {
    for (const [r, t] of this.inflight) {
      if (t >= since && this.lastNavigation < t && r.isNavigationRequest() && r.frame() === page.mainFrame()) return true;
    }
    return false;
  }

  /** Resolve when `navigationPending(page, since)` turns false (commit, failure), or after `timeout` ms. */
  async waitForNavigationSettled(page: Page, since: number, timeout: number): Promise<void> {
    const deadline = performance.now() + timeout;
    while (this.navigationPending(page, since) && !page.isClosed()) {
      const left = deadline - performance.now();
      if (left <= 0) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          page.off('framenavigated', done).off('requestfinished', done).off('requestfailed', done).off('close', done);
          resolve();
        };
        const timer = setTimeout(done, left);
        page.on('framenavigated', done).on('requestfinished', done).on('requestfailed', done).on('close', done);
      });
    }
  }

  /** Resolve when no request of `page` started after `since` is in flight, or after `timeout` ms. */
  async waitForNetworkQuiet(page: Page, since: number, timeout: number): Promise<void> {
    const deadline = performance.now() + timeout;
    while (this.pendingRequests(page, since) > 0) {
      const left = deadline - performance.now();
      if (left <= 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.networkWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Take this step's dialogs, downloads (waiting up to `timeout` ms for them to be saved) and blocked requests. */
  async takeEvents(timeout: number): Promise<StepEvents> {
    const dialogs = this.dialogs;
    const blocked = this.blocked;
    const pending = this.downloads;
    this.dialogs = [];
    this.blocked = [];
    this.downloads = [];
    let downloads: DownloadInfo[] = [];
    if (pending.length) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), timeout);
      });
      downloads = await Promise.all(pending.map((d) => Promise.race([d.promise, timedOut]))).then((r) =>
        r.map((x, i) => x ?? { url: '', suggestedFilename: `download ${i}`, error: `not finished after ${timeout}ms` }),
      );
      clearTimeout(timer);
    }
    return { dialogs, downloads, blockedRequests: blocked };
  }

  /** Tabs for the observation. Titles come from a cheap protocol call per page. */
  async tabs(): Promise<TabInfo[]> {
    return Promise.all(this.pages.map(async (p, index) => ({ index, url: p.url(), title: await p.title().catch(() => '') })));
  }

  /** Ensure at least one page exists (the agent may have closed them all). */
  async ensurePage(): Promise<void> {
    if (this.pages.length === 0) {
      const p = await this.context.newPage();
      this.adopt(p, false);
      this.opened = this.opened.filter((x) => x !== p);
      this.active = 0;
    }
    if (this.active >= this.pages.length) this.active = this.pages.length - 1;
  }

  /**
   * Bring the context back to a clean state without recreating it: close all tabs but the first,
   * clear cookies and every storage of each origin visited, forget the pending file chooser and
   * events. The caller then navigates and resets the tab's history.
   */
  async clean(): Promise<void> {
    await this.ensurePage();
    const [first, ...rest] = this.pages;
    this.active = 0;
    await Promise.all(rest.map((p) => p.close().catch(() => undefined)));
    const page = first!;
    const origins = [...this.origins];
    this.origins.clear();
    await Promise.all([
      // sessionStorage is per tab and not part of the storage partition cleared below
      page.evaluate(() => sessionStorage.clear()).catch(() => undefined),
      this.context.clearCookies(),
      this.cdpSession(page).then((session) => Promise.all(origins.map((origin) => session.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' })))),
    ]);
    this.fileChooser = undefined;
    this.serverError = undefined;
    this.dialogs = [];
    this.downloads = [];
    this.blocked = [];
    this.inflight.clear();
    this.opened = [];
  }

  /** Drop the back/forward history of the first tab (after the start page loaded). */
  async resetHistory(): Promise<void> {
    const session = await this.cdpSession(this.pages[0]!);
    await session.send('Page.resetNavigationHistory');
  }

  private async cdpSession(page: Page): Promise<CDPSession> {
    if (this.cdp?.page !== page) this.cdp = { page, session: await this.context.newCDPSession(page) };
    return this.cdp.session;
  }

  /** Delete saved downloads. */
  dispose(): void {
    if (this.downloadDir) rmSync(this.downloadDir, { recursive: true, force: true });
    this.downloadDir = undefined;
  }
}
