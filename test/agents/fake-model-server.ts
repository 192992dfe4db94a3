/**
 * A local HTTP server that answers model API requests with recorded responses, in order, and keeps
 * every request it got. Speaks whatever wire format the queued bodies are in.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedResponse {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

export interface FakeModelServer {
  url: string;
  requests: ReceivedRequest[];
  /** Queue responses for the next requests. */
  reply(...responses: RecordedResponse[]): void;
  close(): Promise<void>;
}

export async function startFakeModelServer(): Promise<FakeModelServer> {
  const queue: RecordedResponse[] = [];
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: text ? JSON.parse(text) : {} });
      const next = queue.shift() ?? { status: 500, body: { error: { type: 'api_error', message: 'fake server: no recorded response left' } } };
      res.writeHead(next.status ?? 200, { 'content-type': 'application/json', ...next.headers });
      res.end(JSON.stringify(next.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (...responses) => queue.push(...responses),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
