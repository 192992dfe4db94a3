import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelError } from '../../src/env/index.ts';
import { ClaudeJudge, InteropError, fuzzyMatchRequest, parseVerdict, unachievableReasonRequest } from '../../src/interop/index.ts';
import { startFakeModelServer, type FakeModelServer } from '../agents/fake-model-server.ts';

let server: FakeModelServer;
beforeAll(async () => {
  server = await startFakeModelServer();
});
afterAll(async () => {
  await server?.close();
});

const message = (text: string) => ({
  body: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-5-5', content: [{ type: 'text', text }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 120, output_tokens: 30 } },
});

describe('ClaudeJudge', () => {
  it('sends the prompt to the Messages API and reads the verdict line', async () => {
    const judge = new ClaudeJudge({ apiKey: 'test-key', baseURL: server.url, maxRetries: 0 });
    server.reply(message('The answer says the issue is open, like the reference.\nVERDICT: PASS'), message('Different reason.\nVERDICT: FAIL'));
    const pass = await judge.judge(fuzzyMatchRequest('Is issue 18 closed?', 'No, it is open', 'It is still open'));
    expect(pass).toEqual({ pass: true, explanation: 'The answer says the issue is open, like the reference.\nVERDICT: PASS' });
    const fail = await judge.judge(unachievableReasonRequest('Which number to call?', 'There is no phone number in the website', 'The page did not load'));
    expect(fail.pass).toBe(false);
    const sent = server.requests.at(-2)!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers.authorization).toBe('Bearer test-key');
    expect(sent.body).toMatchObject({ model: 'claude-sonnet-5-5', max_tokens: 512 });
    expect((sent.body.messages as { content: string }[])[0]!.content).toContain('Reference answer: No, it is open\nGiven answer: It is still open');
  });

  it('fails with judge_failed on an API error or a reply without a verdict', async () => {
    const judge = new ClaudeJudge({ apiKey: 'test-key', baseURL: server.url, maxRetries: 0 });
    server.reply({ status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: 'bad model' } } }, message('I think so.'));
    const apiError = await judge.judge(fuzzyMatchRequest('q', 'a', 'b')).catch((e: unknown) => e);
    expect(apiError).toBeInstanceOf(InteropError);
    expect((apiError as InteropError).code).toBe('judge_failed');
    expect((apiError as Error).message).toContain('ClaudeJudge.judge: the fuzzy_match request to claude-sonnet-5-5 failed: 400');
    await expect(judge.judge(fuzzyMatchRequest('q', 'a', 'b'))).rejects.toThrow('the judge\'s reply has no verdict line (expected "VERDICT: PASS" or "VERDICT: FAIL", got "I think so.")');
  });

  it('needs an API key', () => {
    const saved = process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    try {
      expect(() => new ClaudeJudge()).toThrow(ModelError);
    } finally {
      if (saved !== undefined) process.env.ANTHROPIC_API_KEY = saved;
    }
  });

  it('takes the last verdict line of a reply', () => {
    expect(parseVerdict('VERDICT: PASS? On reflection...\n**VERDICT: FAIL**').pass).toBe(false);
    expect(parseVerdict('verdict: pass').pass).toBe(true);
  });
});
