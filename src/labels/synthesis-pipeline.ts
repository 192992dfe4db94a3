/**
 * The attempt loop shared by every synthesizer: describe the demo, ask a driver (heuristic
 * templates or a model) for key steps with label code, validate each label two-sided against the
 * demo and its negatives, feed failures back for another attempt, and record every attempt in the
 * LabelSet so it is clear why each label was kept or dropped.
 * @module
 */
import { LabelError } from '../env/errors.ts';
import type { Trajectory, Usage } from '../env/trajectory.ts';
import { describeTrajectory } from './describe.ts';
import type { StepDescription } from './describe.ts';
import { LABEL_SCHEMA_VERSION } from './label.ts';
import type { LabelFunction, LabelSet, ValidationRecord } from './label.ts';
import { negativesFor } from './negatives.ts';
import { validateLabel } from './validate.ts';

/** Validates one label against its demo (at `label.provenance.keyStep`) and negatives. */
export type ValidateFn = (label: LabelFunction, demo: Trajectory, negatives: Trajectory[]) => Promise<ValidationRecord>;

/**
 * The synthesizers' default validator: validateLabel with generous time limits (1 s per label and
 * state). Synthesis is offline, and on a loaded machine the live limits (50 ms) would drop good
 * labels as timeouts; a label that really loops is still stopped.
 */
export const validateForSynthesis: ValidateFn = (label, demo, negatives) =>
  validateLabel(label, demo, negatives, { timeout: 1000, stepTimeout: 10_000 });

/** A key step proposed by a driver. */
export interface ProposedKeyStep {
  /** Demo step (0-based) after which the key step first holds. */
  index: number;
  description: string;
  code: string;
}

/** What a driver sees. */
export interface SynthesisContext {
  demo: Trajectory;
  descriptions: StepDescription[];
  signal?: AbortSignal;
}

/** A request to try one key step again. */
export interface RetryRequest {
  /** Position of the key step in the proposal list. */
  position: number;
  keyStep: ProposedKeyStep;
  /** Attempt number about to be made (2 for the first retry). */
  attempt: number;
  /** Every earlier attempt for this key step, oldest first, with why it failed. */
  failures: Array<{ code: string; reason: string }>;
}

/**
 * A driver's answer: something to validate, or a reason to stop. `final` stops the whole synthesis
 * (a spent budget); otherwise only the current key step is dropped (nothing left to try).
 */
export type DriverResult<T> = { value: T } | { stop: string; final?: boolean };

/** The part of a synthesizer that proposes code; the pipeline does the rest. */
export interface SynthesisDriver {
  readonly name: string;
  readonly origin: LabelFunction['origin'];
  readonly model?: string;
  propose(ctx: SynthesisContext): Promise<DriverResult<ProposedKeyStep[]>>;
  retry(ctx: SynthesisContext, request: RetryRequest): Promise<DriverResult<string>>;
  /** Tokens and cost spent so far on this demo (model drivers). */
  usage?(): Usage;
}

/** Options of `runSynthesis`. */
export interface RunSynthesisOptions {
  validate: ValidateFn;
  /** Trajectories that lack the task's key steps (added to every key step's negatives). */
  negatives?: readonly Trajectory[];
  /** Attempts per key step, the first included. @default 5 */
  maxAttempts?: number;
  signal?: AbortSignal;
}

/** Label id for a key step: `k2-cart-contains-trail-runner-2`. */
export function labelId(position: number, description: string): string {
  const slug = description.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return `k${position + 1}${slug ? `-${slug}` : ''}`;
}

function keptReason(v: ValidationRecord): string {
  return `validated: true from step ${v.firstTrue}, false before it and on ${v.negatives} negative trajectories`;
}

function failureReason(v: ValidationRecord): string {
  if (v.reason) return v.reason;
  const parts: string[] = [];
  if (v.firstTrue === null) parts.push('never true on the demo');
  else if (!v.falseBefore) parts.push(`already true at step ${v.firstTrue}, before the key step ${v.keyStep}`);
  if (!v.trueAfter) parts.push('not true from the key step to the end of the demo');
  if (v.falseOnNegatives.length > 0) parts.push(`true on negative trajectories ${v.falseOnNegatives.join(', ')}`);
  return parts.join('; ') || 'validation failed';
}

