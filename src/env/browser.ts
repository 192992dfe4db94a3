/**
 * BrowserRuntime: one Chromium (launched locally, or a remote Playwright server / CDP endpoint)
 * serving many environments, one browser context each.
 * @module
 */
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { BrowserError, EnvError } from './errors.ts';
import { findChromium } from './browser-discovery.ts';
import { childPidsOf, processTreeRssMb } from './process-tree.ts';

/** Settings every context of a runtime gets. */
export interface ContextSettings {
  /** Viewport in CSS pixels. @default { width: 1280, height: 720 } */
  viewport?: { width: number; height: number };
  /** Locale, e.g. `en-US`. @default 'en-US' */
  locale?: string;
  /** IANA time zone, e.g. `UTC`. @default 'UTC' */
  timezoneId?: string;
  /** Default timeout of element actions (click, fill ...), in ms. 0 disables. @default 5000 */
  actionTimeout?: number;
  /** Default timeout of navigations (goto, back ...), in ms. 0 disables. @default 15000 */
  navigationTimeout?: number;
}

/** Options of BrowserRuntime. */
export interface BrowserRuntimeOptions extends ContextSettings {
  /** Run without a window. @default true */
  headless?: boolean;
  /** Chromium to launch. @default findChromium() (CHROMIUM_PATH, Debian's headless shell, chromium, Playwright's cache) */
  executablePath?: string;
  /** Extra Chromium command-line arguments, added to coregym's defaults. @default [] */
  args?: string[];
  /** Connect to a Playwright browser server (`chromium.launchServer`, `npx playwright run-server`) instead of launching. */
  wsEndpoint?: string;
  /** Connect to a Chromium over the DevTools protocol (`--remote-debugging-port`) instead of launching. */
  cdpEndpoint?: string;
  /** Install Chromium with apt-get when none is found (root only). @default true */
  install?: boolean;
  /** Timeout of launching or connecting, in ms. @default 30000 */
  timeout?: number;
}

export const CONTEXT_DEFAULTS = {
  viewport: { width: 1280, height: 720 },
  locale: 'en-US',
  timezoneId: 'UTC',
  actionTimeout: 5000,
  navigationTimeout: 15_000,
} as const;

/**
 * Flags coregym always passes: without the background-networking ones Chromium keeps dialing hosts.
 * RenderDocument makes every cross-document navigation build a new frame (with its own empty
 * document, script contexts and compositor surface) even within one site; turning it off reuses
 * the frame, which saves about a third of the browser's CPU per navigation (every reset and link
 * click) and is invisible to pages. Chromium merges repeated --disable-features flags, so
 * Playwright's own list stays in force.
 */
export const DEFAULT_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
  '--disable-features=RenderDocument',
];

/** A browser context handed to one environment, plus how to report its browser's death. */
export interface ContextLease {
  context: BrowserContext;
  /** Error code for episodes that die because this browser went away. */
  downCode: 'browser_crashed' | 'endpoint_down';
  /** Endpoint the context lives on (remote browsers only). */
  endpoint?: string;
  /** False once the browser disconnected. */
  isAlive(): boolean;
  /** Close the context and give the slot back. Never throws. */
  release(): Promise<void>;
}

/** Something that hands out browser contexts: a BrowserRuntime or a BrowserPool. */
export interface BrowserHost {
  /** Timeouts and emulation every context gets. */
  readonly settings: Required<ContextSettings>;
  acquire(): Promise<ContextLease>;
  close(): Promise<void>;
}

/** Validate and resolve context settings. */
export function resolveContextSettings(api: string, o: ContextSettings): Required<ContextSettings> {
  const s = { ...CONTEXT_DEFAULTS, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) } as Required<ContextSettings>;
  for (const key of ['actionTimeout', 'navigationTimeout'] as const) {
    if (!Number.isFinite(s[key]) || s[key] < 0) throw new EnvError('env_options', `${api}: ${key} must be a number of ms >= 0 (got ${String(s[key])}). Pass 0 to disable the timeout.`);
  }
  if (!(s.viewport.width > 0 && s.viewport.height > 0)) throw new EnvError('env_options', `${api}: viewport must have positive width and height (got ${JSON.stringify(s.viewport)}).`);
  return s;
}

/** Create a context with the given settings (downloads accepted: the env saves them). */
export async function createContext(browser: Browser, s: Required<ContextSettings>): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: s.viewport, locale: s.locale, timezoneId: s.timezoneId, acceptDownloads: true });
  context.setDefaultTimeout(s.actionTimeout);
  context.setDefaultNavigationTimeout(s.navigationTimeout);
  return context;
}

const claimedPids = new Set<number>();

