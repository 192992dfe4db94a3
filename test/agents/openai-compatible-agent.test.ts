import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OpenAICompatibleAgent } from '../../src/agents/index.ts';
import type { AgentContext, HistoryEntry } from '../../src/agents/index.ts';
import { ModelError } from '../../src/env/index.ts';
import type { Observation } from '../../src/env/index.ts';
import { startFakeModelServer } from './fake-model-server.ts';
import type { FakeModelServer } from './fake-model-server.ts';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 9, 9]);

function obs(over: Partial<Observation> = {}): Observation {
  return {
    url: 'http://forum.test/', title: 'Forum', goal: 'Search the forum for "tents"',
    tabs: [{ index: 0, url: 'http://forum.test/', title: 'Forum' }], activeTab: 0,
    axtree: "RootWebArea 'Forum'\n\t[5] searchbox 'Search'",
    elements: [{ id: '5', role: 'searchbox', name: 'Search', visible: true, editable: true, value: '' }],
    lastActionError: '', dialogs: [], downloads: [], truncated: false, ...over,
  };
}
const ctx = (step = 0, history: HistoryEntry[] = []): AgentContext => ({ step, remainingSteps: 10 - step, history });

function completion(message: Record<string, unknown>, usage = { prompt_tokens: 800, completion_tokens: 30, total_tokens: 830 }) {
  return { body: { id: 'chatcmpl-1', object: 'chat.completion', created: 1_790_000_000, model: 'qwen', choices: [{ index: 0, finish_reason: message.tool_calls ? 'tool_calls' : 'stop', message: { role: 'assistant', content: null, ...message } }], usage } };
}
const toolCall = (id: string, name: string, args: unknown) => ({ id, type: 'function', function: { name, arguments: typeof args === 'string' ? args : JSON.stringify(args) } });
const serverError = (status: number, headers: Record<string, string> = {}) => ({ status, headers, body: { error: { message: status === 429 ? 'Too many requests' : 'engine crashed', type: 'server_error' } } });

let server: FakeModelServer;
beforeAll(async () => {
  server = await startFakeModelServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});
const agent = (options: Partial<ConstructorParameters<typeof OpenAICompatibleAgent>[0]> = {}) =>
  new OpenAICompatibleAgent({ model: 'qwen', baseURL: `${server.url}/v1`, apiKey: 'EMPTY', ...options });

describe('OpenAICompatibleAgent against a local chat completions server', () => {
  it('turns a tool call into the action and passes sampling parameters through, top_k in the body', async () => {
    server.reply(completion({ content: 'Typing the query.', tool_calls: [toolCall('call_1', 'fill', { id: '5', text: 'tents' })] }));
    const a = agent({ temperature: 0.7, topP: 0.9, topK: 40, seed: 3, extraBody: { repetition_penalty: 1.05 }, prices: { qwen: { inputPerMTok: 0.5, outputPerMTok: 1 } } });
    const step = await a.act(obs(), ctx());
    expect(step.action).toEqual({ type: 'fill', id: '5', text: 'tents' });
    expect(step.thought).toBe('Typing the query.');
    expect(step.usage).toEqual({ inputTokens: 800, outputTokens: 30, costUsd: 0.00043 });
    const req = server.requests[0]!;
    expect(req.path).toBe('/v1/chat/completions');
    expect(req.body).toMatchObject({ model: 'qwen', temperature: 0.7, top_p: 0.9, top_k: 40, seed: 3, repetition_penalty: 1.05, tool_choice: 'auto', max_tokens: 1024 });
    const tools = req.body.tools as { type: string; function: { name: string } }[];
    expect(tools.map((t) => t.function.name)).toContain('select_option');
    const messages = req.body.messages as { role: string; content: unknown }[];
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(String(messages[1]!.content)).toContain("[5] searchbox 'Search'");
  });

  it('sends the screenshot as an image_url data URL when screenshots are on', async () => {
    server.reply(completion({ tool_calls: [toolCall('call_1', 'scroll', { dx: 0, dy: 200 })] }));
    await agent({ screenshot: true }).act(obs({ screenshot: PNG }), ctx());
    const user = (server.requests[0]!.body.messages as { role: string; content: { type: string; image_url?: { url: string } }[] }[])[1]!;
    expect(user.content[1]).toEqual({ type: 'image_url', image_url: { url: `data:image/png;base64,${Buffer.from(PNG).toString('base64')}` } });
  });

  it('answers the previous tool call with a tool message carrying its outcome', async () => {
    server.reply(completion({ tool_calls: [toolCall('call_1', 'fill', { id: '5', text: 'tents' })] }), completion({ tool_calls: [toolCall('call_2', 'press', { id: '5', key: 'Enter' })] }));
    const a = agent({ toolChoice: 'required' });
    await a.act(obs(), ctx(0));
    await a.act(obs(), ctx(1, [{ index: 0, action: { type: 'fill', id: '5', text: 'tents' }, actionText: 'fill("5", "tents")', error: '' }]));
    const body = server.requests[1]!.body;
    expect(body.tool_choice).toBe('required');
    const messages = body.messages as Record<string, unknown>[];
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'user']);
    expect(messages[3]).toEqual({ role: 'tool', tool_call_id: 'call_1', content: 'Done.' });
  });

  it('in text mode sends no tools and parses the action from the reply', async () => {
    server.reply(completion({ content: 'The search box is 5.\n```\nfill("5", "tents")\n```' }));
    const step = await agent({ mode: 'text' }).act(obs(), ctx());
    expect(step.action).toEqual({ type: 'fill', id: '5', text: 'tents' });
    expect(server.requests[0]!.body.tools).toBeUndefined();
    expect(String((server.requests[0]!.body.messages as { content: string }[])[0]!.content)).toContain('exactly one action call on the last line');
  });

  it('returns a noop with the error for malformed output, never throwing', async () => {
    server.reply(completion({ content: 'fill("5"' }), completion({ tool_calls: [toolCall('call_1', 'fill', '{"id": "5", "text": ')] }));
    const a = agent({ mode: 'text' });
    const text = await a.act(obs(), ctx());
    expect(text.action).toEqual({ type: 'noop' });
    expect(text.raw).toBe('fill("5"');
    expect(text.error).toMatch(/^parseAction: malformed action call/);
    const tools = await agent().act(obs(), ctx());
    expect(tools.action).toEqual({ type: 'noop' });
    expect(tools.error).toContain('the arguments of tool call "fill" are not JSON');
  });

  it('retries 429 honouring retry-after, then succeeds', async () => {
    server.reply(serverError(429, { 'retry-after-ms': '150' }), completion({ tool_calls: [toolCall('call_1', 'go_back', {})] }));
    const waits: number[] = [];
    const step = await agent({ retry: { onRetry: ({ delayMs }) => waits.push(delayMs) } }).act(obs(), ctx());
    expect(step.action).toEqual({ type: 'back' });
    expect(waits).toEqual([150]);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up on repeated 500s with a model_server ModelError', async () => {
    server.reply(serverError(500), serverError(500));
    const error = await agent({ retry: { maxRetries: 1, initialDelayMs: 5 } }).act(obs(), ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe('model_server');
    expect((error as ModelError).message).toContain('OpenAICompatibleAgent.act: the model server failed (HTTP 500');
    expect(server.requests).toHaveLength(2);
  });

  it('requires a model name and a valid mode', () => {
    expect(() => new OpenAICompatibleAgent({ model: '' })).toThrow(/options.model is required/);
    expect(() => new OpenAICompatibleAgent({ model: 'x', mode: 'json' as 'text' })).toThrow('mode must be "tools" or "text" (got "json")');
  });
});
