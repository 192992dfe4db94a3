import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ClaudeAgent } from '../../src/agents/index.ts';
import { DEFAULT_CLAUDE_MODEL } from '../../src/models/index.ts';
import type { AgentContext, HistoryEntry } from '../../src/agents/index.ts';
import { ModelError } from '../../src/env/index.ts';
import type { Observation } from '../../src/env/index.ts';
import { startFakeModelServer } from './fake-model-server.ts';
import type { FakeModelServer } from './fake-model-server.ts';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

function obs(over: Partial<Observation> = {}): Observation {
  return {
    url: 'http://shop.test/', title: 'Shop', goal: 'Add the Blue Kettle to the cart',
    tabs: [{ index: 0, url: 'http://shop.test/', title: 'Shop' }], activeTab: 0,
    axtree: "RootWebArea 'Shop'\n\t[12] link 'Blue Kettle'",
    elements: [{ id: '12', role: 'link', name: 'Blue Kettle', visible: true, clickable: true }],
    lastActionError: '', dialogs: [], downloads: [], truncated: false, ...over,
  };
}
const ctx = (step = 0, history: HistoryEntry[] = []): AgentContext => ({ step, remainingSteps: 10 - step, history });

function message(content: unknown[], usage = { input_tokens: 1000, output_tokens: 50 }, stop_reason = 'tool_use') {
  return { body: { id: 'msg_1', type: 'message', role: 'assistant', model: DEFAULT_CLAUDE_MODEL, content, stop_reason, stop_sequence: null, usage } };
}
const toolUse = (id: string, name: string, input: unknown) => ({ type: 'tool_use', id, name, input });
const overloaded = (headers: Record<string, string> = {}, status = 529) => ({ status, headers, body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } });

let server: FakeModelServer;
beforeAll(async () => {
  server = await startFakeModelServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});
const agent = (options: ConstructorParameters<typeof ClaudeAgent>[0] = {}) => new ClaudeAgent({ apiKey: 'sk-test', baseURL: server.url, ...options });

