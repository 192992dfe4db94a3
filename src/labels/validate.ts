/**
 * Two-sided validation of label functions: true on the demo from its key step on, false before it,
 * false on trajectories that lack the key step; with reasons worded for a synthesizer to act on.
 * @module
 */
import type { StepRecord, Trajectory } from '../env/trajectory.ts';
import type { LabelFunction, LabelSet, ValidationRecord } from './label.ts';
import type { LabelResults, LabelRuntimeOptions } from './runtime.ts';
import { LabelRuntime } from './runtime.ts';
import { scoreWithRuntime, type TrajectoryScores } from './score.ts';

/** Options of {@link validateLabel}. */
export interface ValidateOptions extends LabelRuntimeOptions {
  /** Demo step (0-based) at which the key step happens. @default label.provenance.keyStep */
  keyStep?: number;
  /** Runtime to validate in (kept open); by default a temporary one is created and closed. */
  runtime?: LabelRuntime;
}

/** Options of {@link validateLabelSet}. */
export interface ValidateSetOptions extends LabelRuntimeOptions {
  /** Key step per label id, overriding each label's `provenance.keyStep`. */
  keySteps?: Readonly<Record<string, number>>;
  runtime?: LabelRuntime;
}

/** Result of {@link validateLabelSet}. */
export interface LabelSetValidation {
  /** Every label passed. */
  ok: boolean;
  records: Record<string, ValidationRecord>;
  /** The set with each label's `validation` filled in. */
  labelSet: LabelSet;
}

/**
 * Check one label against its demo and negatives. It passes when it is false on the demo's
 * initial state and on every step before the key step, true on every step from the key step on
 * and on the final state (`traj.done` true), raises no error on the demo, and is false throughout
 * every negative trajectory. Without a key step (none in options or provenance) it must only be
 * false initially and true on the final state.
 * @example
 * const record = await validateLabel(label, demo, negatives, { keyStep: 3 });
 * if (!record.ok) console.log(record.reason);
 */
export async function validateLabel(label: LabelFunction, demo: Trajectory, negatives: readonly Trajectory[] = [], options: ValidateOptions = {}): Promise<ValidationRecord> {
  const keyStep = options.keyStep ?? label.provenance.keyStep ?? null;
  return withRuntime(options, (runtime) => {
    const { scores, initial } = scoreWithRuntime([label], demo, { runtime }, true);
    const negs = negatives.map((t) => ({ id: t.id, trajectory: t, scores: scoreWithRuntime([label], t, { runtime }).scores }));
    return recordOf(label, keyStep, demo, scores, initial, negs);
  });
}

/**
 * Validate every label of a set against the same demo and negatives, scoring each trajectory once
 * for all labels.
 */
export async function validateLabelSet(set: LabelSet, demo: Trajectory, negatives: readonly Trajectory[] = [], options: ValidateSetOptions = {}): Promise<LabelSetValidation> {
  return withRuntime(options, (runtime) => {
    const { scores, initial } = scoreWithRuntime(set.labels, demo, { runtime }, true);
    const negs = negatives.map((t) => ({ id: t.id, trajectory: t, scores: scoreWithRuntime(set.labels, t, { runtime }).scores }));
    const records: Record<string, ValidationRecord> = {};
    for (const label of set.labels) {
      const keyStep = options.keySteps?.[label.id] ?? label.provenance.keyStep ?? null;
      records[label.id] = recordOf(label, keyStep, demo, scores, initial, negs);
    }
    const labelSet: LabelSet = { ...set, labels: set.labels.map((l) => ({ ...l, validation: records[l.id]! })) };
    return { ok: set.labels.every((l) => records[l.id]!.ok), records, labelSet };
  });
}

function withRuntime<T>(options: LabelRuntimeOptions & { runtime?: LabelRuntime }, f: (runtime: LabelRuntime) => T): T {
  const runtime = options.runtime ?? new LabelRuntime(options);
  try {
    return f(runtime);
  } finally {
    if (options.runtime === undefined) runtime.close();
  }
}

