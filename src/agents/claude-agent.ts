/**
 * ClaudeAgent: an Agent on the Anthropic Messages API (the official SDK), acting through tool use.
 * @module
 */
import Anthropic from '@anthropic-ai/sdk';
import { ModelError } from '../env/errors.ts';
import { actionToolSchemas } from '../env/index.ts';
import type { Observation } from '../env/observation.ts';
import type { TaskInstance } from '../env/task.ts';
import type { Agent, AgentContext, AgentStep } from './agent.ts';
import { failedStep } from './agent.ts';
import { toModelError } from './model-errors.ts';
import { stepFromText, stepFromToolCall, systemPrompt } from './model-prompt.ts';
import { formatObservation } from './observation-prompt.ts';
import type { ObservationPromptOptions } from './observation-prompt.ts';
import { ANTHROPIC_PRICES, DEFAULT_CLAUDE_MODEL, addUsage, costOf, emptyUsageTotals } from '../models/index.ts';
import type { ModelPrice, UsageTotals } from '../models/index.ts';
import { classifyApiError, withRetry } from '../models/index.ts';
import type { RetryOptions } from '../models/index.ts';


/** Options of ClaudeAgent. */
export interface ClaudeAgentOptions {
  /** Model id. @default DEFAULT_CLAUDE_MODEL */
  model?: string;
  /** API key. @default process.env.ANTHROPIC_API_KEY */
  apiKey?: string;
  /** OAuth/bearer token, used when there is no API key. @default process.env.ANTHROPIC_AUTH_TOKEN */
  authToken?: string;
  /** API base URL (a proxy, or a local server speaking the Messages API). @default process.env.ANTHROPIC_BASE_URL, else the SDK's default */
  baseURL?: string;
  /** Upper bound on the reply, in tokens. @default 1024 */
  maxOutputTokens?: number;
  /** Send the observation's screenshot (set-of-marks when present, else plain) as an image. The env must be created with screenshots on. @default false */
  screenshot?: boolean;
  /** Past turns (observation, reply and its outcome) kept in the conversation. @default 4 */
  historyTurns?: number;
  /** How the observation is rendered as text. */
  prompt?: ObservationPromptOptions;
  /**
   * Tool choice. `any` forces a tool call, but current models with thinking on by default
   * (claude-sonnet-5-5, claude-opus-5-5) reject forced tool choice with HTTP 400, so the default is
   * `auto` and a text reply is parsed as an action call. @default 'auto'
   */
  toolChoice?: 'auto' | 'any';
  /**
   * Effort level (`output_config.effort`), sent only when set. The SDK has no sampling parameters:
   * current models reject temperature/top_p/top_k, so effort is the knob.
   */
  effort?: 'low' | 'medium' | 'high' | 'xhigh' | 'max';
  /** Per-request timeout in ms. @default 120000 */
  timeout?: number;
  /** Retries on 429, 5xx, 529 (overloaded), connection errors and timeouts. @default { maxRetries: 4, initialDelayMs: 500, maxDelayMs: 30000 } */
  retry?: Omit<RetryOptions, 'signal'>;
  /** Price table, USD per million tokens, merged over ANTHROPIC_PRICES. */
  prices?: Record<string, ModelPrice>;
  /** Extra instructions appended to the system prompt. */
  instructions?: string;
}

type MessageParam = Anthropic.Messages.MessageParam;
type ContentBlockParam = Anthropic.Messages.ContentBlockParam;

interface Turn {
  step: number;
  url: string;
  reply: ContentBlockParam[];
  toolUseIds: string[];
}

/** Blocks of a reply, as they must be sent back in later requests (thinking blocks unchanged, with signatures). */
function replyParams(content: readonly Anthropic.Messages.ContentBlock[]): ContentBlockParam[] {
  const out: ContentBlockParam[] = [];
  for (const b of content) {
    if (b.type === 'text') out.push({ type: 'text', text: b.text });
    else if (b.type === 'tool_use') out.push({ type: 'tool_use', id: b.id, name: b.name, input: b.input });
    else if (b.type === 'thinking') out.push({ type: 'thinking', thinking: b.thinking, signature: b.signature });
    else if (b.type === 'redacted_thinking') out.push({ type: 'redacted_thinking', data: b.data });
  }
  return out.length ? out : [{ type: 'text', text: '(no reply)' }];
}

