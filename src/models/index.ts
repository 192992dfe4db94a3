/**
 * What every client of a model API shares: the default Claude model, list prices and cost
 * accounting, and retries with backoff that honour retry-after. Used by the agents, the Claude
 * synthesizer and the Claude judge, so they retry and count cost the same way.
 * @module
 */
export { ANTHROPIC_PRICES, DEFAULT_CLAUDE_MODEL, costOf, addUsage, emptyUsageTotals, type ModelPrice, type PricedUsage, type UsageTotals } from './pricing.ts';
export { withRetry, classifyApiError, retryAfterMs, type RetryOptions, type RetryDecision } from './retry.ts';
