/**
 * Mapping of SDK failures (Anthropic and OpenAI clients) to ModelError with a stable code and a
 * message that says what to do.
 * @module
 */
import { ModelError } from '../env/errors.ts';

/** What the message says about the provider's credentials. */
export interface ProviderHints {
  /** e.g. `ANTHROPIC_API_KEY` */
  keyVariable: string;
  /** e.g. `https://api.anthropic.com` or the configured baseURL */
  baseURL: string;
}

/** Turn a failure that survived the retries into a ModelError (aborts and ModelErrors pass through unchanged). */
export function toModelError(api: string, error: unknown, hints: ProviderHints): unknown {
  if (error instanceof ModelError) return error;
  if (typeof error !== 'object' || error === null) return error;
  const e = error as { status?: number; name?: string; message?: string; apiMessage?: string | null };
  if (e.name === 'APIUserAbortError' || e.name === 'AbortError') return error;
  const detail = (e.apiMessage ?? e.message ?? '').slice(0, 300);
  if (e.status === undefined) {
    if (e.name === 'APIConnectionError' || e.name === 'APIConnectionTimeoutError') {
      return new ModelError('model_server', `${api}: cannot reach the model server at ${hints.baseURL} (${e.name}: ${detail}). Check the baseURL and that the server is up; retries were exhausted.`, { cause: error });
    }
    return error;
  }
  const status = e.status;
  if (status === 401 || status === 403) {
    return new ModelError('model_auth', `${api}: the model server rejected the credentials (HTTP ${status}: ${detail}). Check ${hints.keyVariable} (or the apiKey option) for ${hints.baseURL}.`, { cause: error });
  }
  if (status === 429) {
    return new ModelError('model_rate_limited', `${api}: rate limited by ${hints.baseURL} (HTTP 429: ${detail}), still after the retries. Lower concurrency (numEnvs) or raise retry.maxRetries.`, { cause: error });
  }
  if (status >= 500) {
    return new ModelError('model_server', `${api}: the model server failed (HTTP ${status}: ${detail}), still after the retries. Try again later or raise retry.maxRetries.`, { cause: error });
  }
  return new ModelError('model_config', `${api}: the model server refused the request (HTTP ${status}: ${detail}). Check the model id and the agent's options.`, { cause: error });
}