interface NegativeScores {
  id: string;
  trajectory: Trajectory;
  scores: TrajectoryScores;
}

function recordOf(label: LabelFunction, keyStep: number | null, demo: Trajectory, scores: TrajectoryScores, initial: LabelResults, negs: readonly NegativeScores[]): ValidationRecord {
  const id = label.id;
  const perStep = scores.perStep[id] ?? [];
  const final = scores.final[id] === true;
  const n = demo.steps.length;
  const problems: string[] = [];

  const demoErrors = scores.errors[id] ?? [];
  if (demoErrors.length > 0) problems.push(`It raised an error on the demo: ${demoErrors[0]}`);

  const firstTrueIndex = perStep.indexOf(true);
  const firstTrue = firstTrueIndex < 0 ? null : firstTrueIndex;
  const initialTrue = initial.values[id] === true;
  let falseBefore = !initialTrue;
  if (initialTrue) problems.push("It is already true on the demo's initial state, before any step: it must check something that the key step changes.");
  const before = keyStep === null ? 0 : Math.min(keyStep, n);
  const earlyTrue = perStep.slice(0, before).indexOf(true);
  if (earlyTrue >= 0) {
    falseBefore = false;
    problems.push(`It is true after step ${earlyTrue} (${stepText(demo.steps[earlyTrue])}), before the key step ${keyStep} (${stepText(demo.steps[keyStep!])}): make it specific to what the key step does.`);
  }

  let trueAfter = final;
  if (keyStep !== null && (keyStep < 0 || keyStep >= n)) {
    trueAfter = false;
    problems.push(`The key step ${keyStep} is not a step of the demo (it has ${n} steps).`);
  } else if (keyStep !== null) {
    const lateFalse = perStep.slice(keyStep).indexOf(false);
    if (lateFalse >= 0) {
      const at = keyStep + lateFalse;
      trueAfter = false;
      problems.push(
        at === keyStep
          ? `It is false after the key step ${keyStep} (${stepText(demo.steps[keyStep])}): it must become true there.`
          : `It is false after step ${at} (${stepText(demo.steps[at])}), after the key step ${keyStep}: once the key step happened it must stay true (a check of the latest state stops holding when the page moves on; check the action history or use at = 'any').`,
      );
    }
  }
  if (!final) problems.push("It is false on the demo's final state (traj.done true): it must hold at the end of an episode that did the key step.");

  const falseOnNegatives: string[] = [];
  let example = '';
  for (const neg of negs) {
    const steps = neg.scores.perStep[id] ?? [];
    const at = steps.indexOf(true);
    if (at < 0 && neg.scores.final[id] !== true) continue;
    falseOnNegatives.push(neg.id);
    if (example === '') example = at >= 0 ? ` (e.g. in ${neg.id} after step ${at}: ${stepText(neg.trajectory.steps[at])})` : ` (e.g. on the final state of ${neg.id})`;
  }
  if (falseOnNegatives.length > 0) {
    problems.push(`It is true on ${falseOnNegatives.length} of ${negs.length} trajectories that do not contain this key step${example}: make it specific to this key step.`);
  }

  const ok = demoErrors.length === 0 && falseBefore && trueAfter && falseOnNegatives.length === 0;
  return {
    ok,
    keyStep,
    firstTrue,
    falseBefore,
    trueAfter,
    falseOnNegatives,
    negatives: negs.length,
    ...(!ok && { reason: `Label ${JSON.stringify(id)} (${label.description}): ${problems.join(' ')}` }),
  };
}

function stepText(step: StepRecord | undefined): string {
  if (step === undefined) return 'no such step';
  const action = step.actionText.length > 80 ? `${step.actionText.slice(0, 80)}...` : step.actionText;
  const target = step.target ? ` on ${step.target.role} ${JSON.stringify(step.target.name.slice(0, 60))}` : '';
  return `${action}${target} at ${step.url}`;
}