describe('ClaudeAgent against a local Messages API server', () => {
  it('turns a tool_use block into the action, with tools, the observation and usage accounted', async () => {
    server.reply(message([{ type: 'text', text: 'The kettle link is [12].' }, toolUse('toolu_1', 'click', { id: '12' })]));
    const a = agent();
    const step = await a.act(obs(), ctx());
    expect(step.action).toEqual({ type: 'click', id: '12' });
    expect(step.thought).toBe('The kettle link is [12].');
    expect(step.raw).toBe('{"name":"click","input":{"id":"12"}}');
    // claude-sonnet-5-5: $2 / $10 per MTok.
    expect(step.usage).toEqual({ inputTokens: 1000, outputTokens: 50, costUsd: 0.0025 });
    const req = server.requests[0]!;
    expect(req.path).toBe('/v1/messages');
    expect(req.headers.authorization).toBe('Bearer sk-test');
    expect(req.body.model).toBe('claude-sonnet-5-5');
    expect(req.body.tool_choice).toEqual({ type: 'auto' });
    const tools = req.body.tools as { name: string }[];
    expect(tools.map((t) => t.name)).toContain('click');
    expect(tools.map((t) => t.name)).toContain('send_msg_to_user');
    expect(String(req.body.system)).toContain('send_msg_to_user("done")');
    const messages = req.body.messages as { role: string; content: { type: string; text?: string }[] }[];
    expect(messages).toHaveLength(1);
    expect(messages[0]!.content[0]!.text).toContain("[12] link 'Blue Kettle'");
    expect(a.usage).toMatchObject({ calls: 1, inputTokens: 1000, outputTokens: 50, unpricedCalls: 0 });
  });

  it('sends the screenshot as a base64 PNG image block when screenshots are on', async () => {
    server.reply(message([toolUse('toolu_1', 'scroll', { dx: 0, dy: 300 })]));
    await agent({ screenshot: true }).act(obs({ screenshot: PNG }), ctx());
    const content = (server.requests[0]!.body.messages as { content: { type: string; source?: { type: string; media_type: string; data: string } }[] }[])[0]!.content;
    const image = content.find((b) => b.type === 'image')!;
    expect(image.source).toEqual({ type: 'base64', media_type: 'image/png', data: Buffer.from(PNG).toString('base64') });
  });

  it('answers the previous tool call with a tool_result carrying the step’s error', async () => {
    server.reply(message([toolUse('toolu_1', 'click', { id: '99' })]), message([toolUse('toolu_2', 'click', { id: '12' })]));
    const a = agent({ toolChoice: 'any' });
    await a.act(obs(), ctx(0));
    const history: HistoryEntry[] = [{ index: 0, action: { type: 'click', id: '99' }, actionText: 'click("99")', error: 'No element with id "99"' }];
    await a.act(obs({ lastAction: 'click("99")', lastActionError: 'No element with id "99"' }), ctx(1, history));
    const second = server.requests[1]!.body;
    expect(second.tool_choice).toEqual({ type: 'any' });
    const messages = second.messages as { role: string; content: Record<string, unknown>[] }[];
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(messages[1]!.content).toEqual([{ type: 'tool_use', id: 'toolu_1', name: 'click', input: { id: '99' } }]);
    expect(messages[2]!.content[0]).toEqual({ type: 'tool_result', tool_use_id: 'toolu_1', content: 'Error: No element with id "99"', is_error: true });
  });

  it('keeps only the last historyTurns turns', async () => {
    const a = agent({ historyTurns: 1 });
    const history: HistoryEntry[] = [];
    for (let i = 0; i < 3; i++) {
      server.reply(message([toolUse(`toolu_${i}`, 'scroll', { dx: 0, dy: 100 })]));
      await a.act(obs(), ctx(i, history.slice()));
      history.push({ index: i, action: { type: 'scroll', dx: 0, dy: 100 }, actionText: 'scroll(0, 100)', error: '' });
    }
    const messages = server.requests[2]!.body.messages as { role: string; content: Record<string, unknown>[] }[];
    expect(messages).toHaveLength(3);
    expect(messages[1]!.content[0]).toMatchObject({ type: 'tool_use', id: 'toolu_1' });
    expect(messages[2]!.content[0]).toEqual({ type: 'tool_result', tool_use_id: 'toolu_1', content: 'Done.', is_error: false });
  });

  it('parses a text reply without a tool call as an action', async () => {
    server.reply(message([{ type: 'text', text: 'I will open it.\nclick("12")' }], undefined, 'end_turn'));
    const step = await agent().act(obs(), ctx());
    expect(step.action).toEqual({ type: 'click', id: '12' });
    expect(step.error).toBeUndefined();
  });

  it('returns a noop with the parse error and the raw text for malformed output, never throwing', async () => {
    server.reply(
      message([{ type: 'text', text: 'I am not sure what to do here.' }], undefined, 'end_turn'),
      message([toolUse('toolu_1', 'click', { id: '12', colour: 'red' })]),
      message([toolUse('toolu_2', 'teleport', { id: '12' })]),
    );
    const a = agent();
    const prose = await a.act(obs(), ctx());
    expect(prose.action).toEqual({ type: 'noop' });
    expect(prose.raw).toBe('I am not sure what to do here.');
    expect(prose.error).toContain('parseAction: no action call found');
    const badArgs = await a.act(obs(), ctx());
    expect(badArgs.action).toEqual({ type: 'noop' });
    expect(badArgs.error).toContain('actionFromToolCall: unknown field "colour" for click');
    expect(badArgs.raw).toBe('{"name":"click","input":{"id":"12","colour":"red"}}');
    const unknown = await a.act(obs(), ctx());
    expect(unknown.error).toContain('teleport');
  });

  it('retries 429 after the retry-after delay, then succeeds', async () => {
    server.reply(overloaded({ 'retry-after': '0.2' }, 429), message([toolUse('toolu_1', 'click', { id: '12' })]));
    const waits: number[] = [];
    const started = Date.now();
    const step = await agent({ retry: { onRetry: ({ delayMs }) => waits.push(delayMs) } }).act(obs(), ctx());
    expect(step.action).toEqual({ type: 'click', id: '12' });
    expect(waits).toEqual([200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up on repeated 500s with a model_server ModelError after maxRetries', async () => {
    server.reply(overloaded({}, 500), overloaded({}, 500), overloaded({}, 500));
    const error = await agent({ retry: { maxRetries: 2, initialDelayMs: 5 } }).act(obs(), ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe('model_server');
    expect((error as ModelError).message).toMatch(/^ClaudeAgent\.act: the model server failed \(HTTP 500: Overloaded\), still after the retries/);
    expect(server.requests).toHaveLength(3);
  });

  it('maps 401 to model_auth without retrying', async () => {
    server.reply({ status: 401, body: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } } });
    const error = await agent().act(obs(), ctx()).catch((e: unknown) => e);
    expect((error as ModelError).code).toBe('model_auth');
    expect((error as ModelError).message).toContain('Check ANTHROPIC_API_KEY');
    expect(server.requests).toHaveLength(1);
  });

  it('costs unknown models at 0 and counts them as unpriced', async () => {
    server.reply(message([toolUse('toolu_1', 'go_back', {})]));
    const a = agent({ model: 'my-finetune' });
    const step = await a.act(obs(), ctx());
    expect(step.action).toEqual({ type: 'back' });
    expect(step.usage?.costUsd).toBe(0);
    expect(a.usage.unpricedCalls).toBe(1);
  });

  it('throws model_auth with what to do when no API key is configured', () => {
    const saved = process.env.ANTHROPIC_API_KEY;
    const savedToken = process.env.ANTHROPIC_AUTH_TOKEN;
    delete process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_AUTH_TOKEN;
    try {
      expect(() => new ClaudeAgent()).toThrow(ModelError);
      expect(() => new ClaudeAgent()).toThrow(/ClaudeAgent: no API key \(expected options.apiKey or the ANTHROPIC_API_KEY environment variable, got neither\)\. .*export ANTHROPIC_API_KEY/);
    } finally {
      if (saved !== undefined) process.env.ANTHROPIC_API_KEY = saved;
      if (savedToken !== undefined) process.env.ANTHROPIC_AUTH_TOKEN = savedToken;
    }
  });
});
