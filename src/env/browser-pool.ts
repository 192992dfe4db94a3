/**
 * BrowserPool: environments spread over several remote Playwright browser servers. Contexts go to
 * the least-loaded live endpoint; an endpoint that disconnects leaves the rotation (its episodes
 * end with `endpoint_down`) and is reconnected in the background with exponential backoff.
 * @module
 */
import { chromium, type Browser } from 'playwright-core';
import { BrowserError, EnvError, quote } from './errors.ts';
import { createContext, resolveContextSettings, type BrowserHost, type ContextLease, type ContextSettings } from './browser.ts';

/** Options of BrowserPool. */
export interface BrowserPoolOptions extends ContextSettings {
  /** WebSocket endpoints of Playwright browser servers (`chromium.launchServer().wsEndpoint()`, `npx playwright run-server`). */
  endpoints: string[];
  /** Timeout of one connection attempt, in ms. @default 10000 */
  connectTimeout?: number;
  /** First delay before reconnecting to a dead endpoint, in ms; doubles per failure. @default 500 */
  reconnectDelayMs?: number;
  /** Largest delay between reconnection attempts, in ms. @default 30000 */
  maxReconnectDelayMs?: number;
}

/** Health of one endpoint. */
export interface EndpointStatus {
  endpoint: string;
  up: boolean;
  contexts: number;
  /** Consecutive failed connection attempts (a connection on which no context opens counts as failed). */
  failures: number;
}

interface Endpoint {
  url: string;
  browser?: Browser;
  connecting?: Promise<Browser>;
  contexts: number;
  failures: number;
  retryTimer?: NodeJS.Timeout;
}

/**
 * A pool of remote browsers. Use it wherever a BrowserRuntime goes (`new WebEnv({ runtime: pool })`).
 * @example
 * const pool = new BrowserPool({ endpoints: ['ws://10.0.0.2:3000/abc', 'ws://10.0.0.3:3000/def'] });
 * const vec = new VectorEnv({ numEnvs: 16, runtime: pool, task: 'shop.add-to-cart' });
 */
export class BrowserPool implements BrowserHost {
  readonly settings: Required<ContextSettings>;
  private readonly endpoints: Endpoint[];
  private readonly connectTimeout: number;
  private readonly reconnectDelayMs: number;
  private readonly maxReconnectDelayMs: number;
  private closed = false;

