/**
 * OpenAICompatibleAgent: an Agent on the chat completions API of any OpenAI-compatible server
 * (vLLM, SGLang, llama.cpp `llama-server`, OpenAI itself), through the `openai` package.
 * @module
 */
import OpenAI from 'openai';
import { ModelError } from '../env/errors.ts';
import { actionToolSchemas } from '../env/index.ts';
import type { Observation } from '../env/observation.ts';
import type { TaskInstance } from '../env/task.ts';
import type { Agent, AgentContext, AgentStep } from './agent.ts';
import { failedStep } from './agent.ts';
import { toModelError } from './model-errors.ts';
import { stepFromText, stepFromToolCall, systemPrompt } from './model-prompt.ts';
import type { ActionMode } from './model-prompt.ts';
import { formatObservation } from './observation-prompt.ts';
import type { ObservationPromptOptions } from './observation-prompt.ts';
import { addUsage, costOf, emptyUsageTotals } from '../models/index.ts';
import type { ModelPrice, UsageTotals } from '../models/index.ts';
import { classifyApiError, withRetry } from '../models/index.ts';
import type { RetryOptions } from '../models/index.ts';

/** Options of OpenAICompatibleAgent. */
export interface OpenAICompatibleAgentOptions {
  /** Model name as the server knows it (vLLM: the served model name). */
  model: string;
  /** Server URL up to `/v1`. @default process.env.OPENAI_BASE_URL, else 'http://127.0.0.1:8000/v1' (vLLM's default) */
  baseURL?: string;
  /** API key; local servers usually accept any. @default process.env.OPENAI_API_KEY, else 'EMPTY' */
  apiKey?: string;
  /** `tools`: actions as tool calls (the server must support tools); `text`: one action call parsed from the reply. @default 'tools' */
  mode?: ActionMode;
  /** In tools mode: `required` forces a tool call (vLLM, SGLang and llama.cpp support it), `auto` lets the model reply in text, which is then parsed. @default 'auto' */
  toolChoice?: 'auto' | 'required';
  /** Send the screenshot (set-of-marks when present) as an image_url data URL. The env must take screenshots. @default false */
  screenshot?: boolean;
  /** Past turns kept in the conversation. @default 4 */
  historyTurns?: number;
  /** How the observation is rendered as text. */
  prompt?: ObservationPromptOptions;
  /** Upper bound on the reply, in tokens. @default 1024 */
  maxOutputTokens?: number;
  /** Sampling temperature. Sent only when set. */
  temperature?: number;
  /** Nucleus sampling. Sent only when set. */
  topP?: number;
  /** Top-k sampling, sent in the request body as `top_k` (a vLLM/SGLang/llama.cpp extension). */
  topK?: number;
  /** Sampling seed, where the server honours it. */
  seed?: number;
  /** More request-body fields for server extensions (e.g. `{ repetition_penalty: 1.05 }`). */
  extraBody?: Record<string, unknown>;
  /** Per-request timeout in ms. @default 120000 */
  timeout?: number;
  /** Retries on 429, 5xx, connection errors and timeouts. @default { maxRetries: 4, initialDelayMs: 500, maxDelayMs: 30000 } */
  retry?: Omit<RetryOptions, 'signal'>;
  /** Price of the model, USD per million tokens, by model name; unpriced models cost 0 (flagged in `usage.unpricedCalls`). @default {} */
  prices?: Record<string, ModelPrice>;
  /** Extra instructions appended to the system prompt. */
  instructions?: string;
}

type ChatMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type ContentPart = OpenAI.Chat.Completions.ChatCompletionContentPart;

interface Turn {
  step: number;
  url: string;
  reply: OpenAI.Chat.Completions.ChatCompletionAssistantMessageParam;
  toolCallIds: string[];
}

const DEFAULT_BASE_URL = 'http://127.0.0.1:8000/v1';

