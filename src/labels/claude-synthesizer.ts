/**
 * ClaudeSynthesizer: Semantic Code Abstraction with a Claude model through @anthropic-ai/sdk.
 * One call proposes every key step with its label (tool `submit_label_functions`); each label that
 * fails validation gets up to `maxAttempts - 1` more calls with the validation error in the prompt
 * (tool `submit_label_function`). Token and cost budgets per task, retries with backoff on 429/5xx,
 * and a cache keyed by the demo's hash.
 * @module
 */
import Anthropic from '@anthropic-ai/sdk';
import type { Message, MessageCreateParamsNonStreaming, MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages/messages';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelError, quote } from '../env/errors.ts';
import type { Trajectory, Usage } from '../env/trajectory.ts';
import { ANTHROPIC_PRICES, DEFAULT_CLAUDE_MODEL, retryAfterMs } from '../models/index.ts';
import type { ModelPrice } from '../models/index.ts';
import { PROMPT_VERSION, SUBMIT_LABEL_TOOL, SUBMIT_LABELS_TOOL, SYSTEM_PROMPT, proposePrompt, retryPrompt } from './claude-prompts.ts';
import { LABEL_API_DOC } from './api-doc.ts';
import { LabelSetSchema } from './label.ts';
import type { LabelSet } from './label.ts';
import { runSynthesis, validateForSynthesis } from './synthesis-pipeline.ts';
import type { DriverResult, ProposedKeyStep, RetryRequest, SynthesisContext, SynthesisDriver, ValidateFn } from './synthesis-pipeline.ts';
import type { SynthesizeOptions, Synthesizer } from './synthesizer.ts';

/** Options of ClaudeSynthesizer. */
export interface ClaudeSynthesizerOptions {
  /** @default process.env.ANTHROPIC_API_KEY */
  apiKey?: string;
  /** API base URL (a proxy, or a local server in tests). @default process.env.ANTHROPIC_BASE_URL, else the SDK's */
  baseURL?: string;
  /** Model id. @default 'claude-sonnet-5-5' (the current Sonnet in @anthropic-ai/sdk 1.12's model list) */
  model?: string;
  /**
   * Sampling temperature, sent only when set: the Messages API of @anthropic-ai/sdk 1.12 no longer
   * lists it (current models sample as the server decides), but older models and compatible
   * servers accept it. @default undefined (not sent)
   */
  temperature?: number;
  /** Output tokens per call. @default 4096 */
  maxTokens?: number;
  /** Input plus output tokens one task (one demo) may spend; past it synthesis stops with a record. @default 200000 */
  maxTokensPerTask?: number;
  /** US dollars one task may spend; past it synthesis stops with a record. @default 1 */
  maxCostUsdPerTask?: number;
  /** Prices per model, merged over ANTHROPIC_PRICES. */
  prices?: Readonly<Record<string, ModelPrice>>;
  /** Retries of one call on 429, 5xx, 529 and connection errors. @default 4 */
  maxRetries?: number;
  /** Backoff before the first retry, doubled each time, when the server sends no retry-after. @default 500 */
  initialDelayMs?: number;
  /** Cap on one backoff and on a server's retry-after. @default 30000 */
  maxDelayMs?: number;
  /** Time one request may take, in ms. @default 120000 */
  timeout?: number;
  /** Folder for cached label sets (`<demo hash>.json`); results are always cached in memory too. */
  cacheDir?: string;
  /** How labels are validated. @default validateForSynthesis (validateLabel, sandboxed and two-sided, with 1 s time limits) */
  validate?: ValidateFn;
  /** Label API documentation put in the prompts. @default LABEL_API_DOC */
  labelApiDoc?: string;
}


const DEFAULTS = {
  model: DEFAULT_CLAUDE_MODEL, maxTokens: 4096, maxTokensPerTask: 200_000, maxCostUsdPerTask: 1,
  maxRetries: 4, initialDelayMs: 500, maxDelayMs: 30_000, timeout: 120_000,
};

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function statusOf(error: unknown): number | undefined {
  return error instanceof Anthropic.APIError && typeof error.status === 'number' ? error.status : undefined;
}

function isRetryable(error: unknown): boolean {
  if (error instanceof Anthropic.APIConnectionError) return true;
  const status = statusOf(error);
  return status !== undefined && (status === 408 || status === 409 || status === 429 || status >= 500);
}

/** Turn an SDK failure into a ModelError with a stable code and a message that says what to do. */
function toModelError(error: unknown, where: string, attempts: number): ModelError {
  const status = statusOf(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (status === 401 || status === 403) {
    return new ModelError('model_auth', `${where}: the API rejected the key (HTTP ${status}: ${detail}). Check ANTHROPIC_API_KEY, or use --synth heuristic.`, { cause: error });
  }
  if (status === 429) {
    return new ModelError('model_rate_limited', `${where}: rate limited after ${attempts} attempts (HTTP 429: ${detail}). Wait and retry, or lower the request rate.`, { cause: error });
  }
  if (status !== undefined && status >= 500) {
    return new ModelError('model_server', `${where}: the API failed after ${attempts} attempts (HTTP ${status}: ${detail}). Retry later, or use --synth heuristic.`, { cause: error });
  }
  if (error instanceof Anthropic.APIConnectionError) {
    return new ModelError('model_server', `${where}: cannot reach the API after ${attempts} attempts (${detail}). Check the network or baseURL, or use --synth heuristic.`, { cause: error });
  }
  return new ModelError('model_config', `${where}: the API rejected the request (${status === undefined ? detail : `HTTP ${status}: ${detail}`}). Check the model id and options.`, { cause: error });
}

type ResolvedOptions = typeof DEFAULTS & { prices: Record<string, ModelPrice>; temperature?: number };

/** One demo's conversation with the model: calls, budget, usage. */
class ClaudeDriver implements SynthesisDriver {
  readonly name = 'claude';
  readonly origin = 'llm' as const;
  readonly model: string;
  private readonly spent: Usage = { inputTokens: 0, outputTokens: 0, costUsd: 0 };
  /** Set when the budget stopped synthesis: such a result is not cached (a larger budget would do more). */
  budgetStop = false;
  private readonly client: Anthropic;
  private readonly o: ResolvedOptions;
  private readonly labelApiDoc: string;

  constructor(client: Anthropic, o: ResolvedOptions, labelApiDoc: string) {
    this.client = client;
    this.o = o;
    this.model = o.model;
    this.labelApiDoc = labelApiDoc;
  }

  usage(): Usage {
    return { ...this.spent };
  }

  /** Why the budget forbids another call, or undefined when it allows one. */
  private overBudget(): string | undefined {
    const tokens = this.spent.inputTokens + this.spent.outputTokens;
    let reason: string | undefined;
    if (tokens >= this.o.maxTokensPerTask) reason = `budget spent: ${tokens} tokens of maxTokensPerTask ${this.o.maxTokensPerTask}`;
    else if (this.spent.costUsd >= this.o.maxCostUsdPerTask) reason = `budget spent: $${this.spent.costUsd.toFixed(4)} of maxCostUsdPerTask $${this.o.maxCostUsdPerTask}`;
    if (reason) this.budgetStop = true;
    return reason;
  }

  private async call(where: string, prompt: string, tool: Tool, signal?: AbortSignal): Promise<{ input: unknown } | { refused: string }> {
    const messages: MessageParam[] = [{ role: 'user', content: prompt }];
    let message: Message | undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        const body: MessageCreateParamsNonStreaming = {
          model: this.o.model, max_tokens: this.o.maxTokens, system: SYSTEM_PROMPT,
          messages, tools: [tool], tool_choice: { type: 'tool', name: tool.name },
          // Not in the SDK's types any more (see the option's doc); the SDK sends extra fields as given.
          ...(this.o.temperature !== undefined ? { temperature: this.o.temperature } as object : {}),
        };
        message = await this.client.messages.create(body, { signal, timeout: this.o.timeout });
        break;
      } catch (error) {
        if (signal?.aborted || !isRetryable(error) || attempt >= this.o.maxRetries) throw toModelError(error, where, attempt + 1);
        const backoff = Math.random() * Math.min(this.o.maxDelayMs, this.o.initialDelayMs * 2 ** attempt);
        const serverAsked = error instanceof Anthropic.APIError ? retryAfterMs(error.headers as Headers | undefined) : undefined;
        await sleep(Math.round(Math.min(this.o.maxDelayMs, serverAsked ?? backoff)), signal);
      }
    }
    const input = message.usage?.input_tokens ?? 0;
    const output = message.usage?.output_tokens ?? 0;
    const price = this.o.prices[this.o.model];
    this.spent.inputTokens += input;
    this.spent.outputTokens += output;
    if (price) this.spent.costUsd += (input * price.inputPerMTok + output * price.outputPerMTok) / 1e6;
    const use = message.content.find((b) => b.type === 'tool_use' && b.name === tool.name);
    if (message.stop_reason === 'refusal' || !use || use.type !== 'tool_use') {
      const text = message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join(' ').trim();
      return { refused: `stop_reason ${message.stop_reason ?? 'null'}${text ? `: ${quote(text, 200)}` : ', no tool call'}` };
    }
    return { input: use.input };
  }

  async propose(ctx: SynthesisContext): Promise<DriverResult<ProposedKeyStep[]>> {
    const where = 'ClaudeSynthesizer.synthesize';
    const budget = this.overBudget();
    if (budget) return { stop: budget, final: true };
    const result = await this.call(where, proposePrompt(ctx.demo, ctx.descriptions, this.labelApiDoc), SUBMIT_LABELS_TOOL as Tool, ctx.signal);
    if ('refused' in result) {
      throw new ModelError('model_refused', `${where}: the model did not submit label functions for ${quote(ctx.demo.id)} (${result.refused}). Try another model, or use --synth heuristic.`);
    }
    const raw = (result.input as { key_steps?: unknown })?.key_steps;
    if (!Array.isArray(raw)) {
      throw new ModelError('model_output', `${where}: submit_label_functions input has no key_steps array (got ${quote(result.input)}). Try again or another model.`);
    }
    const keySteps: ProposedKeyStep[] = [];
    for (const item of raw) {
      const k = item as { step_index?: unknown; description?: unknown; code?: unknown };
      // A malformed entry becomes a key step whose code fails validation, so it is retried with the reason.
      keySteps.push({
        index: typeof k.step_index === 'number' ? k.step_index : Number(k.step_index),
        description: typeof k.description === 'string' && k.description.trim() ? k.description.trim() : 'key step',
        code: typeof k.code === 'string' ? k.code : '',
      });
    }
    return { value: keySteps };
  }

  async retry(ctx: SynthesisContext, request: RetryRequest): Promise<DriverResult<string>> {
    const budget = this.overBudget();
    if (budget) return { stop: budget, final: true };
    const prompt = retryPrompt(ctx.demo, ctx.descriptions, this.labelApiDoc, request.keyStep, request.failures);
    const result = await this.call('ClaudeSynthesizer.synthesize', prompt, SUBMIT_LABEL_TOOL as Tool, ctx.signal);
    if ('refused' in result) return { stop: `model refused to retry (${result.refused})` };
    const code = (result.input as { code?: unknown })?.code;
    return { value: typeof code === 'string' ? code : '' };
  }
}

