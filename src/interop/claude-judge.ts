/**
 * ClaudeJudge: a Judge on the Anthropic Messages API (@anthropic-ai/sdk).
 * @module
 */
import Anthropic from '@anthropic-ai/sdk';
import { ModelError } from '../env/index.ts';
import { InteropError } from './errors.ts';
import { parseVerdict, type Judge, type JudgeRequest, type JudgeVerdict } from './judge.ts';

/** Options of {@link ClaudeJudge}. */
export interface ClaudeJudgeOptions {
  /** @default process.env.ANTHROPIC_API_KEY */
  apiKey?: string;
  /** API base URL (a proxy, or a local server in tests). @default process.env.ANTHROPIC_BASE_URL, else the SDK's */
  baseURL?: string;
  /** Model id. @default 'claude-sonnet-5-5' */
  model?: string;
  /** Output tokens per verdict. @default 512 */
  maxTokens?: number;
  /** Time one request may take, in ms. @default 60000 */
  timeout?: number;
  /** Retries of one request on 429, 5xx and connection errors (the SDK's backoff). @default 2 */
  maxRetries?: number;
}

const DEFAULTS = { model: 'claude-sonnet-5-5', maxTokens: 512, timeout: 60_000, maxRetries: 2 } as const;

/**
 * Judges WebArena's fuzzy_match and unachievable-reason checks with Claude.
 * @throws ModelError `model_auth` (from the constructor) without an API key; InteropError
 *   `judge_failed` (from `judge`) when the API fails or the reply has no verdict line.
 * @example
 * const { tasks } = await importWebArena('test.raw.json', { sites, judge: new ClaudeJudge() });
 */
export class ClaudeJudge implements Judge {
  readonly model: string;
  private readonly client: Anthropic;
  private readonly maxTokens: number;

  constructor(options: ClaudeJudgeOptions = {}) {
    this.model = options.model ?? DEFAULTS.model;
    this.maxTokens = options.maxTokens ?? DEFAULTS.maxTokens;
    const apiKey = options.apiKey ?? process.env.ANTHROPIC_API_KEY;
    if (!apiKey) throw new ModelError('model_auth', 'ClaudeJudge: no API key (expected options.apiKey or the ANTHROPIC_API_KEY environment variable, got neither). Set ANTHROPIC_API_KEY or pass another Judge.');
    this.client = new Anthropic({
      apiKey,
      baseURL: options.baseURL ?? process.env.ANTHROPIC_BASE_URL ?? undefined,
      timeout: options.timeout ?? DEFAULTS.timeout,
      maxRetries: options.maxRetries ?? DEFAULTS.maxRetries,
    });
  }

  async judge(request: JudgeRequest): Promise<JudgeVerdict> {
    let text: string;
    try {
      const message = await this.client.messages.create({
        model: this.model,
        max_tokens: this.maxTokens,
        messages: [{ role: 'user', content: request.prompt }],
      });
      text = message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('\n');
    } catch (e) {
      throw new InteropError('judge_failed', `ClaudeJudge.judge: the ${request.kind} request to ${this.model} failed: ${(e as Error).message.split('\n')[0]}. Check ANTHROPIC_API_KEY and the network, or pass another Judge.`, { cause: e });
    }
    return parseVerdict(text, 'ClaudeJudge.judge');
  }
}
