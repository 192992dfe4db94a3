/**
 * The task pool of the CORE loop: task instances (a template at a fixed seed, or a task derived by
 * extrapolation), each with the demo its labels came from, its label set and its strategy graph.
 * @module
 */
import type { TaskInstance, TaskSpec } from '../env/task.ts';
import type { Trajectory } from '../env/trajectory.ts';
import type { LabelSet } from '../labels/index.ts';
import type { StrategyGraph } from '../graph/index.ts';

/** Where a pool task came from. */
export type PoolTaskOrigin = 'suite' | 'failure-extrapolated' | 'success-extrapolated';

/** One task of the pool. */
export interface PoolTask {
  /** Unique id, also the id of `spec` (`<template>.s<seed>` or `<template>.s<seed>.x<n>`). */
  id: string;
  /** The template (or base task) it instantiates. */
  baseId: string;
  seed: number;
  /** A TaskSpec fixed to this instance; derived tasks override the goal and may have no oracle. */
  spec: TaskSpec;
  origin: PoolTaskOrigin;
  /** The (pseudo-)expert demonstration its labels were inferred from. */
  demo: Trajectory;
  /**
   * Whether the demo is also training data (round 0's behaviour cloning and every later round).
   * False for tasks whose demo only yields labels, as in the paper, where demos become reward code
   * and the policy learns from what it verifiably does itself. @default true
   */
  trainOnDemo?: boolean;
  labels?: LabelSet;
  graph?: StrategyGraph;
  /** For derived tasks: the trajectory it was derived from. */
  parent?: string;
}

/** The id of a template's instance at a seed. */
export function instanceId(baseId: string, seed: number): string {
  return `${baseId}.s${seed}`;
}

/**
 * A TaskSpec that always instantiates `base` at `seed`, under its own id, optionally with another
 * goal (extrapolated tasks) and without the base's oracle (tasks whose only check is their labels).
 */
export function fixedInstanceSpec(base: TaskSpec, seed: number, options: { id?: string; goal?: string; oracle?: boolean } = {}): TaskSpec {
  const id = options.id ?? instanceId(base.id, seed);
  const spec: TaskSpec = {
    ...base,
    id,
    instantiate: () => {
      const instance = base.instantiate(seed);
      return options.goal ? { ...instance, goal: options.goal } : instance;
    },
  };
  if (options.oracle === false) delete spec.oracle;
  return spec;
}

/** Normalized goal text, for deduplicating tasks. */
export function goalKey(goal: string): string {
  return goal.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, ' ').trim();
}

/** The instance a pool task runs (for code that needs its params without a browser). */
export function poolInstance(task: PoolTask): TaskInstance {
  const made = task.spec.instantiate(task.seed);
  return { taskId: task.id, seed: task.seed, goal: made.goal, startUrl: made.startUrl, maxSteps: made.maxSteps ?? task.spec.maxSteps, params: made.params };
}
