/**
 * Trajectory-Guided Extrapolation: turning explored trajectories into new, verifiable tasks.
 * - failure-driven: a trajectory that failed its task still did something; it gets the instruction
 *   it does fulfil, labels derived from it, and enters the pool if those labels validate;
 * - success-driven: a trajectory that succeeded by a strategy the graph did not know becomes the
 *   pseudo-expert demo of a task variant stated in terms of what it did.
 * @module
 */
import type { Trajectory } from '../env/trajectory.ts';
import type { LabelSet, Synthesizer } from '../labels/index.ts';
import { fixedInstanceSpec, goalKey } from './task-pool.ts';
import type { PoolTask, PoolTaskOrigin } from './task-pool.ts';

/** Writes the instruction a trajectory fulfils, from the key steps its labels verify. */
export interface Instructor {
  readonly name: string;
  instruct(trajectory: Trajectory, labels: LabelSet): Promise<string | undefined>;
}

const lowerFirst = (s: string) => (s ? s[0]!.toLowerCase() + s.slice(1) : s);

/**
 * Offline instructor: states the key steps of the trajectory's labels as one instruction, in order
 * ("Do the following on this site: add ...; then answer ..."). Deterministic.
 */
export class KeyStepInstructor implements Instructor {
  readonly name = 'key-steps';
  async instruct(_trajectory: Trajectory, labels: LabelSet): Promise<string | undefined> {
    const steps = labels.labels.map((l) => l.description.trim().replace(/\.$/, '')).filter(Boolean);
    if (steps.length === 0) return undefined;
    if (steps.length === 1) return `${steps[0]}.`;
    return `Do the following on this site, in order: ${steps.map((s, i) => (i === 0 ? s : lowerFirst(s))).join('; then ')}.`;
  }
}

/** Options of `extrapolate`. */
export interface ExtrapolateOptions {
  synthesizer: Synthesizer;
  instructor: Instructor;
  /** The pool's current tasks, to deduplicate against (see `extrapolate`). */
  pool: readonly PoolTask[];
  /** Trajectories new labels must reject. */
  negatives?: Trajectory[];
  /** Upper bound on new tasks from this call. @default 20 */
  maxTasks?: number;
}

/** One candidate considered for extrapolation, and what happened to it. */
export interface ExtrapolationRecord {
  trajectoryId: string;
  fromTask: string;
  origin: PoolTaskOrigin;
  kept: boolean;
  reason: string;
  taskId?: string;
  goal?: string;
  labels?: number;
}

/**
 * What makes two tasks the same: the site (origin of the start URL), the seed of its state, and the
 * goal's words in any order. Base templates are ignored: the templates of one site at one seed share
 * the site's seeded data (a template's own setup may add to it), so "check out the cart" derived
 * from three of them is one task to learn, not three. Word order is ignored because a state
 * description lists a record's fields in whatever order the backend returned them.
 */
function taskKey(spec: PoolTask['spec'], seed: number, goal: string): string {
  const { startUrl } = spec.instantiate(seed);
  let site = startUrl;
  try {
    site = new URL(startUrl).origin;
  } catch {
    // A relative or placeholder start URL: the whole string identifies the site well enough.
  }
  return `${site}|${seed}|${goalKey(goal).split(' ').sort().join(' ')}`;
}

/**
 * Whether the labels verify nothing but the trajectory's final message (an answer or an infeasible
 * report). The instruction would then state the message itself ("Answer 'Size'."), a task solved
 * without looking at the site, and cloning it teaches a policy to answer or give up at random.
 */
function onlyFinalMessage(trajectory: Trajectory, labels: LabelSet): boolean {
  const last = trajectory.steps.length - 1;
  const type = trajectory.steps[last]?.action.type;
  return (type === 'answer' || type === 'infeasible') && labels.labels.every((l) => l.provenance.keyStep === last);
}

/**
 * Derive new tasks from trajectories (each paired with the pool task it ran on). A candidate is
 * kept when its labels validate on it (the synthesizer validates two-sidedly), verify more than
 * the final message, and its task is new (same site, seed and goal words as no pool task).
 */
export async function extrapolate(
  candidates: readonly { trajectory: Trajectory; from: PoolTask; origin: Exclude<PoolTaskOrigin, 'suite'> }[],
  options: ExtrapolateOptions,
): Promise<{ tasks: PoolTask[]; records: ExtrapolationRecord[] }> {
  const seen = new Set(options.pool.map((t) => taskKey(t.spec, t.seed, t.spec.instantiate(t.seed).goal)));
  const tasks: PoolTask[] = [];
  const records: ExtrapolationRecord[] = [];
  const max = options.maxTasks ?? 20;
  for (const { trajectory, from, origin } of candidates) {
    const record: ExtrapolationRecord = { trajectoryId: trajectory.id, fromTask: from.id, origin, kept: false, reason: '' };
    records.push(record);
    if (tasks.length >= max) {
      record.reason = `limit of ${max} new tasks per round reached`;
      continue;
    }
    const labels = await options.synthesizer.synthesize(trajectory, { negatives: options.negatives });
    if (labels.labels.length === 0) {
      record.reason = `no validated labels (${labels.attempts.at(-1)?.reason ?? 'no key steps'})`;
      continue;
    }
    if (onlyFinalMessage(trajectory, labels)) {
      record.reason = 'its labels verify only the final message, which the instruction would give away';
      continue;
    }
    const goal = await options.instructor.instruct(trajectory, labels);
    if (!goal) {
      record.reason = 'no instruction could be written';
      continue;
    }
    const key = taskKey(from.spec, from.seed, goal);
    if (seen.has(key)) {
      record.reason = 'duplicate of a task already in the pool';
      continue;
    }
    seen.add(key);
    const id = `${from.id}.x${(options.pool.length + tasks.length).toString(36)}`;
    const base = from.spec;
    tasks.push({
      id,
      baseId: from.baseId,
      seed: from.seed,
      // Extrapolated tasks are checked by their own labels only: the base task's oracle judges another goal.
      spec: fixedInstanceSpec(base, from.seed, { id, goal, oracle: false }),
      origin,
      demo: { ...trajectory, taskId: id, goal, source: 'extrapolated', parent: trajectory.id },
      labels: { ...labels, taskId: id },
      parent: trajectory.id,
    });
    Object.assign(record, { kept: true, reason: 'labels validate and the goal is new', taskId: id, goal, labels: labels.labels.length });
  }
  return { tasks, records };
}