async function validateSafely(validate: ValidateFn, label: LabelFunction, demo: Trajectory, negatives: Trajectory[]): Promise<ValidationRecord> {
  try {
    return await validate(label, demo, negatives);
  } catch (error) {
    // A label that does not compile or misbehaves is a failed attempt to feed back, not a crash.
    if (error instanceof LabelError) {
      return { ok: false, keyStep: label.provenance.keyStep ?? null, firstTrue: null, falseBefore: false, trueAfter: false, falseOnNegatives: [], negatives: negatives.length, reason: `${error.code}: ${error.message}` };
    }
    throw error;
  }
}

/**
 * Run the attempt loop of one synthesis. Never throws for a demo it cannot abstract (the LabelSet
 * then has fewer labels and attempts that say why); throws only what the driver or the validator
 * throw for infrastructure failures (CoregymError subclasses).
 */
export async function runSynthesis(driver: SynthesisDriver, demo: Trajectory, options: RunSynthesisOptions): Promise<LabelSet> {
  const maxAttempts = options.maxAttempts ?? 5;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new LabelError('label_invalid', `synthesize: maxAttempts must be a positive integer (got ${maxAttempts}). Pass 1 to validate only the first proposal.`);
  }
  const ctx: SynthesisContext = { demo, descriptions: describeTrajectory(demo), signal: options.signal };
  const set: LabelSet = { schema: LABEL_SCHEMA_VERSION, taskId: demo.taskId, labels: [], attempts: [] };
  const finish = () => {
    const usage = driver.usage?.();
    if (usage) set.usage = { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, costUsd: usage.costUsd };
    return set;
  };

  const proposed = await driver.propose(ctx);
  if ('stop' in proposed) {
    set.attempts.push({ keyStep: -1, description: 'key steps', attempt: 1, code: '', kept: false, reason: proposed.stop });
    return finish();
  }
  const keySteps = [...proposed.value].sort((a, b) => a.index - b.index);
  if (keySteps.length === 0) {
    set.attempts.push({ keyStep: -1, description: 'key steps', attempt: 1, code: '', kept: false, reason: 'no key steps found in the demo' });
    return finish();
  }
  const usedIds = new Set<string>();
  let stopped: string | undefined;
  for (let position = 0; position < keySteps.length; position++) {
    const ks = keySteps[position]!;
    if (stopped) {
      set.attempts.push({ keyStep: ks.index, description: ks.description, attempt: 0, code: '', kept: false, reason: `not attempted: ${stopped}` });
      continue;
    }
    if (!Number.isInteger(ks.index) || ks.index < 0 || ks.index >= demo.steps.length) {
      set.attempts.push({ keyStep: ks.index, description: ks.description, attempt: 1, code: ks.code, kept: false, reason: `dropped: step index ${ks.index} is not a step of the demo (expected 0..${demo.steps.length - 1})` });
      continue;
    }
    let id = labelId(position, ks.description);
    while (usedIds.has(id)) id = `${id}-x`;
    const negatives = negativesFor(demo, ks.index, { extra: options.negatives });
    const failures: Array<{ code: string; reason: string }> = [];
    let code = ks.code;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      options.signal?.throwIfAborted();
      const label: LabelFunction = {
        id, description: ks.description, code, origin: driver.origin,
        provenance: { trajectoryId: demo.id, taskId: demo.taskId, synthesizer: driver.name, model: driver.model, keyStep: ks.index },
      };
      const record = await validateSafely(options.validate, label, demo, negatives);
      if (record.ok) {
        label.validation = record;
        set.labels.push(label);
        usedIds.add(id);
        set.attempts.push({ keyStep: ks.index, description: ks.description, attempt, code, kept: true, reason: keptReason(record) });
        break;
      }
      const reason = failureReason(record);
      failures.push({ code, reason });
      const last = attempt === maxAttempts;
      set.attempts.push({ keyStep: ks.index, description: ks.description, attempt, code, kept: false, reason: last ? `${reason}; dropped after ${maxAttempts} attempts` : reason });
      if (last) break;
      const next = await driver.retry(ctx, { position, keyStep: ks, attempt: attempt + 1, failures: [...failures] });
      if ('stop' in next) {
        set.attempts.push({ keyStep: ks.index, description: ks.description, attempt: attempt + 1, code: '', kept: false, reason: `dropped: ${next.stop}` });
        if (next.final) stopped = next.stop;
        break;
      }
      code = next.value;
    }
  }
  return finish();
}