/**
 * An Agent backed by Claude. Each step sends the goal and page as text (plus the screenshot when
 * `screenshot` is on) with the action tools from `actionToolSchemas()`, keeps the last
 * `historyTurns` turns with `tool_result` blocks that carry each step's outcome, retries transient
 * failures with backoff (the SDK's own retries are off, so the schedule is ours and testable), and
 * accounts tokens and cost per step and in `usage`.
 *
 * Bad model output (no tool call and no parsable action, unknown tool, bad arguments, a refusal)
 * becomes a noop step with `error` set. Failures of the API itself after the retries throw ModelError:
 * `model_auth`, `model_rate_limited`, `model_server` or `model_config`.
 *
 * @throws ModelError `model_auth` from the constructor when no API key is configured.
 * @example
 * const agent = new ClaudeAgent({ screenshot: true }); // reads ANTHROPIC_API_KEY
 */
export class ClaudeAgent implements Agent {
  readonly name = 'claude';
  readonly model: string;
  readonly #client: Anthropic;
  readonly #o: Required<Omit<ClaudeAgentOptions, 'apiKey' | 'authToken' | 'baseURL' | 'effort' | 'instructions' | 'prompt' | 'prices'>> & Pick<ClaudeAgentOptions, 'effort' | 'prompt'>;
  readonly #prices: Record<string, ModelPrice>;
  readonly #system: string;
  readonly #baseURL: string;
  #turns: Turn[] = [];
  #usage: UsageTotals = emptyUsageTotals();

  constructor(options: ClaudeAgentOptions = {}) {
    const apiKey = options.apiKey ?? process.env.ANTHROPIC_API_KEY;
    const authToken = apiKey ? undefined : (options.authToken ?? process.env.ANTHROPIC_AUTH_TOKEN);
    if (!apiKey && !authToken) {
      throw new ModelError('model_auth', 'ClaudeAgent: no API key (expected options.apiKey or the ANTHROPIC_API_KEY environment variable, got neither). Create a key at https://platform.claude.com/settings/keys and run `export ANTHROPIC_API_KEY=...`, or use the offline LinearPolicy.');
    }
    const baseURL = options.baseURL ?? process.env.ANTHROPIC_BASE_URL ?? undefined;
    this.#baseURL = baseURL ?? 'https://api.anthropic.com';
    this.model = options.model ?? DEFAULT_CLAUDE_MODEL;
    this.#o = {
      model: this.model,
      maxOutputTokens: options.maxOutputTokens ?? 1024,
      screenshot: options.screenshot ?? false,
      historyTurns: options.historyTurns ?? 4,
      toolChoice: options.toolChoice ?? 'auto',
      timeout: options.timeout ?? 120_000,
      retry: options.retry ?? {},
      effort: options.effort,
      prompt: options.prompt,
    };
    if (!Number.isInteger(this.#o.historyTurns) || this.#o.historyTurns < 0) {
      throw new ModelError('model_config', `ClaudeAgent: historyTurns must be an integer >= 0 (got ${this.#o.historyTurns}). Use 0 to send only the current observation.`);
    }
    this.#prices = { ...ANTHROPIC_PRICES, ...options.prices };
    this.#system = systemPrompt({ mode: 'tools', instructions: options.instructions });
    // maxRetries 0: withRetry owns the schedule (retry-after, jitter, abort), identical across providers.
    this.#client = new Anthropic({ apiKey: apiKey ?? null, authToken: authToken ?? null, baseURL, maxRetries: 0, timeout: this.#o.timeout });
  }

