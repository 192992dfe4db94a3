/**
 * Run one episode of an Agent in a WebEnv: the loop every runner needs, with the agent's context
 * (step, history, remaining steps, abort signal) built the same way everywhere.
 * @module
 */
import { EnvError } from '../env/errors.ts';
import { formatAction, safeParseAction } from '../env/index.ts';
import type { ResetOptions, StepMeta, WebEnv } from '../env/index.ts';
import type { Trajectory } from '../env/trajectory.ts';
import type { Agent, AgentContext, AgentStep, HistoryEntry } from './agent.ts';

/** Options of `runEpisode`. */
export interface RunEpisodeOptions extends ResetOptions {
  /** Aborts the episode between steps and cancels in-flight model calls. */
  signal?: AbortSignal;
  /** Called after each step, e.g. for progress output. */
  onStep?: (info: { step: number; agentStep: AgentStep; reward: number; error: string }) => void;
}

/** What an episode produced. */
export interface EpisodeResult {
  trajectory: Trajectory;
  terminated: boolean;
  truncated: boolean;
  totalReward: number;
}

/**
 * Reset `env` and let `agent` act until the episode terminates or is truncated.
 *
 * An agent's own failure (AgentStep.error: a reply that did not parse, a bad tool call) runs as the
 * noop the agent returned, is shown to the agent as that step's error in later contexts, and is
 * recorded as the step's `error` in the trajectory when the action itself raised none.
 *
 * @throws EnvError `env_state` when the signal aborts the episode; ModelError from model-backed agents whose API failed.
 * @example
 * const { trajectory } = await runEpisode(env, new RandomAgent({ seed: 1 }), { task: 'shop.add-to-cart', seed: 3 });
 */
export async function runEpisode(env: WebEnv, agent: Agent, options: RunEpisodeOptions = {}): Promise<EpisodeResult> {
  const { signal, onStep, ...reset } = options;
  let { observation } = await env.reset(reset);
  const instance = env.instance!;
  await agent.reset(instance);
  const history: HistoryEntry[] = [];
  let totalReward = 0;
  for (let step = 0; ; step++) {
    if (signal?.aborted) throw new EnvError('env_state', `runEpisode: aborted at step ${step} of ${instance.taskId} (${String(signal.reason)}).`, { cause: signal.reason });
    const context: AgentContext = { step, remainingSteps: instance.maxSteps - step, history: history.slice(), signal };
    const agentStep = await agent.act(observation, context);
    const meta: StepMeta = {};
    if (agentStep.raw !== undefined) meta.raw = agentStep.raw;
    if (agentStep.thought !== undefined) meta.thought = agentStep.thought;
    if (agentStep.usage) meta.usage = agentStep.usage;
    if (agentStep.error) meta.error = agentStep.error;
    const result = await env.step(agentStep.action, meta);
    observation = result.observation;
    totalReward += result.reward;
    // An infrastructure failure on the first action ends the episode before a step is recorded: the
    // env's info says why, and the caller records it as an error, never as a policy failure.
    const recorded = env.trajectory!.steps.at(-1);
    if (recorded) {
      const parsed = safeParseAction(agentStep.action);
      const action = parsed.success ? parsed.action : recorded.action;
      const entry: HistoryEntry = { index: step, action, actionText: parsed.success ? formatAction(action) : recorded.actionText, error: recorded.error };
      if (recorded.target) entry.target = { role: recorded.target.role, name: recorded.target.name };
      history.push(entry);
      onStep?.({ step, agentStep, reward: result.reward, error: recorded.error });
    }
    if (!recorded || result.terminated || result.truncated) {
      return { trajectory: structuredClone(env.trajectory!), terminated: result.terminated, truncated: result.truncated, totalReward };
    }
  }
}
