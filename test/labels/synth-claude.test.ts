/**
 * ClaudeSynthesizer against a local server that speaks the Messages API (POST /v1/messages) with
 * recorded responses, through the real @anthropic-ai/sdk client and the real sandboxed validator.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ModelError } from '../../src/env/errors.ts';
import { ClaudeSynthesizer } from '../../src/labels/claude-synthesizer.ts';
import { DEFAULT_CLAUDE_MODEL } from '../../src/models/index.ts';
import { addToCartDemo } from './synth-fixtures.ts';

interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

interface Recorded {
  path: string;
  auth: string | undefined;
  body: { model: string; system: string; tools: Array<{ name: string }>; tool_choice: { name: string }; messages: Array<{ content: string }> };
  at: number;
}

let server: Server;
let baseURL = '';
let script: Reply[] = [];
let requests: Recorded[] = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  let raw = '';
  req.on('data', (c: Buffer) => { raw += c.toString(); });
  req.on('end', () => {
    requests.push({ path: req.url ?? '', auth: req.headers.authorization, body: JSON.parse(raw), at: Date.now() });
    const reply = script.shift() ?? { status: 500, body: { type: 'error', error: { type: 'api_error', message: 'script exhausted' } } };
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', 'request-id': `req_${requests.length}`, ...reply.headers });
    res.end(JSON.stringify(reply.body));
  });
}

let messageCount = 0;
function message(content: unknown[], stopReason = 'tool_use', usage = { input_tokens: 1000, output_tokens: 200 }): Reply {
  messageCount += 1;
  return {
    body: {
      id: `msg_${messageCount}`, type: 'message', role: 'assistant', model: DEFAULT_CLAUDE_MODEL, content,
      stop_reason: stopReason, stop_sequence: null, usage,
    },
  };
}

const toolUse = (name: string, input: unknown) => ({ type: 'tool_use', id: `toolu_${messageCount + 1}`, name, input });
const proposal = (keySteps: Array<{ step_index: number; description: string; code: string }>) => message([toolUse('submit_label_functions', { key_steps: keySteps })]);
const retryReply = (code: string) => message([toolUse('submit_label_function', { code })]);
const apiError = (status: number, type: string, headers: Record<string, string> = {}): Reply => ({ status, headers, body: { type: 'error', error: { type, message: `${type} (recorded)` } } });

const GOOD = "(traj, api) => (api.probe('shop.state.cart') ?? []).some((i) => i.productId === 17 && i.size === 'M')";
const DESCRIPTION = "The cart holds the Trail Runner 2 in size M";

function synth(options: ConstructorParameters<typeof ClaudeSynthesizer>[0] = {}) {
  return new ClaudeSynthesizer({ apiKey: 'test-key', baseURL, initialDelayMs: 10, maxRetries: 2, ...options });
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
afterEach(() => {
  script = [];
  requests = [];
});

describe('ClaudeSynthesizer', () => {
  it('keeps a good answer, with provenance, and accounts tokens and cost per task', async () => {
    script = [proposal([{ step_index: 4, description: DESCRIPTION, code: GOOD }])];
    const set = await synth().synthesize(addToCartDemo());
    expect(set.labels).toHaveLength(1);
    expect(set.labels[0]).toMatchObject({
      id: 'k1-the-cart-holds-the-trail-runner-2-in-size-m', code: GOOD, origin: 'llm',
      provenance: { synthesizer: 'claude', model: DEFAULT_CLAUDE_MODEL, keyStep: 4, trajectoryId: 'demo-1' },
      validation: { ok: true, firstTrue: 4, falseBefore: true, trueAfter: true },
    });
    // 1000 input + 200 output tokens of claude-sonnet-5-5 at $2 / $10 per million.
    expect(set.usage).toEqual({ inputTokens: 1000, outputTokens: 200, costUsd: 0.004 });
    expect(requests).toHaveLength(1);
    const req = requests[0]!;
    expect(req.path).toBe('/v1/messages');
    expect(req.auth).toBe('Bearer test-key');
    expect(req.body.model).toBe(DEFAULT_CLAUDE_MODEL);
    expect(req.body.tool_choice.name).toBe('submit_label_functions');
    const prompt = req.body.messages[0]!.content;
    expect(prompt).toContain('<label_api>');
    expect(prompt).toContain('api.probeFind(path, predicate, at?)');
    expect(prompt).toContain("4. Click the button 'Add to cart' (message 'Added Trail Runner 2 to your cart'; cart: +1 item 'Trail Runner 2' size M colour Black quantity 1)");
    expect(prompt).toContain('backend: added to shop.state.cart: {"id":1,"productId":17,"size":"M","colour":"Black","quantity":1}');
  });

  it('retries code with a syntax error, with the compile error in the retry prompt', async () => {
    script = [
      proposal([{ step_index: 4, description: DESCRIPTION, code: "(traj, api) => api.probe('shop.state.cart').some((i) => i.productId === 17 &&" }]),
      retryReply(GOOD),
    ];
    const set = await synth().synthesize(addToCartDemo());
    expect(set.labels.map((l) => l.code)).toEqual([GOOD]);
    expect(set.attempts.map((a) => [a.attempt, a.kept])).toEqual([[1, false], [2, true]]);
    expect(set.attempts[0]!.reason).toMatch(/compile|syntax/i);
    expect(requests[1]!.body.tool_choice.name).toBe('submit_label_function');
    expect(requests[1]!.body.messages[0]!.content).toContain(set.attempts[0]!.reason);
  });

  it('feeds the validation failure back and keeps the corrected label', async () => {
    const tooEarly = "(traj, api) => api.visited('/products/17')";
    script = [proposal([{ step_index: 4, description: DESCRIPTION, code: tooEarly }]), retryReply(GOOD)];
    const set = await synth().synthesize(addToCartDemo());
    expect(set.labels).toHaveLength(1);
    const failed = set.attempts[0]!;
    expect(failed).toMatchObject({ attempt: 1, kept: false, code: tooEarly });
    expect(failed.reason).toContain('before the key step 4');
    const retryPrompt = requests[1]!.body.messages[0]!.content;
    expect(retryPrompt).toContain(failed.reason);
    expect(retryPrompt).toContain(tooEarly);
    expect(retryPrompt).toContain('<key_step step_index="4">');
  });

  it('drops a key step after maxAttempts failures and records every attempt', async () => {
    script = [proposal([{ step_index: 4, description: DESCRIPTION, code: '(traj, api) => true' }]), retryReply('(traj, api) => false')];
    const set = await synth().synthesize(addToCartDemo(), { maxAttempts: 2 });
    expect(set.labels).toEqual([]);
    expect(set.attempts).toHaveLength(2);
    expect(set.attempts[1]!.reason).toMatch(/dropped after 2 attempts$/);
  });

  it('throws model_refused when the first reply is a refusal or has no tool call', async () => {
    script = [message([{ type: 'text', text: 'I cannot help with that.' }], 'refusal')];
    const error = await synth().synthesize(addToCartDemo()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe('model_refused');
    expect((error as ModelError).message).toContain('stop_reason refusal: "I cannot help with that."');

    script = [message([{ type: 'text', text: 'Here are some thoughts instead.' }], 'end_turn')];
    await expect(synth().synthesize(addToCartDemo())).rejects.toMatchObject({ code: 'model_refused' });
  });

  it('drops the key step with a record when a retry is refused', async () => {
    script = [proposal([{ step_index: 4, description: DESCRIPTION, code: '(traj, api) => true' }]), message([{ type: 'text', text: 'No.' }], 'refusal')];
    const set = await synth().synthesize(addToCartDemo());
    expect(set.labels).toEqual([]);
    expect(set.attempts.at(-1)!.reason).toBe('dropped: model refused to retry (stop_reason refusal: "No.")');
  });

  it('waits out a 429 for the retry-after the server asked for, then succeeds', async () => {
    script = [apiError(429, 'rate_limit_error', { 'retry-after': '1' }), proposal([{ step_index: 4, description: DESCRIPTION, code: GOOD }])];
    const set = await synth().synthesize(addToCartDemo());
    expect(set.labels).toHaveLength(1);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('gives up on repeated 500s with model_server after maxRetries', async () => {
    script = [apiError(500, 'api_error'), apiError(500, 'api_error'), apiError(500, 'api_error')];
    const error = await synth({ maxRetries: 2 }).synthesize(addToCartDemo()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe('model_server');
    expect((error as ModelError).message).toMatch(/^ClaudeSynthesizer\.synthesize: the API failed after 3 attempts \(HTTP 500/);
    expect(requests).toHaveLength(3);
  });

  it('reports a rejected key as model_auth without retrying', async () => {
    script = [apiError(401, 'authentication_error')];
    await expect(synth().synthesize(addToCartDemo())).rejects.toMatchObject({ code: 'model_auth' });
    expect(requests).toHaveLength(1);
  });

  it('needs an API key, and says how to get one or go offline', () => {
    const saved = process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    try {
      expect(() => new ClaudeSynthesizer({ baseURL })).toThrowError(expect.objectContaining({
        code: 'model_auth',
        message: expect.stringContaining('Set ANTHROPIC_API_KEY, or use --synth heuristic'),
      }));
    } finally {
      if (saved !== undefined) process.env.ANTHROPIC_API_KEY = saved;
    }
  });

  it('stops with a record when the token budget is spent, and does not cache that result', async () => {
    script = [message([toolUse('submit_label_functions', { key_steps: [{ step_index: 4, description: DESCRIPTION, code: '(traj, api) => true' }] })], 'tool_use', { input_tokens: 5000, output_tokens: 100 })];
    const s = synth({ maxTokensPerTask: 4000 });
    const set = await s.synthesize(addToCartDemo());
    expect(set.labels).toEqual([]);
    expect(set.attempts.at(-1)!.reason).toBe('dropped: budget spent: 5100 tokens of maxTokensPerTask 4000');
    expect(requests).toHaveLength(1);
    script = [proposal([{ step_index: 4, description: DESCRIPTION, code: GOOD }])];
    expect((await s.synthesize(addToCartDemo())).labels).toHaveLength(1);
  });

  it('caches results by demo hash in memory and in cacheDir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coregym-synth-cache-'));
    try {
      script = [proposal([{ step_index: 4, description: DESCRIPTION, code: GOOD }])];
      const first = await synth({ cacheDir: dir }).synthesize(addToCartDemo());
      expect(readdirSync(dir)).toHaveLength(1);
      const again = await synth({ cacheDir: dir }).synthesize(addToCartDemo());
      expect(again).toEqual(first);
      expect(requests).toHaveLength(1);
      const other = { ...addToCartDemo(), goal: 'Add the Trail Runner 2 in size M to my cart, please' };
      script = [proposal([{ step_index: 4, description: DESCRIPTION, code: GOOD }])];
      await synth({ cacheDir: dir }).synthesize(other);
      expect(requests).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