/**
 * Synthesizer backed by Claude. Needs an API key (options.apiKey or ANTHROPIC_API_KEY).
 *
 * Failures: a missing or rejected key is ModelError `model_auth`; a refused first call (stop_reason
 * `refusal`, or a reply without the tool call) is `model_refused`; a refused retry drops that key
 * step with a record; 429 and 5xx are retried with backoff (honouring retry-after) and then become
 * `model_rate_limited` / `model_server`. A spent budget is not an error: synthesis stops and the
 * LabelSet's attempts say so.
 *
 * @example
 * const synth = new ClaudeSynthesizer({ maxCostUsdPerTask: 0.25 });
 * const set = await synth.synthesize(demo, { negatives: randomRollouts });
 * console.log(set.labels.length, set.usage);
 */
export class ClaudeSynthesizer implements Synthesizer {
  readonly name = 'claude';
  readonly model: string;
  private readonly client: Anthropic;
  private readonly o: ResolvedOptions;
  private readonly validate: ValidateFn;
  private readonly labelApiDoc: string;
  private readonly cacheDir: string | undefined;
  private readonly memory = new Map<string, LabelSet>();

  /** @throws ModelError `model_auth` when no API key is given or set in ANTHROPIC_API_KEY; `model_config` for bad options. */
  constructor(options: ClaudeSynthesizerOptions = {}) {
    const apiKey = options.apiKey ?? process.env.ANTHROPIC_API_KEY;
    if (!apiKey) {
      throw new ModelError('model_auth', 'ClaudeSynthesizer: no API key (expected options.apiKey or the ANTHROPIC_API_KEY environment variable, got neither). Set ANTHROPIC_API_KEY, or use --synth heuristic for the offline synthesizer.');
    }
    const o: ResolvedOptions = { ...DEFAULTS, prices: { ...ANTHROPIC_PRICES, ...options.prices } };
    for (const key of Object.keys(DEFAULTS) as Array<keyof typeof DEFAULTS>) {
      const v = options[key];
      if (v !== undefined) (o as Record<string, unknown>)[key] = v;
    }
    for (const key of ['maxTokens', 'maxTokensPerTask', 'maxRetries', 'initialDelayMs', 'maxDelayMs', 'timeout'] as const) {
      if (!Number.isInteger(o[key]) || o[key] < 0) throw new ModelError('model_config', `ClaudeSynthesizer: ${key} must be a non-negative integer (got ${quote(o[key])}).`);
    }
    o.temperature = options.temperature;
    if (o.temperature !== undefined && !(o.temperature >= 0 && o.temperature <= 1)) throw new ModelError('model_config', `ClaudeSynthesizer: temperature must be in [0, 1] (got ${quote(o.temperature)}).`);
    if (!(o.maxCostUsdPerTask >= 0)) throw new ModelError('model_config', `ClaudeSynthesizer: maxCostUsdPerTask must be >= 0 (got ${quote(o.maxCostUsdPerTask)}).`);
    this.o = o;
    this.model = o.model;
    this.client = new Anthropic({ apiKey, baseURL: options.baseURL ?? process.env.ANTHROPIC_BASE_URL ?? undefined, maxRetries: 0, timeout: o.timeout });
    this.validate = options.validate ?? validateForSynthesis;
    this.labelApiDoc = options.labelApiDoc ?? LABEL_API_DOC;
    this.cacheDir = options.cacheDir;
  }

