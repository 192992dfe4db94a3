/**
 * Behaviour-cloning examples from trajectories: at each step, the candidates the policy would have
 * considered and which of them the trajectory took.
 * @module
 */
import type { Action } from '../../env/action-schema.ts';
import type { Trajectory } from '../../env/trajectory.ts';
import { enumerateCandidates, sameChoice } from './candidates.ts';
import type { Candidate } from './candidates.ts';
import { viewFromPageState } from './page-view.ts';
import type { PageView, ViewHistoryEntry } from './page-view.ts';

/** One step to imitate. */
export interface StepExample {
  view: PageView;
  candidates: Candidate[];
  /** Index of the trajectory's action in `candidates`. */
  target: number;
  /** False when the action was not among the enumerated candidates and had to be added. */
  matched: boolean;
}

/** Options seen in select actions of the trajectories, by `role|name` of the select. */
export function collectSelectOptions(trajectories: readonly Trajectory[]): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const t of trajectories) {
    t.steps.forEach((step, i) => {
      if (step.action.type !== 'select') return;
      const before = i === 0 ? t.initial : t.steps[i - 1]!;
      const el = before.elements.find((e) => e.id === (step.action as { id: string }).id);
      const key = el ? `${el.role}|${el.name}` : step.target ? `${step.target.role}|${step.target.name}` : undefined;
      if (!key) return;
      const set = out.get(key) ?? new Set<string>();
      for (const o of step.action.options) set.add(o);
      out.set(key, set);
    });
  }
  return new Map([...out].map(([k, v]) => [k, [...v]]));
}

/** The candidate for an action the enumeration missed, with its element when the page has it. */
function forcedCandidate(action: Action, view: PageView): Candidate {
  const id = 'id' in action ? action.id : undefined;
  const element = id ? view.elements.find((e) => e.id === id) : undefined;
  return { action, element };
}

/** Turn trajectories into examples, one per step. */
export function trajectoryExamples(trajectories: readonly Trajectory[], knownOptions: ReadonlyMap<string, string[]>): StepExample[] {
  const out: StepExample[] = [];
  for (const t of trajectories) {
    const history: ViewHistoryEntry[] = [];
    t.steps.forEach((step, i) => {
      const before = i === 0 ? t.initial : t.steps[i - 1]!;
      const view = viewFromPageState(t.goal, before, history.slice(), i, knownOptions);
      const candidates = enumerateCandidates(view);
      let target = candidates.findIndex((c) => sameChoice(c, step.action, view.focused));
      const matched = target >= 0;
      if (!matched) {
        candidates.push(forcedCandidate(step.action, view));
        target = candidates.length - 1;
      }
      out.push({ view, candidates, target, matched });
      history.push({ action: step.action, error: step.error, target: step.target && { role: step.target.role, name: step.target.name } });
    });
  }
  return out;
}
