/**
 * Negative trajectories for two-sided label validation, made from the demo itself: the demo cut
 * just before a key step, and the demo with a key step removed (its backend changes undone in
 * every later state). Caller-provided rollouts (seeded random policies) are the third source.
 * @module
 */
import type { PageState, StepRecord, Trajectory } from '../env/trajectory.ts';
import { diffProbes, getAtPath, identityField, isPlainObject, jsonEqual } from './probe-diff.ts';
import type { PathSegment, ProbeChange } from './probe-diff.ts';

function reindex(steps: StepRecord[]): StepRecord[] {
  return steps.map((s, index) => ({ ...s, index }));
}

/**
 * The demo cut before step `index` (steps 0..index-1), as a finished episode with no answer and no
 * infeasibility report. Every key step at or after `index` must be false on it.
 */
export function prefixNegative(demo: Trajectory, index: number): Trajectory {
  return {
    ...demo,
    id: `${demo.id}#prefix-${index}`,
    source: 'rollout',
    parent: demo.id,
    steps: demo.steps.slice(0, Math.max(0, index)),
    answer: undefined,
    infeasible: undefined,
    outcome: undefined,
  };
}

/**
 * The demo with step `index` removed, simulating an episode that did everything but that step:
 * the step is dropped, the backend changes it made (the probe diff between the state before and
 * after it) are undone in every later step's probes, and when it was the answer or the
 * infeasibility report, that is dropped too. The later steps' pages (url, elements, text) are kept
 * as recorded, so a label that trusts a confirmation message rather than the backend is caught.
 */
export function removalNegative(demo: Trajectory, index: number): Trajectory {
  const step = demo.steps[index];
  if (!step) return prefixNegative(demo, demo.steps.length);
  const before: PageState = index === 0 ? demo.initial : demo.steps[index - 1]!;
  const changes = before.probes && step.probes ? diffProbes(before.probes, step.probes) : [];
  const later = demo.steps.slice(index + 1).map((s) => (s.probes ? { ...s, probes: undoChanges(s.probes, changes) } : s));
  return {
    ...demo,
    id: `${demo.id}#without-${index}`,
    source: 'rollout',
    parent: demo.id,
    steps: reindex([...demo.steps.slice(0, index), ...later]),
    answer: step.action.type === 'answer' ? undefined : demo.answer,
    infeasible: step.action.type === 'infeasible' ? undefined : demo.infeasible,
    outcome: undefined,
  };
}

/** A copy of `probes` with `changes` undone (added elements removed, removed ones restored, changed values reset). */
export function undoChanges(probes: Record<string, unknown>, changes: readonly ProbeChange[]): Record<string, unknown> {
  const root = structuredClone(probes);
  for (const change of changes) {
    const target = getAtPath(root, change.path);
    switch (change.kind) {
      case 'added': {
        if (!Array.isArray(target)) break;
        const field = identityField(target, [change.element]);
        const i = target.findIndex((el) => field !== undefined && isPlainObject(el) && isPlainObject(change.element)
          ? el[field] === change.element[field]
          : jsonEqual(el, change.element));
        if (i >= 0) target.splice(i, 1);
        break;
      }
      case 'removed': {
        if (Array.isArray(target) && !target.some((el) => jsonEqual(el, change.element))) target.push(structuredClone(change.element));
        break;
      }
      case 'changed': setAtPath(root, change.path, structuredClone(change.before));
    }
  }
  return root;
}

function setAtPath(root: unknown, path: readonly PathSegment[], value: unknown): void {
  const last = path.at(-1);
  if (!last || !('key' in last)) return;
  const parent = getAtPath(root, path.slice(0, -1));
  if (!isPlainObject(parent)) return;
  if (value === undefined) delete parent[last.key];
  else parent[last.key] = value;
}

/** Options of `negativesFor`. */
export interface NegativesOptions {
  /** Caller-provided trajectories that lack the key step (seeded random rollouts ...). */
  extra?: readonly Trajectory[];
  /** Also cut the demo at the start (no steps at all). @default true */
  includeEmpty?: boolean;
}

/**
 * The negatives a key step's label must be false on: the demo cut just before the key step (and
 * at the start), the demo without the key step, and the caller's extra trajectories.
 */
export function negativesFor(demo: Trajectory, keyStepIndex: number, options: NegativesOptions = {}): Trajectory[] {
  const out: Trajectory[] = [prefixNegative(demo, keyStepIndex), removalNegative(demo, keyStepIndex)];
  if (options.includeEmpty !== false && keyStepIndex > 0) out.push(prefixNegative(demo, 0));
  out.push(...(options.extra ?? []));
  return out;
}
