/**
 * HeuristicSynthesizer: Semantic Code Abstraction without a model. Offline and deterministic, the
 * default when no API key is set. Key steps come from what the demo changed that still holds at the
 * end (key-steps.ts); label code comes from templates over the label API (label-templates.ts),
 * preferring state checks any strategy would satisfy over checks tied to the demo's clicks.
 * @module
 */
import type { Trajectory } from '../env/trajectory.ts';
import { findKeySteps } from './key-steps.ts';
import type { KeyStep } from './key-steps.ts';
import { candidateCodes } from './label-templates.ts';
import type { LabelSet } from './label.ts';
import { runSynthesis, validateForSynthesis } from './synthesis-pipeline.ts';
import type { DriverResult, ProposedKeyStep, RetryRequest, SynthesisContext, SynthesisDriver, ValidateFn } from './synthesis-pipeline.ts';
import type { SynthesizeOptions, Synthesizer } from './synthesizer.ts';

/** Options of HeuristicSynthesizer. */
export interface HeuristicSynthesizerOptions {
  /** How labels are validated. @default validateForSynthesis (validateLabel, sandboxed and two-sided, with 1 s time limits) */
  validate?: ValidateFn;
}

/** The key steps of a demo with the candidate codes of each, strictest first. */
export interface HeuristicPlan {
  keySteps: KeyStep[];
  candidates: string[][];
}

/**
 * Plan the labels of a demo: key steps and, for each, candidate codes. The last key step's
 * candidates re-check every earlier key step's state conditions and the counts of the changed
 * collections, so a trajectory that undid an earlier change or made extra ones fails at the end.
 */
export function planHeuristicLabels(demo: Trajectory, ctx?: Pick<SynthesisContext, 'descriptions'>): HeuristicPlan {
  const keySteps = findKeySteps(demo, { descriptions: ctx?.descriptions });
  const candidates = keySteps.map((ks, i) => {
    const earlier = keySteps.slice(0, i).flatMap((k) => (k.kind === 'state' ? k.conditions : []));
    return candidateCodes(ks, demo.goal, earlier, i === keySteps.length - 1);
  });
  return { keySteps, candidates };
}

class HeuristicDriver implements SynthesisDriver {
  readonly name = 'heuristic';
  readonly origin = 'heuristic' as const;
  private plan: HeuristicPlan | undefined;

  async propose(ctx: SynthesisContext): Promise<DriverResult<ProposedKeyStep[]>> {
    this.plan = planHeuristicLabels(ctx.demo, ctx);
    if (this.plan.keySteps.length === 0) {
      return { stop: 'no key steps: the demo changed no backend state seen by probes, gave no answer, reported nothing infeasible and did not end on a new page' };
    }
    return { value: this.plan.keySteps.map((ks, i) => ({ index: ks.index, description: ks.description, code: this.plan!.candidates[i]![0]! })) };
  }

  async retry(_ctx: SynthesisContext, request: RetryRequest): Promise<DriverResult<string>> {
    const next = this.plan?.candidates[request.position]?.[request.attempt - 1];
    return next === undefined ? { stop: `no other template fits this key step (${request.attempt - 1} tried)` } : { value: next };
  }
}

/**
 * Offline, deterministic synthesizer: labels from backend changes, answers, infeasibility reports
 * and final pages, validated in the sandbox.
 *
 * @example
 * const labels = await new HeuristicSynthesizer().synthesize(demo);
 * console.log(labels.labels.map((l) => l.description));
 */
export class HeuristicSynthesizer implements Synthesizer {
  readonly name = 'heuristic';
  private readonly validate: ValidateFn;

  constructor(options: HeuristicSynthesizerOptions = {}) {
    this.validate = options.validate ?? validateForSynthesis;
  }

  synthesize(demo: Trajectory, options: SynthesizeOptions = {}): Promise<LabelSet> {
    return runSynthesis(new HeuristicDriver(), demo, {
      validate: this.validate, negatives: options.negatives, maxAttempts: options.maxAttempts, signal: options.signal,
    });
  }
}