  constructor(options: BrowserPoolOptions) {
    const { endpoints, connectTimeout, reconnectDelayMs, maxReconnectDelayMs, ...context } = options;
    if (!Array.isArray(endpoints) || endpoints.length === 0 || !endpoints.every((e) => typeof e === 'string' && /^wss?:\/\//.test(e))) {
      throw new EnvError('env_options', `BrowserPool: endpoints must be a non-empty list of ws:// URLs (got ${quote(endpoints)}).`);
    }
    this.settings = resolveContextSettings('BrowserPool', context);
    this.endpoints = [...new Set(endpoints)].map((url) => ({ url, contexts: 0, failures: 0 }));
    this.connectTimeout = connectTimeout ?? 10_000;
    this.reconnectDelayMs = reconnectDelayMs ?? 500;
    this.maxReconnectDelayMs = maxReconnectDelayMs ?? 30_000;
  }

  /** Health and load of every endpoint. */
  status(): EndpointStatus[] {
    return this.endpoints.map((e) => ({ endpoint: e.url, up: !!e.browser?.isConnected(), contexts: e.contexts, failures: e.failures }));
  }

  private connect(e: Endpoint): Promise<Browser> {
    e.connecting ??= this.open(e.url).then(
      (browser) => {
        e.connecting = undefined;
        // failures is reset only once a context opens: a server whose browser died still accepts
        // connections for a while, and resetting here would reconnect to it without backoff.
        e.browser = browser;
        browser.on('disconnected', () => {
          if (e.browser !== browser) return; // already marked down (or replaced) by markDown
          e.browser = undefined;
          e.contexts = 0;
          this.scheduleReconnect(e);
        });
        if (this.closed) void browser.close();
        return browser;
      },
      (err: unknown) => {
        e.connecting = undefined;
        e.failures++;
        this.scheduleReconnect(e);
        throw err;
      },
    );
    return e.connecting;
  }

  /**
   * Connect and open one context. A Playwright server whose browser was killed still accepts
   * WebSocket connections for a while: only a context that opens proves the endpoint is up, so
   * status() never reports a dead server as up and acquire() never picks one.
   */
  private async open(url: string): Promise<Browser> {
    const browser = await chromium.connect(url, { timeout: this.connectTimeout });
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no context opened within ${this.connectTimeout} ms`)), this.connectTimeout);
      });
      const probe = await Promise.race([browser.newContext(), timeout]);
      await probe.close();
      return browser;
    } catch (err) {
      void browser.close().catch(() => undefined);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private scheduleReconnect(e: Endpoint): void {
    if (this.closed || e.retryTimer) return;
    const delay = Math.min(this.maxReconnectDelayMs, this.reconnectDelayMs * 2 ** Math.max(0, e.failures - 1));
    e.retryTimer = setTimeout(() => {
      e.retryTimer = undefined;
      if (!this.closed && !e.browser) this.connect(e).catch(() => undefined); // failure reschedules itself
    }, delay);
    e.retryTimer.unref();
  }

  /**
   * Take an endpoint whose browser cannot open a context out of rotation. A Playwright server
   * whose browser was killed keeps its WebSocket open for a while and reports the connection as
   * up, so without this every later acquire would pick it (it has the fewest contexts) and fail.
   */
  private markDown(e: Endpoint, browser: Browser): void {
    if (e.browser !== browser) return;
    e.browser = undefined;
    e.contexts = 0;
    e.failures++;
    void browser.close().catch(() => undefined); // only disconnects this client
    this.scheduleReconnect(e);
  }

  /**
   * A context on the least-loaded live endpoint; connects to endpoints not yet tried. An endpoint
   * that cannot open a context (its browser died before its connection noticed) leaves the
   * rotation and the next one is tried, so this throws `endpoint_down` only when none can serve.
   */
  async acquire(): Promise<ContextLease> {
    const failed: string[] = [];
    for (;;) {
      if (this.closed) throw new BrowserError('browser_closed', 'BrowserPool.acquire: the pool is closed. Create a new BrowserPool.');
      const e = await this.pick();
      if (!e?.browser) {
        const tried = failed.length ? ` Could not open a context on: ${failed.join('; ')}.` : '';
        throw new BrowserError('endpoint_down', `BrowserPool.acquire: no endpoint is reachable (tried ${this.endpoints.map((x) => x.url).join(', ')}).${tried} Start the browser servers or check the endpoints.`);
      }
      const browser = e.browser;
      e.contexts++;
      let context;
      try {
        context = await createContext(browser, this.settings);
      } catch (err) {
        e.contexts = Math.max(0, e.contexts - 1);
        this.markDown(e, browser);
        failed.push(`${e.url} (${(err as Error).message.split('\n')[0]})`);
        continue;
      }
      e.failures = 0;
      let released = false;
      return {
        context,
        downCode: 'endpoint_down',
        endpoint: e.url,
        isAlive: () => browser.isConnected(),
        release: async () => {
          if (released) return;
          released = true;
          if (e.browser === browser) e.contexts = Math.max(0, e.contexts - 1);
          await context.close().catch(() => {
            // the endpoint is gone, and its contexts with it
          });
        },
      };
    }
  }

  /** The least-loaded live endpoint, connecting to untried ones when none is idle; undefined when none is up. */
  private async pick(): Promise<Endpoint | undefined> {
    const live = this.endpoints.filter((e) => e.browser?.isConnected()).sort((a, b) => a.contexts - b.contexts);
    let chosen = live[0];
    // Endpoints never connected (or waiting to reconnect) are tried when no live one is less loaded.
    const untried = this.endpoints.filter((e) => !e.browser && !e.retryTimer);
    if (!chosen || (untried.length && chosen.contexts > 0)) {
      for (const e of untried) {
        try {
          await this.connect(e);
          chosen = !chosen || e.contexts < chosen.contexts ? e : chosen;
          break;
        } catch {
          // this endpoint is down: it is retried in the background; try the next one
        }
      }
    }
    return chosen;
  }

  /** Disconnect from every endpoint and stop reconnecting. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    for (const e of this.endpoints) clearTimeout(e.retryTimer);
    await Promise.all(this.endpoints.map(async (e) => {
      const b = e.browser ?? (await e.connecting?.catch(() => undefined));
      e.browser = undefined;
      await b?.close().catch(() => undefined);
    }));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
