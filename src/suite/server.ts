/**
 * Serving sites in-process: each site on its own free loopback port.
 * @module
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createSiteApp } from './site.ts';
import type { SiteApp, SiteDefinition } from './site.ts';

/** One site served on a port. */
export interface ServedSite {
  name: string;
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  site: SiteApp;
}

/** Sites being served; `close()` stops them all (idempotent). */
export interface ServedSites {
  sites: ServedSite[];
  close(): Promise<void>;
}

/** Options of `serveSites`. */
export interface ServeOptions {
  /** Interface to bind. @default '127.0.0.1' */
  host?: string;
  /** Fixed ports by site name; others get a free port. */
  ports?: Record<string, number>;
}

/** Start each site definition on its own port and return their base URLs. */
export async function serveSites<S extends unknown[]>(defs: { [K in keyof S]: SiteDefinition<S[K]> }, options: ServeOptions = {}): Promise<ServedSites> {
  const host = options.host ?? '127.0.0.1';
  const served: ServedSite[] = [];
  const servers: ReturnType<typeof createServer>[] = [];
  for (const def of defs) {
    const site = createSiteApp(def as SiteDefinition<S[number]>);
    // Browsers and Playwright's request context pool connections; Node's default 5 s keep-alive
    // timeout races them and resets connections mid-request (ECONNRESET on probes).
    const server = createServer({ keepAliveTimeout: 65_000 }, getRequestListener(site.app.fetch));
    servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.ports?.[def.name] ?? 0, host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    served.push({ name: def.name, url: `http://${host}:${port}`, site });
  }
  let closed = false;
  return {
    sites: served,
    async close() {
      if (closed) return;
      closed = true;
      for (const s of served) s.site.faults.hang = false;
      await Promise.all(
        servers.map((server) => new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        })),
      );
    },
  };
}
