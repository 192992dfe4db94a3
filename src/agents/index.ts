/**
 * The agents area's public face: the Agent contract, prompt helpers, the built-in agents (random,
 * replay, the offline LinearPolicy, Claude and OpenAI-compatible models) and the episode runner.
 * @module
 */
export { failedStep, type Agent, type AgentContext, type AgentStep, type HistoryEntry } from './agent.ts';
export { formatObservation, formatElement, estimateTokens, type ObservationPromptOptions, type ObservationPrompt } from './observation-prompt.ts';
export { systemPrompt, stepFromText, stepFromToolCall, type ActionMode, type SystemPromptOptions } from './model-prompt.ts';
export { RandomAgent, type RandomAgentOptions, type RandomActionWeights } from './random-agent.ts';
export { ReplayAgent, matchElement, type ReplayMatch } from './replay-agent.ts';
export { ClaudeAgent, type ClaudeAgentOptions } from './claude-agent.ts';
export { OpenAICompatibleAgent, type OpenAICompatibleAgentOptions } from './openai-compatible-agent.ts';
export {
  LinearPolicy,
  LINEAR_POLICY_SCHEMA_VERSION,
  type LinearPolicyOptions,
  type LinearPolicyJson,
  type TrainOptions,
  type TrainReport,
  type RankedAction,
} from './policy/linear-policy.ts';
export { runEpisode, type RunEpisodeOptions, type EpisodeResult } from './run-episode.ts';