/**
 * An Agent backed by any OpenAI-compatible chat completions server. Same contract as ClaudeAgent:
 * bad output becomes a noop step with `error`; API failures after the retries throw ModelError.
 *
 * @example
 * const agent = new OpenAICompatibleAgent({ model: 'Qwen/Qwen3-VL-8B-Instruct', baseURL: 'http://127.0.0.1:8000/v1', screenshot: true });
 */
export class OpenAICompatibleAgent implements Agent {
  readonly name = 'openai-compatible';
  readonly model: string;
  readonly mode: ActionMode;
  readonly #client: OpenAI;
  readonly #o: OpenAICompatibleAgentOptions & { historyTurns: number; timeout: number; maxOutputTokens: number; toolChoice: 'auto' | 'required'; screenshot: boolean };
  readonly #system: string;
  readonly #baseURL: string;
  #turns: Turn[] = [];
  #usage: UsageTotals = emptyUsageTotals();

  constructor(options: OpenAICompatibleAgentOptions) {
    if (!options?.model) {
      throw new ModelError('model_config', `OpenAICompatibleAgent: options.model is required (got ${JSON.stringify(options?.model)}). Pass the name the server serves, e.g. { model: 'Qwen/Qwen3-VL-8B-Instruct' }; vLLM lists it at GET /v1/models.`);
    }
    const mode = options.mode ?? 'tools';
    if (mode !== 'tools' && mode !== 'text') {
      throw new ModelError('model_config', `OpenAICompatibleAgent: mode must be "tools" or "text" (got ${JSON.stringify(mode)}). Use "text" for servers without tool support.`);
    }
    this.model = options.model;
    this.mode = mode;
    this.#baseURL = options.baseURL ?? process.env.OPENAI_BASE_URL ?? DEFAULT_BASE_URL;
    this.#o = {
      ...options,
      historyTurns: options.historyTurns ?? 4,
      timeout: options.timeout ?? 120_000,
      maxOutputTokens: options.maxOutputTokens ?? 1024,
      toolChoice: options.toolChoice ?? 'auto',
      screenshot: options.screenshot ?? false,
    };
    if (!Number.isInteger(this.#o.historyTurns) || this.#o.historyTurns < 0) {
      throw new ModelError('model_config', `OpenAICompatibleAgent: historyTurns must be an integer >= 0 (got ${this.#o.historyTurns}). Use 0 to send only the current observation.`);
    }
    this.#system = systemPrompt({ mode, instructions: options.instructions });
    // maxRetries 0: withRetry owns the schedule (retry-after, jitter, abort), identical across providers.
    this.#client = new OpenAI({ apiKey: options.apiKey ?? process.env.OPENAI_API_KEY ?? 'EMPTY', baseURL: this.#baseURL, maxRetries: 0, timeout: this.#o.timeout });
  }

  /** Tokens and cost of every call this agent made, across episodes. */
  get usage(): UsageTotals {
    return { ...this.#usage };
  }

  reset(_task: TaskInstance): void {
    this.#turns = [];
  }

  async act(observation: Observation, context: AgentContext): Promise<AgentStep> {
    const api = 'OpenAICompatibleAgent.act';
    const o = this.#o;
    const body: Record<string, unknown> = {
      ...o.extraBody,
      model: this.model,
      messages: this.#messages(observation, context),
      max_tokens: o.maxOutputTokens,
    };
    if (o.temperature !== undefined) body.temperature = o.temperature;
    if (o.topP !== undefined) body.top_p = o.topP;
    if (o.topK !== undefined) body.top_k = o.topK;
    if (o.seed !== undefined) body.seed = o.seed;
    if (this.mode === 'tools') {
      body.tools = actionToolSchemas().openai;
      body.tool_choice = o.toolChoice;
    }
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await withRetry(
        // The body carries server extensions (top_k, extraBody) that the SDK's types do not list; the SDK sends it as JSON unchanged.
        () => this.#client.chat.completions.create(body as unknown as OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming, { signal: context.signal, timeout: o.timeout }),
        classifyApiError,
        { ...o.retry, signal: context.signal },
      );
    } catch (error) {
      throw toModelError(api, error, { keyVariable: 'OPENAI_API_KEY', baseURL: this.#baseURL });
    }

    const priced = costOf(this.model, completion.usage?.prompt_tokens ?? 0, completion.usage?.completion_tokens ?? 0, o.prices ?? {});
    addUsage(this.#usage, priced);
    const usage = { inputTokens: priced.inputTokens, outputTokens: priced.outputTokens, costUsd: priced.costUsd };

    const choice = completion.choices?.[0];
    if (!choice) return failedStep(`${api}: the server returned no choices. The step is a noop.`, { raw: JSON.stringify(completion).slice(0, 2000), usage });
    const msg = choice.message;
    const text = (msg.content ?? '').trim();
    const calls = (msg.tool_calls ?? []).filter((c): c is OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall => c.type === 'function');
    const reply: OpenAI.Chat.Completions.ChatCompletionAssistantMessageParam = { role: 'assistant', content: msg.content ?? '' };
    if (calls.length) reply.tool_calls = calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.function.name, arguments: c.function.arguments } }));
    this.#turns.push({ step: context.step, url: observation.url, reply, toolCallIds: calls.map((c) => c.id) });

