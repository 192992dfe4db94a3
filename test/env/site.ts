/** A local HTTP server for env tests: routes map a path to an HTML string or a handler. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = string | ((req: http.IncomingMessage, res: http.ServerResponse) => void);

export interface TestSite {
  url: string;
  origin: string;
  close(): Promise<void>;
}

export async function startSite(routes: Record<string, Route>): Promise<TestSite> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const route = routes[path];
    if (route === undefined) {
      res.statusCode = 404;
      res.end('not found');
    } else if (typeof route === 'string') {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(route);
    } else route(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    origin,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export function page(title: string, body: string): string {
  return `<!doctype html><html><head><title>${title}</title></head><body>${body}</body></html>`;
}
