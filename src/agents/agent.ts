/**
 * The Agent contract: what every policy (scripted, learned or model-backed) implements, and the
 * per-step context a runner hands it.
 * @module
 */
import type { Action } from '../env/action-schema.ts';
import type { Observation } from '../env/observation.ts';
import type { TaskInstance } from '../env/task.ts';
import type { Usage } from '../env/trajectory.ts';

/** One past step, as an agent sees it in its context. */
export interface HistoryEntry {
  /** 0-based step index. */
  index: number;
  /** The action that ran (a noop when the agent failed to produce one). */
  action: Action;
  /** The action's string form, e.g. `click("12")`. */
  actionText: string;
  /** What went wrong at that step: the env's lastActionError or the agent's own error; '' when it succeeded. */
  error: string;
  /** Role and name of the element the action targeted, as the env recorded it before the action ran. */
  target?: { role: string; name: string };
}

/** What a runner tells an agent besides the observation. */
export interface AgentContext {
  /** 0-based index of the step being chosen. */
  step: number;
  /** Steps left in the budget, including this one. */
  remainingSteps: number;
  /** Past steps of this episode, oldest first. */
  history: readonly HistoryEntry[];
  /** Aborted when the runner gives up on the episode (timeout, shutdown); model calls stop with it. */
  signal?: AbortSignal;
}

/**
 * What an agent returns for one step.
 *
 * Agents never throw for a model's bad output: when the output does not parse (or the model call
 * failed after its retries), they return `action: { type: 'noop' }` with `error` set and the model's
 * text kept in `raw`. The runner executes the noop and records `error` as the step's error, so the
 * failure shows up in the trajectory and in the next observation's history.
 */
export interface AgentStep {
  /** The typed action, or its string form (`click("12")`), which the runner parses. */
  action: Action | string;
  /** The model's raw output, verbatim (text, or the tool call as JSON). */
  raw?: string;
  /** The model's reasoning or the agent's explanation, when it has one. */
  thought?: string;
  /** Tokens and cost of this step's model calls. */
  usage?: Usage;
  /** The agent's own failure to produce an action (parse error, model error); '' or absent when none. */
  error?: string;
}

/** A policy that acts in a WebEnv. */
export interface Agent {
  /** Short identity recorded in trajectories, e.g. `random`, `claude`, `linear-policy`. */
  readonly name: string;
  /** Model identity, for model-backed agents. */
  readonly model?: string;
  /** Called at the start of each episode, before the first `act`. */
  reset(task: TaskInstance): void | Promise<void>;
  /** Choose the next action. Must not throw for bad model output; see AgentStep. */
  act(observation: Observation, context: AgentContext): Promise<AgentStep>;
}

/** The step an agent returns when it could not produce an action: a noop that carries the error and the raw output. */
export function failedStep(error: string, fields: Omit<AgentStep, 'action' | 'error'> = {}): AgentStep {
  return { ...fields, action: { type: 'noop' }, error };
}