    const call = calls[0];
    if (call) {
      const raw = JSON.stringify({ name: call.function.name, arguments: call.function.arguments });
      let input: unknown;
      try {
        input = JSON.parse(call.function.arguments || '{}');
      } catch (error) {
        return failedStep(`${api}: the arguments of tool call ${JSON.stringify(call.function.name)} are not JSON (${(error as Error).message}). The step is a noop.`, { raw, thought: text || undefined, usage });
      }
      return stepFromToolCall(call.function.name, input, { raw, thought: text || undefined, usage });
    }
    if (!text) return failedStep(`${api}: the reply had neither a tool call nor text (finish_reason ${JSON.stringify(choice.finish_reason)}). The step is a noop.`, { raw: '', usage });
    return stepFromText(text, { usage });
  }

  #messages(observation: Observation, context: AgentContext): ChatMessage[] {
    const kept = this.#o.historyTurns === 0 ? [] : this.#turns.slice(-this.#o.historyTurns);
    const errorOf = (step: number, fallback = '') => context.history.find((h) => h.index === step)?.error ?? fallback;
    const messages: ChatMessage[] = [{ role: 'system', content: this.#system }];
    let previous: Turn | undefined;
    const outcome = (turn: Turn, error: string): ChatMessage[] => {
      if (turn.toolCallIds.length) {
        return turn.toolCallIds.map((id, i) => ({
          role: 'tool' as const,
          tool_call_id: id,
          content: i > 0 ? 'Not executed: only one action runs per step.' : error ? `Error: ${error}` : 'Done.',
        }));
      }
      return [];
    };
    const outcomeNote = (turn: Turn | undefined, error: string) => (turn && !turn.toolCallIds.length ? `Result of your last action: ${error ? `error: ${error}` : 'done.'}\n\n` : '');
    for (const turn of kept) {
      if (previous) messages.push(...outcome(previous, errorOf(previous.step)));
      messages.push({ role: 'user', content: `${outcomeNote(previous, previous ? errorOf(previous.step) : '')}(Observation of step ${turn.step + 1} at ${turn.url}, omitted; the current page follows in the latest message.)` });
      messages.push(turn.reply);
      previous = turn;
    }
    const lastError = previous ? errorOf(previous.step, observation.lastActionError) : '';
    if (previous) messages.push(...outcome(previous, lastError));
    const text = `${outcomeNote(previous, lastError)}${formatObservation(observation, context, this.#o.prompt).text}`;
    const png = this.#o.screenshot ? (observation.setOfMarks ?? observation.screenshot) : undefined;
    if (png) {
      const parts: ContentPart[] = [
        { type: 'text', text },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${Buffer.from(png).toString('base64')}` } },
      ];
      messages.push({ role: 'user', content: parts });
    } else {
      messages.push({ role: 'user', content: this.#o.screenshot ? `${text}\n\n(No screenshot: the environment was created without screenshots.)` : text });
    }
    return messages;
  }
}