/**
 * One browser process serving many environments. The browser starts lazily on the first `acquire`
 * and is relaunched (or reconnected) on the next `acquire` after it died.
 * @example
 * const runtime = new BrowserRuntime({ viewport: { width: 1024, height: 768 } });
 * const env = new WebEnv({ runtime, task: 'shop.add-to-cart' });
 */
export class BrowserRuntime implements BrowserHost {
  readonly settings: Required<ContextSettings>;
  private readonly options: BrowserRuntimeOptions;
  private browser?: Browser;
  private starting?: Promise<Browser>;
  private closed = false;
  private browserPid?: number;
  private readonly leases = new Set<BrowserContext>();

  constructor(options: BrowserRuntimeOptions = {}) {
    if (options.wsEndpoint && options.cdpEndpoint) {
      throw new EnvError('env_options', 'BrowserRuntime: wsEndpoint and cdpEndpoint are exclusive (got both). Pass one of them.');
    }
    this.settings = resolveContextSettings('BrowserRuntime', options);
    this.options = { ...options };
  }

  /** True when the runtime launched Chromium itself (and so may relaunch it). */
  get isLocal(): boolean {
    return !this.options.wsEndpoint && !this.options.cdpEndpoint;
  }

  /** Pid of the locally launched browser (Linux only), for crash tests and memory measurements. */
  get pid(): number | undefined {
    return this.browserPid;
  }

  /** Number of contexts currently handed out. */
  get contextCount(): number {
    return this.leases.size;
  }

  /** Resident memory of the local browser's process tree in MB (0 when unknown or remote). */
  rssMb(): number {
    return this.browserPid ? processTreeRssMb(this.browserPid) : 0;
  }

  /** The connected browser, launching or connecting when needed. */
  async getBrowser(): Promise<Browser> {
    if (this.closed) throw new BrowserError('browser_closed', 'BrowserRuntime.getBrowser: the runtime is closed. Create a new BrowserRuntime.');
    if (this.browser?.isConnected()) return this.browser;
    this.starting ??= this.start().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async start(): Promise<Browser> {
    const o = this.options;
    const timeout = o.timeout ?? 30_000;
    let browser: Browser;
    if (o.wsEndpoint) {
      browser = await chromium.connect(o.wsEndpoint, { timeout }).catch((e: unknown) => {
        throw new BrowserError('endpoint_down', `BrowserRuntime: cannot connect to ${o.wsEndpoint} (${(e as Error).message.split('\n')[0]}). Start the server or fix wsEndpoint.`, { cause: e });
      });
    } else if (o.cdpEndpoint) {
      browser = await chromium.connectOverCDP(o.cdpEndpoint, { timeout }).catch((e: unknown) => {
        throw new BrowserError('endpoint_down', `BrowserRuntime: cannot connect over CDP to ${o.cdpEndpoint} (${(e as Error).message.split('\n')[0]}). Start Chromium with --remote-debugging-port or fix cdpEndpoint.`, { cause: e });
      });
    } else {
      const executablePath = o.executablePath ?? findChromium({ install: o.install });
      const before = new Set(childPidsOf(executablePath));
      browser = await chromium.launch({
        executablePath,
        headless: o.headless ?? true,
        args: [...DEFAULT_CHROMIUM_ARGS, ...(o.args ?? [])],
        timeout,
      });
      this.browserPid = childPidsOf(executablePath).find((p) => !before.has(p) && !claimedPids.has(p));
      if (this.browserPid) claimedPids.add(this.browserPid);
    }
    browser.on('disconnected', () => {
      if (this.browserPid) claimedPids.delete(this.browserPid);
      if (this.browser === browser) this.browser = undefined;
      this.leases.clear();
    });
    if (this.closed) {
      await browser.close();
      throw new BrowserError('browser_closed', 'BrowserRuntime: closed while the browser was starting.');
    }
    this.browser = browser;
    return browser;
  }

  async acquire(): Promise<ContextLease> {
    const browser = await this.getBrowser();
    const context = await createContext(browser, this.settings);
    this.leases.add(context);
    let released = false;
    return {
      context,
      downCode: this.isLocal ? 'browser_crashed' : 'endpoint_down',
      endpoint: this.options.wsEndpoint ?? this.options.cdpEndpoint,
      isAlive: () => browser.isConnected(),
      release: async () => {
        if (released) return;
        released = true;
        this.leases.delete(context);
        await context.close().catch(() => {
          // the browser is already gone, which closes its contexts too
        });
      },
    };
  }

  /** Close the browser (or disconnect from a remote one). Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    const b = this.browser ?? (await this.starting?.catch(() => undefined));
    this.browser = undefined;
    if (b) await b.close().catch(() => {
      // already disconnected
    });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
