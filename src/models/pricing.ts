/**
 * The default Claude model and token prices per model, for cost accounting of every model client.
 * @module
 */
import type { Usage } from '../env/trajectory.ts';

/**
 * The Claude model used when none is given: the current Sonnet in @anthropic-ai/sdk's model list
 * (the SDK marks claude-sonnet-4-5 deprecated).
 */
export const DEFAULT_CLAUDE_MODEL = 'claude-sonnet-5-5';

/** Price of one model in US dollars per million tokens. */
export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
}

/**
 * Anthropic list prices (USD per million tokens, standard tier, no batch or cache discounts), as
 * published on platform.claude.com/docs model pages, read 2026-11. Models missing here (or with
 * tiered prices, like Claude Haiku 5.5) are costed at 0 and flagged by `costOf`; pass `prices` to an
 * agent to add or override entries.
 */
export const ANTHROPIC_PRICES: Readonly<Record<string, ModelPrice>> = {
  'claude-fable-5-1': { inputPerMTok: 10, outputPerMTok: 50 },
  'claude-opus-5-5': { inputPerMTok: 4, outputPerMTok: 20 },
  'claude-opus-5': { inputPerMTok: 5, outputPerMTok: 25 },
  'claude-sonnet-5-5': { inputPerMTok: 2, outputPerMTok: 10 },
  'claude-sonnet-5': { inputPerMTok: 2, outputPerMTok: 10 },
  'claude-opus-4-8': { inputPerMTok: 5, outputPerMTok: 25 },
  'claude-opus-4-7': { inputPerMTok: 5, outputPerMTok: 25 },
  'claude-opus-4-6': { inputPerMTok: 5, outputPerMTok: 25 },
  'claude-opus-4-5': { inputPerMTok: 5, outputPerMTok: 25 },
  'claude-opus-4-5-20251101': { inputPerMTok: 5, outputPerMTok: 25 },
  'claude-sonnet-4-6': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-sonnet-4-5': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-sonnet-4-5-20250929': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-haiku-4-5': { inputPerMTok: 1, outputPerMTok: 5 },
  'claude-haiku-4-5-20251001': { inputPerMTok: 1, outputPerMTok: 5 },
};

/** Usage of one call with its cost, and whether the model had a price. */
export interface PricedUsage extends Usage {
  /** False when the model is not in the price table: `costUsd` is then 0, not a real cost. */
  priced: boolean;
}

/** Cost of `inputTokens`/`outputTokens` for `model` under `prices`; unknown models cost 0 with `priced: false`. */
export function costOf(model: string, inputTokens: number, outputTokens: number, prices: Readonly<Record<string, ModelPrice>>): PricedUsage {
  const price = prices[model];
  const costUsd = price ? (inputTokens * price.inputPerMTok + outputTokens * price.outputPerMTok) / 1e6 : 0;
  return { inputTokens, outputTokens, costUsd, priced: Boolean(price) };
}

/** Running totals of an agent's model usage across steps and episodes. */
export interface UsageTotals extends Usage {
  calls: number;
  /** Calls made to models without a price (their cost is counted as 0). */
  unpricedCalls: number;
}

/** Add one call's usage to running totals (mutates and returns `totals`). */
export function addUsage(totals: UsageTotals, usage: PricedUsage): UsageTotals {
  totals.calls += 1;
  totals.inputTokens += usage.inputTokens;
  totals.outputTokens += usage.outputTokens;
  totals.costUsd += usage.costUsd;
  if (!usage.priced) totals.unpricedCalls += 1;
  return totals;
}

/** Fresh zeroed totals. */
export function emptyUsageTotals(): UsageTotals {
  return { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, unpricedCalls: 0 };
}