  /** Cache key: the demo, the negatives, the model settings and the prompt version. */
  cacheKey(demo: Trajectory, options: SynthesizeOptions = {}): string {
    const h = createHash('sha256');
    h.update(JSON.stringify({
      v: PROMPT_VERSION, model: this.o.model, temperature: this.o.temperature ?? null, maxAttempts: options.maxAttempts ?? 5,
      doc: this.labelApiDoc, goal: demo.goal, taskId: demo.taskId, initial: demo.initial, steps: demo.steps,
      answer: demo.answer, infeasible: demo.infeasible, negatives: (options.negatives ?? []).map((n) => n.id),
    }));
    return h.digest('hex').slice(0, 32);
  }

  async synthesize(demo: Trajectory, options: SynthesizeOptions = {}): Promise<LabelSet> {
    const key = this.cacheKey(demo, options);
    const cached = this.memory.get(key) ?? this.readCache(key);
    if (cached) {
      this.memory.set(key, cached);
      return structuredClone(cached);
    }
    const driver = new ClaudeDriver(this.client, this.o, this.labelApiDoc);
    const set = await runSynthesis(driver, demo, {
      validate: this.validate, negatives: options.negatives, maxAttempts: options.maxAttempts, signal: options.signal,
    });
    if (!driver.budgetStop) {
      this.memory.set(key, set);
      this.writeCache(key, set);
    }
    return structuredClone(set);
  }

  private readCache(key: string): LabelSet | undefined {
    if (!this.cacheDir) return undefined;
    const path = join(this.cacheDir, `${key}.json`);
    if (!existsSync(path)) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      // A torn or corrupt cache file is a cache miss; the next write replaces it.
      return undefined;
    }
    const parsed = LabelSetSchema.safeParse(json);
    // A cache file from an incompatible version is ignored and overwritten.
    return parsed.success ? parsed.data : undefined;
  }

  private writeCache(key: string, set: LabelSet): void {
    if (!this.cacheDir) return;
    mkdirSync(this.cacheDir, { recursive: true });
    const path = join(this.cacheDir, `${key}.json`);
    writeFileSync(`${path}.tmp`, `${JSON.stringify(set, null, 2)}\n`);
    renameSync(`${path}.tmp`, path);
  }
}
