/**
 * ReplayAgent: replays a recorded trajectory (a demo or any rollout), re-targeting each action at the
 * element with the same role and name on the live page, since ids differ between runs.
 * @module
 */
import type { Action } from '../env/action-schema.ts';
import type { ElementInfo, Observation } from '../env/observation.ts';
import type { TaskInstance } from '../env/task.ts';
import type { CompactElement, Trajectory } from '../env/trajectory.ts';
import type { Agent, AgentContext, AgentStep } from './agent.ts';
import { failedStep } from './agent.ts';

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** How a recorded element was found on the live page. */
export type ReplayMatch = 'role-name' | 'role-name-nocase' | 'recorded-id';

/**
 * Find the live element for a recorded one: same role and name (whitespace-collapsed; then
 * case-insensitive), taking the same occurrence (nth in document order) as in the recording.
 */
export function matchElement(recorded: { role: string; name: string }, nth: number, live: readonly ElementInfo[]): { element: ElementInfo; match: ReplayMatch } | undefined {
  const name = collapse(recorded.name);
  const exact = live.filter((e) => e.role === recorded.role && collapse(e.name) === name);
  if (exact.length) return { element: exact[Math.min(nth, exact.length - 1)]!, match: 'role-name' };
  const lower = name.toLowerCase();
  const loose = live.filter((e) => e.role === recorded.role && collapse(e.name).toLowerCase() === lower);
  if (loose.length) return { element: loose[Math.min(nth, loose.length - 1)]!, match: 'role-name-nocase' };
  return undefined;
}

/** Replays the steps of a trajectory in order; `act` at step i returns step i's action, re-targeted. */
export class ReplayAgent implements Agent {
  readonly name = 'replay';
  readonly trajectory: Trajectory;

  constructor(trajectory: Trajectory) {
    this.trajectory = trajectory;
  }

  reset(_task: TaskInstance): void {
    // Stateless: the step to replay comes from context.step.
  }

  async act(observation: Observation, context: AgentContext): Promise<AgentStep> {
    const steps = this.trajectory.steps;
    const i = context.step;
    const step = steps[i];
    if (!step) {
      return failedStep(`ReplayAgent.act: the trajectory has no step ${i} (expected at most ${steps.length} steps, got step ${i}). Replay ends here; give the env a maxSteps no larger than the recording.`);
    }
    const action = step.action;
    if (!('id' in action) || action.id === undefined) return { action, thought: `replay step ${i}` };
    const before = i === 0 ? this.trajectory.initial.elements : steps[i - 1]!.elements;
    const recorded: { role: string; name: string } | undefined = before.find((e) => e.id === action.id) ?? step.target;
    if (!recorded) return { action, thought: `replay step ${i}: element ${action.id} not in the recording; using the recorded id` };
    const nth = occurrence(before, action.id, recorded);
    const found = matchElement(recorded, nth, observation.elements);
    if (!found) {
      return { action, thought: `replay step ${i}: no ${recorded.role} named ${JSON.stringify(recorded.name)} on the page; using the recorded id ${action.id}` };
    }
    const retargeted = { ...action, id: found.element.id } as Action;
    return { action: retargeted, thought: `replay step ${i}: ${recorded.role} ${JSON.stringify(recorded.name)} #${nth} matched by ${found.match} (id ${action.id} -> ${found.element.id})` };
  }
}

/** Which occurrence (0-based, document order) of its role and name the recorded element was. */
function occurrence(elements: readonly CompactElement[], id: string, recorded: { role: string; name: string }): number {
  const name = collapse(recorded.name);
  const same = elements.filter((e) => e.role === recorded.role && collapse(e.name) === name);
  const k = same.findIndex((e) => e.id === id);
  return k < 0 ? 0 : k;
}
