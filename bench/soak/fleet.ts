/**
 * The soak's browser servers: S Playwright browser servers on loopback, each on a fixed port and
 * WebSocket path so that a server killed by the fault injector can be restarted at the same
 * endpoint, where the BrowserPool's background reconnection finds it again. Each browser also
 * listens for DevTools on its own port, so the harness can count its contexts at the browser
 * level (all connections), not through the pool's bookkeeping.
 * @module
 */
import { createServer, type Server } from 'node:net';
import { randomBytes } from 'node:crypto';
import { chromium, type BrowserServer } from 'playwright-core';
import { DEFAULT_CHROMIUM_ARGS } from '../../src/env/index.ts';
import { treeRssMb } from './procs.ts';

interface Slot {
  index: number;
  port: number;
  wsPath: string;
  cdpPort: number;
  server?: BrowserServer;
  /** Increments at each (re)start. */
  generation: number;
  startedAt: number;
}

/**
 * `count` distinct free ports. Every listener stays open until all are allocated: closing each one
 * at once let the kernel hand the same port out twice, and two browsers of one fleet then fought
 * over it (the soak hung at start-up).
 */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<Server>((resolve, reject) => {
        const srv = createServer();
        srv.once('error', reject);
        srv.listen(0, '127.0.0.1', () => resolve(srv));
      }),
    ),
  );
  const ports = servers.map((srv) => (srv.address() as { port: number }).port);
  await Promise.all(servers.map((srv) => new Promise((resolve) => srv.close(resolve))));
  return ports;
}

export class BrowserFleet {
  readonly executablePath: string;
  readonly #slots: Slot[] = [];

  private constructor(executablePath: string) {
    this.executablePath = executablePath;
  }

  /** Launch `count` servers in parallel. */
  static async start(count: number, executablePath: string): Promise<BrowserFleet> {
    const fleet = new BrowserFleet(executablePath);
    const ports = await freePorts(count * 2);
    for (let i = 0; i < count; i++) {
      fleet.#slots.push({ index: i, port: ports[2 * i]!, cdpPort: ports[2 * i + 1]!, wsPath: `/soak-${i}-${randomBytes(6).toString('hex')}`, generation: 0, startedAt: 0 });
    }
    await Promise.all(fleet.#slots.map((s) => fleet.#launch(s)));
    return fleet;
  }

  async #launch(slot: Slot): Promise<void> {
    // The port of a server just killed is released when its socket closes; retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        slot.server = await chromium.launchServer({
          executablePath: this.executablePath,
          args: [...DEFAULT_CHROMIUM_ARGS, `--remote-debugging-port=${slot.cdpPort}`],
          host: '127.0.0.1',
          port: slot.port,
          wsPath: slot.wsPath,
          timeout: 60_000,
        });
        slot.generation++;
        slot.startedAt = performance.now();
        return;
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
      }
    }
  }

  get size(): number {
    return this.#slots.length;
  }

  /** WebSocket endpoints, stable across restarts. */
  get endpoints(): string[] {
    return this.#slots.map((s) => `ws://127.0.0.1:${s.port}${s.wsPath}`);
  }

  /** Indexes of servers whose browser is running. */
  live(): number[] {
    return this.#slots.filter((s) => s.server && s.server.process().exitCode === null && s.server.process().signalCode === null).map((s) => s.index);
  }

  /** Browser pid of server `i` (undefined while it is down). */
  pid(i: number): number | undefined {
    const s = this.#slots[i]!;
    return this.live().includes(i) ? s.server?.process().pid : undefined;
  }

  /** Milliseconds since server `i` last started. */
  uptimeMs(i: number): number {
    return performance.now() - this.#slots[i]!.startedAt;
  }

  generation(i: number): number {
    return this.#slots[i]!.generation;
  }

  /** SIGKILL the browser process of server `i` (the fault), without any cleanup. */
  kill(i: number): void {
    this.#slots[i]!.server?.process().kill('SIGKILL');
  }

  /** Start server `i` again at the same endpoint. */
  async restart(i: number): Promise<void> {
    const slot = this.#slots[i]!;
    await slot.server?.close().catch(() => undefined); // releases the listening socket of the dead server
    await this.#launch(slot);
  }

  /** Resident memory of browser `i`'s process tree in MB (0 while it is down). */
  rssMb(i: number): number {
    const pid = this.pid(i);
    return pid ? treeRssMb(pid) : 0;
  }

  /** Browser contexts open in browser `i`, counted over DevTools (every client's contexts, not only ours). */
  async contextCount(i: number): Promise<number> {
    const cdp = await chromium.connectOverCDP(`http://127.0.0.1:${this.#slots[i]!.cdpPort}`, { timeout: 15_000 });
    try {
      const session = await cdp.newBrowserCDPSession();
      const { browserContextIds } = await session.send('Target.getBrowserContexts');
      return browserContextIds.length;
    } finally {
      await cdp.close();
    }
  }

  /** Close every server. Idempotent. */
  async close(): Promise<void> {
    await Promise.all(this.#slots.map((s) => s.server?.close().catch(() => undefined)));
  }
}
