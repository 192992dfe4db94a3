/**
 * Retries of model API calls: exponential backoff with full jitter, `retry-after` respected, abortable.
 * The SDK clients run with `maxRetries: 0` and this module does the retrying, so the schedule is ours,
 * the same for every provider, and observable in tests (`onRetry`).
 * @module
 */
import { ModelError } from '../env/errors.ts';

/** Options of `withRetry`. */
export interface RetryOptions {
  /** Retries after the first attempt. @default 4 */
  maxRetries?: number;
  /** Backoff before the first retry, doubled each time (before jitter). @default 500 */
  initialDelayMs?: number;
  /** Cap on one backoff, and on a server's `retry-after`. @default 30000 */
  maxDelayMs?: number;
  /** Aborts the waits between attempts. */
  signal?: AbortSignal;
  /** Source of randomness for the jitter, in [0, 1). @default Math.random */
  random?: () => number;
  /** Called before each wait, e.g. to log. */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

/** How the caller's error classifier sees a failure. */
export interface RetryDecision {
  retryable: boolean;
  /** Delay the server asked for (from `retry-after` / `retry-after-ms`), when it did. */
  retryAfterMs?: number;
}

const DEFAULTS = { maxRetries: 4, initialDelayMs: 500, maxDelayMs: 30_000 };

/** Parse `retry-after-ms` / `retry-after` (seconds or an HTTP date) from response headers. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers || typeof headers.get !== 'function') return undefined;
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.get('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Decide whether an SDK error (Anthropic or OpenAI; both expose `status` and `headers`) is worth
 * retrying: connection failures and timeouts, 408, 409, 429, 5xx and Anthropic's 529 (overloaded).
 */
export function classifyApiError(error: unknown): RetryDecision {
  if (typeof error !== 'object' || error === null) return { retryable: false };
  const e = error as { status?: unknown; headers?: Headers; name?: string };
  if (e.name === 'APIUserAbortError' || e.name === 'AbortError') return { retryable: false };
  if (e.status === undefined) {
    // APIConnectionError / APIConnectionTimeoutError carry no status: the request never got an answer.
    return { retryable: e.name === 'APIConnectionError' || e.name === 'APIConnectionTimeoutError' };
  }
  const status = Number(e.status);
  const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
  return { retryable, retryAfterMs: retryable ? retryAfterMs(e.headers) : undefined };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Run `call` until it succeeds, a failure is not retryable, or the retries are spent (then the last
 * error is rethrown). The wait before retry n is `retry-after` when the server sent one, else a
 * uniformly random delay in [0, initialDelayMs * 2^(n-1)] ("full jitter"), capped at maxDelayMs.
 *
 * @example
 * const msg = await withRetry(() => client.messages.create(body), classifyApiError, { maxRetries: 3 });
 */
export async function withRetry<T>(call: (attempt: number) => Promise<T>, classify: (error: unknown) => RetryDecision, options: RetryOptions = {}): Promise<T> {
  const o = { ...DEFAULTS, ...options };
  if (!Number.isInteger(o.maxRetries) || o.maxRetries < 0) {
    throw new ModelError('model_config', `withRetry: maxRetries must be a non-negative integer (got ${o.maxRetries}). Pass 0 to disable retries.`);
  }
  const random = o.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call(attempt);
    } catch (error) {
      const decision = classify(error);
      if (!decision.retryable || attempt >= o.maxRetries || o.signal?.aborted) throw error;
      const backoff = random() * Math.min(o.maxDelayMs, o.initialDelayMs * 2 ** attempt);
      const delayMs = Math.round(Math.min(o.maxDelayMs, decision.retryAfterMs ?? backoff));
      o.onRetry?.({ attempt: attempt + 1, delayMs, error });
      await sleep(delayMs, o.signal);
    }
  }
}
