import { describe, expect, it } from 'vitest';
import { classifyApiError, retryAfterMs, withRetry } from '../../src/models/index.ts';

const apiError = (status: number, headers: Record<string, string> = {}) => Object.assign(new Error(`HTTP ${status}`), { status, headers: new Headers(headers) });

describe('withRetry', () => {
  it('retries retryable failures with growing jittered delays, then succeeds', async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw apiError(503);
        return 'ok';
      },
      classifyApiError,
      { initialDelayMs: 10, random: () => 1, onRetry: ({ delayMs }) => delays.push(delayMs) },
    );
    expect(result).toBe('ok');
    expect(delays).toEqual([10, 20]);
  });

  it('waits what retry-after says instead of the backoff', async () => {
    const delays: number[] = [];
    let calls = 0;
    await withRetry(
      async () => {
        if (calls++ === 0) throw apiError(429, { 'retry-after': '0.05' });
        return 1;
      },
      classifyApiError,
      { initialDelayMs: 5000, onRetry: ({ delayMs }) => delays.push(delayMs) },
    );
    expect(delays).toEqual([50]);
  });

  it('does not retry client errors and rethrows after the last retry', async () => {
    let calls = 0;
    await expect(withRetry(async () => { calls++; throw apiError(400); }, classifyApiError, { initialDelayMs: 1 })).rejects.toThrow('HTTP 400');
    expect(calls).toBe(1);
    calls = 0;
    await expect(withRetry(async () => { calls++; throw apiError(500); }, classifyApiError, { maxRetries: 2, initialDelayMs: 1 })).rejects.toThrow('HTTP 500');
    expect(calls).toBe(3);
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    const p = withRetry(async () => { throw apiError(529); }, classifyApiError, { initialDelayMs: 60_000, random: () => 1, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop')), 10);
    await expect(p).rejects.toThrow('stop');
  });
});

describe('retryAfterMs', () => {
  it('reads retry-after-ms, seconds and HTTP dates', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }))).toBe(2000);
    const now = Date.parse('2026-11-01T00:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': 'Sun, 01 Nov 2026 00:00:03 GMT' }), now)).toBe(3000);
    expect(retryAfterMs(new Headers({}))).toBeUndefined();
  });
});

describe('classifyApiError', () => {
  it('retries 408, 409, 429, 5xx, 529 and connection errors, nothing else', () => {
    for (const s of [408, 409, 429, 500, 503, 529]) expect(classifyApiError(apiError(s)).retryable).toBe(true);
    for (const s of [400, 401, 403, 404, 422]) expect(classifyApiError(apiError(s)).retryable).toBe(false);
    expect(classifyApiError(Object.assign(new Error('x'), { name: 'APIConnectionTimeoutError' })).retryable).toBe(true);
    expect(classifyApiError(Object.assign(new Error('x'), { name: 'APIUserAbortError' })).retryable).toBe(false);
  });
});
