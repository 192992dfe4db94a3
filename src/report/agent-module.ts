/**
 * Benchmarking a user's own agent: load a module whose default export is an Agent, an Agent
 * class or a factory, and check that what it gives is an Agent before any episode runs.
 * @module
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Agent } from '../agents/index.ts';
import { RunError, quote } from '../env/index.ts';

/** An agent for one worker: a fresh instance per worker, so agents may keep per-episode state. */
export type AgentFactory = (worker: number) => Agent | Promise<Agent>;

const EXAMPLE = "export default class MyAgent { name = 'mine'; reset(task) {} async act(observation, context) { return { action: 'noop()' }; } }";

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object with keys ${quote(Object.keys(value), 120)}`;
  return typeof value;
}

/**
 * Check that `value` implements Agent (name, reset, act).
 * @throws RunError `run_invalid` naming what is missing.
 */
export function assertAgent(value: unknown, where: string): asserts value is Agent {
  const v = value as Partial<Record<'name' | 'reset' | 'act', unknown>> | null;
  const missing = [
    typeof v?.act === 'function' ? null : 'act(observation, context)',
    typeof v?.reset === 'function' ? null : 'reset(task)',
    typeof v?.name === 'string' ? null : 'name (a string)',
  ].filter((m) => m !== null);
  if (typeof value !== 'object' || value === null || missing.length > 0) {
    throw new RunError('run_invalid', `${where}: not an Agent (expected an object with name, reset(task) and act(observation, context); got ${describe(value)}, missing ${missing.join(', ')}). Implement the Agent interface from coregym, e.g. ${EXAMPLE}`);
  }
}

/** True for a class (or constructor function) whose instances have `act`. */
function isAgentClass(value: unknown): value is new () => Agent {
  return typeof value === 'function' && typeof (value as { prototype?: { act?: unknown } }).prototype?.act === 'function';
}

/**
 * One agent or a per-worker factory from what a user gave: an Agent, an Agent class (constructed
 * without arguments) or a factory `(worker) => Agent | Promise<Agent>`. Factories' results are
 * checked when called.
 * @throws RunError `run_invalid` when `value` is none of those.
 */
export function toAgentSource(value: unknown, where: string): Agent | AgentFactory {
  if (isAgentClass(value)) {
    const AgentClass = value;
    return (worker) => {
      const agent: unknown = new AgentClass();
      assertAgent(agent, `${where} (an instance of class ${AgentClass.name}, worker ${worker})`);
      return agent;
    };
  }
  if (typeof value === 'function') {
    const factory = value as (worker: number) => unknown;
    return async (worker) => {
      const agent = await factory(worker);
      assertAgent(agent, `${where} (what the factory returned for worker ${worker})`);
      return agent;
    };
  }
  assertAgent(value, where);
  return value;
}

/**
 * Load a user's agent module (TypeScript or JavaScript) by path. Its default export may be an
 * Agent instance (then episodes run one at a time), an Agent class (constructed once per worker,
 * without arguments) or a factory `(worker) => Agent | Promise<Agent>`.
 * @throws RunError `run_invalid` when the file is missing or its default export is not one of those.
 * @example
 * const agent = await loadAgentModule('./my-agent.ts');
 */
export async function loadAgentModule(path: string): Promise<Agent | AgentFactory> {
  const file = resolve(path);
  if (!existsSync(file)) {
    throw new RunError('run_invalid', `loadAgentModule: no agent module at ${quote(file)} (expected a built-in agent name: random, policy, claude, openai; or the path of a .ts/.js module). Check the path.`);
  }
  const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  const where = `loadAgentModule: the default export of ${path}`;
  const exported = mod.default;
  if (exported === undefined) {
    throw new RunError('run_invalid', `${where} is missing (expected an Agent, an Agent class or a factory; the module exports ${quote(Object.keys(mod), 120)}). Add \`export default\`, e.g. ${EXAMPLE}`);
  }
  return toAgentSource(exported, where);
}