  /** Tokens and cost of every call this agent made, across episodes. `unpricedCalls` counts calls to models missing from the price table. */
  get usage(): UsageTotals {
    return { ...this.#usage };
  }

  reset(_task: TaskInstance): void {
    this.#turns = [];
  }

  async act(observation: Observation, context: AgentContext): Promise<AgentStep> {
    const api = 'ClaudeAgent.act';
    const messages = this.#messages(observation, context);
    const body: Anthropic.Messages.MessageCreateParamsNonStreaming = {
      model: this.model,
      max_tokens: this.#o.maxOutputTokens,
      system: this.#system,
      tools: actionToolSchemas().anthropic as Anthropic.Messages.Tool[],
      tool_choice: { type: this.#o.toolChoice },
      messages,
    };
    if (this.#o.effort !== undefined) body.output_config = { effort: this.#o.effort };
    let message: Anthropic.Messages.Message;
    try {
      message = await withRetry(
        () => this.#client.messages.create(body, { signal: context.signal, timeout: this.#o.timeout }),
        classifyApiError,
        { ...this.#o.retry, signal: context.signal },
      );
    } catch (error) {
      throw toModelError(api, error, { keyVariable: 'ANTHROPIC_API_KEY', baseURL: this.#baseURL });
    }

    const u = message.usage;
    const inputTokens = u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
    const priced = costOf(this.model, inputTokens, u.output_tokens, this.#prices);
    addUsage(this.#usage, priced);
    const usage = { inputTokens: priced.inputTokens, outputTokens: priced.outputTokens, costUsd: priced.costUsd };

    const reply = replyParams(message.content);
    const toolUses = message.content.filter((b): b is Anthropic.Messages.ToolUseBlock => b.type === 'tool_use');
    this.#turns.push({ step: context.step, url: observation.url, reply, toolUseIds: toolUses.map((t) => t.id) });

    const text = message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('\n').trim();
    const thought = text || undefined;
    if (message.stop_reason === 'refusal') {
      return failedStep(`${api}: the model refused (stop_reason "refusal"). The step is a noop.`, { raw: text, thought, usage });
    }
    const call = toolUses[0];
    if (call) {
      const raw = JSON.stringify({ name: call.name, input: call.input });
      return stepFromToolCall(call.name, call.input, { raw, thought, usage });
    }
    if (!text) return failedStep(`${api}: the reply had neither a tool call nor text (stop_reason ${JSON.stringify(message.stop_reason)}). The step is a noop.`, { raw: '', usage });
    return stepFromText(text, { usage });
  }

  /** The conversation for this step: the kept turns, then the current observation. */
  #messages(observation: Observation, context: AgentContext): MessageParam[] {
    const kept = this.#o.historyTurns === 0 ? [] : this.#turns.slice(-this.#o.historyTurns);
    const outcomeOf = (step: number) => context.history.find((h) => h.index === step);
    const messages: MessageParam[] = [];
    let previous: Turn | undefined;
    for (const turn of kept) {
      const content: ContentBlockParam[] = previous ? this.#toolResults(previous, outcomeOf(previous.step)?.error ?? '') : [];
      content.push({ type: 'text', text: `(Observation of step ${turn.step + 1} at ${turn.url}, omitted; the current page follows in the latest message.)` });
      messages.push({ role: 'user', content });
      messages.push({ role: 'assistant', content: turn.reply });
      previous = turn;
    }
    const content: ContentBlockParam[] = previous ? this.#toolResults(previous, outcomeOf(previous.step)?.error ?? observation.lastActionError) : [];
    content.push({ type: 'text', text: formatObservation(observation, context, this.#o.prompt).text });
    if (this.#o.screenshot) {
      const png = observation.setOfMarks ?? observation.screenshot;
      if (png) content.push({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: Buffer.from(png).toString('base64') } });
      else content.push({ type: 'text', text: '(No screenshot: the environment was created without screenshots.)' });
    }
    messages.push({ role: 'user', content });
    return messages;
  }

  /** tool_result blocks answering every tool call of a turn: the first one ran, the others did not. */
  #toolResults(turn: Turn, error: string): ContentBlockParam[] {
    return turn.toolUseIds.map((id, i) =>
      i === 0
        ? { type: 'tool_result', tool_use_id: id, content: error ? `Error: ${error}` : 'Done.', is_error: error !== '' }
        : { type: 'tool_result', tool_use_id: id, content: 'Not executed: only one action runs per step.', is_error: true },
    );
  }
}
